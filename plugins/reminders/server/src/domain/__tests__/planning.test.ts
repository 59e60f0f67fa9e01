import type { OffsetUnit, RuleStep } from '../rule-definition';
import { type PlanningDefaults, type PlanningRule, type Window } from '../planning';
import { occurrencesOf } from '../schedule';
import { anchorRange, anchorValueOf, planRecord, plannedForCurrentAnchor } from './built-in-targets';
import { type Reason, reasonText } from '../reasons';

const inWords = (why: Reason | undefined) => (why ? reasonText(why) : undefined);

/*
 * Africa/Nairobi is UTC+3 all year: 09:00 there is 06:00Z. Expected instants are written in UTC.
 */

const step = (
  amount: number,
  unit: OffsetUnit,
  direction: 'before' | 'after',
  repeat?: RuleStep['repeat']
): RuleStep => (repeat ? { amount, unit, direction, repeat } : { amount, unit, direction });
const window = (from: string, to: string): Window => ({ from: new Date(from), to: new Date(to) });
const at = (iso: string) => new Date(iso);

const defaults: PlanningDefaults = {
  timeZone: 'Africa/Nairobi',
  maxLatenessMinutes: 60,
  quietHours: null,
  region: 'KE',
};

const invoiceRule = (overrides: Partial<PlanningRule> = {}): PlanningRule => ({
  documentId: 'rule-inv',
  target: 'invoice',
  anchor: 'due_date',
  steps: [step(3, 'days', 'before')],
  sendAt: '09:00',
  ...overrides,
});
const invoice = (overrides: Record<string, unknown> = {}) => ({
  documentId: 'inv-1',
  issueDate: '2026-11-01',
  dueDate: '2026-12-01',
  createdAt: '2026-11-01T08:00:00.000Z',
  phone: '+254712345678',
  ...overrides,
});
const appointmentRule = (overrides: Partial<PlanningRule> = {}): PlanningRule => ({
  documentId: 'rule-appt',
  target: 'appointment',
  anchor: 'starts_at',
  steps: [step(1, 'days', 'before')],
  ...overrides,
});
/** 10:00 Nairobi on 1 December. */
const appointment = (overrides: Record<string, unknown> = {}) => ({
  documentId: 'appt-1',
  startsAt: '2026-12-01T07:00:00.000Z',
  endsAt: '2026-12-01T08:00:00.000Z',
  createdAt: '2026-11-20T12:34:56.789Z',
  phone: '+254712345678',
  staffPhone: '+254733000111',
  ...overrides,
});

/** A window of a day around 28 November, and "now" before anything in it is due. */
const NOV_28 = window('2026-11-28T00:00:00.000Z', '2026-11-29T00:00:00.000Z');
/** The day an appointment at 10:00 on 1 December is reminded "1 day before". */
const NOV_30 = window('2026-11-30T00:00:00.000Z', '2026-12-01T00:00:00.000Z');
const EARLY = at('2026-11-27T00:00:00.000Z');

