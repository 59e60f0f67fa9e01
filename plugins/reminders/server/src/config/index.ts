import { isRegionCode } from '../domain/phone';
import type { LinkName } from '../domain/templates';
import { checkTemplateOptions } from './templates';
import { isClockTime, isTimeZone } from '../domain/time-zone';
import { providerDefaults, validateProviderConfig, type ProviderConfig } from './provider';
import { validateEmailConfig } from './email';
import { type RepliesConfig, repliesDefaults, validateRepliesConfig } from './replies';
import type { CountryCode } from 'libphonenumber-js';
import type { TargetMapping } from '../domain/target-mapping';
import type { CustomStatusField } from '../domain/records';
import { type ConfiguredStatus, checkAppointmentTypes, checkCustomStatuses } from '../domain/custom-statuses';
import { DEFAULT_FREQUENCY_CAP, type FrequencyCap, checkFrequencyCap } from '../domain/frequency-cap';
import { NO_SPENDING_CAP, type SpendingCap, checkSpendingCap } from '../domain/spending';
import { type BusinessCalendar, DEFAULT_BUSINESS_CALENDAR, checkBusinessCalendar } from '../domain/business-days';
import { DEFAULT_OPT_OUT_FOOTERS, type OptOutFooters, checkFooters } from '../domain/opt-out-footer';

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
  /** Default quiet hours (local HH:mm, may wrap midnight); a rule's own quiet hours win. Null for none. */
  quietHours: { start: string; end: string } | null;
  /** Default for rules that do not set their own maximum lateness. */
  maxLatenessMinutes: number;
  /**
   * How long after a send whose outcome is unknown started a delivery report for its number (with a message
   * id no delivery has) may still settle it; the tick retries kept reports this long after they came.
   */
  reportMatchWindowMinutes: number;
  /** A "send reminder now" this soon after another of the same rule and record must be confirmed; 0 never asks. */
  sendNowConfirmMinutes: number;
  scheduler: SchedulerConfig;
  /**
   * Customer protection: at most so many SMS per phone number per local day and week, across every rule,
   * and a minimum spacing between two; null for no cap. The Settings page's values, once saved, win.
   */
  frequencyCap: FrequencyCap | null;
  /**
   * The spending cap: SMS spend per local day and month of defaultTimezone, in the currency of
   * costPerSegment (decimal strings, null for no limit). The Settings page's values, once saved, win.
   */
  spendingCap: SpendingCap;
  /**
   * Weekend days (default Saturday and Sunday) and public holidays, for rules that send on business days
   * only. The Settings page's win.
   */
  businessCalendar: Partial<BusinessCalendar>;
  /**
   * The app's own collection types as reminder targets, by key: which fields hold the phone, the anchors,
   * the statuses (see TargetMapping). Checked against the types at startup; one that does not fit is
   * reported and its rules disabled, without stopping Strapi.
   */
  targets: Record<string, TargetMapping>;
  /** Strapi webhooks of reminder events (docs/webhooks.md): signed with this secret; empty, unsigned. */
  webhooks: {
    secret: string;
    /**
     * Also emit each reminder event as Strapi's own "Entry: update" of the delivery, so a webhook ticked for
     * it in Settings → Webhooks receives them (that form lists only Strapi's events). Off: such webhooks (a
     * site rebuild) would otherwise fire for every SMS.
     */
    entryEvents: boolean;
  };
  /**
   * Status values after the built-in ones, e.g. { invoiceStatus: ['disputed'], appointmentStatus: [{ value:
   * 'checked_in', label: 'Checked in' }] }: records accept them, rules' conditions and the Content Manager offer them.
   */
  statuses: Partial<Record<CustomStatusField, ConfiguredStatus[]>>;
  /** The appointment types an appointment may have (a choice in rules' conditions); empty: any text. */
  appointmentTypes: string[];
  email: EmailConfig;
  /** Customer replies: their words, the matching window, staff alerts (config/replies.ts). */
  replies: RepliesConfig;
  /**
   * The opt-out footer by language, appended to every SMS a rule sends to a customer unless the rule turns
   * it off (domain/opt-out-footer.ts). The Settings page's footers, once saved, win.
   */
  optOutFooter: OptOutFooters;
}

