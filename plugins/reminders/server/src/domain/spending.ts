import { DateTime } from 'luxon';
import { type FieldError, fieldError } from './field-errors';
import { COST_DIGITS, formatAmount, minorUnits, parseAmount, parseProviderCost } from './money';
import type { SendOutcome } from './send-outcome';
import type { SegmentPrice } from './sms-segments';

/**
 * The spending cap: at most so much SMS spend per local day and month, in the Africa's Talking account's
 * currency (the currency of the price per segment). Amounts are integers of ten-thousandths of that currency
 * (Africa's Talking writes costs with 4 decimal places: "KES 0.8000"), so sums never touch a float.
 */
export interface SpendingCap {
  /** Decimal strings such as "500.00"; null for no limit. */
  daily: string | null;
  monthly: string | null;
}

export type SpendLimit = keyof SpendingCap;
export const SPEND_LIMITS: readonly SpendLimit[] = ['daily', 'monthly'];

export const NO_SPENDING_CAP: SpendingCap = { daily: null, monthly: null };

/** The error codes of a pause at the cap, as the sending pause and its alerts name them. */
export const SPENDING_CAP_CODES: Record<SpendLimit, string> = {
  daily: 'spending_cap_daily',
  monthly: 'spending_cap_monthly',
};
export const SPENDING_WARNING_CODES: Record<SpendLimit, string> = {
  daily: 'spending_warning_daily',
  monthly: 'spending_warning_monthly',
};
export const isSpendingCapCode = (code: string | null | undefined) =>
  code === SPENDING_CAP_CODES.daily || code === SPENDING_CAP_CODES.monthly;

/** A warning is raised once a period's spend reaches this share of its limit (80 %). */
const WARN_NUMERATOR = 4n;
const WARN_DENOMINATOR = 5n;

/** The largest limit: 10^11 of a currency, so sums of ten-thousandths stay exact as numbers in SQL bindings. */
const MAX_UNITS = 10n ** 15n;

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** A decimal string in ten-thousandths: "12.5" → 125000n. */
export function toUnits(amount: string): bigint {
  const parsed = parseAmount(amount, COST_DIGITS);
  if (!parsed.ok) throw new Error(`"${amount}" ${parsed.problem}`);
  return parsed.minor;
}

/** Ten-thousandths back to a decimal with at least the currency's minor units: 125000n, KES → "12.50"; 8125n → "0.8125". */
export function formatUnits(units: bigint, currency: string): string {
  const keep = minorUnits(currency);
  return formatAmount(units, COST_DIGITS)
    .replace(new RegExp(`(\\.\\d{${keep}}\\d*?)0+$`), '$1')
    .replace(/\.$/, '');
}

/**
 * Field errors of a cap written by an editor or in the config: each limit null or a non-negative decimal
 * string with at most 4 places; the monthly limit not below the daily one; and a price per segment, without
 * which no send can be estimated before it goes.
 */
export function checkSpendingCap(value: unknown, price: SegmentPrice | null, path = ''): FieldError[] {
  const name = (key: string) => (path ? `${path}.${key}` : key);
  if (!isRecord(value))
    return [
      fieldError(path || 'body', `${path || 'the spending cap'} must be like {"daily": "500.00", "monthly": null}`),
    ];
  const errors: FieldError[] = Object.keys(value)
    .filter((key) => !SPEND_LIMITS.includes(key as SpendLimit))
    .map((key) => fieldError(name(key), `${name(key)} is not a spending cap setting (daily, monthly)`));
  const units: Partial<Record<SpendLimit, bigint>> = {};
  for (const key of SPEND_LIMITS) {
    const limit = value[key];
    if (limit === null || limit === undefined) continue;
    const parsed = typeof limit === 'string' ? parseAmount(limit, COST_DIGITS) : null;
    if (parsed?.ok && parsed.minor > MAX_UNITS)
      errors.push(fieldError(name(key), `${name(key)} must be at most 100000000000`));
    else if (parsed?.ok) units[key] = parsed.minor;
    else
      errors.push(
        fieldError(
          name(key),
          `${name(key)} ${parsed ? parsed.problem : 'must be a decimal amount such as "500.00"'}, or null for no limit`
        )
      );
  }
  if (units.daily !== undefined && units.monthly !== undefined && units.monthly < units.daily)
    errors.push(fieldError(name('monthly'), `${name('monthly')} must not be less than the daily limit`));
  if ((value.daily ?? null) !== null || (value.monthly ?? null) !== null)
    if (!price)
      errors.push(
        fieldError(
          name(value.daily !== null && value.daily !== undefined ? 'daily' : 'monthly'),
          'A spending cap needs a known price: set costPerSegment in the plugin config first'
        )
      );
  return errors;
}

