import request from 'supertest';
import type { Core } from '@strapi/strapi';
import { startFakeAfricasTalking, type FakeAfricasTalking } from '../fake-africastalking';
import { createSuperAdminToken, describeIntegration, startStrapi, stopStrapi, testDatabase } from '../helpers/strapi';
import { createAppointment, createRule, deliveriesOf, schedulerOf, updateDocument } from '../helpers/scheduling';
import { createEditorToken } from '../helpers/admin';
import { hostileForm, prng } from '../helpers/hostile';

const APPOINTMENT = 'plugin::reminders.appointment';
const OPT_OUT = 'plugin::reminders.opt-out';
const REPLY = 'plugin::reminders.reply';
const secret = 'replies-callback-secret-0123456789';
const apiKey = 'atsk_replies_key_never_to_be_seen_1b2c';
const STAFF = '+254799000111';
const SHORT_CODE = '12345';

/**
 * Customer replies end to end: posted to the incoming-messages callback form-encoded as Africa's Talking
 * does, against reminders the dispatcher really sent through the fake Africa's Talking; what they do to the
 * appointments, the opt-out list, the timelines and the messages sent back; the inbox's admin routes.
 */
describeIntegration('customer replies', () => {
  let strapi: Core.Strapi;
  let fake: FakeAfricasTalking;
  let admin: string;
  const http = () => request(strapi.server.httpServer);
  let sequence = 0;
  const reply = (from: string, text: string, fields: Record<string, string> = {}) =>
    http()
      .post(`/api/reminders/callbacks/${secret}/incoming-messages`)
      .type('form')
      .send({
        from,
        to: SHORT_CODE,
        text,
        id: `in-${++sequence}`,
        linkId: `link-${sequence}`,
        date: '2026-12-02 10:00:00',
        ...fields,
      });
  const adminCall = (method: 'get' | 'post', path: string, token = admin) =>
    http()[method](`/reminders${path}`).set('Authorization', `Bearer ${token}`);

  const smsTo = (phone: string) => fake.requests.filter((sent) => sent.fields.to === phone);
  const appointmentOf = (documentId: string) =>
    strapi.db.query(APPOINTMENT).findOne({ where: { documentId } }) as Promise<Record<string, unknown>>;
  const replyOf = (providerMessageId: string) =>
    strapi.db.query(REPLY).findOne({ where: { providerMessageId } }) as Promise<Record<string, unknown>>;
  const isOptedOut = (phone: string) =>
    strapi.plugin('reminders').service('opt-outs').isOptedOut(phone) as Promise<boolean>;

  let phones = 0;
  const newPhone = () => `+2547110${String(++phones).padStart(5, '0')}`;
  const inHours = (hours: number) => new Date(Date.now() + hours * 3_600_000).toISOString();

  /** An appointment of `kind` ("replies": its rule lets replies act; "silent": not), reminded at once. */
  async function remindedAppointment(phone: string, kind: 'replies' | 'silent' = 'replies', title = 'Check-up') {
    const appointment = await createAppointment(strapi, {
      phone,
      title,
      appointmentType: kind,
      startsAt: inHours(30),
      timezone: 'Africa/Nairobi',
    });
    await schedulerOf(strapi).tick();
    const [sent] = await deliveriesOf(strapi, {
      targetDocumentId: appointment.documentId,
      deliveryStatus: 'accepted',
    });
    expect(sent).toBeDefined();
    return { documentId: appointment.documentId, delivery: sent as unknown as { documentId: string } };
  }
  const deliveryEvents = async (documentId: string) =>
    (
      (await strapi.db.query('plugin::reminders.delivery').findOne({ where: { documentId } })) as {
        events: { detail?: string }[];
      }
    ).events.map((event) => event.detail);

  beforeAll(async () => {
    fake = await startFakeAfricasTalking({ username: 'sandbox', apiKey });
    strapi = await startStrapi({
      REMINDERS_CALLBACK_SECRET: secret,
      AT_USERNAME: 'sandbox',
      AT_API_KEY: apiKey,
      AT_SENDER_ID: 'ACME',
      AT_API_BASE_URL: fake.baseUrl,
      AT_TIMEOUT_MS: '2000',
      REMINDERS_REPLIES_STAFF_PHONE: STAFF,
    });
    admin = await createSuperAdminToken(strapi);
    const common = { target: 'appointment', optOutFooter: false };
    const ofKind = (kind: string) => [
      { field: 'appointmentType', operator: 'eq', value: kind },
      { field: 'appointmentStatus', operator: 'notIn', value: ['cancelled'] },
    ];
    await createRule(strapi, {
      ...common,
      name: 'At once, replies act',
      anchor: 'instantly',
      steps: [{ amount: 0, unit: 'minutes', direction: 'after' }],
      conditions: ofKind('replies'),
      allowReplies: true,
      templates: { en: 'Your {{ appointment.title }} is booked. Reply YES to confirm or NO to cancel.' },
    });
    // A reminder still to come, which a cancellation must cancel.
    await createRule(strapi, {
      ...common,
      name: 'A day before',
      anchor: 'starts_at',
      steps: [{ amount: 24, unit: 'hours', direction: 'before' }],
      conditions: ofKind('replies'),
      allowReplies: true,
    });
    await createRule(strapi, {
      ...common,
      name: 'At once, replies do not act',
      anchor: 'instantly',
      steps: [{ amount: 0, unit: 'minutes', direction: 'after' }],
      conditions: ofKind('silent'),
    });
  });
  afterAll(async () => {
    await stopStrapi(strapi);
    await fake.close();
  });

  describe('intents', () => {
    it('confirms the appointment on "ndio", with a line on the reminder\'s timeline', async () => {
      const phone = newPhone();
      const { documentId, delivery } = await remindedAppointment(phone);
      const answer = await reply(phone, 'ndio');
      expect(answer.status).toBe(200);
      expect(answer.body).toEqual({ received: true, intent: 'confirm', status: 'applied' });
      expect(await appointmentOf(documentId)).toMatchObject({ appointmentStatus: 'confirmed' });
      expect(await deliveryEvents(delivery.documentId)).toContain('Customer replied "ndio": appointment confirmed');
      expect(await replyOf(`in-${sequence}`)).toMatchObject({
        replyStatus: 'applied',
        intent: 'confirm',
        language: 'sw',
        recordTarget: 'appointment',
        recordDocumentId: documentId,
        deliveryDocumentId: delivery.documentId,
        outcome: 'Appointment confirmed',
      });
    });

    it.each(['نَعَم', 'NdIo', 'yes!!', 'B YES'])('confirms on %p', async (text) => {
      const phone = newPhone();
      const { documentId } = await remindedAppointment(phone);
      expect((await reply(phone, text)).body).toMatchObject({ intent: 'confirm', status: 'applied' });
      expect(await appointmentOf(documentId)).toMatchObject({ appointmentStatus: 'confirmed' });
    });

    it('says so when an appointment already confirmed is confirmed again', async () => {
      const phone = newPhone();
      await remindedAppointment(phone);
      await reply(phone, 'YES');
      expect((await reply(phone, 'OUI')).body).toMatchObject({ status: 'applied' });
      expect(await replyOf(`in-${sequence}`)).toMatchObject({ outcome: 'Appointment already confirmed' });
    });

    it('cancels on "Cancel": its pending reminders cancelled, staff alerted once, the number NOT opted out', async () => {
      const phone = newPhone();
      const { documentId } = await remindedAppointment(phone);
      const pending = await deliveriesOf(strapi, { targetDocumentId: documentId, deliveryStatus: 'queued' });
      expect(pending).toHaveLength(1);
      const staffBefore = smsTo(STAFF).length;
      expect((await reply(phone, 'Cancel')).body).toEqual({ received: true, intent: 'cancel', status: 'applied' });
      expect(await appointmentOf(documentId)).toMatchObject({ appointmentStatus: 'cancelled' });
      expect(await deliveriesOf(strapi, { idempotencyKey: pending[0].idempotencyKey })).toMatchObject([
        { deliveryStatus: 'cancelled' },
      ]);
      expect(await isOptedOut(phone)).toBe(false);
      const alerts = smsTo(STAFF).slice(staffBefore);
      expect(alerts).toHaveLength(1);
      expect(alerts[0].fields.message).toContain(`cancelled by SMS from ${phone}`);
    });

    it('refuses to cancel an appointment already completed: for an editor, with the reason', async () => {
      const phone = newPhone();
      const { documentId } = await remindedAppointment(phone);
      await updateDocument(strapi, 'appointment', documentId, { appointmentStatus: 'completed' });
      expect((await reply(phone, 'NO')).body).toMatchObject({ intent: 'cancel', status: 'needs_review' });
      expect(await replyOf(`in-${sequence}`)).toMatchObject({
        outcome: 'This appointment is completed: a reply cannot cancel it',
      });
      expect(await appointmentOf(documentId)).toMatchObject({ appointmentStatus: 'completed' });
    });

    it('opts out on "STOP" and back in on "START"', async () => {
      const phone = newPhone();
      await remindedAppointment(phone);
      expect((await reply(phone, 'STOP')).body).toEqual({ received: true, intent: 'opt-out', status: 'applied' });
      expect(await isOptedOut(phone)).toBe(true);
      expect(await strapi.db.query(OPT_OUT).findOne({ where: { phone } })).toMatchObject({
        source: 'stop_reply',
        note: 'Replied "STOP"',
      });
      expect((await reply(phone, 'START')).body).toEqual({ received: true, intent: 'opt-in', status: 'applied' });
      expect(await isOptedOut(phone)).toBe(false);
    });

    it('leaves a reply without intent for an editor, matched to its record', async () => {
      const phone = newPhone();
      const { documentId } = await remindedAppointment(phone);
      expect((await reply(phone, "I'll come at 11")).body).toEqual({
        received: true,
        intent: null,
        status: 'needs_review',
      });
      expect(await replyOf(`in-${sequence}`)).toMatchObject({ recordDocumentId: documentId });
      expect(await appointmentOf(documentId)).toMatchObject({ appointmentStatus: 'scheduled' });
    });

    it('acts on nothing when the rule does not allow replies', async () => {
      const phone = newPhone();
      const { documentId } = await remindedAppointment(phone, 'silent');
      expect((await reply(phone, 'YES')).body).toMatchObject({ intent: 'confirm', status: 'needs_review' });
      expect(await replyOf(`in-${sequence}`)).toMatchObject({
        outcome: 'The rule "At once, replies do not act" does not let replies act: for an editor to apply',
      });
      expect(await appointmentOf(documentId)).toMatchObject({ appointmentStatus: 'scheduled' });
    });

    it('sends the reschedule link on "R", once', async () => {
      const phone = newPhone();
      const { documentId } = await remindedAppointment(phone);
      strapi.config.set('plugin::reminders.links', { reschedule: 'https://book.example.com/move/{documentId}' });
      try {
        expect((await reply(phone, 'R')).body).toMatchObject({ intent: 'reschedule', status: 'applied' });
      } finally {
        strapi.config.set('plugin::reminders.links', {});
      }
      const sent = smsTo(phone).map((message) => message.fields.message);
      expect(sent[sent.length - 1]).toMatch(
        new RegExp(`^To reschedule Check-up .*: https://book.example.com/move/${documentId}$`)
      );
      // Without a link configured: for an editor.
      expect((await reply(phone, 'reschedule')).body).toMatchObject({ status: 'needs_review' });
    });
  });

  describe('exactly once', () => {
    it('acts on a message posted twice once, and alerts staff once', async () => {
      const phone = newPhone();
      const { documentId, delivery } = await remindedAppointment(phone);
      const staffBefore = smsTo(STAFF).length;
      const fields = { id: 'ATXid_twice', linkId: 'l-twice' };
      const first = await reply(phone, 'hapana', fields);
      const second = await reply(phone, 'hapana', fields);
      expect([first.body, second.body]).toEqual([
        { received: true, intent: 'cancel', status: 'applied' },
        { received: true, intent: 'cancel', status: 'applied' },
      ]);
      expect(await strapi.db.query(REPLY).count({ where: { providerMessageId: 'ATXid_twice' } })).toBe(1);
      expect(smsTo(STAFF).length - staffBefore).toBe(1);
      expect(
        (await deliveryEvents(delivery.documentId)).filter((line) => line?.startsWith('Customer replied'))
      ).toHaveLength(1);
      expect(await appointmentOf(documentId)).toMatchObject({ appointmentStatus: 'cancelled' });
    });

    it('acts once on five identical posts at once', async () => {
      const phone = newPhone();
      const { delivery } = await remindedAppointment(phone);
      const staffBefore = smsTo(STAFF).length;
      const fields = { id: 'ATXid_five', linkId: 'l-five' };
      const answers = await Promise.all([1, 2, 3, 4, 5].map(() => reply(phone, 'CANCEL', fields)));
      expect(answers.map((answer) => answer.status)).toEqual([200, 200, 200, 200, 200]);
      expect(answers.map((answer) => answer.body.status)).toEqual(Array(5).fill('applied'));
      expect(await strapi.db.query(REPLY).count({ where: { providerMessageId: 'ATXid_five' } })).toBe(1);
      expect(smsTo(STAFF).length - staffBefore).toBe(1);
      expect(
        (await deliveryEvents(delivery.documentId)).filter((line) => line?.startsWith('Customer replied'))
      ).toHaveLength(1);
    });
  });

  describe('matching', () => {
    it('files a reply from an unknown number as unmatched and alerts staff by SMS once', async () => {
      const phone = newPhone();
      const staffBefore = smsTo(STAFF).length;
      const answer = await reply(phone, 'YES', { id: 'ATXid_unknown' });
      expect(answer.body).toEqual({ received: true, intent: 'confirm', status: 'unmatched' });
      await reply(phone, 'YES', { id: 'ATXid_unknown' });
      const alerts = smsTo(STAFF).slice(staffBefore);
      expect(alerts).toHaveLength(1);
      expect(alerts[0].fields.message).toBe(`Reply from ${phone} matches no reminder: "YES". See the inbox.`);
      const alert = await deliveriesOf(strapi, { idempotencyKey: { $startsWith: 'reply:' }, phone: STAFF });
      expect(alert.length).toBeGreaterThan(0);
      expect(alert.every((row) => row.body?.includes('Reply from') || row.body?.includes('cancelled'))).toBe(true);
    });

    it('asks which of two open appointments, once, then confirms only the one the customer names', async () => {
      const phone = newPhone();
      const first = await remindedAppointment(phone, 'replies', 'Dental check-up');
      const second = await remindedAppointment(phone, 'replies', 'Eye test');
      const before = smsTo(phone).length;
      const answer = await reply(phone, 'yes');
      expect(answer.body).toEqual({ received: true, intent: 'confirm', status: 'ambiguous' });
      const questions = smsTo(phone).slice(before);
      expect(questions).toHaveLength(1);
      // A: the latest reminded (Eye test); B: the one before.
      expect(questions[0].fields.message).toMatch(
        /^You have 2 appointments: reply YES A for Eye test .+, YES B for Dental check-up .+\.$/
      );
      const asked = await replyOf(`in-${sequence}`);
      expect(asked).toMatchObject({ replyStatus: 'ambiguous' });

      expect((await reply(phone, 'YES B')).body).toMatchObject({ intent: 'confirm', status: 'applied' });
      expect(await appointmentOf(first.documentId)).toMatchObject({ appointmentStatus: 'confirmed' });
      expect(await appointmentOf(second.documentId)).toMatchObject({ appointmentStatus: 'scheduled' });
      expect(await replyOf(asked.providerMessageId as string)).toMatchObject({
        replyStatus: 'handled',
        recordDocumentId: first.documentId,
      });
      expect(smsTo(phone).length - before).toBe(1);
    });
  });

  describe('the inbox', () => {
    it('lists the replies waiting for an editor, newest first, with their records named', async () => {
      const phone = newPhone();
      const { documentId } = await remindedAppointment(phone, 'replies', 'Physio');
      await reply(phone, 'Running late, sorry');
      const list = await adminCall('get', '/replies');
      expect(list.status).toBe(200);
      const [latest] = list.body.data;
      expect(latest).toMatchObject({
        phone,
        to: SHORT_CODE,
        text: 'Running late, sorry',
        intent: null,
        status: 'needs_review',
        record: { target: 'appointment', documentId, code: null },
        candidates: [],
      });
      expect(latest.record.label).toMatch(/^Physio · \w{3} \d{1,2} \w{3} \d{2}:\d{2}$/);
      expect(list.body.meta.open).toBeGreaterThan(0);
      expect(list.body.meta.pagination).toMatchObject({ page: 1, pageSize: 20 });
      const applied = await adminCall('get', '/replies?status=applied,handled');
      expect(applied.body.data.every((row: { status: string }) => ['applied', 'handled'].includes(row.status))).toBe(
        true
      );
      expect((await adminCall('get', '/replies?status=all')).body.meta.pagination.total).toBeGreaterThan(
        list.body.meta.pagination.total
      );
      expect((await adminCall('get', '/replies?status=nope')).body.error.details.errors[0].path).toEqual(['status']);

      const panel = await adminCall('get', `/records/appointment/${documentId}/reminders`);
      expect(panel.body.data.replies).toMatchObject([{ text: 'Running late, sorry', status: 'needs_review' }]);
    });

    it('applies a reply as an editor, naming them, once per Idempotency-Key', async () => {
      const phone = newPhone();
      const { documentId, delivery } = await remindedAppointment(phone, 'silent');
      await reply(phone, 'Yes I will be there');
      const { documentId: replyId } = (await adminCall('get', '/replies')).body.data[0];
      const apply = () => adminCall('post', `/replies/${replyId}/apply`).set('Idempotency-Key', 'apply-1').send({});
      const [one, two] = [await apply(), await apply()];
      expect(one.status).toBe(200);
      expect(two.body).toEqual(one.body);
      expect(one.body.data).toMatchObject({ status: 'applied', outcome: 'Appointment confirmed' });
      expect(one.body.data.events[one.body.data.events.length - 1]).toMatchObject({
        status: 'applied',
        by: 'Test Admin',
      });
      expect(await appointmentOf(documentId)).toMatchObject({ appointmentStatus: 'confirmed' });
      expect(await deliveryEvents(delivery.documentId)).toContain(
        'Test Admin applied the reply "Yes I will be there": appointment confirmed'
      );
      // Applied already: no second action.
      const again = await adminCall('post', `/replies/${replyId}/apply`).send({});
      expect(again.status).toBe(400);
      expect(again.body.error.message).toContain('This reply is applied');
    });

    it('answers 400 naming the field for bad or impossible input, and writes nothing', async () => {
      const phone = newPhone();
      await reply(phone, 'Who is this?');
      const { documentId: replyId, status } = (await adminCall('get', '/replies')).body.data[0];
      expect(status).toBe('unmatched');
      const path = (response: request.Response) => response.body.error.details.errors[0].path;
      const noIntent = await adminCall('post', `/replies/${replyId}/apply`).send({});
      expect([noIntent.status, path(noIntent)]).toEqual([400, ['intent']]);
      const noRecord = await adminCall('post', `/replies/${replyId}/apply`).send({ intent: 'confirm' });
      expect([noRecord.status, path(noRecord)]).toEqual([400, ['record']]);
      const badIntent = await adminCall('post', `/replies/${replyId}/apply`).send({ intent: 'maybe' });
      expect([badIntent.status, path(badIntent)]).toEqual([400, ['intent']]);
      const stranger = await remindedAppointment(newPhone());
      const notTheirs = await adminCall('post', `/replies/${replyId}/apply`).send({
        intent: 'confirm',
        record: { target: 'appointment', documentId: stranger.documentId },
      });
      expect([notTheirs.status, path(notTheirs)]).toEqual([400, ['record']]);
      expect(await appointmentOf(stranger.documentId)).toMatchObject({ appointmentStatus: 'scheduled' });
      const longNote = await adminCall('post', `/replies/${replyId}/ignore`).send({ note: 'x'.repeat(501) });
      expect([longNote.status, path(longNote)]).toEqual([400, ['note']]);
      const badKey = await adminCall('post', `/replies/${replyId}/handled`).set('Idempotency-Key', '\u00e9').send({});
      expect([badKey.status, path(badKey)]).toEqual([400, ['Idempotency-Key']]);
      expect((await adminCall('post', '/replies/nope/handled').send({})).status).toBe(404);
      expect((await adminCall('get', '/replies')).body.data[0]).toMatchObject({
        documentId: replyId,
        status: 'unmatched',
      });
    });

    it('ignores and marks handled with a note, naming the editor', async () => {
      const phone = newPhone();
      await reply(phone, 'hello?');
      await reply(phone, 'anyone?');
      const [second, first] = (await adminCall('get', '/replies')).body.data;
      const ignored = await adminCall('post', `/replies/${first.documentId}/ignore`).send({ note: 'Spam' });
      expect(ignored.body.data).toMatchObject({ status: 'ignored', outcome: 'Ignored by Test Admin: Spam' });
      const handled = await adminCall('post', `/replies/${second.documentId}/handled`).send({});
      expect(handled.body.data).toMatchObject({ status: 'handled', outcome: 'Handled by Test Admin' });
      expect(handled.body.data.events[handled.body.data.events.length - 1]).toMatchObject({
        status: 'handled',
        by: 'Test Admin',
      });
    });

    it('answers 403 to an editor without the inbox actions', async () => {
      const reader = await createEditorToken(strapi, ['plugin::reminders.inbox.read']);
      const none = await createEditorToken(strapi, ['plugin::reminders.deliveries.read']);
      expect((await adminCall('get', '/replies', none)).status).toBe(403);
      expect((await adminCall('get', '/replies', reader)).status).toBe(200);
      expect((await adminCall('post', '/replies/abc/ignore', reader).send({})).status).toBe(403);
    });
  });

  describe('opt-outs a CANCEL reply made before this version', () => {
    it('lists them for review and restores one on request, naming nobody else', async () => {
      const make = (phone: string, note: string) =>
        strapi.documents(OPT_OUT).create({ data: { phone, source: 'stop_reply', note } as never });
      const cancelled = await make('+254722000001', 'Replied "Cancel"');
      const arabic = await make('+254722000002', 'Replied "إلغاء الموعد"');
      await make('+254722000003', 'Replied "STOP"');
      await make('+254722000004', 'Asked by phone');
      const list = await adminCall('get', '/replies/cancel-word-opt-outs');
      expect(list.status).toBe(200);
      expect(list.body.data.map((entry: { documentId: string }) => entry.documentId).sort()).toEqual(
        [cancelled.documentId, arabic.documentId].sort()
      );
      expect(list.body.data.find((entry: { phone: string }) => entry.phone === '+254722000001')).toMatchObject({
        note: 'Replied "Cancel"',
      });

      const restore = () =>
        adminCall('post', `/replies/cancel-word-opt-outs/${cancelled.documentId}/restore`).set(
          'Idempotency-Key',
          'restore-1'
        );
      const restored = await restore();
      expect(restored.status).toBe(200);
      expect(restored.body.data).toMatchObject({ phone: '+254722000001', restoredBy: 'Test Admin' });
      expect((await restore()).body).toEqual(restored.body);
      expect(await isOptedOut('+254722000001')).toBe(false);
      expect(await isOptedOut('+254722000003')).toBe(true);
      expect((await adminCall('post', `/replies/cancel-word-opt-outs/${cancelled.documentId}/restore`)).status).toBe(
        404
      );
    });
  });

  it(`answers 2,000 hostile payloads at the callback without a 5xx (${testDatabase})`, async () => {
    const random = prng(20261219);
    const fields = ['from', 'to', 'text', 'id', 'linkId', 'date', 'networkCode'];
    const valid = { from: '+254712345670', to: SHORT_CODE, text: 'YES B', id: 'ATXid_fuzz', date: '2026-12-02' };
    const statuses = new Map<number, number>();
    for (let index = 0; index < 2000; index += 1) {
      const response = await http()
        .post(`/api/reminders/callbacks/${secret}/incoming-messages`)
        .set('Content-Type', 'application/x-www-form-urlencoded')
        .send(hostileForm(random, fields, { ...valid, id: `fuzz-${index % 50}` }));
      statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
      if (response.status >= 500) throw new Error(`case ${index}: ${response.status} ${response.text}`);
    }
    expect([...statuses.keys()].every((status) => status < 500)).toBe(true);
    expect(statuses.get(200)).toBeGreaterThan(100);
  });
});