/** Reminder e-mails (docs/email.md): they leave through the host's Strapi email plugin. */
export interface EmailConfig {
  /** `email-plugin`: Strapi's email plugin, whatever provider the app configured; `outbox`: the log only. */
  sender: 'email-plugin' | 'outbox';
  /** The From address; empty: the email plugin's `defaultFrom`. */
  from: string;
  /** Empty: the email plugin's `defaultReplyTo`. */
  replyTo: string;
  /** A send that takes longer is recorded as unknown (it may have gone), never retried by itself. */
  timeoutMs: number;
  /** Signs unsubscribe links (at least 16 characters); empty: derived from the app's keys (APP_KEYS). */
  unsubscribeSecret: string;
}

export interface SchedulerConfig {
  /** Runs the tick on this instance. Every instance may run it: the database keeps it exactly-once. */
  enabled: boolean;
  /** node-schedule cron expression of the tick. */
  cron: string;
  /** How far ahead the planner puts occurrences in the outbox. */
  horizonMinutes: number;
  /** The planner extends its horizon in steps of at least this much, so most ticks do no planning at all. */
  planStepMinutes: number;
  /** Records read per planner query, deliveries claimed per dispatcher claim. */
  planBatchSize: number;
  dispatchBatchSize: number;
  /** Messages in flight at once per instance. */
  concurrency: number;
  /** How long a claimed delivery stays with the instance that claimed it before others may recover it. */
  leaseSeconds: number;
  /** Attempts for transient provider errors before a delivery is failed. */
  maxAttempts: number;
  /** How long sending pauses after an account problem (balance, sender ID, risk hold). */
  pauseMinutes: number;
  /**
   * Wake-ups: a reminder queued due now (an "instantly" or event rule, a time already past) is sent at once
   * rather than at the next tick, and one due before the next tick at its time; on PostgreSQL instances
   * tell each other (LISTEN/NOTIFY). Only where `enabled`; the tick stays as the safety net.
   */
  wakeUps: boolean;
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
  quietHours: null,
  maxLatenessMinutes: 1440,
  reportMatchWindowMinutes: 1440,
  sendNowConfirmMinutes: 5,
  scheduler: {
    enabled: true,
    cron: '* * * * *',
    horizonMinutes: 1440,
    planStepMinutes: 60,
    planBatchSize: 1000,
    dispatchBatchSize: 100,
    concurrency: 8,
    leaseSeconds: 120,
    maxAttempts: 5,
    pauseMinutes: 30,
    wakeUps: true,
  },
  frequencyCap: DEFAULT_FREQUENCY_CAP,
  spendingCap: NO_SPENDING_CAP,
  // No weekendDays here: Strapi fills a user's config from the defaults index by index, so [5] would become [5, 7].
  businessCalendar: { holidays: [] },
  targets: {},
  webhooks: { secret: '', entryEvents: false },
  email: { sender: 'email-plugin', from: '', replyTo: '', timeoutMs: 30_000, unsubscribeSecret: '' },
  statuses: {},
  appointmentTypes: [],
  replies: repliesDefaults,
  optOutFooter: DEFAULT_OPT_OUT_FOOTERS,
};

/** The configured business calendar with its defaults. */
export const businessCalendarOf = (config: Pick<RemindersConfig, 'businessCalendar'>): BusinessCalendar => ({
  ...DEFAULT_BUSINESS_CALENDAR,
  ...config.businessCalendar,
});