/** A cap as checked, written the way it is kept: trimmed, null for no limit. */
export const normalizeSpendingCap = (value: Partial<Record<SpendLimit, unknown>>): SpendingCap => ({
  daily: typeof value.daily === 'string' ? value.daily.trim() : null,
  monthly: typeof value.monthly === 'string' ? value.monthly.trim() : null,
});

/** One local day or month: its key in the spend table and the instants it spans, [start, end). */
export interface SpendPeriod {
  key: string;
  start: Date;
  end: Date;
}

/** The local day and month of `now` in `zone`: "day:2026-12-31" and "month:2026-12". */
export function spendPeriods(now: Date, zone: string): Record<SpendLimit, SpendPeriod> {
  const local = DateTime.fromJSDate(now, { zone });
  const day = local.startOf('day');
  const month = local.startOf('month');
  return {
    daily: { key: `day:${day.toISODate()}`, start: day.toJSDate(), end: day.plus({ days: 1 }).toJSDate() },
    monthly: {
      key: `month:${month.toFormat('yyyy-MM')}`,
      start: month.toJSDate(),
      end: month.plus({ months: 1 }).toJSDate(),
    },
  };
}

/** What one SMS is expected to cost before it is sent: segments × the price per segment. */
export const estimateUnits = (segments: number, price: SegmentPrice | null): bigint =>
  price ? toUnits(price.amount) * BigInt(Math.max(1, segments)) : 0n;

/**
 * What an accepted SMS cost: the provider's cost when it names one in the cap's currency, else the estimate
 * (a simulated send, a cost missing or in another currency: counted as expected, on the safe side).
 */
export function actualUnits(cost: unknown, estimate: bigint, currency: string | null): bigint {
  const parsed = parseProviderCost(cost);
  return parsed && (currency === null || parsed.currency === currency) ? parsed.tenThousandths : estimate;
}

/** Whether `amount` more fits under `limit` given what is spent and reserved already (no limit: always). */
export const fits = (used: bigint, amount: bigint, limit: bigint | null): boolean =>
  limit === null || used + amount <= limit;

/** Whether a period's spend has reached the warning share (80 %) of its limit. */
export const reachedWarning = (spent: bigint, limit: bigint | null): boolean =>
  limit !== null && limit > 0n && spent * WARN_DENOMINATOR >= limit * WARN_NUMERATOR;

/** Whole percent of the limit spent (rounded down), null without a limit; a zero limit is full at once. */
export const percentOf = (spent: bigint, limit: bigint | null): number | null =>
  limit === null ? null : limit === 0n ? 100 : Number((spent * 100n) / limit);

/**
 * What a provider's answer means for the spend: what an accepted SMS cost; the estimate for one that may have
 * gone (no answer: counted, on the safe side); nothing for one refused or failed before the provider took it.
 */
export function spentBy(outcome: SendOutcome, estimate: bigint, currency: string | null): bigint {
  if (outcome.kind === 'accepted') return actualUnits(outcome.cost, estimate, currency);
  return outcome.kind === 'unknown' ? estimate : 0n;
}
