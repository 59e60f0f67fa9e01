import { isRegionCode } from '../domain/phone';
import type { LinkName } from '../domain/templates';
import { checkTemplateOptions } from './templates';
import { isTimeZone } from '../domain/time-zone';
import { providerDefaults, validateProviderConfig, type ProviderConfig } from './provider';

/** The plugin's options, set under `reminders.config` in the app's config/plugins.ts. */
export interface RemindersConfig extends ProviderConfig {
  /** Region used to read phone numbers written without a country code (ISO 3166 alpha-2). */
  defaultRegion: string;
  /** Time zone used when neither the record nor the rule names one (IANA). */
  defaultTimezone: string;
  /** Languages a record can be in and a rule can have templates for. */
  languages: string[];
  /** What templates show as {{ company.name }}. */
  companyName: string;
  /** URL patterns templates show as {{ links.pay }}, {{ links.view }}, {{ links.reschedule }}; {documentId} and {number} are replaced. */
  links: Partial<Record<LinkName, string>>;
  /** A preview warns when a message takes more SMS segments than this. */
  maxSegments: number;
  /** Price of one SMS segment, for the preview's cost estimate (decimal string); null for no estimate. */
  costPerSegment: { amount: string; currency: string } | null;
}

const defaults: RemindersConfig = {
  ...providerDefaults,
  defaultRegion: 'KE',
  defaultTimezone: 'Africa/Nairobi',
  languages: ['en', 'ar', 'fr', 'sw'],
  companyName: 'Demo Company',
  links: {},
  maxSegments: 3,
  costPerSegment: { amount: '0.80', currency: 'KES' },
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
    validateProviderConfig(config);
    checkTemplateOptions(config);
  },
};
