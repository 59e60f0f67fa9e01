import { DateTime } from 'luxon';
import type { OffsetUnit, RuleStep } from './rule-definition';
import { zoneNamed } from './time-zone';

/**
 * The rules of time (docs/rules-and-time.md): when each occurrence of a rule's step falls for one record.
 * - Offsets in days, weeks and months move by calendar in the resolved zone and keep the local clock;
 *   offsets in hours and minutes are elapsed time.
 * - A local time that does not exist (DST gap) moves forward by the gap; one that happens twice is the first.
 * Pure: no clock, no database.
 */

/** What a step counts from: a calendar date (due date) or an instant (appointment start, creation). */
export type AnchorValue = { kind: 'date'; date: string } | { kind: 'instant'; instant: Date };

export interface ScheduleOptions {
  zone: string;
  /** Local HH:mm for date anchors. */
  sendAt?: string;
}

export interface Occurrence {
  stepIndex: number;
  occurrence: number;
  at: Date;
}

interface Shift {
  months: number;
  days: number;
  elapsedMinutes: number;
}

const addToShift = (shift: Shift, amount: number, unit: OffsetUnit): Shift => {
  switch (unit) {
    case 'months':
      return { ...shift, months: shift.months + amount };
    case 'weeks':
      return { ...shift, days: shift.days + 7 * amount };
    case 'days':
      return { ...shift, days: shift.days + amount };
    case 'hours':
      return { ...shift, elapsedMinutes: shift.elapsedMinutes + 60 * amount };
    case 'minutes':
      return { ...shift, elapsedMinutes: shift.elapsedMinutes + amount };
  }
};

/** The total shift of one occurrence of a step: the step's own offset, then `occurrence` repeats later. */
export function stepShift(step: RuleStep, occurrence: number): Shift {
  const sign = step.direction === 'before' ? -1 : 1;
  const first = addToShift({ months: 0, days: 0, elapsedMinutes: 0 }, sign * step.amount, step.unit);
  return step.repeat && occurrence > 0 ? addToShift(first, occurrence * step.repeat.every, step.repeat.unit) : first;
}

export const occurrencesOfStep = (step: RuleStep) => 1 + (step.repeat?.times ?? 0);

interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second?: number;
  millisecond?: number;
}

// DST shifts are 30, 60 or 120 minutes.
const DST_SHIFTS = [120, 60, 30];
const showsWall = (instant: DateTime, wall: WallClock) =>
  instant.day === wall.day && instant.hour === wall.hour && instant.minute === wall.minute;

/** Every instant (one, or two when clocks fall back) that a wall-clock time happens at, earliest first. */
function instantsOf(wall: WallClock, zone: string): DateTime[] {
  const resolved = DateTime.fromObject(wall, { zone: zoneNamed(zone) });
  // Most times are nowhere near a change of offset: one instant. Asking the zone two offsets is a sixth of the
  // price of the six neighbours below (each a Luxon DateTime, each its own Intl call), and planning resolves a
  // local time for every record it reads.
  const margin = DST_SHIFTS[0] * 60_000;
  const offsetAt = (millis: number) => resolved.zone.offset(millis);
  if (
    offsetAt(resolved.toMillis() - margin) === resolved.offset &&
    offsetAt(resolved.toMillis() + margin) === resolved.offset
  )
    return [resolved];
  const around = [
    ...DST_SHIFTS.map((minutes) => resolved.minus({ minutes })),
    resolved,
    ...DST_SHIFTS.map((minutes) => resolved.plus({ minutes })),
  ];
  const matching = around.filter((instant) => showsWall(instant, wall));
  // A time in a DST gap matches nothing: Luxon has already moved it forward by the gap.
  return matching.length ? matching : [resolved];
}

/**
 * The instant of a local wall-clock time: a time in a DST gap moves forward by the gap, a time that
 * happens twice is the first of the two.
 */
export const resolveLocalTime = (wall: WallClock, zone: string): DateTime => instantsOf(wall, zone)[0];

/**
 * Occurrences of date anchors, remembered: the instant depends only on the date, the shift, the send-at
 * time and the zone, which thousands of records share (every invoice due on one day), and resolving a
 * local time with Luxon costs tens of microseconds. Bounded: emptied when full.
 */
const dateOccurrences = new Map<string, number>();
const DATE_OCCURRENCES_LIMIT = 100_000;

