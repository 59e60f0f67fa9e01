import type { CountryCode } from 'libphonenumber-js';
import type { RemindersConfig } from '../../config';
import type { PlanningDefaults } from '../../domain/planning';

/** What a rule falls back to when it sets no time zone, quiet hours or lateness of its own. */
export const planningDefaults = (config: RemindersConfig): PlanningDefaults => ({
  timeZone: config.defaultTimezone,
  region: config.defaultRegion as CountryCode,
  quietHours: config.quietHours,
  maxLatenessMinutes: config.maxLatenessMinutes,
});
