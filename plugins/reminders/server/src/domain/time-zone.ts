import { DateTime, IANAZone } from 'luxon';

export const isTimeZone = (name: unknown): name is string =>
  typeof name === 'string' && name.length <= 64 && IANAZone.isValidZone(name);

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
