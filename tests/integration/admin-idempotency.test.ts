import crypto from 'crypto';
import request from 'supertest';
import type { Core } from '@strapi/strapi';
import { fingerprintOf, scopeOf } from '../../plugins/reminders/server/src/domain/idempotency';
import { IDEMPOTENT_REQUESTS, type Idempotency } from '../../plugins/reminders/server/src/services/idempotency';
import { createEditorToken } from '../helpers/admin';
import { TestClock, clearReminders, createAppointment, createRule, useClock } from '../helpers/scheduling';
import { createSuperAdminToken, describeIntegration, startStrapi, stopStrapi } from '../helpers/strapi';
import { type FakeAfricasTalking, startFakeAfricasTalking } from '../fake-africastalking';

const DELIVERIES = 'reminders_deliveries';
const newKey = () => crypto.randomUUID();
let sequence = 0;

/**
 * Editors' actions with an Idempotency-Key (send now, retry, resolve, test send): the same key acts once
 * and answers the same, concurrently or later, and SMS are counted where they arrive, at the fake
 * Africa's Talking server.
 */
describeIntegration('idempotent editor actions', () => {
  let strapi: Core.Strapi;
  let fake: FakeAfricasTalking;
  let token: string;
  const clock = new TestClock(new Date('2026-04-10T09:00:00Z'));
  const http = () => request(strapi.server.httpServer);
  const post = (path: string, key?: string, as = token) => {
    const test = http().post(path).set('Authorization', `Bearer ${as}`);
    return key === undefined ? test : test.set('Idempotency-Key', key);
  };
  const smsTo = (phone: string) => fake.requests.filter((received) => received.fields.to === phone).length;
  /** The same answer: status and body, byte for byte. */
  const same = (first: request.Response, second: request.Response) => {
    expect(second.status).toBe(first.status);
    expect(second.text).toBe(first.text);
  };

  /** An appointment (phone `phone`) and an enabled rule that sends to its customer; nothing is due. */
  async function appointmentWithRule(phone: string) {
    const appointment = await createAppointment(strapi, {
      title: 'Check-up',
      customerName: 'Grace',
      phone,
      startsAt: '2026-05-01T08:00:00Z',
    });
    const rule = await createRule(strapi, {
      target: 'appointment',
      anchor: 'starts_at',
      steps: [{ amount: 1, unit: 'hours', direction: 'before' }],
      templates: { en: 'See you, {{ customer.name }}' },
    });
    return {
      path: `/reminders/records/appointment/${appointment.documentId}/send-now`,
      rule: rule.documentId,
      appointment: appointment.documentId,
    };
  }

  /** A delivery row as the dispatcher would have left it. */
  async function insertDelivery(status: string) {
    sequence += 1;
    const at = new Date('2026-04-10T08:00:00Z');
    const documentId = `idem${sequence}`;
    await strapi.db.connection(DELIVERIES).insert({
      document_id: documentId,
      idempotency_key: `idem-${sequence}`,
      target_type: 'appointment',
      target_document_id: 'appt',
      recipient_role: 'customer',
      phone: '+254700111222',
      scheduled_for: at,
      not_before: at,
      delivery_status: status,
      attempts: 1,
      events: JSON.stringify([{ at: at.toISOString(), status, detail: 'Planned' }]),
      created_at: at,
      updated_at: at,
      published_at: at,
    });
    return documentId;
  }

  const timeline = async (documentId: string) =>
    (
      (await http().get(`/reminders/deliveries/${documentId}`).set('Authorization', `Bearer ${token}`)).body.data
        .events as { detail: string }[]
    ).map((event) => event.detail);

  beforeAll(async () => {
    fake = await startFakeAfricasTalking({ username: 'tester', apiKey: 'tester-key' });
    strapi = await startStrapi({ AT_USERNAME: 'tester', AT_API_KEY: 'tester-key', AT_API_BASE_URL: fake.baseUrl });
    token = await createSuperAdminToken(strapi);
    useClock(strapi, clock);
  });
  beforeEach(async () => {
    await clearReminders(strapi);
    clock.set('2026-04-10T09:00:00Z');
  });
  afterAll(async () => {
    await stopStrapi(strapi);
    await fake.close();
  });

  describe('send now', () => {
    it('sends once for the same key sent twice at once, and answers both the same; again later, the same answer', async () => {
      const { path, rule, appointment } = await appointmentWithRule('0700 000 001');
      // A slow provider: the second request arrives while the first one is sending.
      fake.replyTo('+254700000001', { kind: 'recipient', delayMs: 300 });
      const key = newKey();
      const [first, second] = await Promise.all([post(path, key).send({ rule }), post(path, key).send({ rule })]);
      expect(first.status).toBe(200);
      expect(first.body.data).toEqual([expect.objectContaining({ status: 'accepted', recipientRole: 'customer' })]);
      same(first, second);
      expect(smsTo('+254700000001')).toBe(1);

      clock.advance(1);
      same(first, await post(path, key).send({ rule }));
      expect(smsTo('+254700000001')).toBe(1);
      const deliveries = await strapi.db
        .connection(DELIVERIES)
        .where({ target_document_id: appointment })
        .select('idempotency_key');
      expect(deliveries).toEqual([
        {
          idempotency_key: expect.stringMatching(
            new RegExp(`^manual:${rule}:${appointment}:customer:key-[0-9a-f]{32}$`)
          ),
        },
      ]);
    });

    it('refuses the same key for another request (another body or another record), acting on neither', async () => {
      const { path, rule } = await appointmentWithRule('0700 000 002');
      const other = await appointmentWithRule('0700 000 003');
      const key = newKey();
      expect((await post(path, key).send({ rule })).status).toBe(200);
      for (const [refusedPath, body] of [
        [path, { rule, confirm: true }],
        [other.path, { rule }],
      ] as const) {
        const refused = await post(refusedPath, key).send(body);
        expect(refused.status).toBe(422);
        expect(refused.body).toEqual({
          data: null,
          error: {
            status: 422,
            name: 'UnprocessableEntityError',
            message: expect.stringMatching(/Idempotency-Key was already used for another request/),
            details: { header: 'Idempotency-Key' },
          },
        });
      }
      expect(smsTo('+254700000002') + smsTo('+254700000003')).toBe(1);
    });

    it('asks to confirm a second send within the window, sends with confirm: true, and not after the window', async () => {
      const { path, rule } = await appointmentWithRule('0700 000 004');
      expect((await post(path, newKey()).send({ rule })).status).toBe(200);
      clock.advance(2);
      const asked = await post(path, newKey()).send({ rule });
      expect(asked.status).toBe(409);
      expect(asked.body).toEqual({
        data: null,
        error: {
          status: 409,
          name: 'ConflictError',
          message:
            'A reminder from this rule was sent by hand for this appointment 2 minutes ago (2026-04-10 09:00 UTC). To send another one, confirm it (confirm: true).',
          details: { lastSentAt: '2026-04-10T09:00:00.000Z', windowMinutes: 5 },
        },
      });
      expect(smsTo('+254700000004')).toBe(1);
      const confirmed = await post(path, newKey()).send({ rule, confirm: true });
      expect(confirmed.status).toBe(200);
      expect(smsTo('+254700000004')).toBe(2);
      clock.advance(6);
      expect((await post(path, newKey()).send({ rule })).status).toBe(200);
      expect(smsTo('+254700000004')).toBe(3);
    });

    it('still works without a key: each request is a new send, the second within the window asked to confirm', async () => {
      const { path, rule, appointment } = await appointmentWithRule('0700 000 005');
      const sent = await post(path).send({ rule });
      expect(sent.status).toBe(200);
      expect(sent.body.data[0].status).toBe('accepted');
      expect((await post(path).send({ rule })).status).toBe(409);
      expect((await post(path).send({ rule, confirm: true })).status).toBe(200);
      expect(smsTo('+254700000005')).toBe(2);
      const keys = (
        await strapi.db.connection(DELIVERIES).where({ target_document_id: appointment }).select('idempotency_key')
      ).map((row: { idempotency_key: string }) => row.idempotency_key);
      expect(keys).toEqual([
        expect.stringMatching(
          new RegExp(`^manual:${rule}:${appointment}:customer:${clock.now.getTime()}\\.[0-9a-f]{8}$`)
        ),
        expect.any(String),
      ]);
      expect(new Set(keys).size).toBe(2);
      const badConfirm = await post(path).send({ rule, confirm: 'yes' });
      expect(badConfirm.status).toBe(400);
      expect(badConfirm.body.error.details.errors[0].path).toEqual(['confirm']);
    });

    it('keeps two editors’ keys apart: the same key string is two independent requests', async () => {
      const { path, rule } = await appointmentWithRule('0700 000 006');
      const editor = await createEditorToken(strapi, [
        'plugin::reminders.deliveries.manage',
        'plugin::reminders.deliveries.read',
      ]);
      const key = 'shared-key-1';
      expect((await post(path, key).send({ rule })).status).toBe(200);
      // Not the first editor's answer replayed: the second editor's own request, asked to confirm, then sent.
      expect((await post(path, key, editor).send({ rule })).status).toBe(409);
      expect((await post(path, newKey(), editor).send({ rule, confirm: true })).status).toBe(200);
      expect(smsTo('+254700000006')).toBe(2);
    });
  });

  it.each([
    ['an empty key', ''],
    ['a key of 129 characters', 'k'.repeat(129)],
    ['a key with a non-ASCII character', 'clé-1'],
  ])('refuses %s with a 400 naming the header, on every idempotent route', async (_label, key) => {
    const delivery = await insertDelivery('unknown');
    for (const [path, body] of [
      ['/reminders/records/appointment/appt/send-now', { rule: 'r1' }],
      [`/reminders/deliveries/${delivery}/retry`, {}],
      [`/reminders/deliveries/${delivery}/resolve`, { sent: true }],
      ['/reminders/test-send', { phone: '0712 345 678', template: 'Hi' }],
    ] as const) {
      const refused = await post(path, key).send(body);
      expect([path, refused.status]).toEqual([path, 400]);
      expect(refused.body.error.message).toMatch(
        /the Idempotency-Key header must be 1 to 128 printable ASCII characters/
      );
      expect(refused.body.error.details.errors[0].path).toEqual(['Idempotency-Key']);
    }
    expect(await timeline(delivery)).toEqual(['Planned']);
  });

  describe('actions on a delivery', () => {
    it('retries once for a repeated key, answering the same, where a second retry without a key is refused', async () => {
      const delivery = await insertDelivery('failed');
      const key = newKey();
      const [first, second] = await Promise.all([
        post(`/reminders/deliveries/${delivery}/retry`, key),
        post(`/reminders/deliveries/${delivery}/retry`, key),
      ]);
      expect(first.status).toBe(200);
      expect(first.body.data).toMatchObject({ status: 'queued', attempts: 0 });
      same(first, second);
      same(first, await post(`/reminders/deliveries/${delivery}/retry`, key));
      expect(await timeline(delivery)).toEqual(['Planned', 'Retried by Test Admin']);
      expect((await post(`/reminders/deliveries/${delivery}/retry`)).status).toBe(400);
    });

    it('resolves once for a repeated key; the same key for the other answer is refused', async () => {
      const delivery = await insertDelivery('unknown');
      const key = newKey();
      const path = `/reminders/deliveries/${delivery}/resolve`;
      const [first, second] = await Promise.all([
        post(path, key).send({ sent: true }),
        post(path, key).send({ sent: true }),
      ]);
      expect(first.status).toBe(200);
      expect(first.body.data).toMatchObject({ status: 'accepted', reason: 'Marked as sent by Test Admin' });
      same(first, second);
      same(first, await post(path, key).send({ sent: true }));
      expect((await post(path, key).send({ sent: false })).status).toBe(422);
      expect(await timeline(delivery)).toEqual(['Planned', 'Marked as sent by Test Admin']);
    });

    it('keeps a refusal (4xx) as the answer to its key, even once the delivery could be retried', async () => {
      const delivery = await insertDelivery('queued');
      const key = newKey();
      const refused = await post(`/reminders/deliveries/${delivery}/retry`, key);
      expect(refused.status).toBe(400);
      expect(refused.body.error.message).toMatch(/This delivery is queued/);
      await strapi.db.connection(DELIVERIES).where({ document_id: delivery }).update({ delivery_status: 'failed' });
      same(refused, await post(`/reminders/deliveries/${delivery}/retry`, key));
      expect(await timeline(delivery)).toEqual(['Planned']);
    });
  });

  describe('test send', () => {
    const body = { phone: '0711 000 111', template: 'Hello from the test send' };

    it('sends one SMS for a repeated key, at once or later, with the same answer', async () => {
      fake.replyTo('+254711000111', { kind: 'recipient', delayMs: 300 });
      const key = newKey();
      const [first, second] = await Promise.all([
        post('/reminders/test-send', key).send(body),
        post('/reminders/test-send', key).send(body),
      ]);
      expect(first.status).toBe(200);
      expect(first.body.data).toMatchObject({ status: 'accepted', text: 'Hello from the test send' });
      same(first, second);
      same(first, await post('/reminders/test-send', key).send(body));
      expect(smsTo('+254711000111')).toBe(1);
      expect((await post('/reminders/test-send', key).send({ ...body, template: 'Another text' })).status).toBe(422);
      expect(smsTo('+254711000111')).toBe(1);
    });

    it('sends one SMS per editor when two editors use the same key string, and one per request without a key', async () => {
      const editor = await createEditorToken(strapi, ['plugin::reminders.test-send']);
      const phone = { ...body, phone: '0711 000 222' };
      const [mine, theirs] = await Promise.all([
        post('/reminders/test-send', 'same-key').send(phone),
        post('/reminders/test-send', 'same-key', editor).send(phone),
      ]);
      expect([mine.status, theirs.status]).toEqual([200, 200]);
      expect(mine.body.data.deliveryDocumentId).not.toBe(theirs.body.data.deliveryDocumentId);
      expect(smsTo('+254711000222')).toBe(2);
      expect((await post('/reminders/test-send').send(phone)).status).toBe(200);
      expect((await post('/reminders/test-send').send(phone)).status).toBe(200);
      expect(smsTo('+254711000222')).toBe(4);
    });
  });

  describe('the stored keys', () => {
    /** The row another instance would have left for `key`: retry of `delivery` by the super admin. */
    async function insertClaim(key: string, delivery: string, row: Record<string, unknown>) {
      const me = await http().get('/admin/users/me').set('Authorization', `Bearer ${token}`);
      const now = new Date();
      await strapi.db.connection(IDEMPOTENT_REQUESTS).insert({
        document_id: crypto.randomBytes(12).toString('hex'),
        scope: scopeOf('retry', me.body.data.id),
        idempotency_key: key,
        fingerprint: fingerprintOf({ method: 'POST', path: `/reminders/deliveries/${delivery}/retry`, body: {} }),
        state: 'in_progress',
        owner: 'another-instance',
        created_at: now,
        updated_at: now,
        published_at: now,
        ...row,
      });
    }

    it('waits for the answer of a request another instance is running, and gives it', async () => {
      const delivery = await insertDelivery('failed');
      const key = newKey();
      await insertClaim(key, delivery, { lease_until: new Date(Date.now() + 60_000) });
      const answer = { data: { documentId: delivery, status: 'queued' } };
      const finish = async () => {
        await new Promise((resolve) => setTimeout(resolve, 500));
        await strapi.db
          .connection(IDEMPOTENT_REQUESTS)
          .where({ idempotency_key: key })
          .update({
            state: 'done',
            owner: null,
            lease_until: null,
            response_status: 200,
            response_body: JSON.stringify(answer),
          });
      };
      const [waited] = await Promise.all([post(`/reminders/deliveries/${delivery}/retry`, key), finish()]);
      expect(waited.status).toBe(200);
      expect(waited.body).toEqual(answer);
      expect(await timeline(delivery)).toEqual(['Planned']);
    });

    it('takes over a key whose holder let its lease run out (its process died), and acts', async () => {
      const delivery = await insertDelivery('failed');
      const key = newKey();
      await insertClaim(key, delivery, { lease_until: new Date(Date.now() - 1000) });
      const taken = await post(`/reminders/deliveries/${delivery}/retry`, key);
      expect(taken.status).toBe(200);
      expect(await timeline(delivery)).toEqual(['Planned', 'Retried by Test Admin']);
      same(taken, await post(`/reminders/deliveries/${delivery}/retry`, key));
    });

    it('releases the key when the action fails unexpectedly (a 5xx), so that the same key acts again', async () => {
      const idempotency = strapi.plugin('reminders').service('idempotency') as Idempotency;
      const ctx = {
        method: 'POST',
        path: '/reminders/deliveries/x/retry',
        request: { body: {} },
        state: { user: { id: 1 } },
        status: 404,
        body: undefined as unknown,
      };
      const key = newKey();
      await expect(
        idempotency.respond(ctx, 'retry', key, async () => Promise.reject(new Error('the database went away')))
      ).rejects.toThrow('the database went away');
      expect(await strapi.db.connection(IDEMPOTENT_REQUESTS).where({ idempotency_key: key }).first()).toBeUndefined();
      await idempotency.respond(ctx, 'retry', key, async () => 'acted');
      expect([ctx.status, ctx.body]).toEqual([200, { data: 'acted' }]);
    });

    it('forgets keys after 24 hours', async () => {
      const delivery = await insertDelivery('failed');
      const key = newKey();
      const old = new Date(Date.now() - 25 * 60 * 60_000);
      await insertClaim(key, delivery, {
        state: 'done',
        response_status: 400,
        response_body: '{"data":null}',
        created_at: old,
      });
      expect(
        await (strapi.plugin('reminders').service('idempotency') as Idempotency).purge(new Date())
      ).toBeGreaterThanOrEqual(1);
      expect(await strapi.db.connection(IDEMPOTENT_REQUESTS).where({ idempotency_key: key }).first()).toBeUndefined();
      expect((await post(`/reminders/deliveries/${delivery}/retry`, key)).status).toBe(200);
    });
  });
});
