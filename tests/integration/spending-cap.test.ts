import path from 'path';
import { fork, type ChildProcess } from 'child_process';
import request from 'supertest';
import { DateTime } from 'luxon';
import type { Core } from '@strapi/strapi';
import { createSuperAdminToken, describeIntegration, startStrapi, stopStrapi, testDatabase } from '../helpers/strapi';
import {
  TestClock,
  clearReminders,
  createInvoice,
  createRule,
  deliveriesOf,
  schedulerOf,
  useClock,
} from '../helpers/scheduling';
import { type FakeAfricasTalking, type FakeReply, startFakeAfricasTalking } from '../fake-africastalking';

/** 09:00 in Nairobi (UTC+3); the local day ends at 21:00 UTC. */
const MORNING = '2026-12-02T06:00:00Z';
const NEXT_DAY = '2026-12-02T21:00:00Z';
/** The config's price: KES 0.80 a segment, what the fake charges for a one-part SMS ("KES 0.8000"). */
const PRICE = 0.8;
const CONCURRENT_PASSES = 4;
const localDate = (at: Date) => DateTime.fromJSDate(at, { zone: 'Africa/Nairobi' }).toISODate() as string;

/**
 * The spending cap with the real Strapi, the official SDK and the fake Africa's Talking: reservations in the
 * database keep concurrent dispatchers (passes of one instance, and on PostgreSQL several instances) under
 * the cap, the stop and the 80 % warning are alerts on the dashboard, and sending resumes the next day or
 * when the cap is raised.
 */
