/**
 * Why a delivery was skipped, deferred, cancelled, expired or failed. A reason is a key and its values, so the
 * admin can say it in the editor's language (translations `reason.<key>`); `reasonText` is the English
 * sentence kept in the delivery's `reason` for the API and the logs. Values name fields and statuses by their
 * keys (paymentStatus, paid): the admin shows its translated labels, the English sentence readable words.
 */

export type ReasonValues = Record<string, string | number | string[]>;

export interface Reason {
  key: ReasonKey;
  values: ReasonValues;
}

/** A field or status key in lower-case words: paymentStatus → "payment status", partially_paid → "partially paid". */
export const words = (name: unknown): string =>
  String(name)
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/[_-]+/g, ' ')
    .toLowerCase();
const capitalised = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);
/** A record's value in words; nothing at all reads "empty". */
const valueWords = (value: ReasonValues[string]): string =>
  Array.isArray(value) ? value.map(valueWords).join(', ') : value === '' ? 'empty' : String(value).replace(/_/g, ' ');

/**
 * An instant value (ISO) in the record's zone `zone`, with the zone's name: "Tue 1 Dec 2026, 08:00 EAT". African
 * English names the zones editors here know (EAT, WAT) where US English says GMT+3.
 */
const local = (instant: ReasonValues[string], zone: ReasonValues[string]) => {
  const at = new Date(String(instant));
  const format = localFormat(String(zone));
  if (!format || Number.isNaN(at.getTime())) return 'Invalid DateTime';
  const parts = Object.fromEntries(format.formatToParts(at).map(({ type, value }) => [type, value]));
  return `${parts.weekday} ${parts.day} ${parts.month} ${parts.year}, ${parts.hour}:${parts.minute} ${parts.timeZoneName}`;
};

/**
 * One formatter per zone (null: a zone Intl does not know), said as Luxon's `ccc d LLL yyyy, HH:mm ZZZZ` in
 * en-KE says it. Luxon builds a new Intl.DateTimeFormat for every zone name it prints: a planning step
 * writing a thousand reasons spent a third of its CPU there.
 */
const localFormats = new Map<string, Intl.DateTimeFormat | null>();
function localFormat(zone: string): Intl.DateTimeFormat | null {
  if (!localFormats.has(zone)) {
    let format: Intl.DateTimeFormat | null = null;
    try {
      format = new Intl.DateTimeFormat('en-KE', {
        timeZone: zone,
        weekday: 'short',
        day: 'numeric',
        month: 'short',
        year: 'numeric',
        hour: '2-digit',
        minute: '2-digit',
        hourCycle: 'h23',
        timeZoneName: 'short',
      });
    } catch {
      // RangeError: not a time zone.
    }
    localFormats.set(zone, format);
  }
  return localFormats.get(zone) ?? null;
}

/** The operators of a rule's conditions, as the English sentence says them. */
export const OPERATOR_WORDS = {
  in: 'one of',
  notIn: 'none of',
  eq: 'equal to',
  gt: 'more than',
  gte: 'at least',
  lt: 'less than',
  lte: 'at most',
} as const;

const capLimitText = ({ limit, max }: ReasonValues) =>
  limit === 'perDay'
    ? `at most ${max} SMS a day to this number`
    : limit === 'perWeek'
      ? `at most ${max} SMS in 7 days to this number`
      : `at least ${max} minutes between two SMS to this number`;

