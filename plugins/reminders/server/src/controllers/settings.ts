import type { Core } from '@strapi/strapi';
import { getConfig, getService } from '../utils';

/**
 * Admin: the settings page. The plugin is configured in config/plugins.ts and the environment (as
 * Strapi's Email plugin is), so this reads them, with the API key masked, and lets an editor resume sending
 * after fixing an account problem.
 */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const scheduler = () => getService(strapi, 'scheduler');
  return {
    /** GET /reminders/settings */
    async overview(ctx: { body: unknown }) {
      const config = getConfig(strapi);
      const reason = await scheduler().pause.current(scheduler().now());
      ctx.body = {
        data: {
          ...getService(strapi, 'provider').settings(),
          senderId: config.africastalking.senderId || null,
          defaultRegion: config.defaultRegion,
          defaultTimezone: config.defaultTimezone,
          quietHours: config.quietHours,
          maxLatenessMinutes: config.maxLatenessMinutes,
          languages: config.languages,
          companyName: config.companyName,
          costPerSegment: config.costPerSegment,
          scheduler: { enabled: config.scheduler.enabled, cron: config.scheduler.cron, horizonMinutes: config.scheduler.horizonMinutes },
          pause: reason ? { reason } : null,
        },
      };
    },

    /** POST /reminders/settings/resume-sending: lifts a sending pause before it ends by itself. */
    async resumeSending(ctx: { body: unknown }) {
      await scheduler().pause.resume();
      ctx.body = { data: { paused: false } };
    },
  };
};
