import type { Core } from '@strapi/strapi';
import { registerPermissions } from './permissions';
import { requestGuard } from './middlewares/request-guard';
import type { Scheduler } from './services/scheduling/scheduler';

export default async ({ strapi }: { strapi: Core.Strapi }) => {
  await registerPermissions(strapi);
  // After the app's middlewares (inside the request logger), before the routes: see request-guard.ts.
  strapi.server.use(requestGuard(strapi));
  (strapi.plugin('reminders').service('scheduler') as Scheduler).start();
};
