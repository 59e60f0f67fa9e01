import type { Core } from '@strapi/strapi';
import { describeIntegration, startStrapi, stopStrapi } from '../helpers/strapi';
import {
  RecordingProvider,
  TestClock,
  clearReminders,
  createAppointment,
  createInvoice,
  createRule,
  deliveriesOf,
  schedulerOf,
  updateDocument,
  useClock,
  useProvider,
} from '../helpers/scheduling';
import { withFooter } from '../helpers/footer';

describeIntegration('the scheduler: planning and sending on an injected clock', () => {
  let strapi: Core.Strapi;
  let clock: TestClock;
  let provider: RecordingProvider;
  const tick = () => schedulerOf(strapi).tick();
  /** Ticks every `step` minutes from the clock's time through `untilIso`. */
  const runUntil = async (untilIso: string, step = 15) => {
    for (; clock.now.getTime() <= Date.parse(untilIso); clock.advance(step)) await tick();
  };

  beforeAll(async () => {
    strapi = await startStrapi();
    clock = new TestClock(new Date('2026-01-01T00:00:00Z'));
    useClock(strapi, clock);
  });
  beforeEach(async () => {
    await clearReminders(strapi);
    provider = new RecordingProvider();
    useProvider(strapi, provider);
  });
  afterAll(() => stopStrapi(strapi));

  describe('date anchors at a local time, on DST days', () => {
    it.each([
      ['Africa/Nairobi, an ordinary day', 'Africa/Nairobi', '2026-12-10', '09:00', '2026-12-10T06:00:00.000Z'],
      [
        'Europe/London, clocks go forward: 01:30 does not exist, moves to 02:30 BST',
        'Europe/London',
        '2026-03-29',
        '01:30',
        '2026-03-29T01:30:00.000Z',
      ],
      [
        'Europe/London, clocks go back: 01:30 happens twice, the first (BST)',
        'Europe/London',
        '2026-10-25',
        '01:30',
        '2026-10-25T00:30:00.000Z',
      ],
      [
        'America/New_York, clocks go forward: 02:30 moves to 03:30 EDT',
        'America/New_York',
        '2026-03-08',
        '02:30',
        '2026-03-08T07:30:00.000Z',
      ],
      [
        'America/New_York, clocks go back: the first 01:30 (EDT)',
        'America/New_York',
        '2026-11-01',
        '01:30',
        '2026-11-01T05:30:00.000Z',
      ],
      [
        'Africa/Cairo, clocks go forward at midnight: 00:30 moves to 01:30 EEST',
        'Africa/Cairo',
        '2026-04-24',
        '00:30',
        '2026-04-23T22:30:00.000Z',
      ],
      [
        'Africa/Cairo, clocks go back at midnight: the first 23:30 (EEST)',
        'Africa/Cairo',
        '2026-10-29',
        '23:30',
        '2026-10-29T20:30:00.000Z',
      ],
    ])('%s', async (_name, timezone, dueDate, sendAt, expected) => {
      clock.set(new Date(Date.parse(expected) - 3 * 3600_000).toISOString());
      await createRule(strapi, {
        target: 'invoice',
        anchor: 'due_date',
        steps: [{ amount: 0, unit: 'days', direction: 'before' }],
        sendAt,
        timezone,
      });
      const invoice = await createInvoice(strapi, { dueDate, issueDate: '2026-01-01' });

      const [planned] = await deliveriesOf(strapi, { targetDocumentId: invoice.documentId });
      expect(planned).toMatchObject({ scheduledFor: expected, notBefore: expected, deliveryStatus: 'queued' });

      clock.set(new Date(Date.parse(expected) - 60_000).toISOString());
      await tick();
      expect(provider.sent).toHaveLength(0);
      clock.set(expected);
      await tick();
      await tick();
      expect(provider.sent).toHaveLength(1);
      expect((await deliveriesOf(strapi))[0].deliveryStatus).toBe('accepted');
    });

    it('counts "1 day before" in calendar days and "24 hours before" in elapsed time across a DST change', async () => {
      clock.set('2026-03-27T00:00:00Z');
      await createRule(strapi, {
        target: 'appointment',
        anchor: 'starts_at',
        timezone: 'Europe/London',
        steps: [
          { amount: 1, unit: 'days', direction: 'before' },
          { amount: 24, unit: 'hours', direction: 'before' },
        ],
      });
      // 10:00 BST on the day clocks go forward.
      await createAppointment(strapi, { startsAt: '2026-03-29T10:00:00+01:00', timezone: 'Europe/London' });
      clock.set('2026-03-28T00:00:00Z');
      await tick();
      const times = (await deliveriesOf(strapi)).map((row) => [row.stepIndex, row.scheduledFor]);
      expect(times).toEqual([
        [1, '2026-03-28T09:00:00.000Z'],
        [0, '2026-03-28T10:00:00.000Z'],
      ]);
    });
  });

  it('repeats weekly after the due date and stops once the invoice is paid', async () => {
    clock.set('2026-12-01T00:00:00Z');
    await createRule(strapi, {
      target: 'invoice',
      anchor: 'due_date',
      sendAt: '09:00',
      timezone: 'Africa/Nairobi',
      steps: [{ amount: 1, unit: 'days', direction: 'after', repeat: { every: 7, unit: 'days', times: 3 } }],
      // As the editor starts a new rule: the invoice defaults (not paid, not void), then the rule's own.
      conditions: [
        { field: 'paymentStatus', operator: 'notIn', value: ['paid'] },
        { field: 'invoiceStatus', operator: 'notIn', value: ['void'] },
        { field: 'balance', operator: 'gt', value: '0' },
      ],
    });
    const invoice = await createInvoice(strapi, { dueDate: '2026-12-01', total: '500' });

    await runUntil('2026-12-15T12:00:00Z', 60);
    expect(provider.sent).toHaveLength(2);
    const queued = await deliveriesOf(strapi, { deliveryStatus: 'queued' });
    expect(queued.map((row) => [row.occurrence, row.notBefore])).toEqual([[2, '2026-12-16T06:00:00.000Z']]);

    await updateDocument(strapi, 'invoice', invoice.documentId, { amountPaid: '500' });
    const [cancelled] = await deliveriesOf(strapi, { occurrence: 2 });
    expect(cancelled.deliveryStatus).toBe('cancelled');
    expect(cancelled.reason).toBe('The invoice is paid');
    // Stored as a key and values too, for the admin to say in the editor's language.
    expect(cancelled.reasonDetail).toEqual({
      key: 'recordIs',
      values: { target: 'invoice', field: 'paymentStatus', value: 'paid' },
    });

    await runUntil('2026-12-24T12:00:00Z', 120);
    expect(provider.sent).toHaveLength(2);
    expect((await deliveriesOf(strapi, { deliveryStatus: 'accepted' })).map((row) => row.occurrence)).toEqual([0, 1]);
  });

  it('defers a message in quiet hours to their end, and skips it when that is after the appointment', async () => {
    clock.set('2026-06-01T12:00:00Z');
    await createRule(strapi, {
      target: 'appointment',
      anchor: 'starts_at',
      steps: [{ amount: 2, unit: 'hours', direction: 'before' }],
      quietHoursStart: '21:00',
      quietHoursEnd: '08:00',
    });
    // Nairobi is UTC+3. Reminders at 07:00 (quiet), 05:00 (quiet, appointment before 08:00), 10:00 (fine).
    const deferred = await createAppointment(strapi, { startsAt: '2026-06-02T09:00:00+03:00' });
    const skipped = await createAppointment(strapi, { startsAt: '2026-06-02T07:00:00+03:00' });
    const normal = await createAppointment(strapi, { startsAt: '2026-06-02T12:00:00+03:00' });

    const byRecord = async (documentId: string) => (await deliveriesOf(strapi, { targetDocumentId: documentId }))[0];
    expect(await byRecord(deferred.documentId)).toMatchObject({
      scheduledFor: '2026-06-02T04:00:00.000Z',
      notBefore: '2026-06-02T05:00:00.000Z',
      deliveryStatus: 'queued',
    });
    expect(await byRecord(skipped.documentId)).toMatchObject({
      deliveryStatus: 'skipped',
      reason: expect.stringMatching(/Quiet hours would delay it to Tue 2 Jun 2026, 08:00 .*after the appointment/),
    });
    expect(await byRecord(normal.documentId)).toMatchObject({
      notBefore: '2026-06-02T07:00:00.000Z',
      deliveryStatus: 'queued',
    });

    clock.set('2026-06-02T04:30:00Z');
    await tick();
    expect(provider.sent).toHaveLength(0);
    clock.set('2026-06-02T05:00:00Z');
    await tick();
    expect(provider.sent).toHaveLength(1);
  });

  it('after downtime sends what is within max lateness and records the rest as expired, with the reason', async () => {
    clock.set('2026-07-01T00:00:00Z');
    await createRule(strapi, {
      target: 'appointment',
      anchor: 'starts_at',
      steps: [{ amount: 2, unit: 'hours', direction: 'before' }],
      maxLatenessMinutes: 60,
    });
    const tooLate = await createAppointment(strapi, { startsAt: '2026-07-01T03:00:00Z' }); // due 01:00
    const onTime = await createAppointment(strapi, { startsAt: '2026-07-01T05:00:00Z' }); // due 03:00
    const beyondHorizon = await createAppointment(strapi, { startsAt: '2026-07-02T06:00:00Z' }); // due 04:00 next day, not planned yet

    // Down from 00:00 to 03:30 the next day: nothing ticked.
    clock.set('2026-07-01T03:30:00Z');
    await tick();
    const status = async (documentId: string) => (await deliveriesOf(strapi, { targetDocumentId: documentId }))[0];
    expect(await status(tooLate.documentId)).toMatchObject({
      deliveryStatus: 'expired',
      reason: expect.stringMatching(/150 minutes late, the rule allows 60/),
    });
    expect(await status(onTime.documentId)).toMatchObject({ deliveryStatus: 'accepted' });

    clock.set('2026-07-02T05:30:00Z');
    await tick();
    expect(await status(beyondHorizon.documentId)).toMatchObject({
      deliveryStatus: 'expired',
      reason: expect.stringMatching(/90 minutes ago; later than the rule's maximum lateness of 60 minutes/),
    });
    expect(provider.sent).toHaveLength(1);
  });

  it('does not blast the past when a rule is created, and does not resend when it is edited', async () => {
    clock.set('2026-08-10T12:00:00Z');
    const invoice = await createInvoice(strapi, { dueDate: '2026-08-10' });
    // 09:00 today has passed: the new rule must not send it.
    const rule = await createRule(strapi, {
      target: 'invoice',
      anchor: 'due_date',
      sendAt: '09:00',
      steps: [
        { amount: 0, unit: 'days', direction: 'after' },
        { amount: 1, unit: 'days', direction: 'after' },
      ],
    });
    await runUntil('2026-08-11T06:00:00Z', 60);
    expect(provider.sent).toHaveLength(1);
    expect((await deliveriesOf(strapi, { targetDocumentId: invoice.documentId })).map((row) => row.stepIndex)).toEqual([
      1,
    ]);

    await updateDocument(strapi, 'reminder-rule', rule.documentId, {
      templates: { en: 'Edited: {{ invoice.number }}' },
    });
    await runUntil('2026-08-12T12:00:00Z', 60);
    expect(provider.sent).toHaveLength(1);
  });

  it('follows an appointment that is rescheduled after planning', async () => {
    clock.set('2026-09-01T00:00:00Z');
    await createRule(strapi, {
      target: 'appointment',
      anchor: 'starts_at',
      steps: [{ amount: 2, unit: 'hours', direction: 'before' }],
    });
    const appointment = await createAppointment(strapi, { startsAt: '2026-09-01T10:00:00Z' });
    expect((await deliveriesOf(strapi))[0].notBefore).toBe('2026-09-01T08:00:00.000Z');

    await updateDocument(strapi, 'appointment', appointment.documentId, { startsAt: '2026-09-01T20:00:00Z' });
    const rows = await deliveriesOf(strapi);
    expect(rows.map((row) => [row.deliveryStatus, row.notBefore])).toEqual([
      ['cancelled', '2026-09-01T08:00:00.000Z'],
      ['queued', '2026-09-01T18:00:00.000Z'],
    ]);
    await runUntil('2026-09-01T19:00:00Z');
    expect(provider.sent).toHaveLength(1);
    expect((await deliveriesOf(strapi, { deliveryStatus: 'accepted' }))[0].notBefore).toBe('2026-09-01T18:00:00.000Z');

    await updateDocument(strapi, 'appointment', appointment.documentId, { appointmentStatus: 'cancelled' });
    await runUntil('2026-09-02T00:00:00Z');
    expect(provider.sent).toHaveLength(1);
  });

  it('plans from the past only when the editor asks for it (backfillFrom), within max lateness', async () => {
    clock.set('2026-08-20T12:00:00Z');
    await createInvoice(strapi, { dueDate: '2026-08-20' }); // 09:00 local today: 06:00Z, six hours ago
    await createInvoice(strapi, { dueDate: '2026-08-18' }); // two days ago: beyond the lateness below
    await createRule(strapi, {
      target: 'invoice',
      anchor: 'due_date',
      sendAt: '09:00',
      steps: [{ amount: 0, unit: 'days', direction: 'after' }],
      maxLatenessMinutes: 600,
      backfillFrom: '2026-08-15T00:00:00Z',
    });
    await tick();
    const rows = await deliveriesOf(strapi);
    expect(rows.map((row) => [row.scheduledFor, row.deliveryStatus])).toEqual([
      ['2026-08-18T06:00:00.000Z', 'expired'],
      ['2026-08-20T06:00:00.000Z', 'accepted'],
    ]);
    expect(provider.sent).toHaveLength(1);
  });

  it('sends an "instantly" rule on the next tick after the record is created', async () => {
    clock.now = new Date();
    await createRule(strapi, {
      target: 'appointment',
      anchor: 'instantly',
      templates: { en: 'Booked: {{ appointment.title }}' },
    });
    await createAppointment(strapi, {
      title: 'Eye test',
      startsAt: new Date(Date.now() + 7 * 86_400_000).toISOString(),
    });
    clock.advance(1);
    await tick();
    expect(provider.sent.map((message) => message.body)).toEqual([withFooter('Booked: Eye test')]);
  });

  it('previews exactly what it then sends, with the same text', async () => {
    clock.set('2026-10-05T00:00:00Z');
    await createRule(strapi, {
      target: 'invoice',
      anchor: 'due_date',
      sendAt: '09:00',
      steps: [
        { amount: 1, unit: 'days', direction: 'before' },
        { amount: 0, unit: 'days', direction: 'after', repeat: { every: 6, unit: 'hours', times: 2 } },
      ],
      templates: { en: 'Invoice {{ invoice.number }}: {{ invoice.balance | money }} due {{ invoice.dueDate | date }}' },
    });
    await createRule(strapi, {
      target: 'appointment',
      anchor: 'starts_at',
      steps: [{ amount: 3, unit: 'hours', direction: 'before' }],
      quietHoursStart: '22:00',
      quietHoursEnd: '07:00',
    });
    for (let day = 5; day <= 8; day += 1) {
      await createInvoice(strapi, { dueDate: `2026-10-0${day}`, total: `${day}00.50` });
      await createAppointment(strapi, { startsAt: `2026-10-0${day}T1${day}:00:00Z` });
    }
    await createInvoice(strapi, { dueDate: '2026-10-06', total: '10', amountPaid: '10' }); // paid: never reminded

    // What was already due when the records arrived (within max lateness) goes out at once: not previewed.
    await tick();
    provider = new RecordingProvider();
    useProvider(strapi, provider);

    const from = new Date('2026-10-05T00:00:00Z');
    const to = new Date('2026-10-07T00:00:00Z');
    const { items: preview, total } = await schedulerOf(strapi).preview(from, to);
    expect(total).toBe(preview.length);
    expect(preview.filter((item) => item.targetType === 'appointment').length).toBeGreaterThan(0);
    expect(preview.length).toBeGreaterThan(6);

    clock.advance(15);
    await runUntil(to.toISOString(), 15);
    const sent = (await deliveriesOf(strapi, { deliveryStatus: 'accepted' }))
      .filter((row) => row.notBefore > from.toISOString() && row.notBefore <= to.toISOString())
      .sort((a, b) => a.notBefore.localeCompare(b.notBefore) || a.idempotencyKey.localeCompare(b.idempotencyKey));
    expect(sent.map((row) => [row.idempotencyKey, row.body, row.notBefore])).toEqual(
      preview.map((item) => [item.idempotencyKey, item.text, item.sendAt])
    );
    expect(provider.sent).toHaveLength(preview.length);
  });
});
