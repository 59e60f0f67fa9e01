import type { Core } from '@strapi/strapi';
import { registerPermissions } from './permissions';
import { requestGuard } from './middlewares/request-guard';
import { installDayCounts } from './services/delivery-stats/day-counts';
import { getConfig, getService } from './utils';
import { applyContentManagerLayouts } from './services/content-manager-config';
import { addDefaultConditionsOnce } from './services/rule-migrations';
import { buildSearchIndexes } from './services/search-indexes';

export default async ({ strapi }: { strapi: Core.Strapi }) => {
  await registerPermissions(strapi);
  getService(strapi, 'reminder-events').register();
  // Labels, list columns and read-only fields in the Content Manager, unless an administrator made their own.
  await applyContentManagerLayouts(strapi);
  // Opt-outs listed before e-mail existed are SMS ones (their new channel column is empty).
  await getService(strapi, 'opt-outs').fillChannels();
  // After the app's middlewares (inside the request logger), before the routes: see request-guard.ts.
  strapi.server.use(requestGuard(strapi));
  // Before the scheduler writes: on PostgreSQL the outbox's triggers keep the dashboard's day counts.
  const { rebuilt } = await installDayCounts(strapi);
  if (rebuilt)
    strapi.log.info(`reminders: dashboard day counts built from the outbox (${getConfig(strapi).defaultTimezone})`);
  // Before the scheduler plans: existing rules get the default conditions that used to be added unseen.
  const migrated = await addDefaultConditionsOnce(strapi);
  if (migrated) strapi.log.info(`reminders: ${migrated} rules got their target's default conditions (now editable)`);
  // A host type or field a target maps may be gone since the last start: its rules stop, with the reason.
  await getService(strapi, 'targets').reconcileRules();
  getService(strapi, 'scheduler').start();
  // In the background: on a big table an index takes a while, and searches work without one meanwhile.
  buildSearchIndexes(strapi).catch((error: Error) =>
    strapi.log.warn(`reminders: record search indexes not built (${error.message}); the next start tries again`)
  );
};
