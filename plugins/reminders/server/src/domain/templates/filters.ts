import { DateTime } from 'luxon';
import { formatAmount, isCurrencyCode, minorUnits, parseAmount } from '../money';
import { toUtcInstant } from '../time-zone';

/** Where and when a message is rendered: the template's language and the resolved time zone. */
export interface FormatSettings {
  locale: string;
  timeZone: string;
  now: Date;
}

/** A value a filter cannot format; the engine reports it with the line and column of the filter. */
export class FilterError extends Error {}

const STYLES = ['short', 'medium', 'long', 'full'] as const;
type Style = (typeof STYLES)[number];
const isStyle = (value: unknown): value is Style => STYLES.includes(value as Style);

/**
 * ICU separates digits, currency codes and AM/PM with no-break spaces and writes "aujourd’hui" with a
 * typographic apostrophe. None of these are in the GSM 03.38 alphabet: one of them would switch an English
 * or French SMS to UCS-2 and more than double its cost, so what the filters produce uses plain ones.
 */
const gsmFriendly = (text: string) => text.replace(/[\u00A0\u2007\u202F]/g, ' ').replace(/[\u2018\u2019]/g, "'");

const isMissing = (value: unknown) => value === undefined || value === null || value === '';

const numberFormats = new Map<string, Intl.NumberFormat>();

/**
 * An amount in a currency, in the locale's way, with exactly the currency's ISO 4217 minor units:
 * ("12500", "KES", "en") → "KES 12,500.00"; JOD has 3 decimals, UGX none.
 */
export function formatMoney(amount: unknown, currency: unknown, locale: string): string {
  if (isMissing(amount)) return '';
  if (!isCurrencyCode(currency)) {
    throw new FilterError(`money needs an ISO 4217 currency such as "KES"${isMissing(currency) ? '' : `, not "${String(currency)}"`}`);
  }
  const digits = minorUnits(currency);
  const parsed = parseAmount(amount, digits);
  if (!parsed.ok) throw new FilterError(`money: "${String(amount)}" ${parsed.problem}`);
  const key = `${locale}|${currency}`;
  let format = numberFormats.get(key);
  if (!format) {
    format = new Intl.NumberFormat(locale, { style: 'currency', currency, minimumFractionDigits: digits, maximumFractionDigits: digits });
    numberFormats.set(key, format);
  }
  // A decimal string keeps every digit (Intl formats strings exactly; the ES2022 typings predate that),
  // where a number would pass through a float.
  return gsmFriendly(format.format(formatAmount(parsed.minor, digits) as unknown as number));
}

/** A calendar date (YYYY-MM-DD) stays that day; an instant is read in the time zone. */
function readMoment(value: unknown, filter: string, timeZone: string): { moment: DateTime; dateOnly: boolean } {
  if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value)) {
    const moment = DateTime.fromISO(value, { zone: timeZone });
    if (moment.isValid) return { moment, dateOnly: true };
  }
  const instant = toUtcInstant(value);
  if (!instant) {
    throw new FilterError(`${filter}: "${String(value)}" is neither a date (YYYY-MM-DD) nor a date-time with a UTC offset`);
  }
  return { moment: DateTime.fromISO(instant, { zone: timeZone }), dateOnly: false };
}

function localized(moment: DateTime, locale: string, styles: Intl.DateTimeFormatOptions, format: unknown): string {
  const local = moment.setLocale(locale);
  if (format === undefined || isStyle(format)) return gsmFriendly(local.toLocaleString(styles));
  if (typeof format !== 'string') throw new FilterError(`a date format must be short, medium, long, full or a pattern such as "d MMM yyyy"`);
  return gsmFriendly(local.toFormat(format));
}

const styleOf = (format: unknown, fallback: Style): Style => (isStyle(format) ? format : fallback);

/** The date, in the locale: medium by default ("Dec 10, 2026"), a style, or a Luxon pattern ("d MMM yyyy"). */
export function formatDate(value: unknown, format: unknown, settings: FormatSettings): string {
  if (isMissing(value)) return '';
  const { moment } = readMoment(value, 'date', settings.timeZone);
  return localized(moment, settings.locale, { dateStyle: styleOf(format, 'medium') }, format);
}

function timeOfDay(value: unknown, filter: string, timeZone: string): DateTime {
  const { moment, dateOnly } = readMoment(value, filter, timeZone);
  if (dateOnly) throw new FilterError(`${filter}: "${String(value)}" is a calendar date and has no time of day`);
  return moment;
}

/** The local time of an instant: short by default ("10:30 AM" in en, "10:30" in fr). */
export function formatTime(value: unknown, format: unknown, settings: FormatSettings): string {
  if (isMissing(value)) return '';
  const moment = timeOfDay(value, 'time', settings.timeZone);
  return localized(moment, settings.locale, { timeStyle: styleOf(format, 'short') }, format);
}

/** Date and local time of an instant: a medium date and a short time by default ("Dec 10, 2026, 10:30 AM"). */
export function formatDateTime(value: unknown, format: unknown, settings: FormatSettings): string {
  if (isMissing(value)) return '';
  const moment = timeOfDay(value, 'datetime', settings.timeZone);
  return localized(moment, settings.locale, { dateStyle: styleOf(format, 'medium'), timeStyle: 'short' }, format);
}

const relativeFormats = new Map<string, Intl.RelativeTimeFormat>();

/**
 * How far a date or instant is from now, in words: "today", "tomorrow", "in 3 days", "2 days ago".
 * Days are calendar days in the time zone; an instant later (or earlier) today is in hours, or minutes
 * under an hour ("in 2 hours", "in 30 minutes").
 */
export function formatRelative(value: unknown, settings: FormatSettings): string {
  if (isMissing(value)) return '';
  const { moment, dateOnly } = readMoment(value, 'relative', settings.timeZone);
  const now = DateTime.fromJSDate(settings.now, { zone: settings.timeZone });
  let format = relativeFormats.get(settings.locale);
  if (!format) {
    format = new Intl.RelativeTimeFormat(settings.locale, { numeric: 'auto' });
    relativeFormats.set(settings.locale, format);
  }
  const days = Math.round(moment.startOf('day').diff(now.startOf('day'), 'days').days);
  if (dateOnly || days !== 0) return gsmFriendly(format.format(days, 'day'));
  const minutes = Math.round(moment.diff(now, 'minutes').minutes);
  if (Math.abs(minutes) < 60) return gsmFriendly(format.format(minutes, 'minute'));
  return gsmFriendly(format.format(Math.round(minutes / 60), 'hour'));
}
