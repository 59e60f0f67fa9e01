import request from 'supertest';
import type { Core } from '@strapi/strapi';
import { createSuperAdminToken, describeIntegration, startStrapi, stopStrapi } from '../helpers/strapi';
import {
  RecordingProvider,
  TestClock,
  clearReminders,
  createAppointment,
  createInvoice,
  createRule,
  deliveriesOf,
  schedulerOf,
  useClock,
  useProvider,
} from '../helpers/scheduling';
import { withFooter } from '../helpers/footer';

const DELIVERIES = 'reminders_deliveries';
let sequence = 0;

describeIntegration('the dashboard and per-record admin API', () => {
  let strapi: Core.Strapi;
  let token: string;
  const provider = new RecordingProvider();
  const clock = new TestClock(new Date('2026-04-10T09:00:00Z'));
  const http = () => request(strapi.server.httpServer);
  const admin = (test: request.Test) => test.set('Authorization', `Bearer ${token}`);

  async function insert(
    notBefore: string,
    status: string,
    cost: string | null = null,
    row: Record<string, unknown> = {}
  ) {
    sequence += 1;
    const at = new Date(notBefore);
    await strapi.db.connection(DELIVERIES).insert({
      document_id: `dash${sequence}`,
      idempotency_key: `dash-${sequence}`,
      target_type: 'invoice',
      phone: '+254700111222',
      scheduled_for: at,
      not_before: at,
      delivery_status: status,
      cost,
      created_at: at,
      updated_at: at,
      ...row,
    });
  }

  beforeAll(async () => {
    strapi = await startStrapi();
    token = await createSuperAdminToken(strapi);
    useClock(strapi, clock);
    useProvider(strapi, provider);
  });
  beforeEach(async () => {
    await clearReminders(strapi);
    await strapi.store({ type: 'plugin', name: 'reminders' }).delete({ key: 'alerts' });
    await strapi.store({ type: 'plugin', name: 'reminders' }).delete({ key: 'sending-pause' });
  });
  afterAll(() => stopStrapi(strapi));

  it('counts sent, delivered and failed per local day (Nairobi), sums costs exactly, and rates delivery', async () => {
    // 2026-04-09T21:30Z is already 10 April in Nairobi (UTC+3).
    await insert('2026-04-09T21:30:00Z', 'delivered', 'KES 0.8000');
    await insert('2026-04-09T20:30:00Z', 'delivered', 'KES 0.8000');
    await insert('2026-04-10T06:00:00Z', 'failed', 'KES 0.8000');
    await insert('2026-04-10T06:15:00Z', 'accepted', 'KES 1.6000');
    await insert('2026-04-10T06:30:00Z', 'accepted', null);
    await insert('2026-04-10T07:00:00Z', 'queued');
    await insert('2026-04-10T07:00:00Z', 'cancelled');
    await insert('2026-03-01T07:00:00Z', 'delivered', 'KES 0.8000');
    const response = await admin(http().get('/reminders/dashboard')).query({ days: 3 });
    expect(response.status).toBe(200);
    const { data } = response.body;
    expect(data).toMatchObject({
      timeZone: 'Africa/Nairobi',
      from: '2026-04-08',
      to: '2026-04-10',
      pause: null,
      alerts: [],
    });
    expect(data.days).toEqual([
      { day: '2026-04-08', sent: 0, delivered: 0, failed: 0, unknown: 0, cost: [] },
      { day: '2026-04-09', sent: 0, delivered: 1, failed: 0, unknown: 0, cost: [{ currency: 'KES', amount: '0.80' }] },
      { day: '2026-04-10', sent: 2, delivered: 1, failed: 1, unknown: 0, cost: [{ currency: 'KES', amount: '3.20' }] },
    ]);
    expect(data.totals).toMatchObject({
      sent: 2,
      delivered: 2,
      failed: 1,
      queued: 1,
      cost: [{ currency: 'KES', amount: '4.00' }],
    });
    expect(data.totals.deliveryRate).toBeCloseTo(2 / 3);
  });

  it('leaves test sends out: an editor checking the provider is not traffic', async () => {
    await insert('2026-04-10T06:00:00Z', 'delivered', 'KES 0.8000');
    await insert('2026-04-10T06:05:00Z', 'delivered', 'KES 0.8000', { target_type: 'test', idempotency_key: 'test:a' });
    await insert('2026-04-10T06:10:00Z', 'accepted', 'KES 0.8000', { target_type: 'test', idempotency_key: 'test:b' });
    const response = await admin(http().get('/reminders/dashboard')).query({ days: 1 });
    expect(response.status).toBe(200);
    expect(response.body.data.days).toEqual([
      { day: '2026-04-10', sent: 0, delivered: 1, failed: 0, unknown: 0, cost: [{ currency: 'KES', amount: '0.80' }] },
    ]);
    expect(response.body.data.totals).toMatchObject({ sent: 0, delivered: 1 });
  });

  it('shows the sending pause and its alerts, newest first', async () => {
    const pause = schedulerOf(strapi).pause;
    await pause.start(new Date('2026-04-10T08:00:00Z'), '402', 'The sender ID is not valid for this account.');
    await pause.start(new Date('2026-04-10T08:45:00Z'), '405', 'The account balance is too low to send.');
    const { data } = (await admin(http().get('/reminders/dashboard'))).body;
    expect(data.pause).toEqual({ reason: 'The account balance is too low to send.', atCap: false });
    expect(data.alerts.map((alert: { errorCode: string }) => alert.errorCode)).toEqual(['405', '402']);
    expect(data.totals.deliveryRate).toBeNull();
  });

  it('refuses a period of more than 90 days', async () => {
    const response = await admin(http().get('/reminders/dashboard')).query({ days: 365 });
    expect(response.status).toBe(400);
    expect(response.body.error.details.errors[0].path).toEqual(['days']);
  });

  it('gives a record’s reminders: the outbox’s, and what its rules will plan later', async () => {
    const invoice = await createInvoice(strapi, {
      number: 'INV-9',
      customerName: 'Amina',
      dueDate: '2026-04-20',
      total: '100',
    });
    const rule = await createRule(strapi, {
      name: 'Weekly after due',
      target: 'invoice',
      anchor: 'due_date',
      steps: [
        { amount: 1, unit: 'days', direction: 'before' },
        { amount: 1, unit: 'days', direction: 'after', repeat: { every: 7, unit: 'days', times: 2 } },
      ],
    });
    await createRule(strapi, {
      name: 'Only big ones',
      target: 'invoice',
      anchor: 'due_date',
      steps: [{ amount: 1, unit: 'days', direction: 'before' }],
      conditions: [{ field: 'total', operator: 'gt', value: '1000' }],
    });
    const response = await admin(http().get(`/reminders/records/invoice/${invoice.documentId}/reminders`));
    expect(response.status).toBe(200);
    const { data } = response.body;
    expect(data.deliveries).toEqual([]);
    expect(data.planned.map((item: { sendAt: string; ruleName: string }) => [item.sendAt, item.ruleName])).toEqual([
      ['2026-04-19T06:00:00.000Z', 'Weekly after due'],
      ['2026-04-21T06:00:00.000Z', 'Weekly after due'],
      ['2026-04-28T06:00:00.000Z', 'Weekly after due'],
      ['2026-05-05T06:00:00.000Z', 'Weekly after due'],
    ]);
    expect(data.notApplying).toEqual([
      {
        ruleDocumentId: expect.any(String),
        ruleName: 'Only big ones',
        reason: 'Total is 100; this rule is for invoices whose total is more than 1000',
        reasonDetail: {
          key: 'conditionNotMet',
          values: { target: 'invoice', field: 'total', actual: '100', operator: 'gt', expected: '1000' },
        },
      },
    ]);
    expect(data.rules.map((item: { documentId: string }) => item.documentId)).toContain(rule.documentId);
    expect((await admin(http().get('/reminders/records/invoice/nothing/reminders'))).status).toBe(404);
    expect((await admin(http().get(`/reminders/records/order/${invoice.documentId}/reminders`))).status).toBe(400);
  });

  it('finds records to preview against by number, title or customer, newest first', async () => {
    await createInvoice(strapi, { number: 'INV-A1', customerName: 'Amina Hassan', dueDate: '2026-04-20' });
    await createInvoice(strapi, { number: 'INV-B2', customerName: 'Brian Kiprono', dueDate: '2026-04-20' });
    const labels = async (query: Record<string, string>) =>
      (await admin(http().get('/reminders/records/invoice')).query(query)).body.data.map(
        (record: { label: string; customerName: string }) => `${record.label} ${record.customerName}`
      );
    expect(await labels({})).toEqual(['INV-B2 Brian Kiprono', 'INV-A1 Amina Hassan']);
    expect(await labels({ q: 'amina' })).toEqual(['INV-A1 Amina Hassan']);
    expect(await labels({ q: 'b2' })).toEqual(['INV-B2 Brian Kiprono']);
    expect((await admin(http().get('/reminders/records/order'))).status).toBe(400);
  });

  it('sends a reminder now: a manual delivery, sent at once through the dispatcher, on the record’s log', async () => {
    const appointment = await createAppointment(strapi, {
      title: 'Check-up',
      customerName: 'Grace',
      startsAt: '2026-04-12T08:00:00Z',
      staffPhone: '0733 444 555',
    });
    const rule = await createRule(strapi, {
      target: 'appointment',
      anchor: 'starts_at',
      recipient: 'both',
      steps: [{ amount: 1, unit: 'hours', direction: 'before' }],
      templates: { en: '{{ appointment.title }} {{ appointment.startsAt | relative }}' },
    });
    const before = provider.sent.length;
    const response = await admin(http().post(`/reminders/records/appointment/${appointment.documentId}/send-now`)).send(
      { rule: rule.documentId }
    );
    expect(response.status).toBe(200);
    expect(
      response.body.data.map((item: { status: string; recipientRole: string }) => [item.recipientRole, item.status])
    ).toEqual([
      ['customer', 'accepted'],
      ['staff', 'accepted'],
    ]);
    // Both are sent in one dispatch pass, concurrently: in either order.
    expect(
      provider.sent
        .slice(before)
        .map((message) => [message.to, message.body])
        .sort()
    ).toEqual([
      // The customer's ends with the opt-out footer; the staff member's does not.
      ['+254700111222', withFooter('Check-up in 2 days')],
      ['+254733444555', 'Check-up in 2 days'],
    ]);
    const detail = await admin(http().get(`/reminders/deliveries/${response.body.data[0].documentId}`));
    expect(detail.body.data.idempotencyKey).toMatch(
      new RegExp(`^manual:${rule.documentId}:${appointment.documentId}:customer:${clock.now.getTime()}\\.[0-9a-f]{8}$`)
    );
    expect(detail.body.data.events[0].detail).toBe('Send now by Test Admin');
    const overview = (await admin(http().get(`/reminders/records/appointment/${appointment.documentId}/reminders`)))
      .body.data;
    expect(overview.deliveries).toHaveLength(2);
    const log = (
      await admin(http().get('/reminders/deliveries')).query({ target: 'appointment', record: appointment.documentId })
    ).body;
    expect(log.meta.pagination.total).toBe(2);
    const withoutTarget = await admin(http().get('/reminders/deliveries')).query({ record: appointment.documentId });
    expect(withoutTarget.status).toBe(400);
    expect(withoutTarget.body.error.details.errors[0].path).toEqual(['target']);

    const refused = await admin(http().post(`/reminders/records/appointment/${appointment.documentId}/send-now`)).send(
      {}
    );
    expect(refused.status).toBe(400);
    expect(refused.body.error.details.errors[0].path).toEqual(['rule']);
    const wrongRule = await admin(http().post(`/reminders/records/invoice/${appointment.documentId}/send-now`)).send({
      rule: rule.documentId,
    });
    expect(wrongRule.status).toBe(404);
  });

  it('refuses to send now a rule that does not apply to the record (a paid invoice), naming why, and writes nothing', async () => {
    const invoice = await createInvoice(strapi, { dueDate: '2026-04-20', total: '500', amountPaid: '500' });
    const rule = await createRule(strapi, {
      target: 'invoice',
      anchor: 'due_date',
      sendAt: '09:00',
      steps: [{ amount: 1, unit: 'days', direction: 'before' }],
    });
    const rows = async () => Number((await strapi.db.connection(DELIVERIES).count({ count: '*' }))[0].count);
    const before = await rows();
    const sent = provider.sent.length;
    for (let click = 0; click < 2; click += 1) {
      const response = await admin(http().post(`/reminders/records/invoice/${invoice.documentId}/send-now`)).send({
        rule: rule.documentId,
      });
      expect(response.status).toBe(409);
      expect(response.body.error.message).toContain('The invoice is paid');
      expect(response.body.error.details).toEqual({
        reason: 'The invoice is paid',
        reasonDetail: { key: 'recordIs', values: { target: 'invoice', field: 'paymentStatus', value: 'paid' } },
      });
    }
    expect(await rows()).toBe(before);
    expect(provider.sent.length).toBe(sent);
  });

  it('sends now only the record’s own reminders: another reminder already due waits for the next tick', async () => {
    const start = clock.now;
    try {
      const rule = await createRule(strapi, {
        target: 'appointment',
        anchor: 'starts_at',
        steps: [{ amount: 1, unit: 'hours', direction: 'before' }],
        templates: { en: '{{ appointment.title }}' },
      });
      const other = await createAppointment(strapi, {
        title: 'Soon',
        phone: '0711 000 111',
        startsAt: new Date(start.getTime() + 2 * 3_600_000).toISOString(),
      });
      const record = await createAppointment(strapi, {
        title: 'Later',
        phone: '0722 000 222',
        startsAt: '2026-04-20T08:00:00Z',
      });
      clock.advance(61); // the other appointment's reminder is due now
      const statusOfOther = async () =>
        (await deliveriesOf(strapi, { targetDocumentId: other.documentId })).map((row) => row.deliveryStatus);
      expect(await statusOfOther()).toEqual(['queued']);
      const before = provider.sent.length;

      const response = await admin(http().post(`/reminders/records/appointment/${record.documentId}/send-now`)).send({
        rule: rule.documentId,
      });
      expect(response.status).toBe(200);
      expect(response.body.data.map((item: { status: string }) => item.status)).toEqual(['accepted']);
      expect(provider.sent.slice(before).map((message) => message.to)).toEqual(['+254722000222']);
      expect(await statusOfOther()).toEqual(['queued']);

      const { dispatched } = await schedulerOf(strapi).tick();
      expect(dispatched.outcomes).toEqual({ accepted: 1 });
      expect(provider.sent.slice(before).map((message) => message.to)).toEqual(['+254722000222', '+254711000111']);
      expect(await statusOfOther()).toEqual(['accepted']);
    } finally {
      clock.now = start;
    }
  });
});
