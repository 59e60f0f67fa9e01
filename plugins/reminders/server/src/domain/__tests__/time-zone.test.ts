import { DateTime, IANAZone } from 'luxon';
import { isCalendarDate, isClockTime, isTimeZone, toUtcInstant, zoneNamed } from '../time-zone';

describe('isTimeZone', () => {
  it.each(['Africa/Nairobi', 'America/New_York', 'Africa/Kampala', 'Asia/Amman', 'Europe/London', 'UTC'])(
    'accepts %s',
    (zone) => {
      expect(isTimeZone(zone)).toBe(true);
    }
  );

  it.each([
    ['Mars/Olympus'],
    [''],
    ['Nairobi'],
    ['+03:00x'],
    [`Africa/${'N'.repeat(60)}`],
    [42],
    [null],
    [undefined],
    [{}],
  ])('refuses %p', (zone) => {
    expect(isTimeZone(zone)).toBe(false);
  });
});

describe('isCalendarDate', () => {
  it.each(['2026-01-01', '2026-12-31', '2028-02-29', '2026-02-28'])('accepts %s', (value) => {
    expect(isCalendarDate(value)).toBe(true);
  });

  it.each([
    ['2026-02-30'],
    ['2026-02-29'],
    ['2026-13-01'],
    ['2026-00-10'],
    ['2026-04-31'],
    ['2026-1-1'],
    ['26-01-01'],
    ['2026/01/01'],
    ['2026-01-01T00:00:00Z'],
    [' 2026-01-01'],
    [''],
    [20260101],
    [new Date('2026-01-01')],
    [null],
  ])('refuses %p', (value) => {
    expect(isCalendarDate(value)).toBe(false);
  });
});

describe('isClockTime', () => {
  it.each(['09:00', '00:00', '23:59', '12:30', '19:05'])('accepts %s', (value) => {
    expect(isClockTime(value)).toBe(true);
  });

  it.each([['24:00'], ['9:00'], ['09:60'], ['09:0'], ['0900'], ['09:00:00'], ['9am'], [' 09:00'], [''], [900], [null]])(
    'refuses %p',
    (value) => {
      expect(isClockTime(value)).toBe(false);
    }
  );
});

describe('toUtcInstant', () => {
  it.each([
    ['2026-12-01T09:00:00+03:00', '2026-12-01T06:00:00.000Z'],
    ['2026-12-01T09:00:00Z', '2026-12-01T09:00:00.000Z'],
    ['2026-12-01T09:00:00.123+03:00', '2026-12-01T06:00:00.123Z'],
    ['2026-12-01T09:00:00-05:00', '2026-12-01T14:00:00.000Z'],
    ['2026-12-01T09:00:00+0530', '2026-12-01T03:30:00.000Z'],
    ['2026-12-01T09:00+03:00', '2026-12-01T06:00:00.000Z'],
    ['2026-12-01T01:00:00+03:00', '2026-11-30T22:00:00.000Z'],
    ['2026-12-31T23:30:00-01:00', '2027-01-01T00:30:00.000Z'],
  ])('reads %s as %s', (input, utc) => {
    expect(toUtcInstant(input)).toBe(utc);
  });

  it.each([
    ['2026-12-01T09:00:00'],
    ['2026-12-01T09:00'],
    ['2026-12-01'],
    ['2026-12-01 09:00:00+03:00'],
    ['2026-02-30T09:00:00Z'],
    ['2026-12-01T25:00:00Z'],
    ['tomorrow at nine'],
    [''],
  ])('refuses %j', (input) => {
    expect(toUtcInstant(input)).toBeUndefined();
  });

  it('accepts a Date', () => {
    expect(toUtcInstant(new Date(Date.UTC(2026, 11, 1, 6, 0, 0)))).toBe('2026-12-01T06:00:00.000Z');
  });

  it('refuses an invalid Date', () => {
    expect(toUtcInstant(new Date('not a date'))).toBeUndefined();
  });

  it.each([[1764568800000], [null], [undefined], [{}]])('refuses the non-string %p', (input) => {
    expect(toUtcInstant(input)).toBeUndefined();
  });
});

describe('zoneNamed: offsets remembered by the hour', () => {
  // Lord Howe moves by 30 minutes; Gaza and Chatham change at odd local times; Sao Paulo no longer changes.
  it.each([
    'Africa/Nairobi',
    'Europe/London',
    'America/New_York',
    'Australia/Lord_Howe',
    'Asia/Gaza',
    'Pacific/Chatham',
    'America/Sao_Paulo',
  ])('gives %s the offsets Luxon computes, every 7 minutes of 2026 and around each change', (name) => {
    const exact = IANAZone.create(name);
    const remembered = zoneNamed(name);
    const wrong: string[] = [];
    const check = (ms: number) => {
      if (remembered.offset(ms) !== exact.offset(ms)) wrong.push(new Date(ms).toISOString());
    };
    const start = Date.parse('2026-01-01T00:00:00Z');
    const end = Date.parse('2027-01-01T00:00:00Z');
    for (let ms = start; ms < end; ms += 7 * 60_000) {
      check(ms);
      // Each side of a change, to the second.
      if (exact.offset(ms) !== exact.offset(ms + 7 * 60_000))
        for (let second = ms; second <= ms + 7 * 60_000; second += 1000) check(second);
    }
    expect(wrong).toEqual([]);
  });

  it("is one zone per name, equal to Luxon's own, and keeps DateTimes' wall clocks", () => {
    expect(zoneNamed('Europe/London')).toBe(zoneNamed('Europe/London'));
    expect(zoneNamed('Europe/London').equals(IANAZone.create('Europe/London'))).toBe(true);
    const local = DateTime.fromObject(
      { year: 2026, month: 10, day: 25, hour: 1, minute: 30 },
      { zone: zoneNamed('Europe/London') }
    );
    expect(local.toISO()).toBe(
      DateTime.fromObject({ year: 2026, month: 10, day: 25, hour: 1, minute: 30 }, { zone: 'Europe/London' }).toISO()
    );
    expect(DateTime.fromJSDate(new Date(0), { zone: zoneNamed('Mars/Olympus') }).isValid).toBe(false);
  });
});
