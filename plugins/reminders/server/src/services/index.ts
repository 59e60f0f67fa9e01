import { factories } from '@strapi/strapi';
import templates from './templates';

export default {
  invoice: factories.createCoreService('plugin::reminders.invoice'),
  appointment: factories.createCoreService('plugin::reminders.appointment'),
  templates,
};
