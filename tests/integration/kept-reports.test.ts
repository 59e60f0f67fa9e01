import request from 'supertest';
import type { Core } from '@strapi/strapi';
import type { SmsProvider } from '../../plugins/reminders/server/src/providers/types';
import { startFakeAfricasTalking, type FakeAfricasTalking } from '../fake-africastalking';
import { createEditorToken } from '../helpers/admin';
import { createSuperAdminToken, describeIntegration, startStrapi, stopStrapi } from '../helpers/strapi';
import { clearReminders, createInvoice, createRule, schedulerOf, useProvider } from '../helpers/scheduling';

const DELIVERY = 'plugin::reminders.delivery';
const PROVIDER_REPORT = 'plugin::reminders.provider-report';
const secret = 'kept-reports-secret-0123456789';
const apiKey = 'atsk_kept_reports_key_5d1c';

interface Delivery {
  id: number;
  documentId: string;
  deliveryStatus: string;
  providerMessageId: string | null;
  reason: string | null;
  events: { status: string; detail?: string }[];
}

/** Delivery reports that match no delivery when they come: kept, then applied when one matches, by id or by phone. */
describeIntegration('delivery reports kept until their delivery is known', () => {
  let strapi: Core.Strapi;
  let fake: FakeAfricasTalking;
  let adminToken: string;
  const http = () => request(strapi.server.httpServer);
  const report = (fields: Record<string, string>) =>
    http().post(`/api/reminders/callbacks/${secret}/delivery-reports`).type('form').send(fields);
  const tick = () => schedulerOf(strapi).tick();
  const deliveryOf = async (documentId: string) =>
    (await strapi.db.query(DELIVERY).findOne({ where: { documentId } })) as Delivery;
  const deliveriesTo = async (phone: string) =>
    (await strapi.db.query(DELIVERY).findMany({ where: { phone }, orderBy: { id: 'asc' } })) as Delivery[];
  const keptOf = (providerMessageId: string) =>
    strapi.db.query(PROVIDER_REPORT).findMany({ where: { providerMessageId }, orderBy: { id: 'asc' } });
  const details = (delivery: Delivery) => delivery.events.map((event) => event.detail);
  const unmatched = (query = '') =>
    http().get(`/reminders/deliveries/unmatched-reports${query}`).set('Authorization', `Bearer ${adminToken}`);

  /**
   * The real Africa's Talking provider (SDK and fake server), which posts delivery reports for a message after
   * Africa's Talking accepted it and before the dispatcher writes its id: the race a group commit widens.
   */
  function reportingEarly(
    reportsFor: (messageId: string, to: string) => Record<string, string>[],
    answers: request.Response[]
  ): SmsProvider {
    const real = strapi.plugin('reminders').service('provider').get() as SmsProvider;
    return {
      name: real.name,
      status: () => real.status(),
      async send(message) {
        const outcome = await real.send(message);
        if (outcome.kind === 'accepted')
          for (const fields of reportsFor(outcome.messageId, message.to)) answers.push(await report(fields));
        return outcome;
      },
    };
  }

  beforeAll(async () => {
    fake = await startFakeAfricasTalking({ username: 'sandbox', apiKey });
    strapi = await startStrapi({
      REMINDERS_CALLBACK_SECRET: secret,
      AT_USERNAME: 'sandbox',
      AT_API_KEY: apiKey,
      AT_API_BASE_URL: fake.baseUrl,
      AT_TIMEOUT_MS: '1000',
    });
    adminToken = await createSuperAdminToken(strapi);
  });
  beforeEach(async () => {
    await clearReminders(strapi);
    await strapi.db.query(PROVIDER_REPORT).deleteMany({});
    useProvider(strapi);
    await createRule(strapi, {
      target: 'invoice',
      anchor: 'instantly',
      steps: [{ amount: 0, unit: 'minutes', direction: 'after' }],
    });
  });
  afterAll(async () => {
    await stopStrapi(strapi);
    await fake.close();
  });

  it('applies reports that came before the dispatcher wrote their message id, in the order they came, each once', async () => {
    const answers: request.Response[] = [];
    // Success, then a late Sent (out of order), then Success again; one message's report has no number, one an unreadable one.
    const phoneField = (to: string): Record<string, string> =>
      to.endsWith('1') ? { phoneNumber: to } : to.endsWith('2') ? {} : { phoneNumber: 'not a number' };
    useProvider(
      strapi,
      reportingEarly(
        (id, to) =>
          ['Success', 'Sent', 'Success'].map((status) => ({
            id,
            status,
            networkCode: '63902',
            retryCount: '0',
            ...phoneField(to),
          })),
        answers
      )
    );
    const invoices = [];
    for (const phone of ['+254711300001', '+254711300002', '+254711300003'])
      invoices.push(await createInvoice(strapi, { phone, dueDate: '2030-01-01' }));

    const { dispatched, appliedReports } = await tick();
    expect(dispatched.outcomes).toEqual({ accepted: 3 });
    expect(appliedReports).toBe(0); // all applied right after the dispatcher's write, none left for the safety net
    expect(answers.map((answer) => [answer.status, answer.body.result])).toEqual(Array(9).fill([200, 'kept']));

    for (const invoice of invoices) {
      const [delivery] = (await strapi.db
        .query(DELIVERY)
        .findMany({ where: { targetDocumentId: invoice.documentId } })) as Delivery[];
      expect(delivery).toMatchObject({ deliveryStatus: 'delivered', reason: null });
      expect(details(delivery).filter((detail) => detail?.startsWith('Delivery report'))).toEqual([
        'Delivery report: Success, network 63902',
        'Delivery report: Sent, network 63902',
      ]);
      const kept = await keptOf(delivery.providerMessageId as string);
      expect(kept).toHaveLength(2);
      expect(
        kept.every(
          (row: { appliedAt: unknown; deliveryDocumentId: string }) =>
            row.appliedAt && row.deliveryDocumentId === delivery.documentId
        )
      ).toBe(true);
    }
    expect((await keptOf((await deliveriesTo('+254711300001'))[0].providerMessageId as string))[0].phone).toBe(
      '+254711300001'
    );
    expect((await keptOf((await deliveriesTo('+254711300003'))[0].providerMessageId as string))[0].phone).toBeNull();
    expect((await unmatched()).body.data).toEqual([]);
  });

  it('keeps a report for a message id nobody has once, however often and however concurrently it comes, and lists it', async () => {
    const answers = await Promise.all(
      Array.from({ length: 6 }, () =>
        report({
          id: 'ATXid_stray_1',
          status: 'Failed',
          failureReason: 'UserDoesNotExist',
          phoneNumber: '0711 300 010',
          retryCount: '2',
        })
      )
    );
    expect(answers.map((answer) => [answer.status, answer.body])).toEqual(
      Array(6).fill([200, { received: true, result: 'kept' }])
    );
    expect(await keptOf('ATXid_stray_1')).toMatchObject([
      {
        phone: '+254711300010',
        reportStatus: 'Failed',
        failureReason: 'UserDoesNotExist',
        retryCount: 2,
        appliedAt: null,
      },
    ]);
    // Another report of the same message is another report.
    expect((await report({ id: 'ATXid_stray_1', status: 'Sent' })).body.result).toBe('kept');
    expect(await keptOf('ATXid_stray_1')).toHaveLength(2);

    const listed = await unmatched();
    expect(listed.status).toBe(200);
    expect(listed.body.data).toEqual([
      expect.objectContaining({ messageId: 'ATXid_stray_1', status: 'Sent', phone: null }),
      {
        messageId: 'ATXid_stray_1',
        status: 'Failed',
        failureReason: 'UserDoesNotExist',
        networkCode: null,
        retryCount: 2,
        phone: '+254711300010',
        receivedAt: expect.any(String),
      },
    ]);
    expect(listed.body.meta.pagination).toEqual({ page: 1, pageSize: 20, total: 2, pageCount: 1 });
    const second = await unmatched('?page=2&pageSize=1');
    expect(second.body.data).toMatchObject([{ status: 'Failed' }]);
    expect(second.body.meta.pagination).toEqual({ page: 2, pageSize: 1, total: 2, pageCount: 2 });
    expect((await unmatched('?pageSize=0')).status).toBe(400);
  });

  it('applies a kept report in the tick once a delivery with its id exists, with its opt-out', async () => {
    const phone = '+254711300020';
    expect(
      (await report({ id: 'ATXid_late_1', status: 'Failed', failureReason: 'UserInBlackList', phoneNumber: phone }))
        .body.result
    ).toBe('kept');
    // Written by another path than this instance's dispatcher (one whose after-write step failed, say).
    const now = new Date().toISOString();
    const created = await strapi.documents(DELIVERY).create({
      data: {
        idempotencyKey: 'kept-late-1',
        targetType: 'test',
        phone,
        body: 'x',
        scheduledFor: now,
        notBefore: now,
        deliveryStatus: 'accepted',
        providerMessageId: 'ATXid_late_1',
        events: [],
      } as never,
    });
    expect((await tick()).appliedReports).toBe(1);
    expect(await deliveryOf(created.documentId)).toMatchObject({
      deliveryStatus: 'failed',
      errorCode: 'UserInBlackList',
    });
    expect(await strapi.db.query('plugin::reminders.opt-out').findOne({ where: { phone } })).toMatchObject({
      source: 'blacklisted',
    });
    expect((await tick()).appliedReports).toBe(0);
  });

  describe('a send whose outcome is unknown', () => {
    /** One invoice per phone given, each sent into a timeout: unknown, without a message id. */
    async function unknownSends(phones: string[]) {
      for (const phone of phones) {
        fake.replyTo(phone, { kind: 'hang' });
        await createInvoice(strapi, { phone, dueDate: '2030-01-01' });
      }
      expect((await tick()).dispatched.outcomes).toEqual({ unknown: phones.length });
    }

    it('is settled by a later report for its number, with the evidence in its timeline', async () => {
      const phone = '+254711300031';
      await unknownSends([phone]);
      const answer = await report({
        id: 'ATXid_lost_1',
        status: 'Success',
        phoneNumber: '0711 300 031',
        networkCode: '63902',
      });
      expect(answer.body).toEqual({ received: true, result: 'updated' });

      const [delivery] = await deliveriesTo(phone);
      expect(delivery).toMatchObject({
        deliveryStatus: 'delivered',
        providerMessageId: 'ATXid_lost_1',
        errorCode: null,
        reason: null,
      });
      expect(delivery.events.slice(-2)).toEqual([
        {
          at: expect.any(String),
          status: 'unknown',
          detail: expect.stringMatching(
            /^Resolved by a delivery report for \+2547\*+31 received at \d{4}-\d\d-\d\dT[\d:.]+Z, message id ATXid_lost_1: the only send with an unknown outcome to this number in the 24 h before it$/
          ),
        },
        { at: expect.any(String), status: 'delivered', detail: 'Delivery report: Success, network 63902' },
      ]);
      expect(await keptOf('ATXid_lost_1')).toMatchObject([
        { deliveryDocumentId: delivery.documentId, appliedAt: expect.anything() },
      ]);
      // From now on its reports match by id.
      expect((await report({ id: 'ATXid_lost_1', status: 'Success', networkCode: '63902' })).body.result).toBe(
        'duplicate'
      );
    });

    it('is settled by the tick when the report came while the send was still under way', async () => {
      const phone = '+254711300032';
      fake.replyTo(phone, { kind: 'hang' });
      await createInvoice(strapi, { phone, dueDate: '2030-01-01' });
      const requests = fake.requests.length;
      const ticking = tick();
      await fake.waitForRequest(requests);
      // The delivery is sending: its id may still come, so the report waits instead of guessing.
      expect((await report({ id: 'ATXid_lost_2', status: 'Sent', phoneNumber: phone })).body.result).toBe('kept');
      const { dispatched, appliedReports } = await ticking;
      expect([dispatched.outcomes, appliedReports]).toEqual([{ unknown: 1 }, 1]);
      const [delivery] = await deliveriesTo(phone);
      expect(delivery).toMatchObject({ deliveryStatus: 'accepted', providerMessageId: 'ATXid_lost_2' });
      expect(details(delivery).at(-2)).toMatch(
        /^Resolved by a delivery report for \+2547\*+32 .*message id ATXid_lost_2/
      );
    });

    it('is left alone when two unknown sends to the number could be the one: the report stays kept and listed', async () => {
      const phone = '+254711300033';
      await unknownSends([phone, phone]);
      const answer = await report({ id: 'ATXid_lost_3', status: 'Success', phoneNumber: phone });
      expect(answer.body.result).toBe('kept');
      expect((await tick()).appliedReports).toBe(0);
      expect(
        (await deliveriesTo(phone)).map((delivery) => [delivery.deliveryStatus, delivery.providerMessageId])
      ).toEqual([
        ['unknown', null],
        ['unknown', null],
      ]);
      expect((await unmatched()).body.data).toMatchObject([{ messageId: 'ATXid_lost_3', phone, status: 'Success' }]);
    });
  });

  it('lists the reports only to editors who may read the delivery log', async () => {
    expect((await http().get('/reminders/deliveries/unmatched-reports')).status).toBe(401);
    const rulesOnly = await createEditorToken(strapi, ['plugin::reminders.rules.read']);
    expect(
      (await http().get('/reminders/deliveries/unmatched-reports').set('Authorization', `Bearer ${rulesOnly}`)).status
    ).toBe(403);
    const reader = await createEditorToken(strapi, ['plugin::reminders.deliveries.read']);
    expect(
      (await http().get('/reminders/deliveries/unmatched-reports').set('Authorization', `Bearer ${reader}`)).status
    ).toBe(200);
  });
});
