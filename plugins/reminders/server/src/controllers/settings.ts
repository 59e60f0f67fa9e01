import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import {
  type SaveOptOutFooter,
  type SaveProtection,
  type SaveSpendingCap,
  saveOptOutFooter,
  saveProtection,
  saveSpendingCap,
} from '../../../contracts/settings';
import { type AdminContext, validateRequest } from '../validation/validate-request';
import { getConfig, getService } from '../utils';

/** What the settings page shows: the provider (API key masked), its callback URLs, the configuration and any pause. */
async function overviewOf(strapi: Core.Strapi) {
  const config = getConfig(strapi);
  // Each from Strapi's store or a short read: asked together, they cost one wait.
  const [pause, protection, spendingCap, optOutFooter] = await Promise.all([
    getService(strapi, 'spending').pauseNow(getService(strapi, 'clock').now()),
    getService(strapi, 'protection').get(),
    getService(strapi, 'spending').get(),
    getService(strapi, 'opt-out-footer').get(),
  ]);
  return {
    ...getService(strapi, 'provider').settings(),
    senderId: config.africastalking.senderId || null,
    defaultRegion: config.defaultRegion,
    defaultTimezone: config.defaultTimezone,
    quietHours: config.quietHours,
    maxLatenessMinutes: config.maxLatenessMinutes,
    languages: config.languages,
    companyName: config.companyName,
    costPerSegment: config.costPerSegment,
    scheduler: {
      enabled: config.scheduler.enabled,
      cron: config.scheduler.cron,
      horizonMinutes: config.scheduler.horizonMinutes,
    },
    pause,
    protection,
    spendingCap,
    optOutFooter,
  };
}

export type SettingsOverview = Awaited<ReturnType<typeof overviewOf>>;

/**
 * Admin: the settings page. The plugin is configured in config/plugins.ts and the environment (as
 * Strapi's Email plugin is), so this reads them, with the API key masked, and lets an editor resume sending
 * after fixing an account problem.
 */
export default ({ strapi }: { strapi: Core.Strapi }) => ({
  /** GET /reminders/settings */
  async overview(ctx: AdminContext) {
    ctx.body = { data: await overviewOf(strapi) };
  },

  /** PUT /reminders/settings/protection: the frequency cap, weekend days and holidays (a 400 naming each wrong field). */
  async saveProtection(ctx: AdminContext) {
    const { body } = validateRequest(ctx, saveProtection);
    ctx.body = { data: await getService(strapi, 'protection').save(body) } satisfies SaveProtection.Response;
  },

  /** PUT /reminders/settings/spending-cap: the daily and monthly limits (a 400 naming each wrong field). */
  async saveSpendingCap(ctx: AdminContext) {
    const { body } = validateRequest(ctx, saveSpendingCap);
    const now = getService(strapi, 'clock').now();
    ctx.body = { data: await getService(strapi, 'spending').save(body, now) } satisfies SaveSpendingCap.Response;
  },

  /** PUT /reminders/settings/opt-out-footer: the footer per language (a 400 naming each wrong one, footers.fr). */
  async saveOptOutFooter(ctx: AdminContext) {
    const { body } = validateRequest(ctx, saveOptOutFooter);
    ctx.body = { data: await getService(strapi, 'opt-out-footer').save(body) } satisfies SaveOptOutFooter.Response;
  },

  /**
   * POST /reminders/settings/resume-sending: lifts a sending pause before it ends by itself; not a stop at the
   * spending cap while the cap still holds (raising the cap lifts it).
   */
  async resumeSending(ctx: AdminContext) {
    const held = await getService(strapi, 'spending').heldAtCap(getService(strapi, 'clock').now());
    if (held)
      throw new errors.ApplicationError(
        `${held}. Resuming would only stop again at the cap: raise or remove the spending cap on the Settings page.`
      );
    await getService(strapi, 'scheduler').pause.resume();
    ctx.body = { data: { paused: false } };
  },
});