describe('planRecord', () => {
  it('plans one queued delivery for an occurrence in the window (3 days before 1 December at 09:00 Nairobi)', () => {
    expect(planRecord(invoiceRule(), invoice(), NOV_28, EARLY, defaults)).toStrictEqual([
      {
        idempotencyKey: 'rule-inv:0:0:invoice:inv-1:customer:2026-12-01',
        ruleDocumentId: 'rule-inv',
        targetType: 'invoice',
        targetDocumentId: 'inv-1',
        stepIndex: 0,
        occurrence: 0,
        recipientRole: 'customer',
        channel: 'sms',
        phone: '+254712345678',
        scheduledFor: at('2026-11-28T06:00:00.000Z'),
        notBefore: at('2026-11-28T06:00:00.000Z'),
        status: 'queued',
      },
    ]);
  });

  describe('the window: from is exclusive, to is inclusive', () => {
    const times = (w: Window) =>
      planRecord(invoiceRule(), invoice(), w, EARLY, defaults).map((row) => row.scheduledFor.toISOString());
    it.each([
      ['from at the occurrence: excluded', '2026-11-28T06:00:00.000Z', '2026-11-29T00:00:00.000Z', []],
      [
        'from 1 ms before: included',
        '2026-11-28T05:59:59.999Z',
        '2026-11-29T00:00:00.000Z',
        ['2026-11-28T06:00:00.000Z'],
      ],
      [
        'to at the occurrence: included',
        '2026-11-28T00:00:00.000Z',
        '2026-11-28T06:00:00.000Z',
        ['2026-11-28T06:00:00.000Z'],
      ],
      ['to 1 ms before: excluded', '2026-11-28T00:00:00.000Z', '2026-11-28T05:59:59.999Z', []],
      ['a window of the following day: nothing', '2026-11-29T00:00:00.000Z', '2026-11-30T00:00:00.000Z', []],
    ])('%s', (_name, from, to, expected) => {
      expect(times(window(from, to))).toEqual(expected);
    });

    it('keeps only the occurrences of a repeating step that fall in the window', () => {
      const rule = invoiceRule({ steps: [step(7, 'days', 'after', { every: 7, unit: 'days', times: 3 })] });
      // occurrences: 8, 15, 22, 29 December at 06:00Z
      const rows = planRecord(
        rule,
        invoice(),
        window('2026-12-08T06:00:00.000Z', '2026-12-22T06:00:00.000Z'),
        EARLY,
        defaults
      );
      expect(rows.map((row) => [row.occurrence, row.scheduledFor.toISOString()])).toEqual([
        [1, '2026-12-15T06:00:00.000Z'],
        [2, '2026-12-22T06:00:00.000Z'],
      ]);
    });
  });

  describe('the idempotency key: rule, step, occurrence, target, record, role, anchor value', () => {
    it('names every part, for each step and occurrence', () => {
      const rule = invoiceRule({
        documentId: 'r9',
        steps: [step(3, 'days', 'before'), step(1, 'days', 'after', { every: 1, unit: 'days', times: 1 })],
      });
      const rows = planRecord(
        rule,
        invoice({ documentId: 'i7' }),
        window('2026-11-01T00:00:00.000Z', '2026-12-31T00:00:00.000Z'),
        EARLY,
        defaults
      );
      expect(rows.map((row) => row.idempotencyKey)).toEqual([
        'r9:0:0:invoice:i7:customer:2026-12-01',
        'r9:1:0:invoice:i7:customer:2026-12-01',
        'r9:1:1:invoice:i7:customer:2026-12-01',
      ]);
      expect(rows.map((row) => [row.stepIndex, row.occurrence])).toEqual([
        [0, 0],
        [1, 0],
        [1, 1],
      ]);
    });

    it('ends with the anchor instant in UTC for an instant anchor, and has the role', () => {
      const rows = planRecord(appointmentRule({ recipient: 'both' }), appointment(), NOV_30, EARLY, defaults);
      expect(rows.map((row) => row.idempotencyKey)).toEqual([
        'rule-appt:0:0:appointment:appt-1:customer:2026-12-01T07:00:00.000Z',
        'rule-appt:0:0:appointment:appt-1:staff:2026-12-01T07:00:00.000Z',
      ]);
    });

    it('changes when the appointment is rescheduled, so the new time is reminded too', () => {
      const wide = window('2026-11-01T00:00:00.000Z', '2026-12-31T00:00:00.000Z');
      const before = planRecord(appointmentRule(), appointment(), wide, EARLY, defaults);
      const after = planRecord(
        appointmentRule(),
        appointment({ startsAt: '2026-12-02T07:00:00.000Z' }),
        wide,
        EARLY,
        defaults
      );
      expect(before[0].idempotencyKey).toBe('rule-appt:0:0:appointment:appt-1:customer:2026-12-01T07:00:00.000Z');
      expect(after[0].idempotencyKey).toBe('rule-appt:0:0:appointment:appt-1:customer:2026-12-02T07:00:00.000Z');
    });

    it('does not change when the rule is edited (send time, zone, offset), so an edit never resends', () => {
      const wide = window('2026-11-01T00:00:00.000Z', '2026-12-31T00:00:00.000Z');
      const edited = invoiceRule({ sendAt: '15:30', timezone: 'America/New_York', steps: [step(2, 'days', 'before')] });
      const [original] = planRecord(invoiceRule(), invoice(), wide, EARLY, defaults);
      const [again] = planRecord(edited, invoice(), wide, EARLY, defaults);
      expect(again.scheduledFor.toISOString()).toBe('2026-11-29T20:30:00.000Z'); // 15:30 EST on 29 November
      expect(again.idempotencyKey).toBe(original.idempotencyKey);
    });
  });

  describe('recipients', () => {
    it('sends to the customer when the rule does not say', () => {
      const rows = planRecord(appointmentRule({ recipient: null }), appointment(), NOV_30, EARLY, defaults);
      expect(rows.map((row) => [row.recipientRole, row.phone, row.status])).toEqual([
        ['customer', '+254712345678', 'queued'],
      ]);
    });

    it('sends to the staff member alone when asked', () => {
      const rows = planRecord(appointmentRule({ recipient: 'staff' }), appointment(), NOV_30, EARLY, defaults);
      expect(rows.map((row) => [row.recipientRole, row.phone, row.status])).toEqual([
        ['staff', '+254733000111', 'queued'],
      ]);
    });

    it('"both" plans two rows for one occurrence, one per phone', () => {
      const rows = planRecord(appointmentRule({ recipient: 'both' }), appointment(), NOV_30, EARLY, defaults);
      expect(rows.map((row) => [row.recipientRole, row.phone, row.status, row.scheduledFor.toISOString()])).toEqual([
        ['customer', '+254712345678', 'queued', '2026-11-30T07:00:00.000Z'],
        ['staff', '+254733000111', 'queued', '2026-11-30T07:00:00.000Z'],
      ]);
    });

    it('skips the staff row with a reason when the appointment has no staff phone', () => {
      const rows = planRecord(
        appointmentRule({ recipient: 'both' }),
        appointment({ staffPhone: null }),
        NOV_30,
        EARLY,
        defaults
      );
      expect(rows.map((row) => [row.recipientRole, row.phone, row.status, inWords(row.reason)])).toEqual([
        ['customer', '+254712345678', 'queued', undefined],
        ['staff', '', 'skipped', 'No staff phone number on the appointment'],
      ]);
    });

    it('skips the customer row with a reason when the record has no phone', () => {
      const rows = planRecord(invoiceRule(), invoice({ phone: '' }), NOV_28, EARLY, defaults);
      expect(rows.map((row) => [row.recipientRole, row.phone, row.status, inWords(row.reason)])).toEqual([
        ['customer', '', 'skipped', 'No customer phone number on the invoice'],
      ]);
    });

    it('a list of recipients plans one row each, a fixed number under a stable role of its own', () => {
      const rule = appointmentRule({
        recipient: 'customer',
        recipients: [
          { kind: 'customer' },
          { kind: 'staff' },
          { kind: 'fixed', phone: '+254700000001', name: 'Office' },
        ],
      });
      const rows = planRecord(rule, appointment(), NOV_30, EARLY, defaults);
      expect(rows.map((row) => [row.recipientRole, row.phone, row.status, row.idempotencyKey])).toEqual([
        ['customer', '+254712345678', 'queued', 'rule-appt:0:0:appointment:appt-1:customer:2026-12-01T07:00:00.000Z'],
        ['staff', '+254733000111', 'queued', 'rule-appt:0:0:appointment:appt-1:staff:2026-12-01T07:00:00.000Z'],
        [
          'fixed:+254700000001',
          '+254700000001',
          'queued',
          'rule-appt:0:0:appointment:appt-1:fixed:+254700000001:2026-12-01T07:00:00.000Z',
        ],
      ]);
      // The key holds the role: the fixed row is planned for the anchor it was made for, like the others.
      for (const row of rows) expect(plannedForCurrentAnchor(rule, appointment(), row)).toBe(true);
    });

    it('an invoice reaches its account manager as the staff member', () => {
      const rows = planRecord(
        invoiceRule({ recipients: [{ kind: 'staff' }] }),
        invoice({ accountManagerPhone: '+254733000222' }),
        NOV_28,
        EARLY,
        defaults
      );
      expect(rows.map((row) => [row.recipientRole, row.phone, row.status])).toEqual([
        ['staff', '+254733000222', 'queued'],
      ]);
    });
  });

  describe('minimum notice (before-anchor steps)', () => {
    /** 24 hours before, unless the appointment was booked less than 12 hours ahead. */
    const rule = appointmentRule({
      steps: [{ ...step(24, 'hours', 'before'), minimumNotice: { amount: 12, unit: 'hours' } }],
      maxLatenessMinutes: 1440,
    });
    const around = window('2026-11-29T00:00:00.000Z', '2026-12-01T00:00:00.000Z');
    const booked = (writtenAt: string) =>
      planRecord(rule, appointment(), around, at(writtenAt), defaults, at(writtenAt));

    it('skips with the reason a booking made 30 minutes ahead', () => {
      const rows = booked('2026-12-01T06:30:00.000Z');
      expect(rows.map((row) => [row.status, inWords(row.reason)])).toEqual([
        [
          'skipped',
          "Less than the step's minimum notice of 12 hours: the appointment was written Tue 1 Dec 2026, 09:30 EAT, for Tue 1 Dec 2026, 10:00 EAT",
        ],
      ]);
      expect(rows[0].reason).toMatchObject({ key: 'minimumNotice', values: { amount: 12, unit: 'hours' } });
    });

    it('sends for a booking made 3 days ahead, and exactly at the notice', () => {
      expect(booked('2026-11-28T07:00:00.000Z').map((row) => row.status)).toEqual(['queued']);
      expect(booked('2026-11-30T19:00:00.000Z').map((row) => row.status)).toEqual(['queued']);
      expect(booked('2026-11-30T19:00:01.000Z').map((row) => row.status)).toEqual(['skipped']);
    });

    it('reads the write time from updatedAt when none is given (the tick path)', () => {
      const late = appointment({ updatedAt: '2026-12-01T06:30:00.000Z' });
      const early = appointment({ updatedAt: '2026-11-28T07:00:00.000Z' });
      expect(planRecord(rule, late, around, at('2026-11-29T00:00:00.000Z'), defaults)[0].status).toBe('skipped');
      expect(planRecord(rule, early, around, at('2026-11-29T00:00:00.000Z'), defaults)[0].status).toBe('queued');
    });

    it('counts to a date anchor at its send time', () => {
      const due = invoiceRule({
        steps: [{ ...step(3, 'days', 'before'), minimumNotice: { amount: 2, unit: 'days' } }],
      });
      // Due 1 December, sent at 09:00 Nairobi: written 29 November 07:00Z is 47 hours ahead of 06:00Z.
      expect(planRecord(due, invoice(), NOV_28, EARLY, defaults, at('2026-11-29T07:00:00.000Z'))[0].status).toBe(
        'skipped'
      );
      expect(planRecord(due, invoice(), NOV_28, EARLY, defaults, at('2026-11-29T06:00:00.000Z'))[0].status).toBe(
        'queued'
      );
    });
  });

  describe('quiet hours', () => {
    const quiet: PlanningDefaults = { ...defaults, quietHours: { start: '21:00', end: '08:00' } };

    it('defers a reminder due at night to the end of the quiet hours, before the appointment', () => {
      // 12 hours before 10:00 is 22:00 the evening before (19:00Z): deferred to 08:00 (05:00Z)
      const [row] = planRecord(
        appointmentRule({ steps: [step(12, 'hours', 'before')] }),
        appointment(),
        window('2026-11-30T00:00:00.000Z', '2026-12-01T00:00:00.000Z'),
        EARLY,
        quiet
      );
      expect([row.status, row.scheduledFor.toISOString(), row.notBefore.toISOString()]).toEqual([
        'queued',
        '2026-11-30T19:00:00.000Z',
        '2026-12-01T05:00:00.000Z',
      ]);
    });

    it('skips, with the reason, a reminder that quiet hours would push past the appointment', () => {
      // appointment at 07:30 (04:30Z); 1 hour before is 06:30 (03:30Z), quiet until 08:00 (05:00Z)
      const rows = planRecord(
        appointmentRule({ steps: [step(1, 'hours', 'before')] }),
        appointment({ startsAt: '2026-12-01T04:30:00.000Z' }),
        window('2026-12-01T00:00:00.000Z', '2026-12-02T00:00:00.000Z'),
        EARLY,
        quiet
      );
      expect(rows).toHaveLength(1);
      expect([rows[0].status, rows[0].scheduledFor.toISOString(), rows[0].notBefore.toISOString()]).toEqual([
        'skipped',
        '2026-12-01T03:30:00.000Z',
        '2026-12-01T05:00:00.000Z',
      ]);
      // In the record's zone with its name (Nairobi), not as an ISO instant.
      expect(inWords(rows[0].reason)).toBe(
        'Quiet hours would delay it to Tue 1 Dec 2026, 08:00 EAT, after the appointment at Tue 1 Dec 2026, 07:30 EAT'
      );
    });

    it('does not skip when the end of the quiet hours is the appointment time itself', () => {
      // appointment at 08:00 (05:00Z); 1 hour before is 07:00, deferred to 08:00: not after the appointment
      const [row] = planRecord(
        appointmentRule({ steps: [step(1, 'hours', 'before')] }),
        appointment({ startsAt: '2026-12-01T05:00:00.000Z' }),
        window('2026-12-01T00:00:00.000Z', '2026-12-02T00:00:00.000Z'),
        EARLY,
        quiet
      );
      expect([row.status, row.notBefore.toISOString()]).toEqual(['queued', '2026-12-01T05:00:00.000Z']);
    });

    it('defers an invoice reminder to the morning (invoices have no event to miss)', () => {
      const [row] = planRecord(invoiceRule({ sendAt: '22:00' }), invoice(), NOV_28, EARLY, quiet);
      expect([row.status, row.scheduledFor.toISOString(), row.notBefore.toISOString()]).toEqual([
        'queued',
        '2026-11-28T19:00:00.000Z',
        '2026-11-29T05:00:00.000Z',
      ]);
    });

    it("uses the rule's quiet hours over the defaults", () => {
      const rule = invoiceRule({ sendAt: '13:00', quietHoursStart: '12:00', quietHoursEnd: '14:00' });
      const [row] = planRecord(rule, invoice(), NOV_28, EARLY, quiet);
      expect(row.notBefore.toISOString()).toBe('2026-11-28T11:00:00.000Z');
      const [night] = planRecord({ ...rule, sendAt: '22:00' }, invoice(), NOV_28, EARLY, quiet);
      expect(night.notBefore.toISOString()).toBe('2026-11-28T19:00:00.000Z');
    });

    it('falls back to the default quiet hours when the rule gives only one end', () => {
      const [row] = planRecord(
        invoiceRule({ sendAt: '22:00', quietHoursStart: '12:00' }),
        invoice(),
        NOV_28,
        EARLY,
        quiet
      );
      expect(row.notBefore.toISOString()).toBe('2026-11-29T05:00:00.000Z');
    });

    it('reads quiet hours in the resolved zone (New York 22:00 EST is quiet until 08:00 EST)', () => {
      const [row] = planRecord(
        invoiceRule({ sendAt: '22:00', timezone: 'America/New_York' }),
        invoice(),
        window('2026-11-28T00:00:00.000Z', '2026-11-30T00:00:00.000Z'),
        EARLY,
        quiet
      );
      expect([row.scheduledFor.toISOString(), row.notBefore.toISOString()]).toEqual([
        '2026-11-29T03:00:00.000Z',
        '2026-11-29T13:00:00.000Z',
      ]);
    });
  });

  describe('lateness, counted from when it may be sent', () => {
    const plan = (now: string, rule: Partial<PlanningRule> = {}, d: PlanningDefaults = defaults) => {
      const [row] = planRecord(invoiceRule(rule), invoice(), NOV_28, at(now), d);
      return [row.status, inWords(row.reason)];
    };

    it('queues what is not due yet', () => {
      expect(plan('2026-11-28T05:00:00.000Z')).toEqual(['queued', undefined]);
    });

    it('queues what is exactly the maximum lateness late (60 minutes)', () => {
      expect(plan('2026-11-28T07:00:00.000Z')).toEqual(['queued', undefined]);
    });

    it('expires, with the reason, what is later than the maximum lateness', () => {
      const [status, reason] = plan('2026-11-28T07:01:00.000Z');
      expect(status).toBe('expired');
      expect(reason).toBe(
        "Was due Sat 28 Nov 2026, 09:00 EAT, 61 minutes ago; later than the rule's maximum lateness of 60 minutes"
      );
    });

    it("uses the rule's maximum lateness over the default, even 0", () => {
      expect(plan('2026-11-28T16:00:00.000Z', { maxLatenessMinutes: 600 })).toEqual(['queued', undefined]);
      expect(plan('2026-11-28T16:01:00.000Z', { maxLatenessMinutes: 600 })[0]).toBe('expired');
      expect(plan('2026-11-28T06:00:00.000Z', { maxLatenessMinutes: 0 })).toEqual(['queued', undefined]);
      expect(plan('2026-11-28T06:01:00.000Z', { maxLatenessMinutes: 0 })[0]).toBe('expired');
    });

    it('counts lateness from the end of quiet hours, not from the deferred time', () => {
      // due 22:00 (19:00Z), deferred to 08:00 (05:00Z next day); at 08:30 it is 30 minutes late, not 630
      const quiet = { ...defaults, quietHours: { start: '21:00', end: '08:00' } };
      expect(plan('2026-11-29T05:30:00.000Z', { sendAt: '22:00' }, quiet)).toEqual(['queued', undefined]);
      expect(plan('2026-11-29T06:01:00.000Z', { sendAt: '22:00' }, quiet)[0]).toBe('expired');
    });
  });

  describe('time zone: the record’s, else the rule’s, else the default', () => {
    const wide = window('2026-11-27T00:00:00.000Z', '2026-11-29T00:00:00.000Z');
    it.each([
      ['the record’s', 'America/New_York', 'Asia/Kolkata', '2026-11-28T14:00:00.000Z'], // 09:00 EST
      ['the rule’s when the record has none', null, 'Asia/Kolkata', '2026-11-28T03:30:00.000Z'], // 09:00 IST
      ['the rule’s when the record’s is empty', '', 'Asia/Kolkata', '2026-11-28T03:30:00.000Z'],
      ['the default when neither has one', null, null, '2026-11-28T06:00:00.000Z'], // 09:00 EAT
      ['the default when the rule’s is empty', undefined, '', '2026-11-28T06:00:00.000Z'],
    ])('%s', (_name, recordZone, ruleZone, expected) => {
      const rows = planRecord(
        invoiceRule({ timezone: ruleZone }),
        invoice({ timezone: recordZone }),
        wide,
        EARLY,
        defaults
      );
      expect(rows.map((row) => row.scheduledFor.toISOString())).toEqual([expected]);
    });

    it('uses the zone for calendar offsets from an instant (1 day before 10:00 EDT in New York across the change)', () => {
      // 2026-03-08 10:00 EDT = 14:00Z; the day before at 10:00 EST = 15:00Z (23 hours earlier)
      const rows = planRecord(
        appointmentRule({ timezone: 'America/New_York' }),
        appointment({ startsAt: '2026-03-08T14:00:00.000Z' }),
        window('2026-03-07T00:00:00.000Z', '2026-03-08T00:00:00.000Z'),
        at('2026-03-01T00:00:00.000Z'),
        defaults
      );
      expect(rows.map((row) => row.scheduledFor.toISOString())).toEqual(['2026-03-07T15:00:00.000Z']);
    });
  });

  describe('anchor values', () => {
    const wide = window('2026-01-01T00:00:00.000Z', '2027-12-31T00:00:00.000Z');

    it('plans nothing for a record without the anchor field', () => {
      expect(planRecord(invoiceRule(), invoice({ dueDate: null }), wide, EARLY, defaults)).toEqual([]);
      expect(planRecord(appointmentRule(), appointment({ startsAt: undefined }), wide, EARLY, defaults)).toEqual([]);
      expect(planRecord(appointmentRule(), appointment({ startsAt: 'not a date' }), wide, EARLY, defaults)).toEqual([]);
    });

    it('reads a date anchor from a date string, a date-time string or a Date as a calendar date', () => {
      const rule = invoiceRule();
      expect(anchorValueOf(rule, { dueDate: '2026-12-01' })).toEqual({ kind: 'date', date: '2026-12-01' });
      expect(anchorValueOf(rule, { dueDate: '2026-12-01T00:00:00.000Z' })).toEqual({
        kind: 'date',
        date: '2026-12-01',
      });
      expect(anchorValueOf(rule, { dueDate: new Date('2026-12-01T00:00:00.000Z') })).toEqual({
        kind: 'date',
        date: '2026-12-01',
      });
      expect(
        anchorValueOf(invoiceRule({ anchor: 'issue_date' }), { issueDate: '2026-11-01', dueDate: '2026-12-01' })
      ).toEqual({ kind: 'date', date: '2026-11-01' });
    });

    it('reads an instant anchor from an ISO string, a Date or epoch milliseconds (as SQLite returns them)', () => {
      const expected = { kind: 'instant', instant: at('2026-12-01T07:00:00.000Z') };
      expect(anchorValueOf(appointmentRule(), { startsAt: '2026-12-01T10:00:00+03:00' })).toEqual(expected);
      expect(anchorValueOf(appointmentRule(), { startsAt: at('2026-12-01T07:00:00.000Z') })).toEqual(expected);
      expect(anchorValueOf(appointmentRule(), { startsAt: String(Date.UTC(2026, 11, 1, 7)) })).toEqual(expected);
      expect(anchorValueOf(appointmentRule(), { startsAt: Date.UTC(2026, 11, 1, 7) })).toEqual(expected);
      expect(anchorValueOf(appointmentRule({ anchor: 'ends_at' }), appointment())).toEqual({
        kind: 'instant',
        instant: at('2026-12-01T08:00:00.000Z'),
      });
    });

    it('counts "instantly" and "created" from creation, as an instant', () => {
      const rows = planRecord(
        invoiceRule({ anchor: 'instantly', sendAt: null, steps: [step(0, 'minutes', 'after')] }),
        invoice(),
        window('2026-11-01T07:00:00.000Z', '2026-11-01T09:00:00.000Z'),
        at('2026-11-01T08:00:00.000Z'),
        defaults
      );
      expect(rows.map((row) => [row.scheduledFor.toISOString(), row.status, row.idempotencyKey])).toEqual([
        ['2026-11-01T08:00:00.000Z', 'queued', 'rule-inv:0:0:invoice:inv-1:customer:2026-11-01T08:00:00.000Z'],
      ]);
    });

    it('measures "after the appointment" against its start even for an ends_at anchor', () => {
      // starts 07:30 (04:30Z), ends 11:00 (08:00Z); 4 hours before the end is 07:00 (04:00Z), quiet until
      // 08:00 (05:00Z), which is after the start: skipped
      const quiet = { ...defaults, quietHours: { start: '21:00', end: '08:00' } };
      const rows = planRecord(
        appointmentRule({ anchor: 'ends_at', steps: [step(4, 'hours', 'before')] }),
        appointment({ startsAt: '2026-12-01T04:30:00.000Z' }),
        window('2026-12-01T00:00:00.000Z', '2026-12-02T00:00:00.000Z'),
        EARLY,
        quiet
      );
      expect(rows.map((row) => [row.scheduledFor.toISOString(), row.status])).toEqual([
        ['2026-12-01T04:00:00.000Z', 'skipped'],
      ]);
    });
  });
});

