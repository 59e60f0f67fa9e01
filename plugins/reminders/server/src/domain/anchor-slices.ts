import { DateTime, IANAZone } from 'luxon';
import { type PlanningDefaults, type PlanningRule, type Window, isDateAnchor } from './planning';
import type { TargetDefinition } from './targets';
import { occurrenceTime, occurrencesOfStep, stepShift } from './schedule';

/**
 * Which anchor values can put an occurrence of a rule into a window, zone by zone: what the planner asks
 * the database for. anchorRange (planning.ts) is one range wide enough for every zone, every step and
 * every repeat at once; over a million invoices that range holds thousands of records that planRecord
 * then throws away (an hour at night still reads days of invoices). Here each step's occurrence is
 * placed exactly, for each time zone the records use:
 *
 * - date anchors: an occurrence of a due date depends only on the date, the step, the send-at time and
 *   the zone, so each candidate date is checked exactly (dates are few; the result is remembered);
 * - instant anchors, elapsed steps (hours, minutes): the same shift for every zone, exact;
 * - instant anchors, calendar steps (days, weeks, months keep the local clock): the shift varies with the
 *   zone's UTC offsets around the anchor and the occurrence, which are sampled; the range allows for them
 *   and for a DST gap.
 *
 * Pure. Every slice is a superset of what matters (planRecord still decides exactly); a record whose
 * time zone is not in `zones` is not covered, so the caller passes every zone its records use.
 */

export interface AnchorSlice {
  /**
   * The records a slice is about: those whose own time zone is one of `zones` (null: records without
   * one, which use the rule's or the default zone), or every record (`any`).
   */
  zones: (string | null)[] | 'any';
  /**
   * Inclusive ranges of anchor values: calendar dates (YYYY-MM-DD) for date anchors, instants for the
   * others.
   */
  ranges: { from: string; to: string }[] | { from: Date; to: Date }[];
}

const MINUTE = 60_000;
const DAY = 1440 * MINUTE;
/** resolveLocalTime moves a time in a DST gap forward by at most this. */
const GAP = 120 * MINUTE;
/**
 * Offsets are sampled this often, less often over a long span (at most 100 samples): an offset lasting
 * less than the interval could be missed, and offsets last months (the shortest, a Ramadan pause of DST,
 * weeks).
 */
const OFFSET_SAMPLING = 6 * 60 * MINUTE;
const OFFSET_SAMPLES = 100;
/** Candidate dates checked one by one up to this many; beyond it, a binary search (occurrences only move later with the date). */
const ENUMERATE_DAYS = 16;

/** A calendar day, refusing what no date column holds (a step reaching thousands of years). */
const dayOf = (ms: number) => {
  const date = new Date(ms);
  if (Number.isNaN(date.getTime()) || date.getUTCFullYear() < 1 || date.getUTCFullYear() > 9999)
    throw new RangeError('The rule reaches dates outside years 1–9999: it cannot be planned');
  return date.toISOString().slice(0, 10);
};
const dayMs = (day: string) => Date.parse(`${day}T00:00:00Z`);
const instantOf = (ms: number) => {
  dayOf(ms);
  return new Date(ms);
};

/** The nominal shift of one occurrence in minutes: its least and greatest length (a month is 28 to 31 days). */
function shiftSpan(step: PlanningRule['steps'][number], occurrence: number) {
  const shift = stepShift(step, occurrence);
  const months = [shift.months * 28, shift.months * 31].map((days) => days * 1440);
  const fixed = shift.days * 1440 + shift.elapsedMinutes;
  return { shift, min: fixed + Math.min(...months), max: fixed + Math.max(...months) };
}