describeIntegration('the spending cap', () => {
  let strapi: Core.Strapi;
  let fake: FakeAfricasTalking;
  let token: string;
  const clock = new TestClock(new Date(MORNING));
  const http = () => request(strapi.server.httpServer);
  const admin = (method: 'get' | 'put' | 'post', url: string) =>
    http()[method](url).set('Authorization', `Bearer ${token}`);
  const saveCap = (body: unknown) => admin('put', '/reminders/settings/spending-cap').send(body as object);
  const dashboard = async () => (await admin('get', '/reminders/dashboard')).body.data;
  /** Several dispatch passes through the same Strapi at once, as overlapping ticks of instances would be. */
  const concurrentPasses = () =>
    Promise.all(Array.from({ length: CONCURRENT_PASSES }, () => schedulerOf(strapi).tick(clock.now)));
  const statuses = async () => {
    const counts: Record<string, number> = {};
    for (const row of await deliveriesOf(strapi)) counts[row.deliveryStatus] = (counts[row.deliveryStatus] ?? 0) + 1;
    return counts;
  };

  let phones = 0;
  /**
   * `count` invoices due today, each reminded at 09:00 local by one rule (a one-part SMS each, footer off), to
   * numbers of their own that the fake answers with `reply` (by default accepted after a while, so that sends
   * overlap). Written an hour before, so the reminders are due at the clock's 09:00.
   */
  async function dueReminders(count: number, reply: FakeReply = { kind: 'recipient', delayMs: 25 }) {
    const due = new Date(clock.now);
    clock.advance(-60);
    await createRule(strapi, {
      name: 'Due today',
      target: 'invoice',
      anchor: 'due_date',
      steps: [{ amount: 0, unit: 'days', direction: 'before' }],
      sendAt: '09:00',
      optOutFooter: false,
      templates: { en: 'Invoice {{ invoice.number }} is due today.' },
    });
    for (let index = 0; index < count; index += 1) {
      const phone = `+2547110${String((phones += 1)).padStart(5, '0')}`;
      fake.replyTo(phone, reply);
      await createInvoice(strapi, { number: `CAP-${phones}`, phone, dueDate: localDate(due) });
    }
    await schedulerOf(strapi).tick(clock.now);
    clock.now = due;
  }

  beforeAll(async () => {
    fake = await startFakeAfricasTalking({ username: 'capped', apiKey: 'capped-key' });
    strapi = await startStrapi({ AT_USERNAME: 'capped', AT_API_KEY: 'capped-key', AT_API_BASE_URL: fake.baseUrl });
    useClock(strapi, clock);
    token = await createSuperAdminToken(strapi);
  });
  beforeEach(async () => {
    await clearReminders(strapi);
    await strapi.db.query('plugin::reminders.spend-period').deleteMany({});
    for (const key of ['sending-pause', 'alerts'])
      await strapi.store({ type: 'plugin', name: 'reminders' }).delete({ key });
    fake.requests.length = 0;
    clock.set(MORNING);
    expect((await saveCap({ daily: null, monthly: null })).status).toBe(200);
  });
  afterAll(async () => {
    await stopStrapi(strapi);
    await fake.close();
  });

  it('stops concurrent dispatchers at the daily cap exactly, pauses with one alert, and resumes the next day', async () => {
    // 10 one-part SMS fit in KES 8.00; 25 are due. Every answer takes a while, so sends overlap.
    expect((await saveCap({ daily: '8.00', monthly: null })).body.data).toMatchObject({
      daily: '8.00',
      monthly: null,
      currency: 'KES',
      source: 'settings',
    });
    await dueReminders(25);
    await concurrentPasses();

    const spent = fake.requests.length * PRICE;
    expect(fake.requests).toHaveLength(10);
    expect(spent).toBeLessThanOrEqual(8);
    expect(spent + PRICE).toBeGreaterThan(8);
    // The rest wait in the queue as they were: not failed, not counted as attempted.
    const rows = await deliveriesOf(strapi);
    expect(await statuses()).toEqual({ accepted: 10, queued: 15 });
    const waiting = rows.filter((row) => row.deliveryStatus === 'queued');
    expect(waiting.every((row) => row.attempts === 0)).toBe(true);
    expect(waiting[0].reason).toMatch(/daily spending cap of KES 8.00 is reached/);
    expect(waiting[0].reasonDetail).toMatchObject({ key: 'spendingCapReached', values: { limit: 'daily' } });

    let summary = await dashboard();
    expect(summary.spending).toEqual({
      currency: 'KES',
      today: { spent: '8.00', reserved: '0.00', limit: '8.00', percent: 100 },
      month: { spent: '8.00', reserved: '0.00', limit: null, percent: null },
    });
    expect(summary.pause.reason).toMatch(
      /daily spending cap of KES 8.00 is reached: SMS wait until Thu 3 Dec 2026, 00:00/
    );
    // Only raising the cap lifts it: the admin offers no "Resume sending" for it.
    expect(summary.pause.atCap).toBe(true);
    const codes = summary.alerts.map((alert: { errorCode: string }) => alert.errorCode);
    expect(codes.filter((code: string) => code === 'spending_cap_daily')).toHaveLength(1);
    // 80 % of the cap (KES 6.40) was passed once: one warning, marked as such.
    expect(
      summary.alerts.filter((alert: { errorCode: string }) => alert.errorCode === 'spending_warning_daily')
    ).toEqual([
      expect.objectContaining({
        kind: 'warning',
        reason: expect.stringMatching(/^\d+ % of the daily spending cap is spent/),
      }),
    ]);

    // Still at the cap: "Resume sending" is refused, and more passes send nothing.
    const resume = await admin('post', '/reminders/settings/resume-sending');
    expect(resume.status).toBe(400);
    expect(resume.body.error.message).toMatch(/raise or remove the spending cap/);
    clock.advance(30);
    await concurrentPasses();
    expect(fake.requests).toHaveLength(10);

    // The next local day the stop is over by itself: ten more, then the cap again.
    clock.set(NEXT_DAY);
    await concurrentPasses();
    expect(fake.requests).toHaveLength(20);
    expect(await statuses()).toEqual({ accepted: 20, queued: 5 });
    summary = await dashboard();
    expect(summary.spending.today).toMatchObject({ spent: '8.00', percent: 100 });
    expect(summary.spending.month).toMatchObject({ spent: '16.00' });
    expect(
      summary.alerts.filter((alert: { errorCode: string }) => alert.errorCode === 'spending_cap_daily')
    ).toHaveLength(2);
  });

  it('sends what waits at once when an editor raises the cap', async () => {
    await saveCap({ daily: '2.40', monthly: '100' });
    await dueReminders(6);
    await concurrentPasses();
    expect(fake.requests).toHaveLength(3);
    expect((await dashboard()).pause).not.toBeNull();

    // Raising the cap lifts the stop: the next pass sends the rest.
    expect((await saveCap({ daily: '10', monthly: '100' })).status).toBe(200);
    expect((await dashboard()).pause).toBeNull();
    await concurrentPasses();
    expect(fake.requests).toHaveLength(6);
    expect(await statuses()).toEqual({ accepted: 6 });
    expect((await dashboard()).spending.today).toEqual({
      spent: '4.80',
      reserved: '0.00',
      limit: '10.00',
      percent: 48,
    });
  });

  it('stops at the monthly cap until the next month', async () => {
    clock.set('2026-12-31T06:00:00Z');
    await saveCap({ daily: null, monthly: '1.60' });
    await dueReminders(4);
    await concurrentPasses();
    expect(fake.requests).toHaveLength(2);
    const { pause, spending } = await dashboard();
    expect(pause.reason).toMatch(/monthly spending cap of KES 1.60 is reached: SMS wait until Fri 1 Jan 2027, 00:00/);
    expect(spending.month).toEqual({ spent: '1.60', reserved: '0.00', limit: '1.60', percent: 100 });

    clock.set('2026-12-31T21:00:00Z');
    await concurrentPasses();
    expect(fake.requests).toHaveLength(4);
  });

  it("records Africa's Talking's cost, not the estimate, and overshoots by no more than what was in flight", async () => {
    // Every SMS is estimated at KES 0.80 and billed KES 1.00: the five that fit KES 4.00 go out together,
    // and their answers pass the cap by 5 × 0.20, the stated bound (the difference on the sends in flight).
    await saveCap({ daily: '4.00', monthly: null });
    await dueReminders(8, { kind: 'recipient', cost: 'KES 1.0000', delayMs: 50 });
    await schedulerOf(strapi).tick(clock.now);

    expect(fake.requests).toHaveLength(5);
    const { spending } = await dashboard();
    expect(spending.today).toEqual({ spent: '5.00', reserved: '0.00', limit: '4.00', percent: 125 });
    const accepted = await strapi.db
      .query('plugin::reminders.delivery')
      .findMany({ where: { deliveryStatus: 'accepted' }, select: ['cost'] });
    expect(accepted.map((row: { cost: string }) => row.cost)).toEqual(Array(5).fill('KES 1.0000'));
  });

  it('gives the reservation back when the provider refuses, and counts test sends', async () => {
    await saveCap({ daily: '1.60', monthly: null });
    await dueReminders(1, { kind: 'recipient', statusCode: 403 });
    await schedulerOf(strapi).tick(clock.now);
    expect(await statuses()).toEqual({ rejected: 1 });
    expect((await dashboard()).spending.today).toMatchObject({ spent: '0.00', reserved: '0.00' });

    const testSend = (phone: string) =>
      admin('post', '/reminders/test-send')
        .set('Idempotency-Key', `cap-${phone}`)
        .send({ phone, template: 'A test', language: 'en' });
    expect((await testSend('+254711999001')).body.data).toMatchObject({ status: 'accepted' });
    expect((await testSend('+254711999002')).body.data).toMatchObject({ status: 'accepted' });
    const refused = (await testSend('+254711999003')).body.data;
    expect(refused).toMatchObject({ status: 'skipped' });
    expect(refused.reason).toMatch(/daily spending cap of KES 1.60 is reached/);
    expect(fake.requests).toHaveLength(3);
    expect((await dashboard()).spending.today).toMatchObject({ spent: '1.60', percent: 100 });
  });

  it('answers bad caps with a 400 naming the field, and saves nothing', async () => {
    await saveCap({ daily: '5.00', monthly: '50.00' });
    const cases: [unknown, string, RegExp][] = [
      [{ daily: '-1', monthly: null }, 'daily', /must not be negative/],
      [{ daily: 'five', monthly: null }, 'daily', /must be a decimal amount/],
      [{ daily: 5, monthly: null }, 'daily', /must be a decimal amount/],
      [{ daily: null, monthly: '10.12345' }, 'monthly', /more than 4 decimal places/],
      [{ daily: '20', monthly: '10' }, 'monthly', /must not be less than the daily limit/],
      [{ daily: null, weekly: '1' }, 'weekly', /not a spending cap setting/],
    ];
    for (const [body, field, message] of cases) {
      const response = await saveCap(body);
      expect(response.status).toBe(400);
      expect(response.body.error.details.errors[0].path).toEqual([field]);
      expect(response.body.error.message).toMatch(message);
    }
    const array = await saveCap(['5']);
    expect([array.status, array.body.error.message]).toEqual([400, expect.stringMatching(/JSON object/)]);
    const overview = (await admin('get', '/reminders/settings')).body.data;
    expect(overview.spendingCap).toMatchObject({ daily: '5.00', monthly: '50.00', source: 'settings' });

    // A cap needs a price to estimate a send by.
    const price = strapi.config.get('plugin::reminders.costPerSegment');
    strapi.config.set('plugin::reminders.costPerSegment', null);
    try {
      const response = await saveCap({ daily: '5', monthly: null });
      expect(response.status).toBe(400);
      expect(response.body.error.details.errors[0].path).toEqual(['daily']);
      expect(response.body.error.message).toMatch(/needs a known price: set costPerSegment/);
      expect((await saveCap({ daily: null, monthly: null })).status).toBe(200);
    } finally {
      strapi.config.set('plugin::reminders.costPerSegment', price);
    }
  });

  const describeOnPostgres = testDatabase === 'postgres' ? describe : describe.skip;
  describeOnPostgres('with three Strapi instances on one PostgreSQL database', () => {
    const workers: { process: ChildProcess; next(): Promise<Record<string, unknown>> }[] = [];
    afterAll(() => workers.forEach((worker) => worker.process.kill('SIGKILL')));

    /** A Strapi instance in a child process on the same database (tests/helpers/scheduler-worker.js). */
    function startWorker() {
      const child = fork(path.join(__dirname, '..', 'helpers', 'scheduler-worker.js'), [], {
        env: process.env,
        stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
      });
      const inbox: unknown[] = [];
      const waiting: ((message: unknown) => void)[] = [];
      child.on('message', (message) => (waiting.length ? waiting.shift()!(message) : inbox.push(message)));
      const worker = {
        process: child,
        next: () =>
          new Promise<Record<string, unknown>>((resolve) =>
            inbox.length ? resolve(inbox.shift() as never) : waiting.push(resolve as never)
          ),
      };
      workers.push(worker);
      return worker;
    }

    it('stop at the cap together: the fake receives exactly what fits', async () => {
      await saveCap({ daily: '12.00', monthly: null });
      await dueReminders(40);
      for (let index = 0; index < 3; index += 1) startWorker();
      for (const worker of workers) expect(await worker.next()).toEqual({ ready: true });

      const tick = clock.now.toISOString();
      for (const worker of workers) worker.process.send({ tick });
      // The three child instances are the dispatchers (a pass in this process as well could, on a loaded
      // machine, claim everything before they start, and test one instance only).
      const answers = await Promise.all(workers.map((worker) => worker.next()));
      expect(answers.filter((answer) => answer.error)).toEqual([]);
      const claimed = answers.map(
        (answer) => (answer as { report?: { dispatched: { claimed: number } } }).report?.dispatched.claimed ?? 0
      );
      expect(claimed.reduce((sum, count) => sum + count, 0)).toBeGreaterThanOrEqual(15);

      expect(fake.requests).toHaveLength(15);
      expect(await statuses()).toEqual({ accepted: 15, queued: 25 });
      const summary = await dashboard();
      expect(summary.spending.today).toEqual({ spent: '12.00', reserved: '0.00', limit: '12.00', percent: 100 });
      expect(
        summary.alerts.filter((alert: { errorCode: string }) => alert.errorCode === 'spending_cap_daily')
      ).toHaveLength(1);
      expect(
        summary.alerts.filter((alert: { errorCode: string }) => alert.errorCode === 'spending_warning_daily')
      ).toHaveLength(1);
    });
  });
});
