import { factories } from '@strapi/strapi';
import callbacks from './callbacks';
import dashboard from './dashboard';
import deliveries from './deliveries';
import deliveryReports from './delivery-reports';
import email from './email';
import fieldOptions from './field-options';
import messageTemplates from './message-templates';
import records from './records';
import { delivery, rule, upcoming } from './public-api';
import rules from './rules';
import settings from './settings';
import targets from './targets';
import scheduler from './scheduler';
import templates from './templates';
import testSend from './test-send';
import unsubscribe from './unsubscribe';
import replies from './replies';
import { UIDS } from '../constants';

// The content API for records is Strapi's own (find, findOne, create, update, delete), so filters, sorting,
// pagination, population, users-permissions roles and API tokens behave as anywhere else in Strapi.
export default {
  invoice: factories.createCoreController(UIDS.invoice),
  appointment: factories.createCoreController(UIDS.appointment),
  callbacks,
  dashboard,
  deliveries,
  'delivery-reports': deliveryReports,
  email,
  'field-options': fieldOptions,
  'message-templates': messageTemplates,
  records,
  rules,
  settings,
  targets,
  scheduler,
  templates,
  'test-send': testSend,
  unsubscribe,
  replies,
  // The public API's (content API, API tokens): see public-api.ts.
  rule,
  delivery,
  upcoming,
};