const TEXTS = {
  /** A provider's or SDK's own words, passed through. */
  text: (values: ReasonValues) => String(values.text),
  /** One of the conditions a target has without saying so: "The invoice is paid". */
  recordIs: ({ target, value }: ReasonValues) => `The ${words(target)} is ${valueWords(value)}`,
  conditionNotMet: ({ target, field, actual, operator, expected }: ReasonValues) =>
    `${capitalised(words(field))} is ${valueWords(actual)}; this rule is for ${words(target)}s whose ${words(field)} is ${
      OPERATOR_WORDS[operator as keyof typeof OPERATOR_WORDS] ?? operator
    } ${valueWords(expected)}`,
  noPhone: ({ role, target }: ReasonValues) => `No ${role} phone number on the ${words(target)}`,
  badPhone: ({ role, problem }: ReasonValues) => `The ${role} phone ${problem}`,
  optedOut: () => 'The number has opted out of SMS',
  noEmail: ({ role, target }: ReasonValues) => `No ${role} e-mail address on the ${words(target)}`,
  badEmail: ({ role, problem }: ReasonValues) => `The ${role} e-mail address ${problem}`,
  emailOptedOut: () => 'The address has unsubscribed from reminder e-mails',
  emailFallback: () => 'The SMS could not reach the customer: sent by e-mail instead',
  /** `at` and `event` are instants, said in `zone` (the admin says them in the editor's language). */
  quietHoursAfterEvent: ({ at, event, target, zone }: ReasonValues) =>
    `Quiet hours would delay it to ${local(at, zone)}, after the ${words(target)} at ${local(event, zone)}`,
  quietHoursPastEvent: ({ target }: ReasonValues) => `Quiet hours last until after the ${words(target)}`,
  tooLate: ({ due, minutes, max, zone }: ReasonValues) =>
    `Was due ${local(due, zone)}, ${minutes} minutes ago; later than the rule's maximum lateness of ${max} minutes`,
  lateAtSend: ({ minutes, max }: ReasonValues) =>
    `Could not be sent in time: ${minutes} minutes late, the rule allows ${max}`,
  deferredQuietHours: () => 'Deferred to the end of quiet hours',
  sendingPaused: () => 'Sending paused',
  sendingPausedBecause: ({ text }: ReasonValues) => `Sending paused: ${text}`,
  willRetry: ({ text }: ReasonValues) => `${text}; will retry`,
  gaveUp: ({ text, attempts }: ReasonValues) => `${text} (gave up after ${attempts} attempts)`,
  simulated: () => 'Simulated by the outbox provider: recorded, not sent',
  templateError: ({ text }: ReasonValues) => `The template could not be rendered: ${text}`,
  ruleGone: () => 'The rule was disabled or deleted',
  ruleDeleted: () => 'The rule was deleted',
  ruleDisabled: () => 'The rule was disabled',
  ruleEdited: () => 'The rule was edited; re-planned',
  targetGone: ({ target }: ReasonValues) => `The ${words(target)} type is no longer a reminder target`,
  recordDeleted: ({ target }: ReasonValues) => `The ${words(target)} was deleted`,
  recordUnpublished: ({ target }: ReasonValues) => `The ${words(target)} was deleted or unpublished`,
  recordChanged: ({ target }: ReasonValues) => `The ${words(target)} changed; re-planned from its new state`,
  /** `anchor` is the anchor's key (due_date) for the admin; `anchorName` its English name (due date). */
  anchorChanged: ({ target, anchorName }: ReasonValues) =>
    `The ${words(target)}'s ${anchorName} changed after this was planned; it is re-planned for the new one`,
  leaseExpired: () =>
    'The instance sending it stopped before the provider answered: it may have been sent. Check, then mark it sent or not sent.',
  cancelledBy: ({ editor }: ReasonValues) => `Cancelled by ${editor}`,
  markedSentBy: ({ editor }: ReasonValues) => `Marked as sent by ${editor}`,
  markedNotSentBy: ({ editor }: ReasonValues) => `Marked as not sent by ${editor}`,
  /** Customer protection (frequency-cap.ts): `limit` is perDay, perWeek or minSpacingMinutes, `max` its value; `until` an instant said in `zone`. */
  capDeferred: (values: ReasonValues) =>
    `Deferred to ${local(values.until, values.zone)} by the frequency cap: ${capLimitText(values)}`,
  capSkipped: (values: ReasonValues) =>
    `Skipped by the frequency cap (${capLimitText(values)}): the next allowed time, ${local(values.until, values.zone)}, is later than the rule allows`,
  /** minimum-notice.ts: the record was written at `writtenAt`, less than `amount` `unit` before its anchor at `anchorAt` (instants said in `zone`). */
  minimumNotice: ({ amount, unit, writtenAt, anchorAt, target, zone }: ReasonValues) =>
    `Less than the step's minimum notice of ${amount} ${unit}: the ${words(target)} was written ${local(writtenAt, zone)}, for ${local(anchorAt, zone)}`,
  /** business-days.ts: `day` is the local date it would have fallen on, `kind` weekend or holiday (named `holiday`). */
  businessDayDeferred: (values: ReasonValues) =>
    `Moved to the next business day, ${local(values.until, values.zone)}: ${values.day} is ${values.kind === 'weekend' ? 'a weekend day' : `a holiday (${values.holiday})`}`,
  /** spending.ts: `limit` daily or monthly, `cap` and `spent` amounts in `currency`; `until` (the next period) said in `zone`. */
  spendingCapReached: ({ limit, cap, currency, until, zone }: ReasonValues) =>
    `The ${limit} spending cap of ${currency} ${cap} is reached: SMS wait until ${local(until, zone)}, or until the cap is raised`,
  spendingCapWarning: ({ limit, cap, currency, spent, percent }: ReasonValues) =>
    `${percent} % of the ${limit} spending cap is spent: ${currency} ${spent} of ${currency} ${cap}`,
} satisfies Record<string, (values: ReasonValues) => string>;

export type ReasonKey = keyof typeof TEXTS;

export const reason = (key: ReasonKey, values: ReasonValues = {}): Reason => ({ key, values });

export const reasonText = ({ key, values }: Reason): string => TEXTS[key](values);

/** A reason read back from storage: a known key with values, or nothing (rows written before reasons had keys). */
export const readReason = (value: unknown): Reason | null => {
  const candidate = value as Partial<Reason> | null;
  return candidate && typeof candidate === 'object' && typeof candidate.key === 'string' && candidate.key in TEXTS
    ? { key: candidate.key, values: candidate.values && typeof candidate.values === 'object' ? candidate.values : {} }
    : null;
};
