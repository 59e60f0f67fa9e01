import { factories } from '@strapi/strapi';
import callbacks from './callbacks';
import provider from './provider';
import scheduler from './scheduler';
import templates from './templates';
import testSend from './test-send';

// The content API for records is Strapi's own (find, findOne, create, update, delete), so filters, sorting,
// pagination, population, users-permissions roles and API tokens behave as anywhere else in Strapi.
export default {
  invoice: factories.createCoreController('plugin::reminders.invoice'),
  appointment: factories.createCoreController('plugin::reminders.appointment'),
  callbacks,
  provider,
  scheduler,
  templates,
  'test-send': testSend,
};
