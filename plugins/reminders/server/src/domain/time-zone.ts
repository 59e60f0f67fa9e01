import { DateTime, IANAZone } from 'luxon';

export const isTimeZone = (name: unknown): name is string =>
  typeof name === 'string' && name.length <= 64 && IANAZone.isValidZone(name);

const HOUR_MS = 3_600_000;
const HOURS_LIMIT = 100_000;

/**
 * An IANA zone that remembers its offsets by the hour. Luxon asks a zone its offset (an Intl formatToParts
 * call) for every DateTime it makes or moves, several per record planned: a fifth of a planning step's CPU.
 * An hour that starts and ends at the same offset has it throughout (no zone changes its offset and back
 * within an hour); an hour with a change in it is asked exactly, every time.
 */
class HourlyOffsetZone extends IANAZone {
  private readonly hours = new Map<number, number | null>();

  offset(ts: number): number {
    const hour = Math.floor(ts / HOUR_MS);
    let known = this.hours.get(hour);
    if (known === undefined) {
      const start = super.offset(hour * HOUR_MS);
      known = start === super.offset((hour + 1) * HOUR_MS) ? start : null;
      if (this.hours.size >= HOURS_LIMIT) this.hours.clear();
      this.hours.set(hour, known);
    }
    return known ?? super.offset(ts);
  }
}

const zones = new Map<string, IANAZone>();

/** The zone named `name` for Luxon's DateTimes, its offsets remembered (one per name for the process). */
export function zoneNamed(name: string): IANAZone {
  let zone = zones.get(name);
  if (!zone) {
    zone = new HourlyOffsetZone(name);
    zones.set(name, zone);
  }
  return zone;
}

/** A calendar date written YYYY-MM-DD that exists (no 2026-02-30). */
export const isCalendarDate = (value: unknown): value is string =>
  typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value) && DateTime.fromISO(value, { zone: 'utc' }).isValid;

/** A local clock time written HH:mm. */
export const isClockTime = (value: unknown): value is string =>
  typeof value === 'string' && /^([01]\d|2[0-3]):[0-5]\d$/.test(value);

/**
 * Parses an ISO 8601 instant into a UTC ISO string, or undefined. The offset (or Z) is required:
 * "10:00" without one could be any of 38 local times, and guessing the server's zone would be wrong.
 */
export function toUtcInstant(value: unknown): string | undefined {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? undefined : value.toISOString();
  if (typeof value !== 'string' || !/T.*(Z|[+-]\d{2}(:?\d{2})?)$/i.test(value)) return undefined;
  const parsed = DateTime.fromISO(value, { setZone: true });
  return parsed.isValid ? (parsed.toUTC().toISO() ?? undefined) : undefined;
}

/** An instant as the database returns it: a Date, epoch milliseconds (SQLite), or an ISO string. */
export function readInstant(value: unknown): Date | undefined {
  if (value === null || value === undefined || value === '') return undefined;
  const date =
    value instanceof Date
      ? value
      : new Date(typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : (value as string | number));
  return Number.isNaN(date.getTime()) ? undefined : date;
}