describe('anchorRange', () => {
  it('turns a window into anchor dates for a date anchor (3 days before, ± 2 days of margin)', () => {
    // anchors from window.from + 3 days − 2 days to window.to + 3 days + 2 days
    expect(anchorRange(invoiceRule(), NOV_28)).toEqual({
      from: at('2026-11-29T00:00:00.000Z'),
      to: at('2026-12-04T00:00:00.000Z'),
    });
  });

  it('turns a window into anchor instants for an instant anchor (1 day before, ± 1 day of margin)', () => {
    expect(anchorRange(appointmentRule(), NOV_28)).toEqual({
      from: at('2026-11-28T00:00:00.000Z'),
      to: at('2026-12-01T00:00:00.000Z'),
    });
  });

  it('spans the earliest and the latest step', () => {
    // shifts −3 days and +2 hours: anchors from window.from − 2 h − 1 day to window.to + 3 days + 1 day
    const rule = appointmentRule({ steps: [step(3, 'days', 'before'), step(2, 'hours', 'after')] });
    expect(anchorRange(rule, NOV_28)).toEqual({
      from: at('2026-11-26T22:00:00.000Z'),
      to: at('2026-12-03T00:00:00.000Z'),
    });
  });

  describe('always contains the anchor of a record that has an occurrence in the window', () => {
    /** A small deterministic generator so a failure can be replayed from its seed. */
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
            ])
          : base
      );
      const record = {
        documentId: 'rec',
        phone: '+254712345678',
        timezone: zoneIn(0.5),
        [field]: isDate ? day(instant) : instant.toISOString(),
      };
      const planningDefaults: PlanningDefaults = {
        timeZone: pick(ZONES),
        maxLatenessMinutes: 60,
        quietHours: null,
        region: 'KE',
      };
      return { rule, record, planningDefaults, next, pick, anchorMs: instant.getTime() };
    };

    const inRange = (rule: PlanningRule, record: Record<string, unknown>, range: { from: Date; to: Date }) => {
      const value = anchorValueOf(rule, record);
      if (!value) return false;
      // The planner compares date columns by UTC calendar day (planner.ts), instants as instants.
      return value.kind === 'date'
        ? value.date >= day(range.from) && value.date <= day(range.to)
        : value.instant >= range.from && value.instant <= range.to;
    };

    it('for windows placed around an occurrence, half of them (at − 1 ms, at] (3,000 random rules, records and zones)', () => {
      const next = random(20261125);
      const failures: unknown[] = [];
      for (let i = 0; i < 3000; i += 1) {
        const { rule, record, planningDefaults, pick } = scenario(next);
        const value = anchorValueOf(rule, record)!;
        const zone = (record.timezone as string) || rule.timezone || planningDefaults.timeZone;
        const target = pick(occurrencesOf(value, rule.steps, { zone, sendAt: rule.sendAt ?? undefined })).at.getTime();
        // The tightest window, (at − 1 ms, at], asks the most of the range; wider ones only widen it.
        const tight = next() < 0.5;
        const w = tight
          ? { from: new Date(target - 1), to: new Date(target) }
          : {
              from: new Date(target - 1 - Math.floor(next() * 3 * 86_400_000)),
              to: new Date(target + Math.floor(next() * 3 * 86_400_000)),
            };
        const planned = planRecord(rule, record, w, w.to, planningDefaults);
        const range = anchorRange(rule, w);
        if (planned.length === 0 || !inRange(rule, record, range))
          failures.push({ rule, record, planningDefaults, window: w, range, planned: planned.length });
      }
      expect(failures).toEqual([]);
    });

    it('for windows anywhere within 15 months of the anchor (4,000 random windows of up to 20 days)', () => {
      const next = random(7);
      const failures: unknown[] = [];
      let found = 0;
      for (let i = 0; i < 4000; i += 1) {
        const { rule, record, planningDefaults, anchorMs } = scenario(next);
        const from = anchorMs + Math.floor((next() * 2 - 1) * 460 * 86_400_000);
        const w = { from: new Date(from), to: new Date(from + Math.floor(next() * 20 * 86_400_000)) };
        const planned = planRecord(rule, record, w, w.to, planningDefaults);
        if (planned.length === 0) continue;
        found += 1;
        const range = anchorRange(rule, w);
        if (!inRange(rule, record, range)) failures.push({ rule, record, planningDefaults, window: w, range });
      }
      expect(failures).toEqual([]);
      expect(found).toBeGreaterThan(100);
    });
  });
});

