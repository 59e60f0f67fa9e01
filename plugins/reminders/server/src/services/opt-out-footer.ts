import type { Core } from '@strapi/strapi';
import { type OptOutFooters, checkFooters, normalizeFooters } from '../domain/opt-out-footer';
import { fieldError } from '../domain/field-errors';
import { refuse } from '../validation/refuse';
import { getConfig } from '../utils';

/** The opt-out footers as they apply now. */
export interface OptOutFooterSettings {
  /** The footer by language: one per configured language when saved on the Settings page. */
  footers: OptOutFooters;
  /** Where they come from: `reminders.config.optOutFooter` until an editor saves them on the Settings page. */
  source: 'config' | 'settings';
}

const STORE_KEY = 'opt-out-footer';
/**
 * How long an instance sends with the footers it read: one store read per pass rather than per SMS. A save
 * on this instance applies at once; on another, within this time.
 */
const SENDING_CACHE_MS = 5_000;

/**
 * The opt-out footers: the config's, replaced as a whole by what an editor saves on the Settings page (kept
 * in Strapi's store, like customer protection).
 */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const store = () => strapi.store({ type: 'plugin', name: 'reminders', key: STORE_KEY });
  let cached: { until: number; footers: Promise<OptOutFooters> } | null = null;

  async function get(): Promise<OptOutFooterSettings> {
    const saved = (await store().get({})) as { footers: OptOutFooters } | null;
    if (saved) return { footers: saved.footers, source: 'settings' };
    return { footers: { ...getConfig(strapi).optOutFooter }, source: 'config' };
  }

  return {
    get,

    /** The footers the SMS rendered now carry (read at most every few seconds). */
    forSending(): Promise<OptOutFooters> {
      const now = Date.now();
      if (!cached || cached.until <= now) {
        const footers = get().then((settings) => settings.footers);
        cached = { until: now + SENDING_CACHE_MS, footers };
        // A failed read is not kept: the next render reads again.
        footers.catch(() => {
          cached = null;
        });
      }
      return cached.footers;
    },

    /** Checks and saves the Settings page's footers, one per configured language (a 400 naming each wrong one). */
    async save(input: Record<string, unknown>): Promise<OptOutFooterSettings> {
      const { languages } = getConfig(strapi);
      const problems = [
        ...Object.keys(input)
          .filter((key) => key !== 'footers')
          .map((key) => fieldError(key, `${key} is not an opt-out footer setting (footers)`)),
        ...checkFooters(input.footers, languages),
      ];
      if (problems.length) throw refuse(problems);
      const value = { footers: normalizeFooters(input.footers as Record<string, string>, languages) };
      await store().set({ value });
      cached = null;
      return { ...value, source: 'settings' };
    },
  };
};
