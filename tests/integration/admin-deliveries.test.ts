import request from 'supertest';
import type { Core } from '@strapi/strapi';
import { createSuperAdminToken, describeIntegration, startStrapi, stopStrapi } from '../helpers/strapi';
import {
  RecordingProvider,
  TestClock,
  clearReminders,
  createAppointment,
  createRule,
  schedulerOf,
  updateDocument,
  useClock,
  useProvider,
} from '../helpers/scheduling';
import { withFooter } from '../helpers/footer';

const DELIVERIES = 'reminders_deliveries';
let sequence = 0;

describeIntegration('the delivery log admin API', () => {
  let strapi: Core.Strapi;
  let token: string;
  const provider = new RecordingProvider();
  const clock = new TestClock(new Date('2026-04-01T06:00:00Z'));
  const http = () => request(strapi.server.httpServer);
  const admin = (test: request.Test) => test.set('Authorization', `Bearer ${token}`);

  /** A delivery row as the planner or dispatcher would have left it. */
  async function insert(row: Record<string, unknown>) {
    sequence += 1;
    const now = new Date('2026-04-01T00:00:00Z');
    const documentId = `d${sequence}`;
    await strapi.db.connection(DELIVERIES).insert({
      document_id: documentId,
      idempotency_key: `key-${sequence}`,
      target_type: 'appointment',
      target_document_id: 'appt',
      recipient_role: 'customer',
      phone: '+254700111222',
      scheduled_for: now,
      not_before: now,
      delivery_status: 'queued',
      attempts: 0,
      events: JSON.stringify([{ at: now.toISOString(), status: 'queued', detail: 'Planned' }]),
      created_at: now,
      updated_at: now,
      published_at: now,
      ...row,
    });
    return documentId;
  }

  beforeAll(async () => {
    strapi = await startStrapi();
    token = await createSuperAdminToken(strapi);
    useClock(strapi, clock);
    useProvider(strapi, provider);
  });
  beforeEach(() => clearReminders(strapi));
  afterAll(() => stopStrapi(strapi));

  it('lists newest first with the rule and the record named, paginated on the server', async () => {
    const appointment = await createAppointment(strapi, {
      title: 'Dental check-up',
      customerName: 'Grace',
      startsAt: '2026-04-03T08:00:00Z',
    });
    const rule = await createRule(strapi, {
      name: 'Day before',
      target: 'appointment',
      anchor: 'starts_at',
      steps: [{ amount: 1, unit: 'days', direction: 'before' }],
    });
    for (let hour = 0; hour < 25; hour += 1) {
      await insert({
        rule_document_id: rule.documentId,
        target_document_id: appointment.documentId,
        not_before: new Date(Date.UTC(2026, 2, 1, hour)),
        delivery_status: hour % 5 === 0 ? 'failed' : 'accepted',
      });
    }
    const first = await admin(http().get('/reminders/deliveries')).query({ pageSize: 10 });
    expect(first.status).toBe(200);
    expect(first.body.meta.pagination).toEqual({ page: 1, pageSize: 10, total: 25, pageCount: 3, capped: false });
    expect(first.body.data).toHaveLength(10);
    expect(first.body.data[0]).toMatchObject({
      notBefore: '2026-03-02T00:00:00.000Z',
      ruleName: 'Day before',
      record: { label: 'Dental check-up', customerName: 'Grace' },
      status: 'accepted',
    });
    const third = await admin(http().get('/reminders/deliveries')).query({ pageSize: 10, page: 3 });
    expect(third.body.data.map((row: { notBefore: string }) => row.notBefore)).toEqual(
      [4, 3, 2, 1, 0].map((hour) => new Date(Date.UTC(2026, 2, 1, hour)).toISOString())
    );
  });

  it('filters by status, rule, date range and phone (written any way)', async () => {
    await insert({ delivery_status: 'failed', rule_document_id: 'r1', not_before: new Date('2026-03-01T10:00:00Z') });
    await insert({
      delivery_status: 'delivered',
      rule_document_id: 'r1',
      not_before: new Date('2026-03-02T10:00:00Z'),
    });
    await insert({
      delivery_status: 'failed',
      rule_document_id: 'r2',
      not_before: new Date('2026-03-03T10:00:00Z'),
      phone: '+254712345678',
    });
    const keys = async (query: Record<string, string>) => {
      const response = await admin(http().get('/reminders/deliveries')).query(query);
      expect(response.status).toBe(200);
      return response.body.data.map((row: { notBefore: string }) => row.notBefore.slice(0, 10));
    };
    expect(await keys({ status: 'failed' })).toEqual(['2026-03-03', '2026-03-01']);
    expect(await keys({ status: 'failed,delivered', rule: 'r1' })).toEqual(['2026-03-02', '2026-03-01']);
    expect(await keys({ from: '2026-03-02T00:00:00Z', to: '2026-03-03T00:00:00Z' })).toEqual(['2026-03-02']);
    expect(await keys({ phone: '0712 345 678' })).toEqual(['2026-03-03']);
  });

  it.each([
    [{ status: 'sent' }, 'status', /status must be among/],
    [{ from: 'yesterday' }, 'from', /ISO 8601/],
    [{ from: '2026-03-02T00:00:00Z', to: '2026-03-01T00:00:00Z' }, 'to', /after from/],
    [{ phone: '12' }, 'phone', /not a phone number/],
    [{ pageSize: '0' }, 'pageSize', /from 1 to 100/],
    [{ page: '501', pageSize: '20' }, 'page', /narrow the filters/],
    [{ rule: 'x y' }, 'rule', /documentId/],
  ])('refuses %j with a 400 naming %s', async (query, field, message) => {
    const response = await admin(http().get('/reminders/deliveries')).query(query);
    expect(response.status).toBe(400);
    expect(response.body.error.message).toMatch(message);
    expect(response.body.error.details.errors[0].path).toEqual([field]);
  });

  it('shows one delivery with its text, its timeline and what an editor may do', async () => {
    const documentId = await insert({
      delivery_status: 'unknown',
      body: 'Hi Grace',
      reason: 'No answer from the provider',
      error_code: 'timeout',
    });
    const response = await admin(http().get(`/reminders/deliveries/${documentId}`));
    expect(response.status).toBe(200);
    expect(response.body.data).toMatchObject({
      body: 'Hi Grace',
      status: 'unknown',
      reason: 'No answer from the provider',
      events: [{ status: 'queued', detail: 'Planned' }],
      actions: ['retry', 'mark-sent', 'mark-not-sent'],
    });
    expect((await admin(http().get('/reminders/deliveries/nothing-here'))).status).toBe(404);
  });

  it('retries a failed delivery on the same row and key: queued, due now, attempts reset, timeline kept', async () => {
    const appointment = await createAppointment(strapi, { customerName: 'Grace', startsAt: '2026-04-03T08:00:00Z' });
    const rule = await createRule(strapi, {
      target: 'appointment',
      anchor: 'starts_at',
      steps: [{ amount: 1, unit: 'days', direction: 'before' }],
      templates: { en: 'See you, {{ customer.name }}' },
    });
    const documentId = await insert({
      rule_document_id: rule.documentId,
      target_document_id: appointment.documentId,
      delivery_status: 'failed',
      attempts: 5,
      error_code: '500',
      reason: 'gave up',
    });
    const response = await admin(http().post(`/reminders/deliveries/${documentId}/retry`));
    expect(response.status).toBe(200);
    expect(response.body.data).toMatchObject({
      status: 'queued',
      attempts: 0,
      errorCode: null,
      reason: null,
      idempotencyKey: `key-${sequence}`,
    });
    expect(
      response.body.data.events.map((event: { status: string; detail: string }) => [event.status, event.detail])
    ).toEqual([
      ['queued', 'Planned'],
      ['queued', 'Retried by Test Admin'],
    ]);
    await schedulerOf(strapi).tick();
    const sent = await admin(http().get(`/reminders/deliveries/${documentId}`));
    expect(sent.body.data.status).toBe('accepted');
    expect(provider.sent.at(-1)?.body).toBe(withFooter('See you, Grace'));
  });

  it('cancels a queued delivery, and re-planning the record does not bring it back', async () => {
    const appointment = await createAppointment(strapi, { customerName: 'Grace', startsAt: '2026-04-01T10:00:00Z' });
    await createRule(strapi, {
      target: 'appointment',
      anchor: 'starts_at',
      steps: [{ amount: 2, unit: 'hours', direction: 'before' }],
    });
    const [planned] = (await admin(http().get('/reminders/deliveries')).query({ status: 'queued' })).body.data;
    const response = await admin(http().post(`/reminders/deliveries/${planned.documentId}/cancel`));
    expect(response.body.data).toMatchObject({
      status: 'cancelled',
      errorCode: 'cancelled_by_editor',
      reason: 'Cancelled by Test Admin',
    });
    await updateDocument(strapi, 'appointment', appointment.documentId, { location: 'Room 2' });
    await schedulerOf(strapi).tick();
    expect((await admin(http().get(`/reminders/deliveries/${planned.documentId}`))).body.data.status).toBe('cancelled');
    const again = await admin(http().post(`/reminders/deliveries/${planned.documentId}/cancel`));
    expect(again.status).toBe(400);
    expect(again.body.error.message).toBe(
      'This delivery is cancelled: only a delivery that is queued can be cancelled.'
    );
  });

  it('counts at most 10,000 rows for the total, and says so', async () => {
    const now = new Date('2026-03-01T00:00:00Z');
    const rows = Array.from({ length: 10_050 }, (_, index) => ({
      document_id: `bulk${index}`,
      idempotency_key: `bulk-${index}`,
      target_type: 'invoice',
      phone: '+254700111222',
      scheduled_for: now,
      not_before: now,
      delivery_status: 'accepted',
      created_at: now,
      updated_at: now,
    }));
    for (let start = 0; start < rows.length; start += 500)
      await strapi.db.connection(DELIVERIES).insert(rows.slice(start, start + 500));
    const response = await admin(http().get('/reminders/deliveries')).query({ pageSize: 100, page: 100 });
    expect(response.status).toBe(200);
    expect(response.body.meta.pagination).toEqual({
      page: 100,
      pageSize: 100,
      total: 10_000,
      pageCount: 100,
      capped: true,
    });
    expect(response.body.data).toHaveLength(100);
  });

  it('resolves an unknown send: sent becomes accepted, not sent becomes failed', async () => {
    const sent = await insert({ delivery_status: 'unknown' });
    const notSent = await insert({ delivery_status: 'unknown' });
    expect(
      (await admin(http().post(`/reminders/deliveries/${sent}/resolve`)).send({ sent: true })).body.data
    ).toMatchObject({ status: 'accepted', reason: 'Marked as sent by Test Admin' });
    expect(
      (await admin(http().post(`/reminders/deliveries/${notSent}/resolve`)).send({ sent: false })).body.data
    ).toMatchObject({ status: 'failed', errorCode: 'resolved_not_sent' });
    const refused = await admin(http().post(`/reminders/deliveries/${sent}/resolve`)).send({ sent: 'yes' });
    expect(refused.status).toBe(400);
    expect(refused.body.error.details.errors[0].path).toEqual(['sent']);
    const notUnknown = await admin(http().post(`/reminders/deliveries/${sent}/resolve`)).send({ sent: false });
    expect(notUnknown.status).toBe(400);
    expect(notUnknown.body.error.message).toMatch(/This delivery is accepted: only a delivery that is unknown/);
  });

  it('does not retry a test send', async () => {
    const documentId = await insert({ target_type: 'test', target_document_id: null, delivery_status: 'failed' });
    const response = await admin(http().post(`/reminders/deliveries/${documentId}/retry`));
    expect(response.status).toBe(400);
    expect(response.body.error.message).toMatch(/test send is not retried/);
  });
});