describe('plannedForCurrentAnchor', () => {
  const planned = (rule: PlanningRule, record: ReturnType<typeof invoice>) => {
    const [delivery] = planRecord(
      rule,
      record,
      window('2026-11-01T00:00:00Z', '2026-12-31T00:00:00Z'),
      at('2026-11-01T00:00:00Z'),
      defaults
    );
    return {
      idempotencyKey: delivery.idempotencyKey,
      stepIndex: delivery.stepIndex,
      occurrence: delivery.occurrence,
      recipientRole: delivery.recipientRole,
    };
  };

  it('holds while the anchor is the one the delivery was planned for, whatever else changed', () => {
    expect(
      plannedForCurrentAnchor(
        invoiceRule(),
        invoice({ phone: '+254700000000', total: '5' }),
        planned(invoiceRule(), invoice())
      )
    ).toBe(true);
  });

  it('fails once the anchor moved, or is gone', () => {
    const delivery = planned(invoiceRule(), invoice());
    expect(plannedForCurrentAnchor(invoiceRule(), invoice({ dueDate: '2026-12-02' }), delivery)).toBe(false);
    expect(plannedForCurrentAnchor(invoiceRule(), invoice({ dueDate: null }), delivery)).toBe(false);
  });

  it('always holds for a delivery the planner did not make (send now)', () => {
    const manual = {
      idempotencyKey: 'manual:rule-inv:inv-1:customer:key-1',
      stepIndex: null,
      occurrence: null,
      recipientRole: 'customer',
    };
    expect(plannedForCurrentAnchor(invoiceRule(), invoice({ dueDate: '2027-01-01' }), manual)).toBe(true);
  });
});

