import type { Core } from '@strapi/strapi';
import type { Scheduler } from './services/scheduling/scheduler';

export default ({ strapi }: { strapi: Core.Strapi }) => {
  (strapi.plugin('reminders').service('scheduler') as Scheduler).start();
};
