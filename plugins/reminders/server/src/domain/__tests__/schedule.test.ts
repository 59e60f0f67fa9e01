import { Settings } from 'luxon';
import type { OffsetUnit, RuleStep } from '../rule-definition';
import {
  type AnchorValue,
  deferPastQuietHours,
  occurrenceTime,
  occurrencesOf,
  resolveLocalTime,
  shiftBoundsMinutes,
  stepShift,
} from '../schedule';

/*
 * Every expected instant below is written in UTC and can be checked by hand. The zone rules used
 * (checked against the IANA data Node ships):
 * - Africa/Nairobi: UTC+3 all year.
 * - Europe/London: GMT (UTC+0) → BST (UTC+1) on 2026-03-29 at 01:00 local (01:00–02:00 does not exist);
 *   BST → GMT on 2026-10-25 at 02:00 BST (01:00–02:00 local happens twice).
 * - America/New_York: EST (UTC−5) → EDT (UTC−4) on 2026-03-08 at 02:00 local (02:00–03:00 does not exist);
 *   EDT → EST on 2026-11-01 at 02:00 EDT (01:00–02:00 local happens twice).
 * - Africa/Cairo: EET (UTC+2) → EEST (UTC+3) on Friday 2026-04-24 at 00:00 local (00:00–01:00 does not
 *   exist); EEST → EET at the end of Thursday 2026-10-29 (23:00–24:00 local happens twice).
 */

const step = (
  amount: number,
  unit: OffsetUnit,
  direction: 'before' | 'after',
  repeat?: RuleStep['repeat']
): RuleStep => (repeat ? { amount, unit, direction, repeat } : { amount, unit, direction });
const onDate = (date: string): AnchorValue => ({ kind: 'date', date });
const atInstant = (iso: string): AnchorValue => ({ kind: 'instant', instant: new Date(iso) });
const when = (anchor: AnchorValue, s: RuleStep, zone: string, sendAt?: string, occurrence = 0) =>
  occurrenceTime(anchor, s, occurrence, { zone, sendAt }).toISOString();

/** Luxon resolves an ambiguous local time with the zone's offset "now" as a first guess: pin "now" to both seasons. */
const SEASONS = [
  ['in summer', Date.UTC(2026, 6, 1)],
  ['in winter', Date.UTC(2026, 0, 15)],
] as const;
const realNow = Settings.now;
afterEach(() => {
  Settings.now = realNow;
});