describe('business days only', () => {
  const calendar = { weekendDays: [6, 7], holidays: [{ date: '2026-12-28', name: 'Boxing Day (observed)' }] };
  // Due Tuesday 29 December: 3 days before is Saturday 26th → Sunday, then the holiday Monday → Tuesday 29th.
  const plan = (rule: PlanningRule) =>
    planRecord(
      rule,
      invoice({ dueDate: '2026-12-29' }),
      window('2026-12-25T00:00:00Z', '2026-12-27T00:00:00Z'),
      at('2026-12-25T00:00:00Z'),
      { ...defaults, businessCalendar: calendar }
    );

  it('moves a reminder off a weekend and a holiday to the next business day at the same local time', () => {
    const [shifted] = plan(invoiceRule({ businessDaysOnly: true }));
    expect(shifted).toMatchObject({
      scheduledFor: at('2026-12-26T06:00:00Z'),
      notBefore: at('2026-12-29T06:00:00Z'),
      status: 'queued',
    });
  });

  it('keeps the idempotency key of the unshifted reminder, and leaves other rules alone', () => {
    const [plain] = plan(invoiceRule());
    const [shifted] = plan(invoiceRule({ businessDaysOnly: true }));
    expect(plain.notBefore).toEqual(at('2026-12-26T06:00:00Z'));
    expect(shifted.idempotencyKey).toBe(plain.idempotencyKey);
  });
});

