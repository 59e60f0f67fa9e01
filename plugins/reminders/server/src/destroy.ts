import type { Core } from '@strapi/strapi';
import type { Scheduler } from './services/scheduling/scheduler';

export default async ({ strapi }: { strapi: Core.Strapi }) => {
  await (strapi.plugin('reminders').service('scheduler') as Scheduler).stop();
};