/** The anchor dates, in [first, last], whose occurrence falls in the window: contiguous runs of days. */
function dateRuns(
  first: string,
  last: string,
  at: (day: string) => number,
  window: Window
): { from: string; to: string }[] {
  const from = window.from.getTime();
  const to = window.to.getTime();
  const days: string[] = [];
  for (let ms = dayMs(first); ms <= dayMs(last); ms += DAY) days.push(dayOf(ms));
  if (days.length === 0) return [];
  let lo: number;
  let hi: number;
  if (days.length <= ENUMERATE_DAYS) {
    const inside = days.map((day) => {
      const t = at(day);
      return t > from && t <= to;
    });
    const runs: { from: string; to: string }[] = [];
    inside.forEach((yes, index) => {
      if (!yes) return;
      if (index > 0 && inside[index - 1]) runs[runs.length - 1].to = days[index];
      else runs.push({ from: days[index], to: days[index] });
    });
    return runs;
  }
  // First day whose occurrence is after window.from, last one at or before window.to.
  lo = 0;
  hi = days.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (at(days[mid]) > from) hi = mid;
    else lo = mid + 1;
  }
  const start = lo;
  lo = start;
  hi = days.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (at(days[mid]) <= to) lo = mid + 1;
    else hi = mid;
  }
  const end = lo - 1;
  return start <= end ? [{ from: days[start], to: days[end] }] : [];
}

/** Offsets by zone and sampled instant, remembered: ticks an hour apart sample the same instants. Bounded. */
const offsets = new Map<string, number>();
const OFFSETS_LIMIT = 100_000;

function offsetAt(zone: IANAZone, ms: number): number {
  const key = `${zone.name}|${ms}`;
  let offset = offsets.get(key);
  if (offset === undefined) {
    offset = zone.offset(ms) * MINUTE;
    if (offsets.size >= OFFSETS_LIMIT) offsets.clear();
    offsets.set(key, offset);
  }
  return offset;
}

/**
 * Whether Luxon can read a zone, remembered (it cannot change while the process runs): asking builds a
 * DateTime in the zone, for every zone of every rule of every tick; a sixth to a third of anchorSlices'
 * time. Bounded like the offsets.
 */
const readableZones = new Map<string, boolean>();
function isReadableZone(zone: string): boolean {
  let readable = readableZones.get(zone);
  if (readable === undefined) {
    readable = DateTime.now().setZone(zone).isValid;
    if (readableZones.size >= OFFSETS_LIMIT) readableZones.clear();
    readableZones.set(zone, readable);
  }
  return readable;
}

/**
 * The least and greatest UTC offset (ms) of a zone over [from, to], from samples on a grid aligned to
 * their interval (6 hours, doubled until at most 100 samples cover the span), from the grid point at or
 * before `from` to the one at or after `to`.
 */
function offsetsOver(zoneName: string, from: number, to: number): { min: number; max: number } {
  const zone = IANAZone.create(zoneName);
  let interval = OFFSET_SAMPLING;
  while ((to - from) / interval > OFFSET_SAMPLES) interval *= 2;
  let min = Infinity;
  let max = -Infinity;
  for (let ms = Math.floor(from / interval) * interval; ; ms += interval) {
    const offset = offsetAt(zone, ms);
    min = Math.min(min, offset);
    max = Math.max(max, offset);
    if (ms >= to) break;
  }
  return { min, max };
}

function mergeRuns<T extends string | number>(runs: { from: T; to: T }[], adjacent: (a: T, b: T) => boolean) {
  const sorted = [...runs].sort((a, b) => (a.from < b.from ? -1 : a.from > b.from ? 1 : 0));
  const merged: { from: T; to: T }[] = [];
  for (const run of sorted) {
    const last = merged[merged.length - 1];
    if (last && (run.from <= last.to || adjacent(last.to, run.from))) {
      if (run.to > last.to) last.to = run.to;
    } else merged.push({ ...run });
  }
  return merged;
}

/**
 * The slices of anchor values whose records may have an occurrence of `rule` in `window`, for records in
 * the given time zones (and for records without one). Empty when nothing can fall in the window.
 */
