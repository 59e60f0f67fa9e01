import { factories } from '@strapi/strapi';

export default {
  invoice: factories.createCoreService('plugin::reminders.invoice'),
  appointment: factories.createCoreService('plugin::reminders.appointment'),
};