describe('occurrenceTime with a date anchor', () => {
  it('falls on the anchor date at sendAt in the zone (Nairobi 09:00 is 06:00 UTC)', () => {
    expect(when(onDate('2026-12-01'), step(0, 'days', 'after'), 'Africa/Nairobi', '09:00')).toBe(
      '2026-12-01T06:00:00.000Z'
    );
  });

  it('sends at 09:00 local when the rule has no sendAt', () => {
    expect(when(onDate('2026-12-01'), step(0, 'days', 'after'), 'Africa/Nairobi')).toBe('2026-12-01T06:00:00.000Z');
  });

  it.each([
    ['Asia/Kathmandu', '09:00', '2026-12-01T03:15:00.000Z'], // UTC+5:45
    ['America/St_Johns', '09:00', '2026-12-01T12:30:00.000Z'], // UTC−3:30 in December
    ['Pacific/Kiritimati', '09:00', '2026-11-30T19:00:00.000Z'], // UTC+14: the previous UTC day
    ['America/Los_Angeles', '17:45', '2026-12-02T01:45:00.000Z'], // UTC−8: the next UTC day
  ])('reads sendAt in %s (%s on 2026-12-01 is %s)', (zone, sendAt, expected) => {
    expect(when(onDate('2026-12-01'), step(0, 'days', 'after'), zone, sendAt)).toBe(expected);
  });

  it.each([
    [step(3, 'days', 'before'), '2026-11-28T06:00:00.000Z'],
    [step(3, 'days', 'after'), '2026-12-04T06:00:00.000Z'],
    [step(2, 'weeks', 'before'), '2026-11-17T06:00:00.000Z'],
    [step(2, 'weeks', 'after'), '2026-12-15T06:00:00.000Z'],
    [step(1, 'months', 'before'), '2026-11-01T06:00:00.000Z'],
    [step(1, 'months', 'after'), '2027-01-01T06:00:00.000Z'],
    [step(2, 'hours', 'before'), '2026-12-01T04:00:00.000Z'],
    [step(90, 'minutes', 'after'), '2026-12-01T07:30:00.000Z'],
  ])('moves 2026-12-01 09:00 Nairobi by %j to %s', (s, expected) => {
    expect(when(onDate('2026-12-01'), s, 'Africa/Nairobi', '09:00')).toBe(expected);
  });

  it.each([
    ['2026-01-31', step(1, 'months', 'after'), '2026-02-28T06:00:00.000Z'],
    ['2028-01-31', step(1, 'months', 'after'), '2028-02-29T06:00:00.000Z'],
    ['2026-03-31', step(1, 'months', 'before'), '2026-02-28T06:00:00.000Z'],
    ['2026-05-31', step(1, 'months', 'after'), '2026-06-30T06:00:00.000Z'],
    ['2026-10-31', step(4, 'months', 'after'), '2027-02-28T06:00:00.000Z'],
  ])('clamps months to the last day: %s + %j is %s', (date, s, expected) => {
    expect(when(onDate(date), s, 'Africa/Nairobi', '09:00')).toBe(expected);
  });

  describe('days keep the local clock across DST', () => {
    it.each([
      // zone, anchor date, days before, expected: 09:00 local on the day
      ['Europe/London', '2026-03-30', 1, '2026-03-29T08:00:00.000Z'], // BST
      ['Europe/London', '2026-03-30', 2, '2026-03-28T09:00:00.000Z'], // GMT
      ['Europe/London', '2026-10-26', 1, '2026-10-25T09:00:00.000Z'], // GMT
      ['Europe/London', '2026-10-26', 2, '2026-10-24T08:00:00.000Z'], // BST
      ['America/New_York', '2026-03-09', 1, '2026-03-08T13:00:00.000Z'], // EDT
      ['America/New_York', '2026-03-09', 2, '2026-03-07T14:00:00.000Z'], // EST
      ['America/New_York', '2026-11-02', 1, '2026-11-01T14:00:00.000Z'], // EST
      ['America/New_York', '2026-11-02', 2, '2026-10-31T13:00:00.000Z'], // EDT
      ['Africa/Cairo', '2026-04-25', 1, '2026-04-24T06:00:00.000Z'], // EEST
      ['Africa/Cairo', '2026-04-25', 2, '2026-04-23T07:00:00.000Z'], // EET
      ['Africa/Cairo', '2026-10-31', 1, '2026-10-30T07:00:00.000Z'], // EET
      ['Africa/Cairo', '2026-10-31', 2, '2026-10-29T06:00:00.000Z'], // EEST
    ])('%s: %s, %i day(s) before at 09:00 is %s', (zone, date, days, expected) => {
      expect(when(onDate(date), step(days, 'days', 'before'), zone, '09:00')).toBe(expected);
    });

    it('a week after a date before the change is the same local time after it (London, 09:00 GMT → 09:00 BST)', () => {
      expect(when(onDate('2026-03-25'), step(1, 'weeks', 'after'), 'Europe/London', '09:00')).toBe(
        '2026-04-01T08:00:00.000Z'
      );
    });

    it('a month after a date before the change is the same local time after it (New York, 09:00 EDT → 09:00 EST)', () => {
      expect(when(onDate('2026-10-15'), step(1, 'months', 'after'), 'America/New_York', '09:00')).toBe(
        '2026-11-15T14:00:00.000Z'
      );
    });
  });

  describe('hours and minutes are elapsed time across DST', () => {
    it.each([
      // 09:00 BST = 08:00Z; 8 hours earlier is 00:00Z, which London calls 00:00 GMT (not 01:00)
      ['Europe/London', '2026-03-29', step(8, 'hours', 'before'), '2026-03-29T00:00:00.000Z'],
      // 09:00 GMT = 09:00Z; 10 hours earlier is 23:00Z, 00:00 BST on the clock
      ['Europe/London', '2026-10-25', step(10, 'hours', 'before'), '2026-10-24T23:00:00.000Z'],
      // 09:00 EST = 14:00Z; 12 hours earlier is 02:00Z, 22:00 EDT the evening before
      ['America/New_York', '2026-11-01', step(12, 'hours', 'before'), '2026-11-01T02:00:00.000Z'],
      // 09:00 EDT = 13:00Z; 600 minutes earlier is 03:00Z, 22:00 EST the evening before
      ['America/New_York', '2026-03-08', step(600, 'minutes', 'before'), '2026-03-08T03:00:00.000Z'],
      // 09:00 EEST = 06:00Z; 12 hours earlier is 18:00Z, 20:00 EET the evening before
      ['Africa/Cairo', '2026-04-24', step(12, 'hours', 'before'), '2026-04-23T18:00:00.000Z'],
      // 09:00 EEST on 2026-10-29 = 06:00Z; 24 hours later is 06:00Z, 08:00 EET on the clock
      ['Africa/Cairo', '2026-10-29', step(24, 'hours', 'after'), '2026-10-30T06:00:00.000Z'],
    ])('%s: %s 09:00 moved by %j is %s', (zone, date, s, expected) => {
      expect(when(onDate(date), s, zone, '09:00')).toBe(expected);
    });
  });

  describe('a sendAt that does not exist moves forward by the gap', () => {
    it.each([
      // 01:30 GMT does not exist: 02:30 BST = 01:30Z (not 00:30Z, not 01:00Z)
      ['Europe/London', '2026-03-29', '01:30', '2026-03-29T01:30:00.000Z'],
      // 02:30 does not exist: 03:30 EDT = 07:30Z
      ['America/New_York', '2026-03-08', '02:30', '2026-03-08T07:30:00.000Z'],
      // 00:30 does not exist: 01:30 EEST = 22:30Z the day before
      ['Africa/Cairo', '2026-04-24', '00:30', '2026-04-23T22:30:00.000Z'],
    ])('%s %s %s is %s', (zone, date, sendAt, expected) => {
      expect(when(onDate(date), step(0, 'days', 'after'), zone, sendAt)).toBe(expected);
    });

    it('also when a days offset lands in the gap (New York, 1 day before 2026-03-09 at 02:30)', () => {
      expect(when(onDate('2026-03-09'), step(1, 'days', 'before'), 'America/New_York', '02:30')).toBe(
        '2026-03-08T07:30:00.000Z'
      );
    });
  });

  describe.each(SEASONS)('a sendAt that happens twice is the first of the two (luxon "now" %s)', (_season, now) => {
    it.each([
      // 01:30 BST = 00:30Z (the second, 01:30 GMT, is 01:30Z)
      ['Europe/London', '2026-10-25', '01:30', '2026-10-25T00:30:00.000Z'],
      // 01:30 EDT = 05:30Z (the second, 01:30 EST, is 06:30Z)
      ['America/New_York', '2026-11-01', '01:30', '2026-11-01T05:30:00.000Z'],
      // 23:30 EEST = 20:30Z (the second, 23:30 EET, is 21:30Z)
      ['Africa/Cairo', '2026-10-29', '23:30', '2026-10-29T20:30:00.000Z'],
    ])('%s %s %s is %s', (zone, date, sendAt, expected) => {
      Settings.now = () => now;
      expect(when(onDate(date), step(0, 'days', 'after'), zone, sendAt)).toBe(expected);
    });
  });
});