/** When one occurrence of a step falls for one anchor value. */
export function occurrenceTime(
  anchor: AnchorValue,
  step: RuleStep,
  occurrence: number,
  options: ScheduleOptions
): Date {
  const shift = stepShift(step, occurrence);
  if (anchor.kind === 'date') {
    const key = `${anchor.date}|${shift.months}|${shift.days}|${shift.elapsedMinutes}|${options.sendAt ?? ''}|${options.zone}`;
    const known = dateOccurrences.get(key);
    if (known !== undefined) return new Date(known);
    const [hour, minute] = (options.sendAt ?? '09:00').split(':').map(Number);
    const date = DateTime.fromISO(anchor.date, { zone: 'utc' }).plus({ months: shift.months, days: shift.days });
    const at = resolveLocalTime({ year: date.year, month: date.month, day: date.day, hour, minute }, options.zone)
      .plus({ minutes: shift.elapsedMinutes })
      .toJSDate();
    if (dateOccurrences.size >= DATE_OCCURRENCES_LIMIT) dateOccurrences.clear();
    dateOccurrences.set(key, at.getTime());
    return at;
  }
  if (shift.months === 0 && shift.days === 0) {
    // No calendar part: pure elapsed time from the instant itself, whatever the wall clock says.
    return new Date(anchor.instant.getTime() + shift.elapsedMinutes * 60_000);
  }
  const local = DateTime.fromJSDate(anchor.instant, { zone: zoneNamed(options.zone) }).plus({
    months: shift.months,
    days: shift.days,
  });
  const wall: WallClock = {
    year: local.year,
    month: local.month,
    day: local.day,
    hour: local.hour,
    minute: local.minute,
    second: local.second,
    millisecond: local.millisecond,
  };
  return resolveLocalTime(wall, options.zone).plus({ minutes: shift.elapsedMinutes }).toJSDate();
}

/** Every occurrence of every step for one anchor value. */
export function occurrencesOf(anchor: AnchorValue, steps: RuleStep[], options: ScheduleOptions): Occurrence[] {
  return steps.flatMap((step, stepIndex) =>
    Array.from({ length: occurrencesOfStep(step) }, (_, occurrence) => ({
      stepIndex,
      occurrence,
      at: occurrenceTime(anchor, step, occurrence, options),
    }))
  );
}

/**
 * The widest shift any occurrence of a step can have, in minutes either way, to turn a window of send
 * times into a window of anchor values for an indexed range query. Calendar units are counted generously
 * (a month as 31 days) and the caller adds a margin for zones and DST.
 */
export function shiftBoundsMinutes(step: RuleStep): { min: number; max: number } {
  const minutesOf = (shift: Shift) => shift.months * 31 * 1440 + shift.days * 1440 + shift.elapsedMinutes;
  const first = minutesOf(stepShift(step, 0));
  const last = minutesOf(stepShift(step, occurrencesOfStep(step) - 1));
  const monthSlack = (shift: Shift) => Math.abs(shift.months) * 3 * 1440;
  const slack = Math.max(monthSlack(stepShift(step, 0)), monthSlack(stepShift(step, occurrencesOfStep(step) - 1)));
  return { min: Math.min(first, last) - slack, max: Math.max(first, last) + slack };
}

/** Quiet hours as local HH:mm; the period may wrap midnight (21:00–08:00). */
export interface QuietHours {
  start: string;
  end: string;
}

const minutesOfDay = (clock: string) => {
  const [hour, minute] = clock.split(':').map(Number);
  return hour * 60 + minute;
};

/** The instant a message due at `at` may go out: `at` itself, or the end of the quiet period it falls in. */
export function deferPastQuietHours(at: Date, quiet: QuietHours | undefined, zone: string): Date {
  if (!quiet) return at;
  const local = DateTime.fromJSDate(at, { zone: zoneNamed(zone) });
  const now = local.hour * 60 + local.minute;
  const start = minutesOfDay(quiet.start);
  const end = minutesOfDay(quiet.end);
  if (start === end) return at;
  const inQuiet = start < end ? now >= start && now < end : now >= start || now < end;
  if (!inQuiet) return at;
  const endDay = start < end || now < end ? local : local.plus({ days: 1 });
  const endWall = {
    year: endDay.year,
    month: endDay.month,
    day: endDay.day,
    hour: Math.floor(end / 60),
    minute: end % 60,
  };
  // When the end falls in an hour that happens twice, it is the first instance after the message.
  const after = instantsOf(endWall, zone).find((instant) => instant.toMillis() > at.getTime());
  return (after ?? resolveLocalTime(endWall, zone)).toJSDate();
}
