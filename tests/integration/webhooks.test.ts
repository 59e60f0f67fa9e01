import crypto from 'crypto';
import http from 'http';
import request from 'supertest';
import type { AddressInfo } from 'net';
import type { Core } from '@strapi/strapi';
import { startFakeAfricasTalking, type FakeAfricasTalking } from '../fake-africastalking';
import { createSuperAdminToken, describeIntegration, startStrapi, stopStrapi } from '../helpers/strapi';
import {
  type DeliveryRow,
  clearReminders,
  createInvoice,
  createRule,
  deliveriesOf,
  schedulerOf,
} from '../helpers/scheduling';

const apiKey = 'atsk_webhooks_key_never_to_be_seen_5e21';
const callbackSecret = 'webhooks-callback-secret-0123456789';
const webhookSecret = 'webhook-signing-secret-abcdef012345';

interface Received {
  url?: string;
  headers: http.IncomingHttpHeaders;
  body: {
    event: string;
    timestamp: number;
    signature?: string;
    delivery: Record<string, unknown> & { documentId: string; phone: string };
  };
}

/** What a receiver does (docs/webhooks.md): recompute the signature over timestamp, event and delivery. */
const verifies = ({ body }: Received, secret: string) => {
  const expected = `sha256=${crypto
    .createHmac('sha256', secret)
    .update(`${body.timestamp}.${body.event}.${JSON.stringify(body.delivery)}`)
    .digest('hex')}`;
  return (
    typeof body.signature === 'string' &&
    body.signature.length === expected.length &&
    crypto.timingSafeEqual(Buffer.from(body.signature), Buffer.from(expected))
  );
};