describe('occurrenceTime with an instant anchor', () => {
  describe('"1 day before" keeps the local clock; "24 hours before" is exactly 24 hours', () => {
    it.each([
      // zone, appointment start (UTC), 1 day before, 24 hours before
      ['Europe/London', '2026-03-29T09:00:00.000Z', '2026-03-28T10:00:00.000Z', '2026-03-28T09:00:00.000Z'], // 10:00 BST → 10:00 GMT
      ['Europe/London', '2026-10-25T10:00:00.000Z', '2026-10-24T09:00:00.000Z', '2026-10-24T10:00:00.000Z'], // 10:00 GMT → 10:00 BST
      ['America/New_York', '2026-03-08T14:00:00.000Z', '2026-03-07T15:00:00.000Z', '2026-03-07T14:00:00.000Z'], // 10:00 EDT → 10:00 EST
      ['America/New_York', '2026-11-01T15:00:00.000Z', '2026-10-31T14:00:00.000Z', '2026-10-31T15:00:00.000Z'], // 10:00 EST → 10:00 EDT
      ['Africa/Cairo', '2026-04-24T07:00:00.000Z', '2026-04-23T08:00:00.000Z', '2026-04-23T07:00:00.000Z'], // 10:00 EEST → 10:00 EET
      ['Africa/Cairo', '2026-10-30T08:00:00.000Z', '2026-10-29T07:00:00.000Z', '2026-10-29T08:00:00.000Z'], // 10:00 EET → 10:00 EEST
    ])('%s, appointment at %s: 1 day before is %s, 24 hours before is %s', (zone, startsAt, dayBefore, hoursBefore) => {
      expect(when(atInstant(startsAt), step(1, 'days', 'before'), zone)).toBe(dayBefore);
      expect(when(atInstant(startsAt), step(24, 'hours', 'before'), zone)).toBe(hoursBefore);
      expect(when(atInstant(startsAt), step(1440, 'minutes', 'before'), zone)).toBe(hoursBefore);
    });
  });

  it('moves by weeks on the calendar (London 10:00 GMT → a week later 10:00 BST)', () => {
    expect(when(atInstant('2026-03-25T10:00:00.000Z'), step(1, 'weeks', 'after'), 'Europe/London')).toBe(
      '2026-04-01T09:00:00.000Z'
    );
  });

  it('moves by months on the calendar (London 10:00 GMT on 15 March → 10:00 BST on 15 April)', () => {
    expect(when(atInstant('2026-03-15T10:00:00.000Z'), step(1, 'months', 'after'), 'Europe/London')).toBe(
      '2026-04-15T09:00:00.000Z'
    );
  });

  it('clamps months in the zone (Nairobi 31 January 10:00 → 28 February 10:00)', () => {
    expect(when(atInstant('2026-01-31T07:00:00.000Z'), step(1, 'months', 'after'), 'Africa/Nairobi')).toBe(
      '2026-02-28T07:00:00.000Z'
    );
  });

  it('takes the calendar date in the zone, not in UTC (Nairobi 31 January 01:00 = 30 January 22:00Z, + 1 month)', () => {
    expect(when(atInstant('2026-01-30T22:00:00.000Z'), step(1, 'months', 'after'), 'Africa/Nairobi')).toBe(
      '2026-02-27T22:00:00.000Z'
    );
  });

  it.each([
    // 02:00 EST = 07:00Z; 90 minutes earlier is 05:30Z, 01:30 EDT (the clock says 30 minutes earlier)
    ['America/New_York', '2026-11-01T07:00:00.000Z', step(90, 'minutes', 'before'), '2026-11-01T05:30:00.000Z'],
    // 03:30 BST = 02:30Z; 2 hours earlier is 00:30Z, 00:30 GMT (the clock says 3 hours earlier)
    ['Europe/London', '2026-03-29T02:30:00.000Z', step(2, 'hours', 'before'), '2026-03-29T00:30:00.000Z'],
    // 22:00 EEST = 19:00Z on 29 October; 3 hours later is 22:00Z, 00:00 EET on the 30th
    ['Africa/Cairo', '2026-10-29T19:00:00.000Z', step(3, 'hours', 'after'), '2026-10-29T22:00:00.000Z'],
  ])('hours and minutes are elapsed: %s %s moved by %j is %s', (zone, startsAt, s, expected) => {
    expect(when(atInstant(startsAt), s, zone)).toBe(expected);
  });

  it('keeps seconds and milliseconds with a pure elapsed offset', () => {
    expect(when(atInstant('2026-06-10T07:00:30.500Z'), step(24, 'hours', 'before'), 'Africa/Nairobi')).toBe(
      '2026-06-09T07:00:30.500Z'
    );
    expect(when(atInstant('2026-06-10T07:00:30.500Z'), step(0, 'minutes', 'after'), 'Africa/Nairobi')).toBe(
      '2026-06-10T07:00:30.500Z'
    );
  });

  it('keeps the local clock to the second with a calendar offset (10:00:30.5 the day before a 10:00:30.5 appointment)', () => {
    expect(when(atInstant('2026-06-10T07:00:30.500Z'), step(1, 'days', 'before'), 'Africa/Nairobi')).toBe(
      '2026-06-09T07:00:30.500Z'
    );
  });

  it('moves a days offset that lands in a DST gap forward by the gap (New York 02:30 EST + 1 day → 03:30 EDT)', () => {
    expect(when(atInstant('2026-03-07T07:30:00.000Z'), step(1, 'days', 'after'), 'America/New_York')).toBe(
      '2026-03-08T07:30:00.000Z'
    );
  });

  describe.each(SEASONS)(
    'a days offset that lands on a repeated time takes the first (luxon "now" %s)',
    (_season, now) => {
      it.each([
        // 01:30 BST on 24 October + 1 day → 01:30 BST on the 25th (00:30Z), not 01:30 GMT (01:30Z)
        ['Europe/London', '2026-10-24T00:30:00.000Z', step(1, 'days', 'after'), '2026-10-25T00:30:00.000Z'],
        // 01:30 GMT on 26 October − 1 day → 01:30 BST on the 25th
        ['Europe/London', '2026-10-26T01:30:00.000Z', step(1, 'days', 'before'), '2026-10-25T00:30:00.000Z'],
        // 01:30 EDT on 31 October + 1 day → 01:30 EDT on 1 November (05:30Z), not 01:30 EST (06:30Z)
        ['America/New_York', '2026-10-31T05:30:00.000Z', step(1, 'days', 'after'), '2026-11-01T05:30:00.000Z'],
        // 23:30 EEST on 28 October + 1 day → 23:30 EEST on the 29th (20:30Z), not 23:30 EET (21:30Z)
        ['Africa/Cairo', '2026-10-28T20:30:00.000Z', step(1, 'days', 'after'), '2026-10-29T20:30:00.000Z'],
      ])('%s %s moved by %j is %s', (zone, startsAt, s, expected) => {
        Settings.now = () => now;
        expect(when(atInstant(startsAt), s, zone)).toBe(expected);
      });
    }
  );

  it('counts from the second of two equal local times as that instant (London 01:30 GMT on 25 October)', () => {
    expect(when(atInstant('2026-10-25T01:30:00.000Z'), step(1, 'days', 'after'), 'Europe/London')).toBe(
      '2026-10-26T01:30:00.000Z'
    );
    expect(when(atInstant('2026-10-25T01:30:00.000Z'), step(30, 'minutes', 'before'), 'Europe/London')).toBe(
      '2026-10-25T01:00:00.000Z'
    );
  });

  it('applies the calendar part first, then elapsed repeats (1 day before a London 10:00 BST appointment, then every 6 hours)', () => {
    const s = step(1, 'days', 'before', { every: 6, unit: 'hours', times: 2 });
    const anchor = atInstant('2026-03-29T09:00:00.000Z');
    expect([0, 1, 2].map((occurrence) => when(anchor, s, 'Europe/London', undefined, occurrence))).toEqual([
      '2026-03-28T10:00:00.000Z',
      '2026-03-28T16:00:00.000Z',
      '2026-03-28T22:00:00.000Z',
    ]);
  });
});

