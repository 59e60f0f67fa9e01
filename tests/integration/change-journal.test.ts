import type { Core } from '@strapi/strapi';
import { claimChange } from '../../plugins/reminders/server/src/services/scheduling/change-journal';
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

const CHANGE = 'plugin::reminders.record-change';

/**
 * A write and the knowledge that its reminders must be re-planned commit together (the change journal).
 * "The process died after the commit, before it reacted" is played by making this instance's reaction fail:
 * the journal row must stay, and any instance's next tick must complete the re-plan.
 */
describeIntegration('the change journal: no write loses its reminders', () => {
  let strapi: Core.Strapi;
  let clock: TestClock;
  let provider: RecordingProvider;
  const scheduler = () => schedulerOf(strapi);
  const journal = () =>
    strapi.db.query(CHANGE as never).findMany({}) as Promise<{ subjectType: string; subjectDocumentId: string }[]>;

  /** Runs `write` as if its process died right after the commit: the reaction never happens. */
  async function withoutReaction<T>(write: () => Promise<T>): Promise<T> {
    const follow = jest.spyOn(scheduler(), 'followChange').mockRejectedValue(new Error('the process died'));
    try {
      return await write();
    } finally {
      follow.mockRestore();
    }
  }

  beforeAll(async () => {
    strapi = await startStrapi();
    clock = new TestClock(new Date('2026-03-02T08:00:00Z'));
    useClock(strapi, clock);
    jest.spyOn(strapi.log, 'error').mockImplementation((() => undefined) as never);
  });
  beforeEach(async () => {
    await clearReminders(strapi);
    clock.set('2026-03-02T08:00:00Z');
    provider = new RecordingProvider();
    useProvider(strapi, provider);
  });
  afterAll(() => stopStrapi(strapi));

  it('leaves nothing in the journal when the write is followed at once', async () => {
    clock.now = new Date(); // "instantly" counts from the record's creation, on the wall clock
    await createRule(strapi, { target: 'invoice', anchor: 'instantly' });
    const invoice = await createInvoice(strapi, { dueDate: '2026-03-20' });
    expect(await journal()).toEqual([]);
    expect(await deliveriesOf(strapi, { targetDocumentId: invoice.documentId })).toMatchObject([
      { deliveryStatus: 'queued' },
    ]);
  });

  it('sends an "instantly" reminder on the next tick when the process died between the commit and its reaction', async () => {
    clock.now = new Date();
    await createRule(strapi, {
      target: 'invoice',
      anchor: 'instantly',
      templates: { en: 'Thanks for invoice {{ invoice.number }}' },
    });
    await scheduler().tick(); // the rule's window is planned: only the journal can bring the invoice in now
    const invoice = await withoutReaction(() => createInvoice(strapi, { number: 'INV-LOST', dueDate: '2026-03-20' }));
    expect(await deliveriesOf(strapi, { targetDocumentId: invoice.documentId })).toEqual([]);
    expect(await journal()).toMatchObject([{ subjectType: 'invoice', subjectDocumentId: invoice.documentId }]);

    clock.advance(1);
    const report = await scheduler().tick();
    expect(report.followed).toEqual({ changes: 1, failed: 0 });
    expect(provider.sent.map((message) => message.body)).toEqual([withFooter('Thanks for invoice INV-LOST')]);
    expect(await journal()).toEqual([]);
    await scheduler().tick();
    expect(provider.sent).toHaveLength(1);
  });

  it('re-plans a moved due date, a payment reversed and a deletion whose reactions were lost', async () => {
    await createRule(strapi, {
      target: 'invoice',
      anchor: 'due_date',
      sendAt: '09:00',
      timezone: 'UTC',
      steps: [{ amount: 1, unit: 'days', direction: 'before' }],
    });
    const moved = await createInvoice(strapi, { dueDate: '2026-03-04' });
    const refunded = await createInvoice(strapi, { dueDate: '2026-03-04' });
    const deleted = await createInvoice(strapi, { dueDate: '2026-03-04' });
    await withoutReaction(async () => {
      await updateDocument(strapi, 'invoice', moved.documentId, { dueDate: '2026-03-03' });
      await updateDocument(strapi, 'invoice', refunded.documentId, { amountPaid: '100' });
    });
    await scheduler().tick();
    expect(await deliveriesOf(strapi, { targetDocumentId: refunded.documentId })).toMatchObject([
      { deliveryStatus: 'cancelled' },
    ]);
    await withoutReaction(async () => {
      await updateDocument(strapi, 'invoice', refunded.documentId, { amountPaid: '0' });
      await strapi.documents('plugin::reminders.invoice').delete({ documentId: deleted.documentId });
    });
    await scheduler().tick();

    const statuses = async (documentId: string) =>
      (await deliveriesOf(strapi, { targetDocumentId: documentId })).map((row) => [
        row.scheduledFor,
        row.deliveryStatus,
      ]);
    expect(await statuses(moved.documentId)).toEqual([
      ['2026-03-02T09:00:00.000Z', 'queued'],
      ['2026-03-03T09:00:00.000Z', 'cancelled'],
    ]);
    expect(await statuses(refunded.documentId)).toEqual([['2026-03-03T09:00:00.000Z', 'queued']]);
    expect(await statuses(deleted.documentId)).toEqual([['2026-03-03T09:00:00.000Z', 'cancelled']]);

    clock.set('2026-03-02T09:00:00Z');
    await scheduler().tick();
    expect(provider.sent).toHaveLength(1); // the moved invoice, on its new date
    clock.set('2026-03-03T09:00:00Z');
    await scheduler().tick();
    expect(provider.sent).toHaveLength(2); // the refunded one; nothing for the deleted one
  });

  it('re-plans an edited rule whose reaction was lost', async () => {
    const rule = await createRule(strapi, {
      target: 'appointment',
      anchor: 'starts_at',
      steps: [{ amount: 2, unit: 'hours', direction: 'before' }],
    });
    const appointment = await createAppointment(strapi, { startsAt: '2026-03-02T18:00:00Z' });
    await withoutReaction(() =>
      updateDocument(strapi, 'reminder-rule', rule.documentId, {
        steps: [{ amount: 1, unit: 'hours', direction: 'before' }],
      })
    );
    await scheduler().tick();
    const rows = await deliveriesOf(strapi, { targetDocumentId: appointment.documentId });
    // The step keeps its key across a rule edit (an edit never resends): the row moved to the new time.
    expect(rows.map((row) => [row.scheduledFor, row.deliveryStatus])).toEqual([['2026-03-02T17:00:00.000Z', 'queued']]);
  });

  it('keeps no journal row and no reminder for a write that rolled back, and follows one that committed inside a caller transaction', async () => {
    clock.now = new Date();
    await createRule(strapi, { target: 'invoice', anchor: 'instantly' });
    await expect(
      strapi.db.transaction(async () => {
        await createInvoice(strapi, { number: 'INV-ROLLED-BACK', dueDate: '2026-03-20' });
        throw new Error('the caller gives up');
      })
    ).rejects.toThrow('the caller gives up');
    expect(await journal()).toEqual([]);

    const invoice = await strapi.db.transaction(() =>
      createInvoice(strapi, { number: 'INV-IN-TRANSACTION', dueDate: '2026-03-20' })
    );
    // Followed after the caller's commit, not awaited by it.
    for (let waited = 0; (await journal()).length > 0 && waited < 50; waited += 1)
      await new Promise((resolve) => setTimeout(resolve, 100));
    expect(await journal()).toEqual([]);
    expect(await deliveriesOf(strapi, { targetDocumentId: invoice.documentId })).toMatchObject([
      { deliveryStatus: 'queued' },
    ]);
  });

  it('leaves a change another instance holds to that instance, and takes it over when its lease runs out', async () => {
    await createRule(strapi, {
      target: 'appointment',
      anchor: 'starts_at',
      steps: [{ amount: 2, unit: 'hours', direction: 'before' }],
    });
    const appointment = await createAppointment(strapi, { startsAt: '2026-03-02T18:00:00Z' });
    // Another instance claims the appointment's next change and dies while re-planning it.
    await withoutReaction(() =>
      updateDocument(strapi, 'appointment', appointment.documentId, { startsAt: '2026-03-02T19:00:00Z' })
    );
    const lease = new Date(clock.now.getTime() + 120_000);
    expect(
      await claimChange(
        strapi.db.connection,
        { subject: 'appointment', documentId: appointment.documentId },
        'dead-instance',
        clock.now,
        lease
      )
    ).not.toBeNull();
    await updateDocument(strapi, 'appointment', appointment.documentId, { startsAt: '2026-03-02T20:00:00Z' });
    expect(await journal()).toHaveLength(1); // this instance's reaction found it held
    expect((await scheduler().tick()).followed.changes).toBe(0);

    clock.advance(3);
    expect((await scheduler().tick()).followed.changes).toBe(1);
    const queued = await deliveriesOf(strapi, { targetDocumentId: appointment.documentId, deliveryStatus: 'queued' });
    expect(queued.map((row) => row.scheduledFor)).toEqual(['2026-03-02T18:00:00.000Z']);
  });

  it('cancels at send time a reminder planned for an anchor that has moved since', async () => {
    await createRule(strapi, {
      target: 'appointment',
      anchor: 'starts_at',
      steps: [{ amount: 2, unit: 'hours', direction: 'before' }],
    });
    const appointment = await createAppointment(strapi, { startsAt: '2026-03-02T12:00:00Z' });
    // As a tick that read the appointment before it was moved would leave it: moved under the planner's feet.
    await strapi.db
      .query('plugin::reminders.appointment')
      .update({ where: { documentId: appointment.documentId }, data: { startsAt: '2026-03-02T15:00:00Z' } });
    clock.set('2026-03-02T10:00:00Z');
    await scheduler().tick();
    expect(provider.sent).toHaveLength(0);
    const [row] = await deliveriesOf(strapi, { targetDocumentId: appointment.documentId });
    expect(row).toMatchObject({
      deliveryStatus: 'cancelled',
      reason: "The appointment's start time changed after this was planned; it is re-planned for the new one",
    });
  });
});
