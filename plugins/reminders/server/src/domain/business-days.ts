import { DateTime } from 'luxon';
import { type FieldError, fieldError } from './field-errors';
import { isCalendarDate, zoneNamed } from './time-zone';

/**
 * Business days: a reminder of a "business days only" rule that would fall on a weekend day or a public
 * holiday (in the record's zone) moves to the next business day, at the same local time. Pure.
 */
export interface Holiday {
  /** A calendar date, YYYY-MM-DD, in the record's zone. */
  date: string;
  name: string;
}

export interface BusinessCalendar {
  /** ISO weekdays that are not business days: 1 Monday … 7 Sunday. */
  weekendDays: number[];
  holidays: Holiday[];
}

export const DEFAULT_BUSINESS_CALENDAR: BusinessCalendar = { weekendDays: [6, 7], holidays: [] };

const MAX_HOLIDAYS = 500;

/** Field errors of a calendar as the Settings page or the config writes it. */
export function checkBusinessCalendar(value: { weekendDays?: unknown; holidays?: unknown }): FieldError[] {
  const errors: FieldError[] = [];
  const { weekendDays, holidays } = value;
  if (
    !Array.isArray(weekendDays) ||
    weekendDays.some((day) => !Number.isInteger(day) || day < 1 || day > 7) ||
    new Set(weekendDays).size !== weekendDays.length
  )
    errors.push(fieldError('weekendDays', 'weekendDays must list distinct weekdays from 1 (Monday) to 7 (Sunday)'));
  else if (weekendDays.length > 6)
    errors.push(fieldError('weekendDays', 'weekendDays must leave at least one business day in the week'));
  if (!Array.isArray(holidays) || holidays.length > MAX_HOLIDAYS) {
    errors.push(fieldError('holidays', `holidays must be a list of at most ${MAX_HOLIDAYS} {date, name}`));
    return errors;
  }
  const seen = new Set<string>();
  holidays.forEach((holiday: unknown, index) => {
    const path = `holidays[${index}]`;
    const { date, name } = (typeof holiday === 'object' && holiday !== null ? holiday : {}) as Record<string, unknown>;
    if (!isCalendarDate(date))
      errors.push(fieldError(`${path}.date`, `${path}.date must be a date written YYYY-MM-DD`));
    else if (seen.has(date)) errors.push(fieldError(`${path}.date`, `${path}.date ${date} is listed twice`));
    else seen.add(date);
    if (typeof name !== 'string' || name.trim() === '' || name.length > 100)
      errors.push(fieldError(`${path}.name`, `${path}.name must be a name of 1 to 100 characters`));
  });
  return errors;
}

/** Why a local day is not a business day, or undefined when it is one. */
export function nonBusinessDay(day: DateTime, calendar: BusinessCalendar): Holiday | 'weekend' | undefined {
  const holiday = calendar.holidays.find((entry) => entry.date === day.toISODate());
  if (holiday) return holiday;
  return calendar.weekendDays.includes(day.weekday) ? 'weekend' : undefined;
}

/**
 * `at` itself on a business day in `zone`, else the same local time on the next business day (a time that
 * does not exist that day, in a DST gap, moves forward with the clocks). The first day it skipped is
 * returned as `because`.
 */
export function nextBusinessTime(
  at: Date,
  zone: string,
  calendar: BusinessCalendar
): { at: Date; because?: Holiday | 'weekend' } {
  const local = DateTime.fromJSDate(at, { zone: zoneNamed(zone) });
  const because = nonBusinessDay(local, calendar);
  if (!because) return { at };
  // At most a year of holidays and weekends in a row (the check keeps one weekday a business day).
  for (let days = 1; days <= 400; days += 1) {
    const next = local.plus({ days });
    if (!nonBusinessDay(next, calendar)) return { at: next.toJSDate(), because };
  }
  return { at };
}
