import { DateTime } from 'luxon';
import { type FieldError, fieldError } from './field-errors';

/**
 * Customer protection: how often one phone number may get an SMS, across every rule. Pure: the dispatcher
 * reads the sends to a number from the outbox (under a per-number lock) and asks `nextAllowed` whether one
 * more may go now, or from when.
 */
export interface FrequencyCap {
  /** SMS per local calendar day of the recipient; null for no daily limit. */
  perDay: number | null;
  /** SMS per 7 local days (the send's day and the 6 before it); null for no weekly limit. */
  perWeek: number | null;
  /** Minutes that must pass between two SMS to the number; null or 0 for none. */
  minSpacingMinutes: number | null;
}

/** A rule's own setting: its cap, `'none'` (exempt, e.g. an "instantly" receipt) or null (the plugin's). */
export type RuleFrequencyCap = FrequencyCap | 'none' | null;

export const DEFAULT_FREQUENCY_CAP: FrequencyCap = { perDay: 1, perWeek: 3, minSpacingMinutes: 60 };

const LIMITS = { perDay: 100, perWeek: 700, minSpacingMinutes: 10_080 } as const;

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Field errors of a cap written by an editor or in the config; `path` names it ("frequencyCap"). */
export function checkFrequencyCap(value: unknown, path: string): FieldError[] {
  if (!isRecord(value))
    return [fieldError(path, `${path} must be an object like {"perDay": 1, "perWeek": 3, "minSpacingMinutes": 60}`)];
  const errors: FieldError[] = [];
  for (const key of Object.keys(value))
    if (!Object.hasOwn(LIMITS, key))
      errors.push(
        fieldError(`${path}.${key}`, `${path}.${key} is not a cap setting (perDay, perWeek, minSpacingMinutes)`)
      );
  for (const [key, max] of Object.entries(LIMITS)) {
    const field = value[key];
    const min = key === 'minSpacingMinutes' ? 0 : 1;
    if (
      field !== undefined &&
      field !== null &&
      !(Number.isInteger(field) && (field as number) >= min && (field as number) <= max)
    )
      errors.push(
        fieldError(
          `${path}.${key}`,
          `${path}.${key} must be a whole number from ${min} to ${max}, or null for no limit`
        )
      );
  }
  if (
    errors.length === 0 &&
    value.perDay != null &&
    value.perWeek != null &&
    (value.perWeek as number) < (value.perDay as number)
  )
    errors.push(fieldError(`${path}.perWeek`, `${path}.perWeek must not be less than ${path}.perDay`));
  return errors;
}

/** Field errors of a rule's override: null (the plugin's cap), "none", or a cap. */
export const checkRuleFrequencyCap = (value: unknown): FieldError[] =>
  value === undefined || value === null || value === 'none' ? [] : checkFrequencyCap(value, 'frequencyCap');

/** A checked cap with every limit present (missing means no limit). */
export const normalizeCap = (value: Partial<FrequencyCap>): FrequencyCap => ({
  perDay: value.perDay ?? null,
  perWeek: value.perWeek ?? null,
  minSpacingMinutes: value.minSpacingMinutes ?? null,
});

/** The cap that applies to a rule's reminder: its own, none, or the plugin's (which may itself be none). */
export const capForRule = (rule: RuleFrequencyCap | undefined, plugin: FrequencyCap | null): FrequencyCap | null =>
  rule === 'none' ? null : rule ? normalizeCap(rule) : plugin;

const localDayStart = (at: Date | number, zone: string) =>
  DateTime.fromMillis(typeof at === 'number' ? at : at.getTime(), { zone }).startOf('day');

/** The earliest send that can count against a send at `now`: the cap's windows reach no further back. */
export function capWindowStart(now: Date, cap: FrequencyCap, zone: string): Date {
  const starts = [now.getTime()];
  if (cap.perDay !== null) starts.push(localDayStart(now, zone).toMillis());
  if (cap.perWeek !== null) starts.push(localDayStart(now, zone).minus({ days: 6 }).toMillis());
  if (cap.minSpacingMinutes) starts.push(now.getTime() - cap.minSpacingMinutes * 60_000);
  return new Date(Math.min(...starts));
}

/** What stops a send at a given time: the first limit it hits. */
export type CapLimit = 'perDay' | 'perWeek' | 'minSpacingMinutes';

/**
 * When one more SMS may go to a number that already got `sent` (instants at or before `now`; the ones
 * that rank ahead of this one count as sent at `now`): `now` itself when the cap allows it, else the
 * earliest instant every limit allows, and the limit that held it back last (the one that decided the time). "Per day" is the local day
 * in `zone`; "per week" the local day and the six before it.
 */
export function nextAllowed(
  now: Date,
  sent: Date[],
  cap: FrequencyCap | null,
  zone: string
): { at: Date; limit?: CapLimit } {
  if (!cap) return { at: now };
  const times = sent.map((date) => date.getTime()).sort((a, b) => a - b);
  let at = now.getTime();
  let limit: CapLimit | undefined;
  const hold = (next: number, why: CapLimit) => {
    if (next > at) {
      at = next;
      limit = why;
      return true;
    }
    return false;
  };
  // Each move only goes forward and the sends are finite: a few rounds settle it.
  for (let round = 0; round < 10; round += 1) {
    let moved = false;
    if (cap.minSpacingMinutes && times.length > 0)
      moved = hold(times[times.length - 1] + cap.minSpacingMinutes * 60_000, 'minSpacingMinutes') || moved;
    const day = localDayStart(at, zone);
    if (cap.perDay !== null && times.filter((time) => time >= day.toMillis()).length >= cap.perDay)
      moved = hold(day.plus({ days: 1 }).toMillis(), 'perDay') || moved;
    const week = localDayStart(at, zone).minus({ days: 6 }).toMillis();
    const inWeek = times.filter((time) => time >= week);
    if (cap.perWeek !== null && inWeek.length >= cap.perWeek) {
      // The week allows one more once the oldest sends that are over the limit leave it.
      const leaving = inWeek[inWeek.length - cap.perWeek];
      moved = hold(localDayStart(leaving, zone).plus({ days: 7 }).toMillis(), 'perWeek') || moved;
    }
    if (!moved) break;
  }
  return limit ? { at: new Date(at), limit } : { at: now };
}

/**
 * Where a reminder held back by the cap goes: after a spacing, as soon as it ends; after a full day or
 * week, at the reminder's own local time of day on the first day the cap allows (not at midnight).
 */
export function deferredTime(allowed: { at: Date; limit?: CapLimit }, scheduledFor: Date, zone: string): Date {
  if (allowed.limit !== 'perDay' && allowed.limit !== 'perWeek') return allowed.at;
  const time = DateTime.fromJSDate(scheduledFor, { zone });
  const from = DateTime.fromJSDate(allowed.at, { zone });
  const sameTime = from.set({ hour: time.hour, minute: time.minute, second: 0, millisecond: 0 });
  return (sameTime < from ? sameTime.plus({ days: 1 }) : sameTime).toJSDate();
}
