import type { Core } from '@strapi/strapi';
import { describeIntegration, startStrapi, stopStrapi } from '../helpers/strapi';
import {
  TestClock,
  clearReminders,
  createAppointment,
  createRule,
  deliveriesOf,
  schedulerOf,
  useClock,
} from '../helpers/scheduling';
import { type FakeAfricasTalking, startFakeAfricasTalking } from '../fake-africastalking';

/** The dispatcher's handling of each kind of provider answer, through the real SDK and the fake server. */
describeIntegration("the dispatcher against the fake Africa's Talking server", () => {
  let strapi: Core.Strapi;
  let fake: FakeAfricasTalking;
  const clock = new TestClock(new Date('2026-03-02T06:00:00Z'));
  const tick = () => schedulerOf(strapi).tick();

  beforeAll(async () => {
    fake = await startFakeAfricasTalking({ username: 'dispatch', apiKey: 'dispatch-key' });
    strapi = await startStrapi({
      AT_USERNAME: 'dispatch',
      AT_API_KEY: 'dispatch-key',
      AT_API_BASE_URL: fake.baseUrl,
      AT_TIMEOUT_MS: '2000',
    });
    useClock(strapi, clock);
  });
  beforeEach(async () => {
    await clearReminders(strapi);
    await schedulerOf(strapi).pause.resume();
    fake.requests.length = 0;
    clock.set('2026-03-02T06:00:00Z');
    await createRule(strapi, {
      target: 'appointment',
      anchor: 'starts_at',
      steps: [{ amount: 2, unit: 'hours', direction: 'before' }],
    });
  });
  afterAll(async () => {
    await stopStrapi(strapi);
    await fake.close();
  });

  /** An appointment whose reminder is due at the clock's current time. */
  const dueNow = (phone: string) =>
    createAppointment(strapi, { phone, startsAt: new Date(clock.now.getTime() + 2 * 3600_000).toISOString() });

  it('records an accepted message with its id, cost and parts', async () => {
    await dueNow('+254711000001');
    await tick();
    const [row] = await deliveriesOf(strapi);
    expect(row).toMatchObject({ deliveryStatus: 'accepted', attempts: 1 });
    expect(fake.requests).toHaveLength(1);
    const stored = await strapi.db
      .query('plugin::reminders.delivery')
      .findOne({ where: { id: (row as unknown as { id: number }).id } });
    expect(stored.providerMessageId).toBe(fake.requests[0].messageIds[0]);
    expect(stored.provider).toBe('africastalking');
    expect(stored.cost).toMatch(/KES/);
  });

  it('retries a transient failure with backoff, then sends once', async () => {
    await dueNow('+254711000002');
    fake.reply({ kind: 'recipient', statusCode: 500 });
    await tick();
    let [row] = await deliveriesOf(strapi);
    expect(row).toMatchObject({ deliveryStatus: 'queued', attempts: 1, notBefore: '2026-03-02T06:01:00.000Z' });
    expect(row.reason).toMatch(/will retry/);
    await tick(); // before the backoff ends: nothing
    expect(fake.requests).toHaveLength(1);
    clock.advance(1);
    await tick();
    [row] = await deliveriesOf(strapi);
    expect(row).toMatchObject({ deliveryStatus: 'accepted', attempts: 2 });
    expect(fake.requests).toHaveLength(2);
  });

  it('pauses all sending on insufficient balance, raises an alert, and resumes after the pause', async () => {
    await dueNow('+254711000003');
    fake.reply({ kind: 'recipient', statusCode: 405 });
    await tick();
    expect(await schedulerOf(strapi).pause.current(clock.now)).toMatch(/too little credit/i);
    expect((await schedulerOf(strapi).pause.alerts()).at(-1)).toMatchObject({
      reason: expect.stringMatching(/too little credit/),
    });
    expect((await deliveriesOf(strapi))[0]).toMatchObject({
      deliveryStatus: 'queued',
      reason: expect.stringMatching(/^Sending paused/),
    });

    // While paused, nothing goes out, not even a reminder that became due meanwhile.
    await dueNow('+254711000004');
    clock.advance(10);
    await tick();
    expect(fake.requests).toHaveLength(1);

    clock.advance(30);
    await tick();
    expect((await deliveriesOf(strapi)).map((row) => row.deliveryStatus)).toEqual(['accepted', 'accepted']);
    expect(fake.requests).toHaveLength(3);
  });

  it('marks a timed-out send unknown and never resends it by itself', async () => {
    await dueNow('+254711000005');
    fake.reply({ kind: 'hang' });
    await tick();
    let [row] = await deliveriesOf(strapi);
    expect(row.deliveryStatus).toBe('unknown');
    clock.advance(60);
    await tick();
    [row] = await deliveriesOf(strapi);
    expect(row.deliveryStatus).toBe('unknown');
    expect(fake.requests).toHaveLength(1);
  });

  it('rejects a blacklisted number, adds it to the opt-outs, and never sends to it again', async () => {
    await dueNow('+254711000006');
    fake.reply({ kind: 'recipient', statusCode: 406 });
    await tick();
    expect((await deliveriesOf(strapi))[0].deliveryStatus).toBe('rejected');
    expect(
      await strapi.db.query('plugin::reminders.opt-out').findOne({ where: { phone: '+254711000006' } })
    ).toMatchObject({ source: 'blacklisted' });

    await dueNow('+254711000006');
    await tick();
    const rows = await deliveriesOf(strapi);
    expect(rows[1]).toMatchObject({ deliveryStatus: 'skipped', reason: 'The number has opted out of SMS' });
    expect(fake.requests).toHaveLength(1);
  });

  it('recovers the claims of a crashed instance after the lease: unsent ones are sent, in-flight ones are unknown', async () => {
    await dueNow('+254711000007');
    await dueNow('+254711000008');
    const [neverStarted, inFlight] = await deliveriesOf(strapi);
    // What a crashed instance leaves behind: two claims, one of them with its send under way.
    const knex = strapi.db.connection;
    const expiredLease = new Date(clock.now.getTime() - 1000);
    await knex('reminders_deliveries')
      .where({ idempotency_key: neverStarted.idempotencyKey })
      .update({ delivery_status: 'sending', claimed_by: 'crashed', lease_until: expiredLease, attempts: 1 });
    await knex('reminders_deliveries').where({ idempotency_key: inFlight.idempotencyKey }).update({
      delivery_status: 'sending',
      claimed_by: 'crashed',
      lease_until: expiredLease,
      attempts: 1,
      send_started_at: expiredLease,
    });

    await tick();
    const byKey = new Map((await deliveriesOf(strapi)).map((row) => [row.idempotencyKey, row]));
    expect(byKey.get(neverStarted.idempotencyKey)).toMatchObject({ deliveryStatus: 'accepted', attempts: 2 });
    expect(byKey.get(inFlight.idempotencyKey)).toMatchObject({
      deliveryStatus: 'unknown',
      reason: expect.stringMatching(/may have been sent/),
    });
    expect(fake.requests.map((request) => request.fields.to)).toEqual(['+254711000007']);
  });

  it("records each message's own outcome when lanes finish together and share one write", async () => {
    // Every answer comes after the same delay, so the lanes' outcomes and their "send started" marks are
    // written in group commits of rows that need different columns (accepted, rejected, retried).
    const replies = {
      '+254711000101': { kind: 'recipient', cost: 'KES 0.8000', delayMs: 150 },
      '+254711000102': { kind: 'recipient', cost: 'KES 1.6000', messageParts: 2, delayMs: 150 },
      '+254711000103': { kind: 'recipient', statusCode: 403, delayMs: 150 },
      '+254711000104': { kind: 'recipient', statusCode: 500, delayMs: 150 },
      '+254711000105': { kind: 'recipient', cost: 'KES 0.8000', delayMs: 150 },
      '+254711000106': { kind: 'recipient', statusCode: 403, delayMs: 150 },
    } as const;
    for (const [phone, reply] of Object.entries(replies)) {
      fake.replyTo(phone, reply);
      await dueNow(phone);
    }
    await tick();
    const stored = await strapi.db.query('plugin::reminders.delivery').findMany({});
    const byPhone = new Map(stored.map((row: Record<string, unknown>) => [row.phone as string, row]));
    const messageIdOf = (phone: string) => fake.requests.find((request) => request.fields.to === phone)?.messageIds[0];
    expect(byPhone.get('+254711000101')).toMatchObject({
      deliveryStatus: 'accepted',
      cost: 'KES 0.8000',
      segments: 1,
      providerMessageId: messageIdOf('+254711000101'),
    });
    expect(byPhone.get('+254711000102')).toMatchObject({
      deliveryStatus: 'accepted',
      cost: 'KES 1.6000',
      segments: 2,
      providerMessageId: messageIdOf('+254711000102'),
    });
    expect(byPhone.get('+254711000105')).toMatchObject({
      deliveryStatus: 'accepted',
      cost: 'KES 0.8000',
      providerMessageId: messageIdOf('+254711000105'),
    });
    for (const phone of ['+254711000103', '+254711000106']) {
      expect(byPhone.get(phone)).toMatchObject({
        deliveryStatus: 'rejected',
        errorCode: '403 InvalidPhoneNumber',
        providerMessageId: null,
        cost: null,
      });
    }
    expect(byPhone.get('+254711000104')).toMatchObject({
      deliveryStatus: 'queued',
      attempts: 1,
      sendStartedAt: null,
      reason: expect.stringMatching(/will retry/),
    });
    for (const row of stored) {
      const events = row.events as { status: string }[];
      expect(events[events.length - 1].status).toBe(row.deliveryStatus);
      expect(row.body).toMatch(/\S/);
      expect(row.leaseUntil).toBeNull();
    }
    expect(new Set(fake.requests.map((request) => request.fields.to)).size).toBe(6);
  });

  it('writes nothing to a row whose claim was taken over while its send was under way', async () => {
    fake.replyTo('+254711000111', { kind: 'recipient', delayMs: 400 });
    await dueNow('+254711000111');
    const ticking = tick();
    await fake.waitForRequest(0);
    // What a recovery and another instance's claim do meanwhile: the row is no longer this instance's.
    await strapi.db.connection('reminders_deliveries').update({ claimed_by: 'another-instance' });
    await ticking;
    const [row] = await strapi.db
      .connection('reminders_deliveries')
      .select('delivery_status', 'claimed_by', 'provider_message_id');
    expect(row).toEqual({ delivery_status: 'sending', claimed_by: 'another-instance', provider_message_id: null });
  });

  it('writes nothing to a row that another pass of the same instance re-claimed after the lease ran out', async () => {
    fake.replyTo('+254711000112', { kind: 'recipient', delayMs: 400 });
    await dueNow('+254711000112');
    const ticking = tick();
    await fake.waitForRequest(0);
    // A send now's pass and a tick's pass run side by side on one instance: the claim names the pass.
    const [{ claimed_by: claim }] = await strapi.db.connection('reminders_deliveries').select('claimed_by');
    const laterPass = claim.replace(/:\d+$/, ':999999');
    expect(laterPass).not.toBe(claim);
    await strapi.db.connection('reminders_deliveries').update({ claimed_by: laterPass });
    await ticking;
    const [row] = await strapi.db
      .connection('reminders_deliveries')
      .select('delivery_status', 'claimed_by', 'provider_message_id');
    expect(row).toEqual({ delivery_status: 'sending', claimed_by: laterPass, provider_message_id: null });
  });

  it('stops claiming after a lane fails, finishes what it claimed, and returns only once every lane has ended', async () => {
    const scheduler = strapi.config.get('plugin::reminders.scheduler') as Record<string, unknown>;
    strapi.config.set('plugin::reminders.scheduler', { ...scheduler, concurrency: 2, dispatchBatchSize: 2 });
    const knex = strapi.db.connection;
    try {
      for (let index = 121; index <= 126; index += 1) await dueNow(`+254711000${index}`);
      // The first send is answered after 400 ms, the second after 1,500 ms; the rest at once.
      fake.reply({ kind: 'recipient', delayMs: 400 }, { kind: 'recipient', delayMs: 1500 });
      const dispatching = schedulerOf(strapi)
        .dispatcher.dispatch(clock.now)
        .then(
          () => null,
          (error: Error) => error
        );
      await fake.waitForRequest(1);
      // The database refuses the first lane's outcome: the table is gone while both sends are out.
      await knex.raw('ALTER TABLE reminders_deliveries RENAME TO reminders_deliveries_away');
      await new Promise((resolve) => setTimeout(resolve, 800));
      await knex.raw('ALTER TABLE reminders_deliveries_away RENAME TO reminders_deliveries');

      const error = await dispatching;
      // Read at once: had the pass returned before the slower lane ended, its row would still be sending.
      const rows = (await knex('reminders_deliveries').select(
        'phone',
        'delivery_status',
        'send_started_at',
        'attempts'
      )) as { phone: string; delivery_status: string; send_started_at: unknown; attempts: number }[];
      expect(error?.message).toMatch(/reminders_deliveries/);
      const sent = fake.requests.map((request) => request.fields.to);
      expect(sent).toHaveLength(4); // the two claimed first, then the two claimed while they were out
      const byPhone = new Map(rows.map((row) => [row.phone, row]));
      expect(byPhone.get(sent[0])).toMatchObject({ delivery_status: 'sending' }); // its outcome was refused
      expect(byPhone.get(sent[0])?.send_started_at).not.toBeNull();
      for (const phone of sent.slice(1)) expect(byPhone.get(phone)).toMatchObject({ delivery_status: 'accepted' });
      const neverClaimed = rows.filter((row) => !sent.includes(row.phone));
      expect(neverClaimed).toHaveLength(2);
      for (const row of neverClaimed) expect(row).toMatchObject({ delivery_status: 'queued', attempts: 0 });
    } finally {
      strapi.config.set('plugin::reminders.scheduler', scheduler);
    }
  });

  it('re-checks each record as it is when its lane reaches it, not as it was when the batch was claimed', async () => {
    const scheduler = strapi.config.get('plugin::reminders.scheduler') as Record<string, unknown>;
    strapi.config.set('plugin::reminders.scheduler', { ...scheduler, concurrency: 2, dispatchBatchSize: 4 });
    try {
      const phones = ['+254711000131', '+254711000132', '+254711000133', '+254711000134'];
      for (const phone of phones) await dueNow(phone);
      fake.reply({ kind: 'recipient', delayMs: 300 }, { kind: 'recipient', delayMs: 300 });
      const ticking = tick();
      await fake.waitForRequest(1);
      // All four are claimed; the two not sent yet are cancelled while the first two are out.
      const waiting = phones.filter((phone) => !fake.requests.some((request) => request.fields.to === phone));
      await strapi.db
        .connection('reminders_appointments')
        .whereIn('phone', waiting)
        .update({ appointment_status: 'cancelled' });
      await ticking;
      expect(fake.requests).toHaveLength(2);
      const rows = await deliveriesOf(strapi);
      for (const row of rows) {
        if (waiting.includes(row.phone ?? ''))
          expect(row).toMatchObject({
            deliveryStatus: 'cancelled',
            reason: 'The appointment is cancelled',
            reasonDetail: { key: 'recordIs', values: expect.objectContaining({ value: 'cancelled' }) },
          });
        else expect(row).toMatchObject({ deliveryStatus: 'accepted' });
      }
    } finally {
      strapi.config.set('plugin::reminders.scheduler', scheduler);
    }
  });
});