export function anchorSlices(
  target: TargetDefinition,
  rule: PlanningRule,
  window: Window,
  zones: readonly string[],
  defaults: PlanningDefaults
): AnchorSlice[] {
  const from = window.from.getTime();
  const to = window.to.getTime();
  const fallbackZone = rule.timezone || defaults.timeZone;
  // A zone Luxon cannot read gives a record no occurrence at all (planRecord): nothing to look for.
  const recordZones: (string | null)[] = [null, ...new Set(zones.filter((zone) => zone && isReadableZone(zone)))];
  const occurrences = rule.steps.flatMap((step) =>
    Array.from({ length: occurrencesOfStep(step) }, (_, occurrence) => ({
      step,
      occurrence,
      ...shiftSpan(step, occurrence),
    }))
  );

  if (isDateAnchor(target, rule)) {
    const [hour, minute] = (rule.sendAt ?? '09:00').split(':').map(Number);
    const sendAt = (hour * 60 + minute) * MINUTE;
    const perZone = recordZones.map((recordZone) => {
      const zone = recordZone ?? fallbackZone;
      const runs = occurrences.flatMap(({ step, occurrence, shift, min, max }) => {
        // occurrence = R + elapsed, R = (date + calendar shift, at send-at time, as a UTC wall) − offset(R),
        // moved later by a DST gap at most: the zone's offsets over R's range bound the candidate dates, with
        // a day to spare each side; each candidate is then checked exactly.
        const elapsed = shift.elapsedMinutes * MINUTE;
        const offsets = offsetsOver(zone, from - elapsed, to - elapsed);
        const first = dayOf(from - elapsed + offsets.min - GAP - (max - shift.elapsedMinutes) * MINUTE - sendAt - DAY);
        const last = dayOf(to - elapsed + offsets.max - (min - shift.elapsedMinutes) * MINUTE - sendAt + DAY);
        const at = (day: string) =>
          occurrenceTime({ kind: 'date', date: day }, step, occurrence, {
            zone,
            sendAt: rule.sendAt ?? undefined,
          }).getTime();
        return dateRuns(first, last, at, window);
      });
      return { recordZone, ranges: mergeRuns(runs, (a, b) => dayMs(b) - dayMs(a) <= DAY) };
    });
    return group(perZone);
  }

  if (occurrences.every(({ shift }) => shift.months === 0 && shift.days === 0)) {
    // Elapsed time only: an occurrence is the anchor plus a fixed shift, whatever the zone.
    const ranges = mergeRuns(
      occurrences.map(({ min }) => ({ from: from - min * MINUTE, to: to - min * MINUTE })),
      () => false
    );
    return [
      { zones: 'any', ranges: ranges.map((range) => ({ from: instantOf(range.from), to: instantOf(range.to) })) },
    ];
  }

  const perZone = recordZones.map((recordZone) => {
    const zone = recordZone ?? fallbackZone;
    const runs = occurrences.map(({ shift, min, max }) => {
      if (shift.months === 0 && shift.days === 0) return { from: from - min * MINUTE, to: to - min * MINUTE };
      // occurrence = R + elapsed, R = anchor + offset(anchor) + calendar shift − offset(R), R moved later by a
      // DST gap at most: the anchor's offsets and R's (the window less the elapsed part) bound the shift.
      const elapsed = shift.elapsedMinutes * MINUTE;
      const resolvedOffsets = offsetsOver(zone, from - elapsed, to - elapsed);
      const anchorOffsets = offsetsOver(zone, from - max * MINUTE - 2 * DAY, to - min * MINUTE + 2 * DAY);
      return {
        from: from - max * MINUTE - anchorOffsets.max + resolvedOffsets.min - GAP,
        to: to - min * MINUTE - anchorOffsets.min + resolvedOffsets.max,
      };
    });
    return { recordZone, ranges: mergeRuns(runs, () => false) };
  });
  return group(perZone).map((slice) => ({
    zones: slice.zones,
    ranges: slice.ranges.map((range) => ({ from: instantOf(range.from), to: instantOf(range.to) })),
  }));
}

/** Zones with the same ranges share a slice; zones with none are left out. */
function group<T>(
  perZone: { recordZone: string | null; ranges: { from: T; to: T }[] }[]
): { zones: (string | null)[]; ranges: { from: T; to: T }[] }[] {
  const slices = new Map<string, { zones: (string | null)[]; ranges: { from: T; to: T }[] }>();
  for (const { recordZone, ranges } of perZone) {
    if (ranges.length === 0) continue;
    const key = JSON.stringify(ranges);
    const slice = slices.get(key);
    if (slice) slice.zones.push(recordZone);
    else slices.set(key, { zones: [recordZone], ranges });
  }
  return [...slices.values()];
}