describe('planRecord: channels', () => {
  const nov28 = window('2026-11-28T00:00:00Z', '2026-11-29T00:00:00Z');
  const now = at('2026-11-27T00:00:00Z');
  const plan = (rule: Partial<PlanningRule>, record: Record<string, unknown> = {}) =>
    planRecord(invoiceRule(rule), invoice({ email: 'Ama@Example.com', ...record }), nov28, now, defaults);
  const summary = (planned: ReturnType<typeof plan>) =>
    planned.map(({ idempotencyKey, channel, fallbackChannel, phone, email, status }) => ({
      key: idempotencyKey.split(':').slice(-1)[0],
      channel,
      fallbackChannel,
      phone,
      email,
      status,
    }));

  it('plans an e-mail step as one e-mail to the normalised address, under the SMS key with the e-mail suffix', () => {
    const planned = plan({ steps: [{ ...step(3, 'days', 'before'), channel: 'email' }] });
    expect(summary(planned)).toEqual([
      {
        key: 'email',
        channel: 'email',
        fallbackChannel: undefined,
        phone: '',
        email: 'ama@example.com',
        status: 'queued',
      },
    ]);
    expect(planned[0].idempotencyKey).toBe('rule-inv:0:0:invoice:inv-1:customer:2026-12-01:email');
  });

  it("takes the rule's channel for steps that name none", () => {
    expect(summary(plan({ channel: 'email' }))[0].channel).toBe('email');
  });

  it('plans only the SMS of "SMS, else e-mail" while the number is usable, marked for the fallback', () => {
    expect(summary(plan({ channel: 'sms_or_email' }))).toEqual([
      {
        key: '2026-12-01',
        channel: 'sms',
        fallbackChannel: 'email',
        phone: '+254712345678',
        email: undefined,
        status: 'queued',
      },
    ]);
  });

  it('plans the fallback e-mail at once when the record has no number', () => {
    const planned = plan({ channel: 'sms_or_email' }, { phone: '' });
    expect(summary(planned).map(({ channel, status }) => [channel, status])).toEqual([
      ['sms', 'skipped'],
      ['email', 'queued'],
    ]);
    expect(inWords(planned[0].reason)).toBe('No customer phone number on the invoice');
    expect(planned[1].idempotencyKey).toBe(`${planned[0].idempotencyKey}:email`);
  });

  it('skips an e-mail with the reason in words when there is no usable address', () => {
    const [missing] = plan({ channel: 'email' }, { email: null });
    expect([missing.status, inWords(missing.reason)]).toEqual(['skipped', 'No customer e-mail address on the invoice']);
    const [bad] = plan({ channel: 'email' }, { email: 'not an address' });
    expect(bad.status).toBe('skipped');
    expect(inWords(bad.reason)).toMatch(/^The customer e-mail address "not an address" is not an e-mail address/);
  });

  it('gives staff and fixed recipients of an e-mail step no address (they are reached by phone)', () => {
    const planned = plan({
      channel: 'email',
      recipients: [{ kind: 'customer' }, { kind: 'fixed', phone: '+254700000001' }],
    });
    expect(planned.map(({ recipientRole, status }) => [recipientRole, status])).toEqual([
      ['customer', 'queued'],
      ['fixed:+254700000001', 'skipped'],
    ]);
  });
});