describeIntegration("reminder events through Strapi's webhooks", () => {
  let strapi: Core.Strapi;
  let fake: FakeAfricasTalking;
  let adminToken: string;
  let receiver: http.Server;
  let received: Received[] = [];
  const api = () => request(strapi.server.httpServer);

  /** Resolves once `count` events have arrived, or fails after a while. */
  async function eventsArrived(count: number) {
    for (let waited = 0; received.length < count && waited < 10_000; waited += 50)
      await new Promise((resolve) => setTimeout(resolve, 50));
    expect(received).toHaveLength(count);
  }
  /** Gives late (duplicate) events time to arrive. */
  const settle = () => new Promise((resolve) => setTimeout(resolve, 500));

  beforeAll(async () => {
    receiver = http.createServer((req, res) => {
      let text = '';
      req.on('data', (chunk) => (text += chunk));
      req.on('end', () => {
        received.push({ url: req.url, headers: req.headers, body: JSON.parse(text) });
        res.writeHead(200).end();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    fake = await startFakeAfricasTalking({ username: 'sandbox', apiKey });
    strapi = await startStrapi({
      REMINDERS_CALLBACK_SECRET: callbackSecret,
      REMINDERS_WEBHOOK_SECRET: webhookSecret,
      REMINDERS_WEBHOOK_ENTRY_EVENTS: 'true',
      AT_USERNAME: 'sandbox',
      AT_API_KEY: apiKey,
      AT_API_BASE_URL: fake.baseUrl,
      AT_TIMEOUT_MS: '2000',
    });
    adminToken = await createSuperAdminToken(strapi);
    // Subscribed the way Settings → Webhooks does it: Strapi's admin API.
    const webhook = await api()
      .post('/admin/webhooks')
      .set('Authorization', `Bearer ${adminToken}`)
      .send({
        name: 'reminders receiver',
        url: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`,
        headers: { 'X-Receiver': 'tests' },
        events: ['reminder.sent', 'reminder.delivered', 'reminder.failed', 'reminder.opted-out'],
      });
    expect(webhook.status).toBe(201);
  });
  beforeEach(async () => {
    await clearReminders(strapi);
    received = [];
  });
  afterAll(async () => {
    await stopStrapi(strapi);
    await fake.close();
    await new Promise((resolve) => receiver.close(resolve));
  });

  it('refuses a webhook for an event that does not exist', async () => {
    const response = await api()
      .post('/admin/webhooks')
      .set('Authorization', `Bearer ${adminToken}`)
      .send({ name: 'typo', url: 'http://127.0.0.1:9/hook', headers: {}, events: ['reminder.sendt'] });
    expect(response.status).toBe(400);
  });

  it("posts exactly one signed reminder.sent per SMS sent through Africa's Talking, then reminder.delivered", async () => {
    const rule = await createRule(strapi, {
      name: 'Thanks',
      target: 'invoice',
      anchor: 'instantly',
      steps: [{ amount: 0, unit: 'minutes', direction: 'after' }],
    });
    const phones = ['+254711000101', '+254711000102', '+254711000103'];
    const invoices = await Promise.all(phones.map((phone) => createInvoice(strapi, { phone, dueDate: '2030-01-01' })));
    await schedulerOf(strapi).tick();
    const sends = fake.requests.filter((sent) => phones.includes(sent.fields.to));
    expect(sends).toHaveLength(3);
    await eventsArrived(3);
    await schedulerOf(strapi).tick();
    await settle();
    expect(received).toHaveLength(3);

    const deliveries = (await deliveriesOf(strapi, { ruleDocumentId: rule.documentId })) as (DeliveryRow & {
      documentId: string;
      providerMessageId: string;
    })[];
    for (const event of received) {
      expect(event.headers['x-strapi-event']).toBe('reminder.sent');
      expect(event.headers['x-receiver']).toBe('tests');
      expect(event.body.event).toBe('reminder.sent');
      expect(verifies(event, webhookSecret)).toBe(true);
      expect(verifies(event, 'another-secret-of-enough-length')).toBe(false);
      expect(Math.abs(event.body.timestamp - Date.now() / 1000)).toBeLessThan(60);
      const delivery = deliveries.find((row) => row.documentId === event.body.delivery.documentId);
      const invoice = invoices.find((one) => one.documentId === delivery?.targetDocumentId);
      expect(delivery && invoice).toBeTruthy();
      expect(event.body.delivery).toEqual({
        documentId: delivery?.documentId,
        rule: { documentId: rule.documentId, name: 'Thanks' },
        target: { type: 'invoice', documentId: invoice?.documentId },
        recipientRole: 'customer',
        channel: 'sms',
        phone: `+*********${String(invoice?.phone).slice(-3)}`,
        status: 'accepted',
        scheduledFor: expect.any(String),
        sentAt: expect.any(String),
        providerMessageId: delivery?.providerMessageId,
        cost: expect.any(String),
      });
    }
    expect(new Set(received.map((event) => event.body.delivery.documentId)).size).toBe(3);
    expect(JSON.stringify(received)).not.toContain(apiKey);
    expect(JSON.stringify(received)).not.toContain(webhookSecret);

    // Africa's Talking's delivery report for the first: one reminder.delivered; the same report again, nothing.
    received = [];
    const first = deliveries[0];
    const server = strapi.server.httpServer.listening ? strapi.server.httpServer : strapi.server.httpServer.listen(0);
    const callbackUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/reminders/callbacks/${callbackSecret}/delivery-reports`;
    const report = { id: String(first.providerMessageId), status: 'Success', phoneNumber: String(first.phone) };
    expect((await fake.postForm(callbackUrl, report)).status).toBe(200);
    expect((await fake.postForm(callbackUrl, report)).status).toBe(200);
    await eventsArrived(1);
    await settle();
    expect(received).toHaveLength(1);
    expect(received[0].body).toMatchObject({
      event: 'reminder.delivered',
      delivery: { documentId: first.documentId, status: 'delivered', providerMessageId: first.providerMessageId },
    });
    expect(verifies(received[0], webhookSecret)).toBe(true);
  });

  it('posts reminder.sent or reminder.failed once when an editor resolves an unknown send', async () => {
    const unknownSend = async (key: string) => {
      const now = new Date().toISOString();
      return strapi.documents('plugin::reminders.delivery').create({
        data: {
          idempotencyKey: key,
          targetType: 'test',
          phone: '+254712345678',
          scheduledFor: now,
          notBefore: now,
          sendStartedAt: now,
          deliveryStatus: 'unknown',
          events: [{ at: now, status: 'unknown' }],
        } as never,
      });
    };
    const [went, lost] = await Promise.all([unknownSend('webhooks-unknown-1'), unknownSend('webhooks-unknown-2')]);
    const resolve = (documentId: string, sent: boolean) =>
      api()
        .post(`/reminders/deliveries/${documentId}/resolve`)
        .set('Authorization', `Bearer ${adminToken}`)
        .send({ sent });
    // Twice each, at once: one conditional update wins, so one event.
    const answers = await Promise.all([
      resolve(went.documentId, true),
      resolve(went.documentId, true),
      resolve(lost.documentId, false),
    ]);
    expect(answers.map((answer) => answer.status).sort()).toEqual([200, 200, 400]);
    await eventsArrived(2);
    await settle();
    expect(received).toHaveLength(2);
    const byDelivery = new Map(received.map((event) => [event.body.delivery.documentId, event.body]));
    expect(byDelivery.get(went.documentId)).toMatchObject({ event: 'reminder.sent', delivery: { status: 'accepted' } });
    expect(byDelivery.get(lost.documentId)).toMatchObject({ event: 'reminder.failed', delivery: { status: 'failed' } });
  });

  it('posts reminder.failed for a refused number and reminder.opted-out when its next reminder is skipped', async () => {
    const phone = '+254711000555';
    fake.replyTo(phone, { kind: 'recipient', statusCode: 406 });
    await createRule(strapi, {
      target: 'invoice',
      anchor: 'instantly',
      steps: [{ amount: 0, unit: 'minutes', direction: 'after' }],
    });
    await createInvoice(strapi, { phone, dueDate: '2030-01-01' });
    await schedulerOf(strapi).tick();
    await eventsArrived(1);
    expect(received[0].body).toMatchObject({ event: 'reminder.failed', delivery: { status: 'rejected' } });

    await createInvoice(strapi, { phone, dueDate: '2030-01-01' });
    await schedulerOf(strapi).tick();
    await eventsArrived(2);
    expect(received[1].body).toMatchObject({ event: 'reminder.opted-out', delivery: { status: 'skipped' } });
    expect(received.every((event) => verifies(event, webhookSecret))).toBe(true);
  });
  it('also posts them as "Entry: update" of a delivery to a webhook ticked for it in Settings → Webhooks', async () => {
    const port = (receiver.address() as AddressInfo).port;
    // What Settings → Webhooks saves when "Entry: Update" is ticked.
    const webhook = await api()
      .post('/admin/webhooks')
      .set('Authorization', `Bearer ${adminToken}`)
      .send({ name: 'entries', url: `http://127.0.0.1:${port}/entries`, headers: {}, events: ['entry.update'] });
    expect(webhook.status).toBe(201);
    try {
      await createRule(strapi, { name: 'Entries', target: 'invoice', anchor: 'instantly' });
      await createInvoice(strapi, { phone: '+254711000111', dueDate: '2030-01-01' });
      await schedulerOf(strapi).tick();
      await eventsArrived(2);
      await settle();
      const entries = received.filter((event) => event.url === '/entries');
      expect(entries).toHaveLength(1);
      const { body } = entries[0] as unknown as {
        body: { event: string; model: string; uid: string; entry: Received['body'] };
      };
      expect(body).toMatchObject({ event: 'entry.update', model: 'delivery', uid: 'plugin::reminders.delivery' });
      expect(body.entry.event).toBe('reminder.sent');
      expect(verifies({ headers: {}, body: body.entry }, webhookSecret)).toBe(true);
    } finally {
      await api().delete(`/admin/webhooks/${webhook.body.data.id}`).set('Authorization', `Bearer ${adminToken}`);
    }
  });
});
