import type { OffsetUnit, RuleStep } from '../rule-definition';
import { type AnchorSlice } from '../anchor-slices';
import { type PlanningDefaults, type PlanningRule } from '../planning';
import { occurrencesOf } from '../schedule';
import { anchorSlices, anchorRange, anchorValueOf, planRecord } from './built-in-targets';

/* Africa/Nairobi is UTC+3 all year (09:00 there is 06:00Z); Africa/Lagos UTC+1; Asia/Kolkata UTC+5:30. */

const step = (
  amount: number,
  unit: OffsetUnit,
  direction: 'before' | 'after',
  repeat?: RuleStep['repeat']
): RuleStep => (repeat ? { amount, unit, direction, repeat } : { amount, unit, direction });
const window = (from: string, to: string) => ({ from: new Date(from), to: new Date(to) });
const defaults: PlanningDefaults = {
  timeZone: 'Africa/Nairobi',
  maxLatenessMinutes: 60,
  quietHours: null,
  region: 'KE',
};
const dueRule = (overrides: Partial<PlanningRule> = {}): PlanningRule => ({
  documentId: 'rule',
  target: 'invoice',
  anchor: 'due_date',
  steps: [step(3, 'days', 'before')],
  sendAt: '09:00',
  ...overrides,
});

describe('anchorSlices', () => {
  it('is empty for an hour in which the rule sends nothing in any zone the records use (night in Africa)', () => {
    expect(
      anchorSlices(
        dueRule(),
        window('2026-12-08T23:00:00Z', '2026-12-09T00:00:00Z'),
        ['Africa/Lagos', 'Asia/Amman'],
        defaults
      )
    ).toEqual([]);
  });

  it('gives each zone the one due date whose reminder falls in the hour, and groups zones that share it', () => {
    // 06:00–07:00Z is 09:00–10:00 in Nairobi and Amman (UTC+3): due 3 days after 2026-12-10.
    expect(
      anchorSlices(
        dueRule(),
        window('2026-12-10T05:30:00Z', '2026-12-10T06:30:00Z'),
        ['Africa/Lagos', 'Asia/Amman'],
        defaults
      )
    ).toEqual([{ zones: [null, 'Asia/Amman'], ranges: [{ from: '2026-12-13', to: '2026-12-13' }] }]);
    // 08:00–09:00Z is 09:00 in Lagos (UTC+1); records without a zone use the rule's zone when it has one.
    expect(
      anchorSlices(
        dueRule({ timezone: 'Africa/Lagos' }),
        window('2026-12-10T07:30:00Z', '2026-12-10T08:30:00Z'),
        ['Africa/Lagos', 'Asia/Amman'],
        defaults
      )
    ).toEqual([{ zones: [null, 'Africa/Lagos'], ranges: [{ from: '2026-12-13', to: '2026-12-13' }] }]);
  });

  it('places every repeat of a step, not the span between the first and the last', () => {
    // 1 day after the due date, then weekly three times: anchors 1, 8, 15 and 22 days before the window.
    const rule = dueRule({ steps: [step(1, 'days', 'after', { every: 7, unit: 'days', times: 3 })], sendAt: '10:00' });
    expect(anchorSlices(rule, window('2026-12-20T06:30:00Z', '2026-12-20T07:30:00Z'), [], defaults)).toEqual([
      {
        zones: [null],
        ranges: [
          { from: '2026-11-28', to: '2026-11-28' },
          { from: '2026-12-05', to: '2026-12-05' },
          { from: '2026-12-12', to: '2026-12-12' },
          { from: '2026-12-19', to: '2026-12-19' },
        ],
      },
    ]);
  });

  it('gives elapsed steps on instants one exact range for every zone', () => {
    const rule: PlanningRule = {
      documentId: 'rule',
      target: 'appointment',
      anchor: 'starts_at',
      steps: [step(24, 'hours', 'before'), step(30, 'minutes', 'before')],
    };
    expect(
      anchorSlices(rule, window('2026-12-10T10:00:00Z', '2026-12-10T11:00:00Z'), ['Asia/Kolkata'], defaults)
    ).toEqual([
      {
        zones: 'any',
        ranges: [
          { from: new Date('2026-12-10T10:30:00Z'), to: new Date('2026-12-10T11:30:00Z') },
          { from: new Date('2026-12-11T10:00:00Z'), to: new Date('2026-12-11T11:00:00Z') },
        ],
      },
    ]);
  });

  it('gives calendar steps on instants a range per zone, wide enough for a DST gap (a day before, New York in March)', () => {
    const rule: PlanningRule = {
      documentId: 'rule',
      target: 'appointment',
      anchor: 'starts_at',
      steps: [step(1, 'days', 'before')],
    };
    const slices = anchorSlices(
      rule,
      window('2026-03-07T15:00:00Z', '2026-03-07T16:00:00Z'),
      ['America/New_York'],
      defaults
    );
    // Nairobi keeps UTC+3: the anchor is a day later, give or take the 2-hour allowance for a gap.
    expect(slices).toContainEqual({
      zones: [null],
      ranges: [{ from: new Date('2026-03-08T13:00:00Z'), to: new Date('2026-03-08T16:00:00Z') }],
    });
    // New York springs forward on 8 March: a day later is 23 hours later for a 10:00 appointment.
    const newYork = slices.find((slice) => Array.isArray(slice.zones) && slice.zones.includes('America/New_York'));
    expect(newYork?.ranges).toEqual([{ from: new Date('2026-03-08T12:00:00Z'), to: new Date('2026-03-08T16:00:00Z') }]);
  });

  it('ignores a zone Luxon cannot read (such records get no reminder from planRecord either)', () => {
    expect(
      anchorSlices(dueRule(), window('2026-12-10T05:30:00Z', '2026-12-10T06:30:00Z'), ['Not/AZone'], defaults)
    ).toEqual([{ zones: [null], ranges: [{ from: '2026-12-13', to: '2026-12-13' }] }]);
  });

  it('refuses a rule whose steps reach dates no column holds (the planner reports the rule as failed)', () => {
    const rule = dueRule({ steps: [step(100_000, 'months', 'before')] });
    expect(() => anchorSlices(rule, window('2026-11-28T00:00:00Z', '2026-11-29T00:00:00Z'), [], defaults)).toThrow(
      /outside years 1–9999/
    );
  });

  describe('always holds the anchor of a record that has an occurrence in the window (the records’ zones known)', () => {
    /** The same small deterministic generator as planning.test.ts, so a failure can be replayed from its seed. */
    const random = (seed: number) => () => {
      seed = (seed + 0x6d2b79f5) | 0;
      let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
    const ZONES = [
      'Africa/Nairobi',
      'Europe/London',
      'America/New_York',
      'Africa/Cairo',
      'Pacific/Kiritimati', // UTC+14
      'Etc/GMT+12', // UTC−12
      'Pacific/Chatham', // UTC+12:45 / +13:45
      'Asia/Kathmandu', // UTC+5:45
      'America/St_Johns', // UTC−3:30 / −2:30
      'Australia/Lord_Howe', // 30-minute DST
      'Antarctica/Troll', // 2-hour DST
      'Pacific/Apia',
      'UTC',
    ];
    const ANCHORS: [PlanningRule['target'], string, string][] = [
      ['invoice', 'due_date', 'dueDate'],
      ['invoice', 'issue_date', 'issueDate'],
      ['invoice', 'created', 'createdAt'],
      ['appointment', 'starts_at', 'startsAt'],
      ['appointment', 'ends_at', 'endsAt'],
      ['appointment', 'created', 'createdAt'],
    ];
    const UNITS: [OffsetUnit, number][] = [
      ['minutes', 6000],
      ['hours', 200],
      ['days', 60],
      ['weeks', 10],
      ['months', 14],
    ];
    const day = (date: Date) => date.toISOString().slice(0, 10);

    const scenario = (next: () => number) => {
      const pick = <T>(items: readonly T[]) => items[Math.floor(next() * items.length)];
      const [target, anchor, field] = pick(ANCHORS);
      const randomStep = (): RuleStep => {
        const [unit, max] = pick(UNITS);
        const [repeatUnit, repeatMax] = pick(UNITS);
        const repeat =
          next() < 0.5
            ? {
                every: 1 + Math.floor(next() * Math.min(repeatMax, 30)),
                unit: repeatUnit,
                times: 1 + Math.floor(next() * 5),
              }
            : undefined;
        return step(Math.floor(next() * (max + 1)), unit, next() < 0.5 ? 'before' : 'after', repeat);
      };
      const clock = () =>
        `${String(Math.floor(next() * 24)).padStart(2, '0')}:${String(Math.floor(next() * 60)).padStart(2, '0')}`;
      const zoneIn = (where: number) => (next() < where ? pick(ZONES) : null);
      const isDate = field === 'issueDate' || field === 'dueDate';
      const rule: PlanningRule = {
        documentId: 'rule',
        target,
        anchor,
        steps: Array.from({ length: 1 + Math.floor(next() * 3) }, randomStep),
        sendAt: isDate ? pick(['00:00', '23:59', clock()]) : null,
        timezone: zoneIn(0.5),
      };
      // anchors over three years, often on a month end or a DST day
      const base = Date.UTC(2025, 0, 1) + Math.floor(next() * 3 * 365 * 86_400_000);
      const instant = new Date(
        next() < 0.3
          ? pick([
              Date.UTC(2026, 0, 31, 23, 30),
              Date.UTC(2026, 2, 29, 1, 30),
              Date.UTC(2026, 9, 25, 0, 45),
              Date.UTC(2026, 9, 29, 21, 15),
              Date.UTC(2026, 2, 8, 6, 30),
              Date.UTC(2026, 10, 1, 5, 30),
            ])
          : base
      );
      const record = {
        documentId: 'rec',
        phone: '+254712345678',
        timezone: zoneIn(0.6),
        [field]: isDate ? day(instant) : instant.toISOString(),
      };
      const planningDefaults: PlanningDefaults = {
        timeZone: pick(ZONES),
        maxLatenessMinutes: 60,
        quietHours: null,
        region: 'KE',
      };
      // The zones the records use: the record's, and a few others.
      const zones = [...(record.timezone ? [record.timezone] : []), pick(ZONES), pick(ZONES)];
      return { rule, record, planningDefaults, zones, next, pick, anchorMs: instant.getTime() };
    };

    const covered = (rule: PlanningRule, record: Record<string, unknown>, slices: AnchorSlice[]) => {
      const value = anchorValueOf(rule, record);
      if (!value) return false;
      const zone = (record.timezone as string | null) || null;
      return slices.some(
        (slice) =>
          (slice.zones === 'any' || slice.zones.includes(zone)) &&
          (slice.ranges as { from: string | Date; to: string | Date }[]).some((range) =>
            value.kind === 'date'
              ? value.date >= (range.from as string) && value.date <= (range.to as string)
              : value.instant >= (range.from as Date) && value.instant <= (range.to as Date)
          )
      );
    };

    it('for windows placed around an occurrence: (at − 1 ms, at], an hour-long planning step, or up to 3 days (800 cases)', () => {
      const next = random(20261126);
      const failures: unknown[] = [];
      for (let i = 0; i < 800; i += 1) {
        const { rule, record, planningDefaults, zones, pick } = scenario(next);
        const value = anchorValueOf(rule, record)!;
        const zone = (record.timezone as string) || rule.timezone || planningDefaults.timeZone;
        const target = pick(occurrencesOf(value, rule.steps, { zone, sendAt: rule.sendAt ?? undefined })).at.getTime();
        const shape = next();
        const w =
          shape < 0.4
            ? { from: new Date(target - 1), to: new Date(target) }
            : shape < 0.7
              ? (() => {
                  const from = target - 1 - Math.floor(next() * 3_600_000);
                  return { from: new Date(from), to: new Date(from + 3_600_000) };
                })()
              : {
                  from: new Date(target - 1 - Math.floor(next() * 3 * 86_400_000)),
                  to: new Date(target + Math.floor(next() * 3 * 86_400_000)),
                };
        const planned = planRecord(rule, record, w, w.to, planningDefaults);
        const slices = anchorSlices(rule, w, zones, planningDefaults);
        if (planned.length === 0 || !covered(rule, record, slices))
          failures.push({ rule, record, planningDefaults, zones, window: w, slices, planned: planned.length });
      }
      expect(failures).toEqual([]);
    });

    it('for windows anywhere within 15 months of the anchor (1,200 random windows of up to 40 days)', () => {
      const next = random(8);
      const failures: unknown[] = [];
      let found = 0;
      for (let i = 0; i < 1200; i += 1) {
        const { rule, record, planningDefaults, zones, anchorMs } = scenario(next);
        const from = anchorMs + Math.floor((next() * 2 - 1) * 460 * 86_400_000);
        const w = { from: new Date(from), to: new Date(from + Math.floor(next() * 40 * 86_400_000)) };
        const planned = planRecord(rule, record, w, w.to, planningDefaults);
        if (planned.length === 0) continue;
        found += 1;
        const slices = anchorSlices(rule, w, zones, planningDefaults);
        if (!covered(rule, record, slices)) failures.push({ rule, record, planningDefaults, zones, window: w, slices });
      }
      expect(failures).toEqual([]);
      expect(found).toBeGreaterThan(40);
    });

    it('and is never wider than anchorRange, the single range it replaces (200 cases)', () => {
      const next = random(99);
      for (let i = 0; i < 200; i += 1) {
        const { rule, planningDefaults, zones, anchorMs } = scenario(next);
        const from = anchorMs + Math.floor((next() * 2 - 1) * 30 * 86_400_000);
        const w = { from: new Date(from), to: new Date(from + Math.floor(next() * 2 * 86_400_000)) };
        const range = anchorRange(rule, w);
        for (const slice of anchorSlices(rule, w, zones, planningDefaults)) {
          for (const { from: start, to: end } of slice.ranges as { from: string | Date; to: string | Date }[]) {
            if (typeof start === 'string') {
              expect(start >= day(range.from) && (end as string) <= day(range.to)).toBe(true);
            } else {
              // Calendar steps on instants allow for offset changes around the occurrence, beyond anchorRange's day.
              expect(start.getTime()).toBeGreaterThanOrEqual(range.from.getTime() - 2 * 86_400_000);
              expect((end as Date).getTime()).toBeLessThanOrEqual(range.to.getTime() + 2 * 86_400_000);
            }
          }
        }
      }
    });
  });
});
