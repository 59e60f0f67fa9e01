import type { Core } from '@strapi/strapi';
import { type BusinessCalendar, checkBusinessCalendar } from '../domain/business-days';
import { type FieldError, fieldError } from '../domain/field-errors';
import { type FrequencyCap, checkFrequencyCap, normalizeCap } from '../domain/frequency-cap';
import type { PlanningDefaults } from '../domain/planning';
import { refuse } from '../validation/refuse';
import { planningDefaults } from './scheduling/planning-defaults';
import { businessCalendarOf } from '../config';
import { getConfig } from '../utils';

/** Customer protection as it applies now: the frequency cap and the business calendar. */
export interface ProtectionSettings extends BusinessCalendar {
  frequencyCap: FrequencyCap | null;
  /** Where they come from: `reminders.config` until an editor saves them on the Settings page. */
  source: 'config' | 'settings';
}

const STORE_KEY = 'protection';
const FIELDS = ['frequencyCap', 'weekendDays', 'holidays'];

/**
 * Customer protection settings: the config's defaults, replaced as a whole by what an editor saves on the
 * Settings page (kept in Strapi's store, read at each planning and dispatch pass, so every instance follows
 * a change at its next pass).
 */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const store = () => strapi.store({ type: 'plugin', name: 'reminders', key: STORE_KEY });

  async function get(): Promise<ProtectionSettings> {
    const saved = (await store().get({})) as Omit<ProtectionSettings, 'source'> | null;
    if (saved) return { ...saved, source: 'settings' };
    const config = getConfig(strapi);
    return { frequencyCap: config.frequencyCap, ...businessCalendarOf(config), source: 'config' };
  }

  return {
    get,

    /** Checks and saves the Settings page's values (a 400 naming each wrong field). */
    async save(input: Record<string, unknown>): Promise<ProtectionSettings> {
      const problems: FieldError[] = Object.keys(input)
        .filter((key) => !FIELDS.includes(key))
        .map((key) => fieldError(key, `${key} is not a protection setting (${FIELDS.join(', ')})`));
      const cap = input.frequencyCap;
      if (cap !== null) problems.push(...checkFrequencyCap(cap, 'frequencyCap'));
      problems.push(...checkBusinessCalendar(input));
      if (problems.length) throw refuse(problems);
      const value = {
        frequencyCap: cap === null ? null : normalizeCap(cap as Partial<FrequencyCap>),
        weekendDays: [...(input.weekendDays as number[])].sort(),
        holidays: [...(input.holidays as BusinessCalendar['holidays'])]
          .map(({ date, name }) => ({ date, name: name.trim() }))
          .sort((a, b) => a.date.localeCompare(b.date)),
      };
      await store().set({ value });
      return { ...value, source: 'settings' };
    },

    /** The planner's defaults with the business calendar as it is now. */
    async planningDefaults(): Promise<PlanningDefaults> {
      const { weekendDays, holidays } = await get();
      return { ...planningDefaults(getConfig(strapi)), businessCalendar: { weekendDays, holidays } };
    },
  };
};
