import request from 'supertest';
import type { Core } from '@strapi/strapi';
import { DateTime } from 'luxon';
import { createSuperAdminToken, describeIntegration, startStrapi, stopStrapi } from '../helpers/strapi';
import {
  TestClock,
  clearReminders,
  createAppointment,
  createInvoice,
  createRule,
  deliveriesOf,
  schedulerOf,
  useClock,
} from '../helpers/scheduling';
import { type FakeAfricasTalking, startFakeAfricasTalking } from '../fake-africastalking';

const ZONE = 'Africa/Nairobi';
const DEFAULT_PROTECTION = {
  frequencyCap: { perDay: 1, perWeek: 3, minSpacingMinutes: 60 },
  weekendDays: [6, 7],
  holidays: [],
};

/** The demo's unpaid-invoice rule (src/seed/demo-data.ts), as an editor finds it. */
const DEMO_UNPAID_RULE = {
  name: 'Unpaid invoices: 3 days before due, then weekly',
  target: 'invoice',
  anchor: 'due_date',
  steps: [
    { amount: 3, unit: 'days', direction: 'before' },
    { amount: 7, unit: 'days', direction: 'after', repeat: { every: 7, unit: 'days', times: 3 } },
  ],
  sendAt: '09:00',
  conditions: [{ field: 'paymentStatus', operator: 'in', value: ['unpaid', 'partially_paid'] }],
  maxLatenessMinutes: 720,
};

/** Reminds on the due date, business days only. */
const BUSINESS_DAYS_RULE = {
  target: 'invoice',
  anchor: 'due_date',
  steps: [{ amount: 0, unit: 'days', direction: 'before' }],
  businessDaysOnly: true,
};

