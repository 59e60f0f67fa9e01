import request from 'supertest';
import type { Core } from '@strapi/strapi';
import { createSuperAdminToken, describeIntegration, startStrapi, stopStrapi } from '../helpers/strapi';
import {
  RecordingProvider,
  insertAppointmentRows,
  schedulerOf,
  TestClock,
  createAppointment,
  createRule,
  useClock,
  useProvider,
} from '../helpers/scheduling';
import { withFooter } from '../helpers/footer';

describeIntegration('the scheduler admin API', () => {
  let strapi: Core.Strapi;
  let token: string;
  const provider = new RecordingProvider();
  const clock = new TestClock(new Date('2026-04-01T06:00:00Z'));
  const admin = (test: request.Test) => test.set('Authorization', `Bearer ${token}`);

  beforeAll(async () => {
    strapi = await startStrapi();
    token = await createSuperAdminToken(strapi);
    useClock(strapi, clock);
    useProvider(strapi, provider);
    await createRule(strapi, {
      target: 'appointment',
      anchor: 'starts_at',
      steps: [{ amount: 1, unit: 'hours', direction: 'before' }],
      templates: { en: 'See you soon, {{ customer.name }}' },
    });
    await createAppointment(strapi, { customerName: 'Grace', startsAt: '2026-04-01T08:00:00Z' });
  });
  afterAll(() => stopStrapi(strapi));

  it('previews the window without sending', async () => {
    const response = await admin(request(strapi.server.httpServer).get('/reminders/scheduler/preview')).query({
      from: '2026-04-01T06:00:00Z',
      to: '2026-04-02T06:00:00Z',
    });
    expect(response.status).toBe(200);
    expect(response.body.data).toEqual([
      expect.objectContaining({
        sendAt: '2026-04-01T07:00:00.000Z',
        text: withFooter('See you soon, Grace'),
        phone: '+254700111222',
        segments: 1,
      }),
    ]);
    expect(response.body.meta.count).toBe(1);
    expect(provider.sent).toHaveLength(0);
  });

  it.each([
    [{ from: 'yesterday', to: '2026-04-02T00:00:00Z' }, 'from', /from must be an ISO 8601 date-time/],
    [{ from: '2026-04-02T00:00:00Z', to: '2026-04-01T00:00:00Z' }, 'to', /to must be after from/],
    [{ from: '2026-01-01T00:00:00Z', to: '2026-06-01T00:00:00Z' }, 'to', /at most 31 days/],
    [{ to: '2026-04-02T00:00:00Z' }, 'from', /from must be/],
  ])('refuses the window %j with a 400 naming %s', async (query, field, message) => {
    const response = await admin(request(strapi.server.httpServer).get('/reminders/scheduler/preview')).query(query);
    expect(response.status).toBe(400);
    expect(response.body.error.message).toMatch(message);
    expect(response.body.error.details.errors[0].path).toEqual([field]);
  });

  it('runs a tick now and reports what it did', async () => {
    clock.set('2026-04-01T07:00:00Z');
    const response = await admin(request(strapi.server.httpServer).post('/reminders/scheduler/tick'));
    expect(response.status).toBe(200);
    expect(response.body.data).toMatchObject({
      at: '2026-04-01T07:00:00.000Z',
      dispatched: { claimed: 1, outcomes: { accepted: 1 } },
    });
    expect(provider.sent.map((message) => message.body)).toEqual([withFooter('See you soon, Grace')]);
  });

  it('filters the preview by rule and by record, each reminder with the zone it is timed in', async () => {
    const other = await createRule(strapi, {
      name: 'Two hours before',
      target: 'appointment',
      anchor: 'starts_at',
      steps: [{ amount: 2, unit: 'hours', direction: 'before' }],
    });
    const record = await createAppointment(strapi, {
      customerName: 'Amina',
      startsAt: '2026-04-01T12:00:00Z',
      timezone: 'Africa/Lagos',
    });
    const preview = (query: Record<string, string>) =>
      admin(request(strapi.server.httpServer).get('/reminders/scheduler/preview')).query({
        from: '2026-04-01T07:30:00Z',
        to: '2026-04-02T06:00:00Z',
        ...query,
      });
    const sent = (response: request.Response) =>
      response.body.data.map(
        (item: { sendAt: string; ruleName: string; targetDocumentId: string; timeZone: string }) => [
          item.sendAt,
          item.targetDocumentId === record.documentId,
          item.timeZone,
        ]
      );

    const all = await preview({});
    expect(sent(all)).toEqual([
      ['2026-04-01T10:00:00.000Z', true, 'Africa/Lagos'],
      ['2026-04-01T11:00:00.000Z', true, 'Africa/Lagos'],
    ]);
    const byRule = await preview({ rule: other.documentId });
    expect(byRule.status).toBe(200);
    expect(sent(byRule)).toEqual([['2026-04-01T10:00:00.000Z', true, 'Africa/Lagos']]);
    const byRecord = await preview({ target: 'appointment', record: record.documentId });
    expect(sent(byRecord)).toHaveLength(2);
    expect(sent(await preview({ target: 'appointment', record: 'someone-else' }))).toEqual([]);
    expect(sent(await preview({ target: 'invoice' }))).toEqual([]);

    for (const [query, field] of [
      [{ record: record.documentId }, 'target'],
      [{ rule: 'not a documentId!' }, 'rule'],
      [{ target: 'no such target!', record: record.documentId }, 'target'],
    ] as const) {
      const refused = await preview(query);
      expect(refused.status).toBe(400);
      expect(refused.body.error.details.errors[0].path).toEqual([field]);
    }
  });

  it('pages the window in the order the reminders leave, counting all of them', async () => {
    const page = (query: Record<string, string>) =>
      admin(request(strapi.server.httpServer).get('/reminders/scheduler/preview')).query({
        from: '2026-04-01T07:30:00Z',
        to: '2026-04-02T06:00:00Z',
        ...query,
      });
    const whole = await page({});
    const times = whole.body.data.map((item: { sendAt: string }) => item.sendAt);
    expect(times).toEqual([...times].sort());
    expect(times.length).toBeGreaterThan(1);
    expect(whole.body.meta.pagination).toEqual({
      page: 1,
      pageSize: 100,
      total: times.length,
      pageCount: 1,
      capped: false,
    });

    const second = await page({ page: '2', pageSize: '1' });
    expect(second.status).toBe(200);
    expect(second.body.data.map((item: { sendAt: string }) => item.sendAt)).toEqual([times[1]]);
    expect(second.body.meta).toMatchObject({
      count: times.length,
      pagination: { page: 2, pageSize: 1, total: times.length, pageCount: times.length },
    });
    const past = await page({ page: String(times.length + 1), pageSize: '1' });
    expect(past.body.data).toEqual([]);
    expect(past.body.meta.count).toBe(times.length);

    const refused = await page({ pageSize: '101' });
    expect(refused.status).toBe(400);
    expect(refused.body.error.details.errors[0].path).toEqual(['pageSize']);
  });

  it('counts a crowded window up to a thousand, its pages read from its start as the whole window orders them', async () => {
    // 1,500 appointments over the week: with the rules above, more than a thousand reminders. A tick first,
    // so that the first day's are queued and the rest still to be planned.
    const at = new Date('2026-04-01T08:00:00Z');
    clock.set(at.toISOString());
    await insertAppointmentRows(strapi, {
      count: 1500,
      prefix: 'crowd',
      firstPhone: 20_000_000,
      at,
      startsAt: (index) => new Date(at.getTime() + 3 * 3_600_000 + index * 6 * 60_000),
    });
    await schedulerOf(strapi).tick(at);
    const from = at;
    const to = new Date(at.getTime() + 7 * 86_400_000);
    const whole = await schedulerOf(strapi).preview(from, to, { now: at });
    expect(whole.capped).toBe(false);
    expect(whole.total).toBeGreaterThan(1000);

    const page = (number: number) =>
      admin(request(strapi.server.httpServer).get('/reminders/scheduler/preview')).query({
        from: from.toISOString(),
        to: to.toISOString(),
        page: String(number),
        pageSize: '100',
      });
    const keys = (response: request.Response) =>
      response.body.data.map((item: { idempotencyKey: string }) => item.idempotencyKey);
    for (const number of [1, 4, 11]) {
      const response = await page(number);
      expect(response.status).toBe(200);
      expect(keys(response)).toEqual(
        whole.items.slice((number - 1) * 100, number * 100).map((item) => item.idempotencyKey)
      );
      expect(response.body.meta).toMatchObject({
        count: 1000,
        pagination: { total: 1000, pageCount: 10, capped: true },
      });
    }
  }, 120_000);

  it('refuses callers who are not logged in to the admin', async () => {
    expect((await request(strapi.server.httpServer).post('/reminders/scheduler/tick')).status).toBe(401);
    expect((await request(strapi.server.httpServer).get('/reminders/scheduler/preview')).status).toBe(401);
  });
});
