import { isRegionCode } from '../domain/phone';
import { isTimeZone } from '../domain/time-zone';

/** The plugin's options, set under `reminders.config` in the app's config/plugins.ts. */
export interface RemindersConfig {
  /** Region used to read phone numbers written without a country code (ISO 3166 alpha-2). */
  defaultRegion: string;
  /** Time zone used when neither the record nor the rule names one (IANA). */
  defaultTimezone: string;
  /** Languages a record can be in and a rule can have templates for. */
  languages: string[];
}

const defaults: RemindersConfig = {
  defaultRegion: 'KE',
  defaultTimezone: 'Africa/Nairobi',
  languages: ['en', 'ar', 'fr', 'sw'],
};

export default {
  default: defaults,
  validator(config: RemindersConfig) {
    if (!isRegionCode(config.defaultRegion)) {
      throw new Error(`reminders: defaultRegion "${config.defaultRegion}" is not a region code such as KE`);
    }
    if (!isTimeZone(config.defaultTimezone)) {
      throw new Error(`reminders: defaultTimezone "${config.defaultTimezone}" is not an IANA time zone`);
    }
    if (!Array.isArray(config.languages) || config.languages.length === 0) {
      throw new Error('reminders: languages must list at least one language code');
    }
  },
};