describe('repeats', () => {
  it('repeat every 7 days 3 times after the due date gives 4 occurrences, a week apart', () => {
    const s = step(7, 'days', 'after', { every: 7, unit: 'days', times: 3 });
    expect(occurrencesOf(onDate('2026-12-01'), [s], { zone: 'Africa/Nairobi', sendAt: '09:00' })).toEqual([
      { stepIndex: 0, occurrence: 0, at: new Date('2026-12-08T06:00:00.000Z') },
      { stepIndex: 0, occurrence: 1, at: new Date('2026-12-15T06:00:00.000Z') },
      { stepIndex: 0, occurrence: 2, at: new Date('2026-12-22T06:00:00.000Z') },
      { stepIndex: 0, occurrence: 3, at: new Date('2026-12-29T06:00:00.000Z') },
    ]);
  });

  it('repeats of a "before" step move later each time, towards the anchor', () => {
    const s = step(3, 'days', 'before', { every: 1, unit: 'days', times: 2 });
    expect(
      occurrencesOf(onDate('2026-12-01'), [s], { zone: 'Africa/Nairobi', sendAt: '09:00' }).map((o) =>
        o.at.toISOString()
      )
    ).toEqual(['2026-11-28T06:00:00.000Z', '2026-11-29T06:00:00.000Z', '2026-11-30T06:00:00.000Z']);
  });

  it('monthly repeats count from the anchor, so a clamped month does not shorten the next (31 Jan → 28 Feb, 31 Mar, 30 Apr)', () => {
    const s = step(1, 'months', 'after', { every: 1, unit: 'months', times: 2 });
    expect(
      occurrencesOf(onDate('2026-01-31'), [s], { zone: 'Africa/Nairobi', sendAt: '09:00' }).map((o) =>
        o.at.toISOString()
      )
    ).toEqual(['2026-02-28T06:00:00.000Z', '2026-03-31T06:00:00.000Z', '2026-04-30T06:00:00.000Z']);
  });

  it('elapsed repeats from an instant: 24 hours before, then 12 hours later', () => {
    const s = step(24, 'hours', 'before', { every: 12, unit: 'hours', times: 1 });
    expect(
      occurrencesOf(atInstant('2026-12-01T07:00:00.000Z'), [s], { zone: 'Africa/Nairobi' }).map((o) =>
        o.at.toISOString()
      )
    ).toEqual(['2026-11-30T07:00:00.000Z', '2026-11-30T19:00:00.000Z']);
  });

  it('weekly repeats across a DST change keep the local clock (London 10:00)', () => {
    const s = step(0, 'days', 'after', { every: 1, unit: 'weeks', times: 2 });
    expect(
      occurrencesOf(atInstant('2026-03-22T10:00:00.000Z'), [s], { zone: 'Europe/London' }).map((o) =>
        o.at.toISOString()
      )
    ).toEqual(['2026-03-22T10:00:00.000Z', '2026-03-29T09:00:00.000Z', '2026-04-05T09:00:00.000Z']);
  });

  it('numbers occurrences per step, in step order', () => {
    const steps = [
      step(3, 'days', 'before'),
      step(1, 'days', 'after', { every: 2, unit: 'days', times: 1 }),
      step(2, 'hours', 'after'),
    ];
    expect(occurrencesOf(onDate('2026-12-01'), steps, { zone: 'Africa/Nairobi', sendAt: '10:00' })).toEqual([
      { stepIndex: 0, occurrence: 0, at: new Date('2026-11-28T07:00:00.000Z') },
      { stepIndex: 1, occurrence: 0, at: new Date('2026-12-02T07:00:00.000Z') },
      { stepIndex: 1, occurrence: 1, at: new Date('2026-12-04T07:00:00.000Z') },
      { stepIndex: 2, occurrence: 0, at: new Date('2026-12-01T09:00:00.000Z') },
    ]);
  });
});

