import { isTimeZone } from '../time-zone';

// Intl formatters are costly to create (tens of microseconds) and cheap to reuse: each is made once per
// time zone. Only valid zones are remembered, so the caches are bounded by the IANA database.
const dayFormats = new Map<string, Intl.DateTimeFormat>();
const validZones = new Set<string>();

/** Whether a time zone exists, remembered: the check builds an Intl formatter each time. */
export function isKnownZone(timeZone: unknown): timeZone is string {
  if (validZones.has(timeZone as string)) return true;
  if (!isTimeZone(timeZone)) return false;
  validZones.add(timeZone);
  return true;
}

/** The calendar date (YYYY-MM-DD) an instant falls on in a time zone. */
export function localDate(instant: Date, timeZone: string): string {
  let format = dayFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      calendar: 'gregory',
      numberingSystem: 'latn',
    });
    dayFormats.set(timeZone, format);
  }
  const parts: Record<string, string> = {};
  for (const part of format.formatToParts(instant)) parts[part.type] = part.value;
  return `${parts.year}-${parts.month}-${parts.day}`;
}

/** Whole calendar days from one date (YYYY-MM-DD) to another; daylight saving cannot bend a calendar day. */
export const daysBetween = (from: string, to: string): number =>
  (Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000;