/** Customer protection with the real Strapi: the frequency cap at send time, business days and holidays, the settings. */
describeIntegration('customer protection', () => {
  let strapi: Core.Strapi;
  let fake: FakeAfricasTalking;
  let token: string;
  const clock = new TestClock(new Date('2026-03-01T05:00:00Z'));
  const tick = () => schedulerOf(strapi).tick();
  const http = () => request(strapi.server.httpServer);
  const saveProtection = (body: unknown) =>
    http()
      .put('/reminders/settings/protection')
      .set('Authorization', `Bearer ${token}`)
      .send(body as object);

  beforeAll(async () => {
    fake = await startFakeAfricasTalking({ username: 'protect', apiKey: 'protect-key' });
    strapi = await startStrapi({
      AT_USERNAME: 'protect',
      AT_API_KEY: 'protect-key',
      AT_API_BASE_URL: fake.baseUrl,
      REMINDERS_FREQUENCY_CAP: 'on',
    });
    useClock(strapi, clock);
    token = await createSuperAdminToken(strapi);
  });
  beforeEach(async () => {
    await clearReminders(strapi);
    fake.requests.length = 0;
    expect((await saveProtection(DEFAULT_PROTECTION)).status).toBe(200);
  });
  afterAll(async () => {
    await stopStrapi(strapi);
    await fake.close();
  });

  it('lets at most the cap reach one customer when two rules remind the same invoice for a month', async () => {
    clock.set('2026-03-01T05:00:00Z');
    await createRule(strapi, DEMO_UNPAID_RULE);
    // The rule an editor wrote: every two days from the issue date, at the same time as the demo's.
    await createRule(strapi, {
      name: 'Every other day until paid',
      target: 'invoice',
      anchor: 'issue_date',
      steps: [{ amount: 0, unit: 'days', direction: 'after', repeat: { every: 2, unit: 'days', times: 15 } }],
      sendAt: '09:00',
      conditions: [{ field: 'paymentStatus', operator: 'in', value: ['unpaid'] }],
      maxLatenessMinutes: 2880,
    });
    await createInvoice(strapi, {
      phone: '+254711200001',
      issueDate: '2026-03-01',
      dueDate: '2026-03-10',
      invoiceStatus: 'sent',
    });
    for (; clock.now < new Date('2026-04-01T00:00:00Z'); clock.advance(60)) await tick();

    const rows = await deliveriesOf(strapi);
    const sentAt = (
      await strapi.db
        .query('plugin::reminders.delivery')
        .findMany({ where: { deliveryStatus: 'accepted' }, orderBy: { sendStartedAt: 'asc' } })
    ).map((row: { sendStartedAt: string }) => DateTime.fromJSDate(new Date(row.sendStartedAt), { zone: ZONE }));
    expect(fake.requests).toHaveLength(sentAt.length);
    // Without the cap the two rules send 20 SMS; with it, one a local day, three in any 7 local days.
    expect(sentAt.length).toBeGreaterThanOrEqual(4);
    expect(sentAt.length).toBeLessThanOrEqual(14);
    const days = sentAt.map((at) => at.toISODate());
    expect(new Set(days).size).toBe(days.length);
    sentAt.forEach((at, index) => {
      const weekBefore = at.startOf('day').minus({ days: 6 });
      expect(sentAt.slice(0, index + 1).filter((other) => other >= weekBefore).length).toBeLessThanOrEqual(3);
    });
    // What the cap held back is recorded with a reason an editor can read.
    const held = rows.filter((row) => /frequency cap/.test(row.reason ?? ''));
    expect(held.length).toBeGreaterThan(0);
    expect(rows.filter((row) => row.deliveryStatus === 'skipped').map((row) => row.reason)).toContainEqual(
      expect.stringMatching(/^Skipped by the frequency cap \(at most \d SMS (a day|in 7 days) to this number\)/)
    );
    expect(rows.filter((row) => row.deliveryStatus === 'accepted').length + held.length).toBeGreaterThanOrEqual(20);
  });

  it('never lets concurrent dispatch passes exceed the cap', async () => {
    clock.set('2026-03-02T05:00:00Z');
    await createRule(strapi, {
      target: 'appointment',
      anchor: 'starts_at',
      steps: [{ amount: 2, unit: 'hours', direction: 'before' }],
    });
    for (const title of ['A', 'B', 'C'])
      await createAppointment(strapi, { title, phone: '+254711200002', startsAt: '2026-03-02T08:00:00Z' });
    await tick(); // plans the three for 06:00Z; nothing is due yet
    const keys = (await deliveriesOf(strapi)).map((row) => row.idempotencyKey);
    expect(keys).toHaveLength(3);

    clock.set('2026-03-02T06:00:00Z');
    const { dispatcher } = schedulerOf(strapi);
    await Promise.all(keys.map((key) => dispatcher.dispatchKeys(clock.now, [key])));

    expect(fake.requests).toHaveLength(1);
    const rows = await deliveriesOf(strapi);
    // The day's one SMS went; the other two cannot wait for tomorrow: the appointment is at 08:00Z today.
    expect(rows.map((row) => row.deliveryStatus).sort()).toEqual(['accepted', 'skipped', 'skipped']);
    for (const row of rows.filter((r) => r.deliveryStatus === 'skipped'))
      expect(row.reason).toMatch(/^Skipped by the frequency cap \(at most 1 SMS a day to this number\)/);
  });

  it('moves a business-days-only reminder off a weekend and a holiday, keeping its idempotency key', async () => {
    clock.set('2026-12-24T05:00:00Z');
    expect(
      (
        await saveProtection({
          ...DEFAULT_PROTECTION,
          holidays: [{ date: '2026-12-28', name: 'Boxing Day (observed)' }],
        })
      ).status
    ).toBe(200);
    const rule = await createRule(strapi, BUSINESS_DAYS_RULE);
    // Due Saturday 26 December: Sunday, then the holiday Monday → Tuesday 29th at 09:00 Nairobi.
    const invoice = await createInvoice(strapi, {
      phone: '+254711200003',
      issueDate: '2026-12-01',
      dueDate: '2026-12-26',
    });
    for (; clock.now < new Date('2026-12-29T07:00:00Z'); clock.advance(60)) await tick();
    expect(await deliveriesOf(strapi)).toEqual([
      expect.objectContaining({
        idempotencyKey: `${rule.documentId}:0:0:invoice:${invoice.documentId}:customer:2026-12-26`,
        scheduledFor: '2026-12-26T06:00:00.000Z',
        notBefore: '2026-12-29T06:00:00.000Z',
        deliveryStatus: 'accepted',
      }),
    ]);
    expect(fake.requests).toHaveLength(1);
  });

  it('re-checks a holiday added after planning at send time', async () => {
    clock.set('2026-12-24T07:00:00Z');
    await createRule(strapi, BUSINESS_DAYS_RULE);
    await createInvoice(strapi, { phone: '+254711200004', issueDate: '2026-12-01', dueDate: '2026-12-25' });
    await tick();
    expect((await deliveriesOf(strapi))[0].notBefore).toBe('2026-12-25T06:00:00.000Z');
    expect(
      (await saveProtection({ ...DEFAULT_PROTECTION, holidays: [{ date: '2026-12-25', name: 'Christmas Day' }] }))
        .status
    ).toBe(200);
    clock.set('2026-12-25T06:00:00Z');
    await tick();
    const [row] = await deliveriesOf(strapi);
    expect(row).toMatchObject({ deliveryStatus: 'queued', notBefore: '2026-12-28T06:00:00.000Z' });
    expect(row.reason).toBe(
      'Moved to the next business day, Mon 28 Dec 2026, 09:00 EAT: 2026-12-25 is a holiday (Christmas Day)'
    );
    expect(fake.requests).toHaveLength(0);
  });

  it('refuses bad protection settings and rule caps with a 400 naming each field, and saves nothing', async () => {
    const bad = await saveProtection({
      frequencyCap: { perDay: 0, perWeek: 3 },
      weekendDays: [8],
      holidays: [{ date: '2026-13-01', name: 'Nope' }],
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.errors.map((error: { path: string[] }) => error.path.join('.'))).toEqual([
      'frequencyCap.perDay',
      'weekendDays',
      'holidays[0].date',
    ]);
    const settings = await http().get('/reminders/settings').set('Authorization', `Bearer ${token}`);
    expect(settings.body.data.protection).toMatchObject({ ...DEFAULT_PROTECTION, source: 'settings' });

    const rule = await http()
      .post('/reminders/rules')
      .set('Authorization', `Bearer ${token}`)
      .send({
        name: 'Too chatty',
        target: 'invoice',
        anchor: 'due_date',
        steps: [{ amount: 1, unit: 'days', direction: 'before' }],
        templates: { en: 'Hi' },
        frequencyCap: { perDay: -1 },
        businessDaysOnly: 'yes',
      });
    expect(rule.status).toBe(400);
    expect(rule.body.error.details.errors.map((error: { path: string[] }) => error.path.join('.'))).toEqual(
      expect.arrayContaining(['frequencyCap.perDay', 'businessDaysOnly'])
    );
  });
});