describe('resolveLocalTime', () => {
  it('resolves an ordinary local time in the zone', () => {
    const resolved = resolveLocalTime({ year: 2026, month: 12, day: 1, hour: 9, minute: 0 }, 'Africa/Nairobi');
    expect(resolved.toUTC().toISO()).toBe('2026-12-01T06:00:00.000Z');
    expect(resolved.zoneName).toBe('Africa/Nairobi');
  });

  it.each([
    ['Europe/London', { year: 2026, month: 3, day: 29, hour: 1, minute: 30 }, '2026-03-29T01:30:00.000Z', '02:30'],
    ['America/New_York', { year: 2026, month: 3, day: 8, hour: 2, minute: 30 }, '2026-03-08T07:30:00.000Z', '03:30'],
    ['Africa/Cairo', { year: 2026, month: 4, day: 24, hour: 0, minute: 30 }, '2026-04-23T22:30:00.000Z', '01:30'],
  ])('moves a time in the %s gap forward by the gap', (zone, wall, expected, clock) => {
    const resolved = resolveLocalTime(wall, zone);
    expect(resolved.toUTC().toISO()).toBe(expected);
    expect(resolved.toFormat('HH:mm')).toBe(clock);
  });

  describe.each(SEASONS)('takes the first of a repeated time (luxon "now" %s)', (_season, now) => {
    it.each([
      ['Europe/London', { year: 2026, month: 10, day: 25, hour: 1, minute: 30 }, '2026-10-25T00:30:00.000Z'],
      ['Europe/London', { year: 2026, month: 10, day: 25, hour: 1, minute: 0 }, '2026-10-25T00:00:00.000Z'],
      ['America/New_York', { year: 2026, month: 11, day: 1, hour: 1, minute: 59 }, '2026-11-01T05:59:00.000Z'],
      ['Africa/Cairo', { year: 2026, month: 10, day: 29, hour: 23, minute: 30 }, '2026-10-29T20:30:00.000Z'],
    ])('%s %j is %s', (zone, wall, expected) => {
      Settings.now = () => now;
      expect(resolveLocalTime(wall, zone).toUTC().toISO()).toBe(expected);
    });

    it.each([
      // just outside the repeated hour: one instant each
      ['Europe/London', { year: 2026, month: 10, day: 25, hour: 2, minute: 0 }, '2026-10-25T02:00:00.000Z'],
      ['Europe/London', { year: 2026, month: 10, day: 25, hour: 0, minute: 59 }, '2026-10-24T23:59:00.000Z'],
      ['Africa/Cairo', { year: 2026, month: 10, day: 29, hour: 22, minute: 59 }, '2026-10-29T19:59:00.000Z'],
      ['Africa/Cairo', { year: 2026, month: 10, day: 30, hour: 0, minute: 0 }, '2026-10-29T22:00:00.000Z'],
    ])('%s %j, not repeated, is %s', (zone, wall, expected) => {
      Settings.now = () => now;
      expect(resolveLocalTime(wall, zone).toUTC().toISO()).toBe(expected);
    });
  });
});

