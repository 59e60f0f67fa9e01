import { DateTime } from 'luxon';
import { formatAmount, isCurrencyCode, minorUnits, parseAmount } from '../money';
import { isCalendarDate, toUtcInstant } from '../time-zone';
import { daysBetween, localDate } from './calendar';

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

// Intl formatters cost tens of microseconds to create and are reused per locale, zone and style.
const numberFormats = new Map<string, Intl.NumberFormat>();
const dateFormats = new Map<string, Intl.DateTimeFormat>();
const relativeFormats = new Map<string, Intl.RelativeTimeFormat>();

function cached<T>(cache: Map<string, T>, key: string, create: () => T): T {
  let value = cache.get(key);
  if (value === undefined) {
    value = create();
    cache.set(key, value);
  }
  return value;
}

/**
 * An amount in a currency, in the locale's way, with exactly the currency's ISO 4217 minor units:
 * ("12500", "KES", "en") → "KES 12,500.00"; JOD has 3 decimals, UGX none.
 */
export function formatMoney(amount: unknown, currency: unknown, locale: string): string {
  if (isMissing(amount)) return '';
  if (!isCurrencyCode(currency)) {
    throw new FilterError(
      `money needs an ISO 4217 currency such as "KES"${isMissing(currency) ? '' : `, not "${String(currency)}"`}`
    );
  }
  const digits = minorUnits(currency);
  const parsed = parseAmount(amount, digits);
  if (!parsed.ok) throw new FilterError(`money: "${String(amount)}" ${parsed.problem}`);
  const format = cached(
    numberFormats,
    `${locale}|${currency}`,
    () =>
      new Intl.NumberFormat(locale, {
        style: 'currency',
        currency,
        minimumFractionDigits: digits,
        maximumFractionDigits: digits,
      })
  );
  // A decimal string keeps every digit (Intl formats strings exactly; the ES2022 typings predate that),
  // where a number would pass through a float.
  return gsmFriendly(format.format(formatAmount(parsed.minor, digits) as unknown as number));
}

/** A date or an instant: a calendar date (YYYY-MM-DD) keeps its day whatever the zone; an instant is localised. */
interface Moment {
  instant: Date;
  calendarDate?: string;
}

function readMoment(value: unknown, filter: string): Moment {
  if (isCalendarDate(value)) return { instant: new Date(`${value}T00:00:00Z`), calendarDate: value };
  const instant = toUtcInstant(value);
  if (!instant) {
    throw new FilterError(
      `${filter}: "${String(value)}" is neither a date (YYYY-MM-DD) nor a date-time with a UTC offset`
    );
  }
  return { instant: new Date(instant) };
}

type Styles = { dateStyle?: Style; timeStyle?: Style };

function localized(moment: Moment, settings: FormatSettings, styles: Styles, format: unknown): string {
  if (format === undefined || isStyle(format)) {
    // A calendar date is midnight UTC of that day: formatted in UTC it is that day everywhere.
    const timeZone = moment.calendarDate ? 'UTC' : settings.timeZone;
    const key = `${settings.locale}|${timeZone}|${styles.dateStyle ?? ''}|${styles.timeStyle ?? ''}`;
    return gsmFriendly(
      cached(dateFormats, key, () => new Intl.DateTimeFormat(settings.locale, { ...styles, timeZone })).format(
        moment.instant
      )
    );
  }
  if (typeof format !== 'string')
    throw new FilterError('a date format must be short, medium, long, full or a pattern such as "d MMM yyyy"');
  const local = moment.calendarDate
    ? DateTime.fromISO(moment.calendarDate, { zone: settings.timeZone })
    : DateTime.fromJSDate(moment.instant, { zone: settings.timeZone });
  return gsmFriendly(local.setLocale(settings.locale).toFormat(format));
}

const styleOf = (format: unknown, fallback: Style): Style => (isStyle(format) ? format : fallback);

/** The date, in the locale: medium by default ("Dec 10, 2026"), a style, or a Luxon pattern ("d MMM yyyy"). */
export function formatDate(value: unknown, format: unknown, settings: FormatSettings): string {
  if (isMissing(value)) return '';
  return localized(readMoment(value, 'date'), settings, { dateStyle: styleOf(format, 'medium') }, format);
}

function timeOfDay(value: unknown, filter: string): Moment {
  const moment = readMoment(value, filter);
  if (moment.calendarDate)
    throw new FilterError(`${filter}: "${String(value)}" is a calendar date and has no time of day`);
  return moment;
}

/** The local time of an instant: short by default ("10:30 AM" in en, "10:30" in fr). */
export function formatTime(value: unknown, format: unknown, settings: FormatSettings): string {
  if (isMissing(value)) return '';
  return localized(timeOfDay(value, 'time'), settings, { timeStyle: styleOf(format, 'short') }, format);
}

/** Date and local time of an instant: a medium date and a short time by default ("Dec 10, 2026, 10:30 AM"). */
export function formatDateTime(value: unknown, format: unknown, settings: FormatSettings): string {
  if (isMissing(value)) return '';
  return localized(
    timeOfDay(value, 'datetime'),
    settings,
    { dateStyle: styleOf(format, 'medium'), timeStyle: 'short' },
    format
  );
}

/**
 * How far a date or instant is from now, in words: "today", "tomorrow", "in 3 days", "2 days ago".
 * Days are calendar days in the time zone; an instant later (or earlier) today is in hours, or minutes
 * under an hour ("in 2 hours", "in 30 minutes").
 */
export function formatRelative(value: unknown, settings: FormatSettings): string {
  if (isMissing(value)) return '';
  const moment = readMoment(value, 'relative');
  const format = cached(
    relativeFormats,
    settings.locale,
    () => new Intl.RelativeTimeFormat(settings.locale, { numeric: 'auto' })
  );
  const days = daysBetween(
    localDate(settings.now, settings.timeZone),
    moment.calendarDate ?? localDate(moment.instant, settings.timeZone)
  );
  if (moment.calendarDate || days !== 0) return gsmFriendly(format.format(days, 'day'));
  const minutes = Math.round((moment.instant.getTime() - settings.now.getTime()) / 60_000);
  if (Math.abs(minutes) < 60) return gsmFriendly(format.format(minutes, 'minute'));
  return gsmFriendly(format.format(Math.round(minutes / 60), 'hour'));
}
