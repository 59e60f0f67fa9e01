import request from 'supertest';
import type { Core } from '@strapi/strapi';
import { createSuperAdminToken, describeIntegration, startStrapi, stopStrapi } from '../helpers/strapi';
import {
  TestClock,
  clearReminders,
  createAppointment,
  createInvoice,
  createRule,
  useClock,
} from '../helpers/scheduling';
import { withFooter } from '../helpers/footer';

const appointmentRule = {
  name: 'Appointment',
  target: 'appointment',
  anchor: 'starts_at',
  steps: [
    { amount: 24, unit: 'hours', direction: 'before' },
    {
      amount: 2,
      unit: 'hours',
      direction: 'before',
      templates: { en: 'Soon: {{ appointment.title }} {{ appointment.startsAt | relative }}.' },
    },
  ],
  templates: { en: '{{ appointment.title }} {{ appointment.startsAt | relative }}.' },
  defaultLanguage: 'en',
};

/** The rule editor's preview at the real send instants, and the overlap warning, over the admin API. */
describeIntegration('rule preview and overlap', () => {
  let strapi: Core.Strapi;
  let token: string;
  const clock = new TestClock(new Date('2026-05-04T05:00:00Z')); // Monday 08:00 in Nairobi
  const post = (path: string, body: object) =>
    request(strapi.server.httpServer).post(path).set('Authorization', `Bearer ${token}`).send(body);

  beforeAll(async () => {
    strapi = await startStrapi();
    token = await createSuperAdminToken(strapi);
    useClock(strapi, clock);
    await clearReminders(strapi);
  });
  afterAll(() => stopStrapi(strapi));

  it('previews an event rule as if its event happened now, with the change before and after', async () => {
    const { documentId } = await createAppointment(strapi, {
      title: 'Check-up',
      startsAt: '2026-05-05T09:00:00+03:00',
      timezone: 'Africa/Nairobi',
    });
    const moved = {
      name: 'Moved',
      target: 'appointment',
      anchor: 'rescheduled',
      templates: { en: 'Moved from {{ change.from | datetime: "short" }} to {{ change.to | datetime: "short" }}.' },
      defaultLanguage: 'en',
    };
    const response = await post('/reminders/rules/preview', { rule: moved, documentId });
    expect(response.status).toBe(200);
    expect(
      response.body.data.messages.map((sent: { sendAt: string; message: { text: string } }) => [
        sent.sendAt,
        sent.message.text,
      ])
    ).toEqual([[clock.now.toISOString(), withFooter('Moved from 5/4/26, 9:00 AM to 5/5/26, 9:00 AM.')]]);
    expect(response.body.data.messages[0].past).toBe(false);
    // It sends when something happens: no overlap to add up with the scheduled rules.
    const scheduled = await createRule(strapi, { ...appointmentRule, name: 'Scheduled' });
    expect(
      (await post('/reminders/rules/overlap', { rule: appointmentRule, documentId })).body.data.rules
    ).toHaveLength(1);
    const overlap = await post('/reminders/rules/overlap', { rule: moved, documentId });
    expect(overlap.body.data).toEqual({ rules: [], record: null, zone: null, schedule: [] });
    await strapi.documents('plugin::reminders.reminder-rule').delete({ documentId: scheduled.documentId });
  });

  it('leaves event rules out of a scheduled rule\'s overlap, and previews "instantly" on sample data as sent now', async () => {
    const { documentId } = await createAppointment(strapi, {
      title: 'Eye test',
      startsAt: '2026-05-06T09:00:00+03:00',
      timezone: 'Africa/Nairobi',
    });
    const confirmed = await createRule(strapi, { name: 'Confirmed', target: 'appointment', anchor: 'confirmed' });
    const instantly = { name: 'Booked', target: 'appointment', anchor: 'instantly', templates: { en: 'Booked.' } };
    // The event rule sends when something happens, and the instant SMS of the booking went at its creation.
    expect((await post('/reminders/rules/overlap', { rule: instantly, documentId })).body.data).toEqual({
      rules: [],
      record: null,
      zone: null,
      schedule: [],
    });
    const sample = await post('/reminders/rules/preview', { rule: instantly });
    expect(sample.status).toBe(200);
    expect(sample.body.data.messages).toEqual([
      expect.objectContaining({ sendAt: clock.now.toISOString(), past: false }),
    ]);
    await strapi.documents('plugin::reminders.reminder-rule').delete({ documentId: confirmed.documentId });
  });

  it('previews "status changed to Confirmed" on a scheduled appointment as the change to Confirmed', async () => {
    const { documentId } = await createAppointment(strapi, {
      title: 'Check-up',
      startsAt: '2026-05-05T09:00:00+03:00',
      appointmentStatus: 'scheduled',
    });
    const confirmed = {
      name: 'Confirmed',
      target: 'appointment',
      anchor: 'status_changed',
      eventTo: 'confirmed',
      templates: { en: 'Your {{ appointment.title }} is {{ change.to }} (was {{ change.from }}).' },
      defaultLanguage: 'en',
    };
    for (const picked of [{ documentId }, {}]) {
      const response = await post('/reminders/rules/preview', { rule: confirmed, ...picked });
      expect(response.status).toBe(200);
      expect(response.body.data.messages).toHaveLength(1);
      expect(response.body.data.messages[0].message.text).toMatch(
        / is confirmed \(was \w+\)\.\nReply STOP to opt out$/
      );
    }
  });

  it('lists each send at its instant, rendered as of that instant, with the step its own message', async () => {
    const { documentId } = await createAppointment(strapi, {
      title: 'Check-up',
      startsAt: '2026-05-05T09:00:00+03:00',
      timezone: 'Africa/Nairobi',
    });
    const response = await post('/reminders/rules/preview', { rule: appointmentRule, documentId });
    expect(response.status).toBe(200);
    expect(response.body.data).toMatchObject({ zone: 'Africa/Nairobi', more: 0 });
    expect(
      response.body.data.messages.map((sent: { sendAt: string; stepIndex: number; message: { text: string } }) => [
        sent.stepIndex,
        sent.sendAt,
        sent.message.text,
      ])
    ).toEqual([
      [0, '2026-05-04T06:00:00.000Z', withFooter('Check-up tomorrow.')],
      [1, '2026-05-05T04:00:00.000Z', withFooter('Soon: Check-up in 2 hours.')],
    ]);
  });

  it('counts the sends past the first few', async () => {
    const rule = {
      ...appointmentRule,
      anchor: 'created',
      steps: [{ amount: 1, unit: 'days', direction: 'after', repeat: { every: 1, unit: 'days', times: 11 } }],
    };
    const response = await post('/reminders/rules/preview', { rule });
    expect(response.status).toBe(200);
    expect(response.body.data.messages).toHaveLength(8);
    expect(response.body.data.more).toBe(4);
  });

  it("refuses a bad draft with a 400 naming the step's field", async () => {
    const rule = { ...appointmentRule, steps: [{ amount: -1, unit: 'days', direction: 'before' }] };
    const response = await post('/reminders/rules/preview', { rule });
    expect(response.status).toBe(400);
    expect(response.body.error.details.errors[0].path).toEqual(['steps[0]', 'amount']);
  });

  it('names the enabled rules sharing records with a draft, with one record’s combined schedule', async () => {
    const weekly = await createRule(strapi, {
      name: 'Weekly overdue',
      target: 'invoice',
      anchor: 'due_date',
      sendAt: '09:00',
      steps: [{ amount: 1, unit: 'days', direction: 'after' }],
      conditions: [{ field: 'paymentStatus', operator: 'in', value: ['unpaid'] }],
    });
    await createRule(strapi, {
      name: 'Paid thanks',
      target: 'invoice',
      anchor: 'due_date',
      steps: [{ amount: 1, unit: 'days', direction: 'after' }],
      conditions: [{ field: 'paymentStatus', operator: 'in', value: ['paid'] }],
    });
    const invoice = await createInvoice(strapi, {
      number: 'INV-OVER',
      dueDate: '2026-05-10',
      timezone: 'Africa/Nairobi',
    });
    const draft = {
      name: 'Before due',
      target: 'invoice',
      anchor: 'due_date',
      sendAt: '09:00',
      steps: [{ amount: 3, unit: 'days', direction: 'before' }],
      templates: { en: 'Hi' },
    };
    const response = await post('/reminders/rules/overlap', { rule: draft });
    expect(response.status).toBe(200);
    expect(response.body.data).toEqual({
      rules: [{ documentId: weekly.documentId, name: 'Weekly overdue' }],
      record: { documentId: invoice.documentId, label: 'INV-OVER' },
      zone: 'Africa/Nairobi',
      schedule: [
        { ruleDocumentId: null, ruleName: 'Before due', stepIndex: 0, sendAt: '2026-05-07T06:00:00.000Z' },
        {
          ruleDocumentId: weekly.documentId,
          ruleName: 'Weekly overdue',
          stepIndex: 0,
          sendAt: '2026-05-11T06:00:00.000Z',
        },
      ],
    });

    // Not with itself, and not when the draft's conditions leave no record in common.
    const paidOnly = { ...draft, conditions: [{ field: 'paymentStatus', operator: 'in', value: ['paid'] }] };
    expect(
      (await post('/reminders/rules/overlap', { rule: draft, ruleDocumentId: weekly.documentId })).body.data.rules
    ).toEqual([]);
    expect((await post('/reminders/rules/overlap', { rule: paidOnly })).body.data.rules).toEqual([]);
  });
});
