import path from 'path';
import { fork, type ChildProcess } from 'child_process';
import request from 'supertest';
import type { Core } from '@strapi/strapi';
import { createFullAccessToken, describeIntegration, startStrapi, stopStrapi, testDatabase } from '../helpers/strapi';
import { clearReminders, createRule, deliveriesOf, schedulerOf } from '../helpers/scheduling';
import { type FakeAfricasTalking, startFakeAfricasTalking } from '../fake-africastalking';
import { type SmtpSink, smtpEnv, startSmtpSink } from '../smtp-sink';

const secret = 'wake-ups-callback-secret-0123456';

/** Polls `check` until it holds; a generous limit, never a timing threshold. */
async function eventually(check: () => Promise<boolean> | boolean, what: string, timeoutMs = 60_000) {
  const giveUpAt = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > giveUpAt) throw new Error(`still waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const invoice = (number: string, extra: Record<string, unknown> = {}) => ({
  number,
  customerName: 'Wanjiku Kamau',
  phone: '0712 345 678',
  currency: 'KES',
  total: '500',
  issueDate: '2026-11-01',
  dueDate: '2027-03-01',
  ...extra,
});

/**
 * Wake-ups with the real Strapi, the official SDK and the fake Africa's Talking, on the real clock. The
 * scheduler runs here with a tick that never comes during the test (on 1 January): what reaches the fake
 * was sent by a wake-up, never by a tick.
 */
describeIntegration('wake-ups: a reminder due now leaves without waiting for a tick', () => {
  let strapi: Core.Strapi;
  let fake: FakeAfricasTalking;
  let sink: SmtpSink;
  let token: string;
  const api = (method: 'post' | 'put', url: string, data: Record<string, unknown>) =>
    request(strapi.server.httpServer)[method](url).set('Authorization', `Bearer ${token}`).send({ data });
  const messages = () => fake.requests.map((sent) => sent.fields.message);
  /** "Instantly" on every invoice written: its reminder is due the moment the write is. */
  const createInstantlyRule = (extra: Record<string, unknown> = {}) =>
    createRule(strapi, {
      target: 'invoice',
      anchor: 'instantly',
      conditions: [],
      optOutFooter: false,
      templates: { en: 'Invoice {{ invoice.number }} received.' },
      ...extra,
    });
  /** "SMS, else e-mail": the e-mail goes when the SMS cannot reach the customer. */
  const createFallbackRule = () =>
    createInstantlyRule({
      channel: 'sms_or_email',
      emailTemplates: {
        en: { subject: 'Invoice {{ invoice.number }}', body: 'Invoice {{ invoice.number }} received.' },
      },
    });
  const mailedTo = () => sink.messages.map((mail) => mail.to);

  beforeAll(async () => {
    fake = await startFakeAfricasTalking({ username: 'wake', apiKey: 'wake-key' });
    sink = await startSmtpSink();
    strapi = await startStrapi({
      ...smtpEnv(sink),
      REMINDERS_CALLBACK_SECRET: secret,
      AT_USERNAME: 'wake',
      AT_API_KEY: 'wake-key',
      AT_API_BASE_URL: fake.baseUrl,
      REMINDERS_SCHEDULER_ENABLED: 'true',
      REMINDERS_TICK_CRON: '0 0 1 1 *',
    });
    token = await createFullAccessToken(strapi);
  });
  afterAll(async () => {
    await stopStrapi(strapi);
    await fake.close();
    await sink.close();
  });
  beforeEach(async () => {
    await clearReminders(strapi);
    fake.requests.length = 0;
    sink.messages.length = 0;
  });

  it('sends an "instantly" reminder of an invoice written over REST, once', async () => {
    await createInstantlyRule();
    expect((await api('post', '/api/reminders/invoices', invoice('INV-W1'))).status).toBe(201);
    await eventually(async () => (await deliveriesOf(strapi))[0]?.deliveryStatus === 'accepted', 'the send');
    expect(messages()).toEqual(['Invoice INV-W1 received.']);
  });

  it('sends an event rule\'s reminder when the REST write makes the event ("paid")', async () => {
    await createRule(strapi, {
      target: 'invoice',
      anchor: 'paid',
      conditions: [],
      optOutFooter: false,
      templates: { en: 'Invoice {{ invoice.number }} is paid: thank you.' },
    });
    const created = await api('post', '/api/reminders/invoices', invoice('INV-W2'));
    expect(messages()).toEqual([]);
    const documentId = created.body.data.documentId as string;
    expect((await api('put', `/api/reminders/invoices/${documentId}`, { amountPaid: '500' })).status).toBe(200);
    await eventually(async () => (await deliveriesOf(strapi))[0]?.deliveryStatus === 'accepted', 'the send');
    expect(messages()).toEqual(['Invoice INV-W2 is paid: thank you.']);
  });

  it('sends what a rule saved with a backfill date queues due now: records written before it', async () => {
    for (const number of ['INV-R1', 'INV-R2'])
      expect((await api('post', '/api/reminders/invoices', invoice(number))).status).toBe(201);
    expect(await deliveriesOf(strapi)).toEqual([]);
    await createInstantlyRule({ backfillFrom: new Date(Date.now() - 3_600_000).toISOString() });
    const accepted = async () =>
      (await deliveriesOf(strapi)).filter((delivery) => delivery.deliveryStatus === 'accepted').length;
    await eventually(async () => (await accepted()) === 2, 'the sends');
    expect([...messages()].sort()).toEqual(['Invoice INV-R1 received.', 'Invoice INV-R2 received.']);
  });

  it("sends the fallback e-mail when Africa's Talking refuses the SMS", async () => {
    await createFallbackRule();
    fake.replyTo('+254712345678', { kind: 'recipient', statusCode: 403 });
    try {
      const written = await api('post', '/api/reminders/invoices', invoice('INV-F1', { email: 'wanjiku@example.com' }));
      expect(written.status).toBe(201);
      await eventually(() => mailedTo().length === 1, 'the e-mail');
    } finally {
      fake.replyTo('+254712345678', { kind: 'recipient' });
    }
    expect(mailedTo()).toEqual(['wanjiku@example.com']);
  });

  it('sends the fallback e-mail when a delivery report says the SMS failed', async () => {
    await createFallbackRule();
    const written = await api('post', '/api/reminders/invoices', invoice('INV-F2', { email: 'wanjiku@example.com' }));
    expect(written.status).toBe(201);
    await eventually(async () => (await deliveriesOf(strapi))[0]?.deliveryStatus === 'accepted', 'the SMS');
    const [sms] = await strapi.db.connection('reminders_deliveries').select('provider_message_id');
    const report = { id: sms.provider_message_id, status: 'Failed', failureReason: 'UserDoesNotExist' };
    const reported = await request(strapi.server.httpServer)
      .post(`/api/reminders/callbacks/${secret}/delivery-reports`)
      .type('form')
      .send(report);
    expect(reported.status).toBe(200);
    await eventually(() => mailedTo().length === 1, 'the e-mail');
    expect(mailedTo()).toEqual(['wanjiku@example.com']);
  });

  it('sends each of a burst of writes exactly once', async () => {
    await createInstantlyRule();
    const numbers = Array.from({ length: 40 }, (_, index) => `INV-B${index}`);
    const answers = await Promise.all(numbers.map((number) => api('post', '/api/reminders/invoices', invoice(number))));
    expect(answers.map((answer) => answer.status)).toEqual(numbers.map(() => 201));
    const settled = async () =>
      (await deliveriesOf(strapi)).filter((delivery) => delivery.deliveryStatus === 'accepted').length;
    await eventually(async () => (await settled()) === numbers.length, 'every send');
    expect([...messages()].sort()).toEqual(numbers.map((number) => `Invoice ${number} received.`).sort());
  });

  const describeOnPostgres = testDatabase === 'postgres' ? describe : describe.skip;
  describeOnPostgres('with a second instance on the same PostgreSQL database', () => {
    let worker: ChildProcess | undefined;
    afterAll(() => worker?.kill('SIGKILL'));

    it('is woken by NOTIFY and sends what a write on an instance that does not dispatch queued', async () => {
      await createInstantlyRule();
      // This instance stops dispatching: what it queues now only another instance can send.
      await schedulerOf(strapi).stop();
      try {
        // Its environment is this one's: the same schema, the scheduler on with the same distant tick.
        worker = fork(path.join(__dirname, '..', 'helpers', 'scheduler-worker.js'), [], {
          env: process.env,
          stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
        });
        await new Promise((resolve) => worker?.once('message', resolve));
        const workerId = `:${worker.pid}:`;

        const numbers = Array.from({ length: 10 }, (_, index) => `INV-N${index}`);
        for (const number of numbers)
          expect((await api('post', '/api/reminders/invoices', invoice(number))).status).toBe(201);
        const accepted = async () =>
          (
            await strapi.db
              .connection('reminders_deliveries')
              .where({ delivery_status: 'accepted' })
              .select('claimed_by')
          ).map((row: { claimed_by: string }) => row.claimed_by);
        await eventually(async () => (await accepted()).length === numbers.length, 'the other instance to send');
        expect((await accepted()).every((claimedBy) => claimedBy.includes(workerId))).toBe(true);
        expect([...messages()].sort()).toEqual(numbers.map((number) => `Invoice ${number} received.`).sort());

        // It closes its listening connection when it stops.
        const exited = new Promise((resolve) => worker?.once('exit', resolve));
        worker.send({ stop: true });
        await exited;
        worker = undefined;
      } finally {
        schedulerOf(strapi).start();
      }
    });
  });
});
