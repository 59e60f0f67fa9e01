/**
 * Why a delivery was skipped, deferred, cancelled, expired or failed. A reason is a key and its values, so the
 * admin can say it in the editor's language (translations `reason.<key>`); `reasonText` is the English
 * sentence kept in the delivery's `reason` for the API and the logs.
 */
export type ReasonValues = Record<string, string | number>;

export interface Reason {
  key: ReasonKey;
  values: ReasonValues;
}

const capLimitText = ({ limit, max }: ReasonValues) =>
  limit === 'perDay'
    ? `at most ${max} SMS a day to this number`
    : limit === 'perWeek'
      ? `at most ${max} SMS in 7 days to this number`
      : `at least ${max} minutes between two SMS to this number`;

const TEXTS = {
  /** A provider's or SDK's own words, passed through. */
  text: (values: ReasonValues) => String(values.text),
  /** Customer protection (frequency-cap.ts): `limit` is perDay, perWeek or minSpacingMinutes, `max` its value. */
  capDeferred: (values: ReasonValues) => `Deferred to ${values.until} by the frequency cap: ${capLimitText(values)}`,
  capSkipped: (values: ReasonValues) =>
    `Skipped by the frequency cap (${capLimitText(values)}): the next allowed time, ${values.until}, is later than the rule allows`,
  /** business-days.ts: `day` is the local date it would have fallen on, `kind` weekend or holiday (named `holiday`). */
  businessDayDeferred: (values: ReasonValues) =>
    `Moved to the next business day, ${values.until}: ${values.day} is ${values.kind === 'weekend' ? 'a weekend day' : `a holiday (${values.holiday})`}`,
} satisfies Record<string, (values: ReasonValues) => string>;

export type ReasonKey = keyof typeof TEXTS;

export const reason = (key: ReasonKey, values: ReasonValues = {}): Reason => ({ key, values });

export const reasonText = ({ key, values }: Reason): string => TEXTS[key](values);
