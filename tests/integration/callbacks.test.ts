import request from 'supertest';
import type { AddressInfo } from 'net';
import type { Core } from '@strapi/strapi';
import { startFakeAfricasTalking, type FakeAfricasTalking } from '../fake-africastalking';
import { createSuperAdminToken, describeIntegration, startStrapi, stopStrapi } from '../helpers/strapi';
import { createInvoice, createRule, deliveriesOf, schedulerOf } from '../helpers/scheduling';

const DELIVERY = 'plugin::reminders.delivery';
const OPT_OUT = 'plugin::reminders.opt-out';
const secret = 'test-callback-secret-0123456789';
const apiKey = 'atsk_integration_key_never_to_be_seen_3f9a';

describeIntegration("Africa's Talking callbacks, opt-outs and the provider settings", () => {
  let strapi: Core.Strapi;
  let fake: FakeAfricasTalking;
  let adminToken: string;
  const http = () => request(strapi.server.httpServer);
  const callback = (path: string, fields: Record<string, string>, urlSecret: string | null = secret) =>
    http()
      .post(`/api/reminders/callbacks/${urlSecret === null ? '' : `${urlSecret}/`}${path}`)
      .type('form')
      .send(fields);

  beforeAll(async () => {
    fake = await startFakeAfricasTalking({ username: 'sandbox', apiKey });
    strapi = await startStrapi({
      REMINDERS_CALLBACK_SECRET: secret,
      PUBLIC_URL: 'https://reminders.example.com',
      AT_USERNAME: 'sandbox',
      AT_API_KEY: apiKey,
      AT_SENDER_ID: 'ACME',
      AT_API_BASE_URL: fake.baseUrl,
      AT_TIMEOUT_MS: '2000',
    });
    adminToken = await createSuperAdminToken(strapi);
  });
  afterAll(async () => {
    await stopStrapi(strapi);
    await fake.close();
  });

  let sequence = 0;
  /** A delivery the dispatcher has handed to Africa's Talking. */
  async function acceptedDelivery(messageId = `ATXid_test_${++sequence}`, deliveryStatus = 'accepted') {
    const now = new Date().toISOString();
    await strapi.documents(DELIVERY).create({
      data: {
        idempotencyKey: `callbacks-test-${messageId}`,
        targetType: 'test',
        phone: '+254712345678',
        body: 'Your invoice is due',
        scheduledFor: now,
        notBefore: now,
        deliveryStatus,
        provider: 'africastalking',
        providerMessageId: messageId,
        events: [{ at: now, status: deliveryStatus }],
      } as never,
    });
    return messageId;
  }
  const deliveryOf = (messageId: string) =>
    strapi.db.query(DELIVERY).findOne({ where: { providerMessageId: messageId } });
  const optOutOf = (phone: string) => strapi.db.query(OPT_OUT).findOne({ where: { phone } });

  describe('the secret in the URL', () => {
    it.each([
      ['a wrong secret', 'wrong-secret-0123456789'],
      ['a secret one character short', secret.slice(0, -1)],
      ['no secret at all', null],
    ])('refuses %s with 401 and changes nothing, on every callback', async (_name, urlSecret) => {
      const messageId = await acceptedDelivery();
      const before = await deliveryOf(messageId);
      const optOuts = await strapi.db.query(OPT_OUT).count();
      const answers = await Promise.all([
        callback('delivery-reports', { id: messageId, status: 'Success' }, urlSecret),
        callback('opt-outs', { phoneNumber: '+254700000001', senderId: 'ACME' }, urlSecret),
        callback('incoming-messages', { from: '+254700000002', text: 'STOP', to: '12345' }, urlSecret),
      ]);
      expect(answers.map((answer) => answer.status)).toEqual([401, 401, 401]);
      expect(await deliveryOf(messageId)).toEqual(before);
      expect(await strapi.db.query(OPT_OUT).count()).toBe(optOuts);
    });
  });

  describe('delivery reports', () => {
    it('moves an accepted delivery through intermediate statuses to delivered, keeping each report', async () => {
      const messageId = await acceptedDelivery();
      expect(
        (
          await callback('delivery-reports', {
            id: messageId,
            status: 'Submitted',
            phoneNumber: '+254712345678',
            networkCode: '63902',
          })
        ).status
      ).toBe(200);
      expect(
        (await callback('delivery-reports', { id: messageId, status: 'Buffered', networkCode: '63902' })).status
      ).toBe(200);
      expect(await deliveryOf(messageId)).toMatchObject({ deliveryStatus: 'accepted' });
      const final = await callback('delivery-reports', {
        id: messageId,
        status: 'Success',
        networkCode: '63902',
        retryCount: '0',
      });
      expect(final.body).toEqual({ received: true, result: 'updated' });
      const delivery = await deliveryOf(messageId);
      expect(delivery).toMatchObject({ deliveryStatus: 'delivered', errorCode: null, reason: null });
      expect(delivery.events.map((event: { detail?: string }) => event.detail).slice(1)).toEqual([
        'Delivery report: Submitted, network 63902',
        'Delivery report: Buffered, network 63902',
        'Delivery report: Success, network 63902',
      ]);
    });

    it('ignores a duplicate report, even several at once', async () => {
      const messageId = await acceptedDelivery();
      const answers = await Promise.all(
        [1, 2, 3, 4, 5].map(() => callback('delivery-reports', { id: messageId, status: 'Success' }))
      );
      expect(answers.map((answer) => answer.status)).toEqual([200, 200, 200, 200, 200]);
      expect(answers.map((answer) => answer.body.result).sort()).toEqual([
        'duplicate',
        'duplicate',
        'duplicate',
        'duplicate',
        'updated',
      ]);
      expect((await deliveryOf(messageId)).events).toHaveLength(2);
    });

    it('keeps every one of several different reports arriving at once', async () => {
      const messageId = await acceptedDelivery();
      await Promise.all(
        ['Sent', 'Submitted', 'Buffered', 'Success'].map((status) =>
          callback('delivery-reports', { id: messageId, status })
        )
      );
      const delivery = await deliveryOf(messageId);
      expect(delivery.deliveryStatus).toBe('delivered');
      expect(delivery.events).toHaveLength(5);
    });

    it('never moves a final status back when reports arrive out of order', async () => {
      const messageId = await acceptedDelivery();
      await callback('delivery-reports', { id: messageId, status: 'Success' });
      const late = await callback('delivery-reports', { id: messageId, status: 'Sent' });
      const contradicting = await callback('delivery-reports', {
        id: messageId,
        status: 'Failed',
        failureReason: 'DeliveryFailure',
      });
      expect([late.body.result, contradicting.body.result]).toEqual(['recorded', 'recorded']);
      const delivery = await deliveryOf(messageId);
      expect(delivery).toMatchObject({ deliveryStatus: 'delivered', reason: null });
      expect(delivery.events.at(-1)).toMatchObject({
        status: 'delivered',
        detail: 'Delivery report: Failed (DeliveryFailure)',
      });
    });

    it('records a failure with its reason in words an editor understands', async () => {
      const messageId = await acceptedDelivery();
      await callback('delivery-reports', {
        id: messageId,
        status: 'Failed',
        failureReason: 'UserDoesNotExist',
        networkCode: '62120',
      });
      expect(await deliveryOf(messageId)).toMatchObject({
        deliveryStatus: 'failed',
        errorCode: 'UserDoesNotExist',
        reason: 'The number does not exist on the mobile network.',
      });
      const rejected = await acceptedDelivery();
      await callback('delivery-reports', { id: rejected, status: 'Rejected' });
      expect(await deliveryOf(rejected)).toMatchObject({
        deliveryStatus: 'rejected',
        errorCode: 'Rejected',
        reason: 'The mobile network rejected the message.',
      });
    });

    it('settles a delivery left unknown after a timeout once a report proves it was sent', async () => {
      const messageId = await acceptedDelivery(undefined, 'unknown');
      await callback('delivery-reports', { id: messageId, status: 'Success' });
      expect(await deliveryOf(messageId)).toMatchObject({ deliveryStatus: 'delivered' });
    });

    it('accepts and keeps a status it does not know, without changing the status', async () => {
      const messageId = await acceptedDelivery();
      const answer = await callback('delivery-reports', { id: messageId, status: 'Teleported' });
      expect(answer.status).toBe(200);
      const delivery = await deliveryOf(messageId);
      expect(delivery.deliveryStatus).toBe('accepted');
      expect(delivery.events.at(-1)).toMatchObject({ status: 'accepted', detail: 'Delivery report: Teleported' });
    });

    it('acknowledges a report for a message id no delivery has, keeps it, and changes no delivery', async () => {
      const count = await strapi.db.query(DELIVERY).count();
      const answer = await callback('delivery-reports', { id: 'ATXid_not_ours', status: 'Success' });
      expect(answer.status).toBe(200);
      expect(answer.body.result).toBe('kept');
      expect(await strapi.db.query(DELIVERY).count()).toBe(count);
      expect(
        await strapi.db
          .query('plugin::reminders.provider-report')
          .findMany({ where: { providerMessageId: 'ATXid_not_ours' } })
      ).toMatchObject([{ reportStatus: 'Success', phone: null }]);
    });

    it('answers a report without an id or status with 400', async () => {
      const answer = await callback('delivery-reports', { status: 'Success' });
      expect(answer.status).toBe(400);
      expect(answer.body.error.message).toMatch(/needs an id and a status/);
    });

    it('puts a number that blacklisted the sender on the opt-out list', async () => {
      const messageId = await acceptedDelivery();
      await callback('delivery-reports', { id: messageId, status: 'Failed', failureReason: 'UserInBlackList' });
      expect(await optOutOf('+254712345678')).toMatchObject({ source: 'blacklisted' });
      await strapi.plugin('reminders').service('opt-outs').remove('+254712345678');
    });
  });

  describe('opt-outs', () => {
    it("adds a number from Africa's Talking's bulk-SMS opt-out callback, once", async () => {
      const first = await callback('opt-outs', { senderId: 'ACME', phoneNumber: '+254711000111' });
      const again = await callback('opt-outs', { senderId: 'ACME', phoneNumber: '+254711000111' });
      expect([first.body.added, again.body.added]).toEqual([true, false]);
      expect(await optOutOf('+254711000111')).toMatchObject({
        source: 'provider',
        note: "Opted out through Africa's Talking (sender ACME)",
      });
      expect(await strapi.db.query(OPT_OUT).count({ where: { phone: '+254711000111' } })).toBe(1);
    });

    it('answers an opt-out without a phone number with 400', async () => {
      expect((await callback('opt-outs', { senderId: 'ACME', phoneNumber: 'nobody' })).status).toBe(400);
    });

    it.each(['STOP', 'unsubscribe', 'ARRÊT', 'Acha', 'توقف'])(
      'opts out a number that replies %p, and opts it in again on START',
      async (text) => {
        const from = '+254711000222';
        const stop = await callback('incoming-messages', {
          from,
          text,
          to: '12345',
          id: `in-stop-${text}`,
          linkId: 'l-1',
          date: '2026-03-10 10:00:00',
        });
        expect(stop.body).toEqual({ received: true, intent: 'opt-out', status: 'applied' });
        expect(await optOutOf(from)).toMatchObject({ source: 'stop_reply' });
        expect(await strapi.plugin('reminders').service('opt-outs').isOptedOut('0711 000 222')).toBe(true);
        const start = await callback('incoming-messages', { from, text: 'START', to: '12345' });
        expect(start.body).toEqual({ received: true, intent: 'opt-in', status: 'applied' });
        expect(await optOutOf(from)).toBeNull();
      }
    );

    it.each(['Cancel', 'إلغاء'])(
      'no longer opts out a number that replies %p (it cancels, or waits in the inbox)',
      async (text) => {
        const from = '+254711000223';
        const answer = await callback('incoming-messages', { from, text, to: '12345', id: `in-cancel-${text}` });
        expect(answer.body).toEqual({ received: true, intent: 'cancel', status: 'unmatched' });
        expect(await optOutOf(from)).toBeNull();
      }
    );

    it("puts a number Africa's Talking refuses with 406 on the list through the dispatcher, and sends it nothing more", async () => {
      const phone = '+254711000555';
      fake.replyTo(phone, { kind: 'recipient', statusCode: 406 });
      await createRule(strapi, {
        target: 'invoice',
        anchor: 'instantly',
        steps: [{ amount: 0, unit: 'minutes', direction: 'after' }],
      });
      const first = await createInvoice(strapi, { phone, dueDate: '2030-01-01' });
      await schedulerOf(strapi).tick();
      expect(fake.requests.filter((request) => request.fields.to === phone)).toHaveLength(1);
      expect(await optOutOf(phone)).toMatchObject({ source: 'blacklisted' });
      expect(await deliveriesOf(strapi, { targetDocumentId: first.documentId })).toMatchObject([
        { deliveryStatus: 'rejected' },
      ]);

      const requests = fake.requests.length;
      const second = await createInvoice(strapi, { phone, dueDate: '2030-01-01' });
      await schedulerOf(strapi).tick();
      expect(await deliveriesOf(strapi, { targetDocumentId: second.documentId })).toMatchObject([
        { deliveryStatus: 'skipped' },
      ]);
      expect(fake.requests.length).toBe(requests);
    });

    it('leaves the list alone for any other reply', async () => {
      const answer = await callback('incoming-messages', {
        from: '+254711000333',
        text: 'Thanks, I paid yesterday',
        to: '12345',
      });
      expect(answer.body).toEqual({ received: true, intent: null, status: 'unmatched' });
      expect(await optOutOf('+254711000333')).toBeNull();
    });

    it('lets an editor add a number (normalised) and remove it in the Content Manager', async () => {
      const path = '/content-manager/collection-types/plugin::reminders.opt-out';
      const created = await http()
        .post(path)
        .set('Authorization', `Bearer ${adminToken}`)
        .send({ phone: '0711 000 444', source: 'editor', note: 'Asked by phone' });
      expect(created.status).toBe(201);
      expect(created.body.data.phone).toBe('+254711000444');
      const optOuts = strapi.plugin('reminders').service('opt-outs');
      expect(await optOuts.isOptedOut('+254711000444')).toBe(true);
      const removed = await http()
        .delete(`${path}/${created.body.data.documentId}`)
        .set('Authorization', `Bearer ${adminToken}`);
      expect(removed.status).toBe(200);
      expect(await optOuts.isOptedOut('+254711000444')).toBe(false);
    });
  });

  describe('the provider', () => {
    it('shows an editor the provider with its key masked and the exact callback URLs', async () => {
      const answer = await http().get('/reminders/settings').set('Authorization', `Bearer ${adminToken}`);
      expect(answer.status).toBe(200);
      expect(answer.body.data).toMatchObject({
        provider: {
          name: 'africastalking',
          live: false,
          details: { username: 'sandbox', apiKey: '••••••••3f9a', senderId: 'ACME', apiBaseUrl: fake.baseUrl },
        },
        callbacks: {
          deliveryReports: `https://reminders.example.com/api/reminders/callbacks/${secret}/delivery-reports`,
          optOuts: `https://reminders.example.com/api/reminders/callbacks/${secret}/opt-outs`,
          incomingMessages: `https://reminders.example.com/api/reminders/callbacks/${secret}/incoming-messages`,
        },
        warnings: [],
      });
      expect(JSON.stringify(answer.body)).not.toContain(apiKey);
    });

    it('keeps the settings from anyone not logged in to the admin', async () => {
      expect((await http().get('/reminders/settings')).status).toBe(401);
    });

    it("sends through the fake Africa's Talking and takes its delivery report back over HTTP, logging no key", async () => {
      const lines: string[] = [];
      const spies = (['info', 'warn', 'error'] as const).map((level) =>
        jest.spyOn(strapi.log, level).mockImplementation(((message: unknown) => lines.push(String(message))) as never)
      );
      try {
        const provider = strapi.plugin('reminders').service('provider').get();
        const outcome = await provider.send({ to: '0712 345 678', body: 'Your invoice INV-7 is due' });
        expect(outcome).toMatchObject({ kind: 'accepted', providerStatus: 'Success' });
        expect(fake.requests.at(-1)?.fields).toMatchObject({ to: '+254712345678', from: 'ACME' });
        await acceptedDelivery(outcome.messageId);

        const server = strapi.server.httpServer.listening
          ? strapi.server.httpServer
          : strapi.server.httpServer.listen(0);
        const { port } = server.address() as AddressInfo;
        const report = await fake.postForm(
          `http://127.0.0.1:${port}/api/reminders/callbacks/${secret}/delivery-reports`,
          {
            id: outcome.messageId,
            status: 'Success',
            phoneNumber: '+254712345678',
            networkCode: '63902',
          }
        );
        expect(report.status).toBe(200);
        expect(await deliveryOf(outcome.messageId)).toMatchObject({ deliveryStatus: 'delivered' });

        fake.reply({ kind: 'http', httpStatus: 401, body: 'The supplied authentication is invalid' });
        expect(await provider.send({ to: '+254712345678', body: 'again' })).toMatchObject({
          kind: 'account',
          errorCode: 'HTTP 401',
        });
        expect(lines.join('\n')).toMatch(/account \(HTTP 401\)/);
        expect(lines.join('\n')).not.toContain(apiKey);
      } finally {
        spies.forEach((spy) => spy.mockRestore());
      }
    });
  });
});