describe('deferPastQuietHours', () => {
  const nairobi = 'Africa/Nairobi';
  const defer = (iso: string, quiet: { start: string; end: string } | undefined, zone = nairobi) =>
    deferPastQuietHours(new Date(iso), quiet, zone).toISOString();

  it('leaves the time alone without quiet hours', () => {
    expect(defer('2026-06-10T20:00:00.000Z', undefined)).toBe('2026-06-10T20:00:00.000Z');
  });

  describe('a period that wraps midnight (21:00–08:00 Nairobi)', () => {
    const quiet = { start: '21:00', end: '08:00' };
    it.each([
      ['20:59 is not quiet', '2026-06-10T17:59:00.000Z', '2026-06-10T17:59:00.000Z'],
      ['21:00 (the start) is quiet: next morning 08:00', '2026-06-10T18:00:00.000Z', '2026-06-11T05:00:00.000Z'],
      ['22:30 goes to next morning 08:00', '2026-06-10T19:30:00.000Z', '2026-06-11T05:00:00.000Z'],
      ['23:59 goes to next morning 08:00', '2026-06-10T20:59:00.000Z', '2026-06-11T05:00:00.000Z'],
      ['00:00 goes to the same morning 08:00', '2026-06-09T21:00:00.000Z', '2026-06-10T05:00:00.000Z'],
      ['05:00 goes to the same morning 08:00', '2026-06-10T02:00:00.000Z', '2026-06-10T05:00:00.000Z'],
      ['07:59 goes to 08:00', '2026-06-10T04:59:00.000Z', '2026-06-10T05:00:00.000Z'],
      ['08:00 (the end) is not quiet', '2026-06-10T05:00:00.000Z', '2026-06-10T05:00:00.000Z'],
      ['12:00 is not quiet', '2026-06-10T09:00:00.000Z', '2026-06-10T09:00:00.000Z'],
      ['22:00 on 31 December goes to 08:00 on 1 January', '2026-12-31T19:00:00.000Z', '2027-01-01T05:00:00.000Z'],
    ])('%s', (_name, at, expected) => {
      expect(defer(at, quiet)).toBe(expected);
    });
  });

  describe('a period within one day (12:00–14:00 Nairobi)', () => {
    const quiet = { start: '12:00', end: '14:00' };
    it.each([
      ['11:59 is not quiet', '2026-06-10T08:59:00.000Z', '2026-06-10T08:59:00.000Z'],
      ['12:00 goes to 14:00', '2026-06-10T09:00:00.000Z', '2026-06-10T11:00:00.000Z'],
      ['13:15 goes to 14:00 the same day', '2026-06-10T10:15:00.000Z', '2026-06-10T11:00:00.000Z'],
      ['14:00 is not quiet', '2026-06-10T11:00:00.000Z', '2026-06-10T11:00:00.000Z'],
      ['22:00 is not quiet', '2026-06-10T19:00:00.000Z', '2026-06-10T19:00:00.000Z'],
      ['03:00 is not quiet', '2026-06-10T00:00:00.000Z', '2026-06-10T00:00:00.000Z'],
    ])('%s', (_name, at, expected) => {
      expect(defer(at, quiet)).toBe(expected);
    });
  });

  it.each(['00:00', '08:00', '21:00'])('start == end (%s) means no quiet hours', (clock) => {
    for (const at of [
      '2026-06-10T05:00:00.000Z',
      '2026-06-10T18:00:00.000Z',
      '2026-06-10T21:00:00.000Z',
      '2026-06-10T02:00:00.000Z',
    ]) {
      expect(defer(at, { start: clock, end: clock })).toBe(at);
    }
  });

  describe('across a DST change the end is the local end on the next day', () => {
    const quiet = { start: '21:00', end: '08:00' };
    it.each([
      // 22:00 GMT → 08:00 BST
      ['Europe/London', '2026-03-28T22:00:00.000Z', '2026-03-29T07:00:00.000Z'],
      // 22:30 BST → 08:00 GMT
      ['Europe/London', '2026-10-24T21:30:00.000Z', '2026-10-25T08:00:00.000Z'],
      // 22:00 EST on 7 March → 08:00 EDT
      ['America/New_York', '2026-03-08T03:00:00.000Z', '2026-03-08T12:00:00.000Z'],
      // 23:00 EDT on 31 October → 08:00 EST
      ['America/New_York', '2026-11-01T03:00:00.000Z', '2026-11-01T13:00:00.000Z'],
      // 22:00 EET on 23 April → 08:00 EEST
      ['Africa/Cairo', '2026-04-23T20:00:00.000Z', '2026-04-24T05:00:00.000Z'],
      // 23:30 EET (the second 23:30) on 29 October → 08:00 EET
      ['Africa/Cairo', '2026-10-29T21:30:00.000Z', '2026-10-30T06:00:00.000Z'],
    ])('%s: %s is deferred to %s', (zone, at, expected) => {
      expect(defer(at, quiet, zone)).toBe(expected);
    });
  });

  it('an end that does not exist moves forward by the gap (New York 22:00–02:30, 23:00 EST on 7 March → 03:30 EDT)', () => {
    expect(defer('2026-03-08T04:00:00.000Z', { start: '22:00', end: '02:30' }, 'America/New_York')).toBe(
      '2026-03-08T07:30:00.000Z'
    );
  });

  it('an end that happens twice is the first when the message is before it (London 00:00–01:30, 01:10 BST → 01:30 BST)', () => {
    expect(defer('2026-10-25T00:10:00.000Z', { start: '00:00', end: '01:30' }, 'Europe/London')).toBe(
      '2026-10-25T00:30:00.000Z'
    );
  });

  it('never defers to a time before the message (London 00:00–01:30, the second 01:10 = 01:10 GMT → 01:30 GMT)', () => {
    const at = new Date('2026-10-25T01:10:00.000Z');
    const deferred = deferPastQuietHours(at, { start: '00:00', end: '01:30' }, 'Europe/London');
    expect(deferred.toISOString()).toBe('2026-10-25T01:30:00.000Z');
  });
});