const positive = (value: unknown) => typeof value === 'number' && Number.isInteger(value) && value > 0;

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
    checkTemplateOptions(config);
    if (config.quietHours && !(isClockTime(config.quietHours.start) && isClockTime(config.quietHours.end))) {
      throw new Error('reminders: quietHours needs start and end written HH:mm');
    }
    if (!Number.isInteger(config.maxLatenessMinutes) || config.maxLatenessMinutes < 0) {
      throw new Error('reminders: maxLatenessMinutes must be a whole number of minutes');
    }
    if (
      !Number.isInteger(config.sendNowConfirmMinutes) ||
      config.sendNowConfirmMinutes < 0 ||
      config.sendNowConfirmMinutes > 1440
    ) {
      throw new Error('reminders: sendNowConfirmMinutes must be a whole number of minutes from 0 to 1440');
    }
    if (!positive(config.reportMatchWindowMinutes))
      throw new Error('reminders: reportMatchWindowMinutes must be a positive whole number of minutes');
    const scheduler = config.scheduler;
    for (const key of [
      'horizonMinutes',
      'planStepMinutes',
      'planBatchSize',
      'dispatchBatchSize',
      'concurrency',
      'leaseSeconds',
      'maxAttempts',
      'pauseMinutes',
    ] as const) {
      if (!positive(scheduler[key])) throw new Error(`reminders: scheduler.${key} must be a positive whole number`);
    }
    if (typeof scheduler.wakeUps !== 'boolean') throw new Error('reminders: scheduler.wakeUps must be true or false');
    if (scheduler.planStepMinutes > scheduler.horizonMinutes) {
      throw new Error('reminders: scheduler.planStepMinutes must not exceed scheduler.horizonMinutes');
    }
    const footers: unknown = config.optOutFooter;
    const protection = [
      ...(config.frequencyCap === null ? [] : checkFrequencyCap(config.frequencyCap, 'frequencyCap')),
      ...checkBusinessCalendar(businessCalendarOf(config)),
      ...checkSpendingCap(config.spendingCap, config.costPerSegment, 'spendingCap'),
      // Any languages: one without a footer gets the English one (footerOf).
      ...checkFooters(footers, typeof footers === 'object' && footers ? Object.keys(footers) : [], 'optOutFooter'),
    ];
    if (protection.length > 0) throw new Error(`reminders: ${protection.map((problem) => problem.message).join('; ')}`);
    const targets: unknown = config.targets;
    if (typeof targets !== 'object' || targets === null || Array.isArray(targets))
      throw new Error('reminders: targets must be an object of target mappings by key');
    for (const [key, mapping] of Object.entries(targets))
      if (typeof mapping !== 'object' || mapping === null || typeof (mapping as { uid?: unknown }).uid !== 'string')
        throw new Error(`reminders: targets.${key} must be a mapping with the uid of a collection type`);
    const records = [...checkCustomStatuses(config.statuses), ...checkAppointmentTypes(config.appointmentTypes)];
    if (records.length > 0) throw new Error(`reminders: ${records.join('; ')}`);
    validateProviderConfig(config);
    validateEmailConfig(config.email);
    validateRepliesConfig(config.replies, config.defaultRegion as CountryCode);
    if (typeof config.webhooks?.secret !== 'string' || (config.webhooks.secret && config.webhooks.secret.length < 16))
      throw new Error('reminders: webhooks.secret (REMINDERS_WEBHOOK_SECRET) must be empty or at least 16 characters');
    if (typeof config.webhooks.entryEvents !== 'boolean')
      throw new Error('reminders: webhooks.entryEvents (REMINDERS_WEBHOOK_ENTRY_EVENTS) must be true or false');
    // A short secret would let anyone sign unsubscribe links for every address (domain/unsubscribe.ts).
    const { unsubscribeSecret } = config.email;
    if (typeof unsubscribeSecret !== 'string' || (unsubscribeSecret && unsubscribeSecret.length < 16))
      throw new Error('reminders: email.unsubscribeSecret must be empty or at least 16 characters');
  },
};