describe('shiftBoundsMinutes', () => {
  it.each([
    [step(3, 'days', 'before'), { min: -4320, max: -4320 }],
    [step(2, 'hours', 'after'), { min: 120, max: 120 }],
    [step(45, 'minutes', 'before'), { min: -45, max: -45 }],
    [step(1, 'weeks', 'before'), { min: -10080, max: -10080 }],
    // 7, 14, 21, 28 days after
    [step(7, 'days', 'after', { every: 7, unit: 'days', times: 3 }), { min: 10080, max: 40320 }],
    // 3 days before, then 1 and 2 days before: −4320 … −1440
    [step(3, 'days', 'before', { every: 1, unit: 'days', times: 2 }), { min: -4320, max: -1440 }],
    // a month counted as 31 days ± 3 days of slack: 28 … 34 days
    [step(1, 'months', 'after'), { min: 40320, max: 48960 }],
    // −1, 0, 1, 2 months: −31 days − 6 days … 62 days + 6 days (slack of the widest, 2 months)
    [step(1, 'months', 'before', { every: 1, unit: 'months', times: 3 }), { min: -53280, max: 97920 }],
  ])('%j → %j', (s, expected) => {
    expect(shiftBoundsMinutes(s)).toEqual(expected);
  });

  /** A small deterministic generator so a failure can be replayed. */
  const random = (seed: number) => () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const units: OffsetUnit[] = ['minutes', 'hours', 'days', 'weeks', 'months'];

  it('contains the real shift of every occurrence (UTC, so calendar days are 1440 minutes; month ends included)', () => {
    const next = random(42);
    const pick = <T>(items: readonly T[]) => items[Math.floor(next() * items.length)];
    let checked = 0;
    for (let i = 0; i < 400; i += 1) {
      const repeat =
        next() < 0.6
          ? { every: 1 + Math.floor(next() * 5), unit: pick(units), times: 1 + Math.floor(next() * 6) }
          : undefined;
      const s = step(Math.floor(next() * 14), pick(units), next() < 0.5 ? 'before' : 'after', repeat);
      const bounds = shiftBoundsMinutes(s);
      // anchors on the 28th to 31st and the 1st of every month, where month arithmetic clamps the most
      const month = 1 + Math.floor(next() * 12);
      const day = pick([1, 28, 29, 30, 31]);
      const anchor = new Date(
        Date.UTC(2026, month - 1, Math.min(day, new Date(Date.UTC(2026, month, 0)).getUTCDate()), 10, 0)
      );
      for (const { at } of occurrencesOf({ kind: 'instant', instant: anchor }, [s], { zone: 'UTC' })) {
        const shift = (at.getTime() - anchor.getTime()) / 60_000;
        expect(shift).toBeGreaterThanOrEqual(bounds.min);
        expect(shift).toBeLessThanOrEqual(bounds.max);
        checked += 1;
      }
    }
    expect(checked).toBeGreaterThan(1000);
  });

  it('is the range of stepShift over the occurrences when there are no months', () => {
    const s = step(2, 'days', 'before', { every: 36, unit: 'hours', times: 4 });
    // −2 days; then −2 days + 36, 72, 108, 144 hours
    expect(stepShift(s, 0)).toEqual({ months: 0, days: -2, elapsedMinutes: 0 });
    expect(stepShift(s, 4)).toEqual({ months: 0, days: -2, elapsedMinutes: 8640 });
    expect(shiftBoundsMinutes(s)).toEqual({ min: -2880, max: 5760 });
  });
});
