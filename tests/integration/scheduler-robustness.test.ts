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
  useClock,
  useProvider,
} from '../helpers/scheduling';

/** One rule that cannot be planned must not stop the scheduler: the others are planned and everything due is sent. */
describeIntegration('the scheduler with a rule it cannot plan', () => {
  let strapi: Core.Strapi;
  const clock = new TestClock(new Date('2026-11-27T00:00:00Z'));
  const errors: string[] = [];

  beforeAll(async () => {
    strapi = await startStrapi();
    useClock(strapi, clock);
    jest.spyOn(strapi.log, 'error').mockImplementation(((message: unknown) => errors.push(String(message))) as never);
  });
  afterAll(() => stopStrapi(strapi));

  it('refuses a step that reaches beyond 100 years when it is saved', async () => {
    await expect(
      createRule(strapi, {
        target: 'invoice',
        anchor: 'due_date',
        steps: [{ amount: 100_000, unit: 'months', direction: 'before' }],
      })
    ).rejects.toThrow(/steps\[0\] reaches more than 100 years from the anchor/);
  });

  it('plans and sends the other rules, reports the failure and logs it, tick after tick', async () => {
    await clearReminders(strapi);
    const provider = new RecordingProvider();
    useProvider(strapi, provider);
    const good = await createRule(strapi, {
      name: 'good',
      target: 'invoice',
      anchor: 'due_date',
      steps: [{ amount: 1, unit: 'days', direction: 'before' }],
    });
    const poisoned = await createRule(strapi, {
      name: 'poisoned',
      target: 'invoice',
      anchor: 'due_date',
      steps: [{ amount: 2, unit: 'days', direction: 'before' }],
    });
    // What an older version's validation let through, or a hand edit: a step no date arithmetic can follow.
    await strapi.db
      .connection('reminders_rules')
      .where({ document_id: poisoned.documentId })
      .update({ steps: JSON.stringify([{ amount: 100_000, unit: 'months', direction: 'before' }]) });
    await strapi.db.connection('reminders_rule_schedules').where({ rule_document_id: poisoned.documentId }).delete();
    await strapi.db.connection('reminders_rule_schedules').update({ planned_through: clock.now });
    await createInvoice(strapi, { dueDate: '2026-11-29', issueDate: '2026-11-01' });

    clock.set('2026-11-28T06:00:00Z'); // 09:00 in Nairobi, one day before the due date
    const first = await schedulerOf(strapi).tick();
    const second = await schedulerOf(strapi).tick();
    expect(first.planned).toMatchObject({ rules: 2, failed: 1 });
    expect(second.planned).toMatchObject({ rules: 2, failed: 1 });
    expect(await deliveriesOf(strapi, { ruleDocumentId: good.documentId })).toMatchObject([
      { deliveryStatus: 'accepted' },
    ]);
    expect(provider.sent).toHaveLength(1);
    expect(
      errors.filter((line) => line.includes(`planning rule ${poisoned.documentId} ("poisoned") failed`))
    ).toHaveLength(2);
  });
});

/**
 * Watermarks after a tick that plans several rules: each planned rule's moves to now + horizon from
 * wherever it stood, by compare-and-set, and no other rule's does.
 */
describeIntegration('the watermarks a tick moves', () => {
  let strapi: Core.Strapi;
  const clock = new TestClock(new Date('2026-12-01T00:00:00Z'));
  const HOUR = 3_600_000;
  const at = (hours: number) => new Date(clock.now.getTime() + hours * HOUR);
  const watermarkOf = async (documentId: string) =>
    new Date(
      (
        await strapi.db
          .connection('reminders_rule_schedules')
          .where({ rule_document_id: documentId })
          .first('planned_through')
      ).planned_through
    ).toISOString();
  const setWatermark = (documentId: string, plannedThrough: Date) =>
    strapi.db
      .connection('reminders_rule_schedules')
      .where({ rule_document_id: documentId })
      .update({ planned_through: plannedThrough });

  beforeAll(async () => {
    strapi = await startStrapi();
    useClock(strapi, clock);
    jest.spyOn(strapi.log, 'error').mockImplementation((() => undefined) as never);
  });
  afterAll(() => stopStrapi(strapi));

  it('moves each planned rule from where it stood, leaves the others, and yields to another instance', async () => {
    await clearReminders(strapi);
    useProvider(strapi, new RecordingProvider());
    const hoursBefore = (name: string, hours: number) =>
      createRule(strapi, {
        name,
        target: 'appointment',
        anchor: 'starts_at',
        steps: [{ amount: hours, unit: 'hours', direction: 'before' }],
      });
    const fromNow = await Promise.all([1, 2, 3].map((hours) => hoursBefore(`from now ${hours}`, hours)));
    const fromEarlier = await hoursBefore('from an hour ago', 4);
    const raced = await hoursBefore('moved by another instance meanwhile', 5);
    const current = await hoursBefore('within the step', 6);
    const poisoned = await createRule(strapi, {
      name: 'poisoned',
      target: 'invoice',
      anchor: 'due_date',
      steps: [{ amount: 2, unit: 'days', direction: 'before' }],
    });
    await strapi.db
      .connection('reminders_rules')
      .where({ document_id: poisoned.documentId })
      .update({ steps: JSON.stringify([{ amount: 100_000, unit: 'months', direction: 'before' }]) });
    await createAppointment(strapi, { startsAt: at(23.5).toISOString() });
    for (const rule of [...fromNow, raced, poisoned]) await setWatermark(rule.documentId, at(0));
    await setWatermark(fromEarlier.documentId, at(-1));
    await setWatermark(current.documentId, at(23.5));
    // Saving the rules and the appointment planned them already: the tick plans again from an empty outbox.
    await strapi.db.connection('reminders_deliveries').delete();

    // Another instance (a later clock) moves one watermark while this tick reads the records.
    const theirs = at(24.25);
    const unsubscribe = strapi.db.lifecycles.subscribe({
      models: ['plugin::reminders.appointment'],
      beforeFindMany: async () => void (await setWatermark(raced.documentId, theirs)),
    }) as unknown as () => void;
    const report = await schedulerOf(strapi).tick().finally(unsubscribe);

    expect(report.planned).toMatchObject({ rules: 7, failed: 1, written: 5 });
    for (const rule of [...fromNow, fromEarlier]) expect(await watermarkOf(rule.documentId)).toBe(at(24).toISOString());
    expect(await watermarkOf(raced.documentId)).toBe(theirs.toISOString());
    expect(await watermarkOf(current.documentId)).toBe(at(23.5).toISOString());
    expect(await watermarkOf(poisoned.documentId)).toBe(at(0).toISOString());
    for (const rule of [...fromNow, fromEarlier, raced])
      expect(await deliveriesOf(strapi, { ruleDocumentId: rule.documentId })).toHaveLength(1);
  });

  it('reads the time zones the records use only when a rule is planned, once per target', async () => {
    await strapi.db.connection('reminders_rules').where({ name: 'poisoned' }).update({ enabled: false });
    await strapi.db.connection('reminders_rule_schedules').update({ planned_through: at(24) });
    const zoneWalks: string[] = [];
    const onQuery = (query: { sql: string }) =>
      void (query.sql.includes('WITH RECURSIVE zones') && zoneWalks.push(query.sql));
    strapi.db.connection.on('query', onQuery);
    try {
      clock.advance(30); // every rule is less than a step behind
      await schedulerOf(strapi).tick();
      expect(zoneWalks).toHaveLength(0);
      clock.advance(30); // every rule (all on appointments) is a step behind
      expect((await schedulerOf(strapi).tick()).planned).toMatchObject({ rules: 6, failed: 0 });
      expect(zoneWalks).toHaveLength(1);
    } finally {
      strapi.db.connection.off('query', onQuery);
    }
  });

  it('plans four rules at once, and one that fails does not stop those in flight', async () => {
    await strapi.db.connection('reminders_rules').where({ name: 'poisoned' }).update({ enabled: true });
    await strapi.db.connection('reminders_rule_schedules').update({ planned_through: clock.now });
    await strapi.db.connection('reminders_deliveries').delete();
    let reading = 0;
    let mostAtOnce = 0;
    const unsubscribe = strapi.db.lifecycles.subscribe({
      models: ['plugin::reminders.appointment'],
      // A slow read: the rules that overlap it are in flight together.
      beforeFindMany: async () => {
        mostAtOnce = Math.max(mostAtOnce, ++reading);
        await new Promise((resolve) => setTimeout(resolve, 50));
        reading -= 1;
      },
    }) as unknown as () => void;
    const report = await schedulerOf(strapi).tick().finally(unsubscribe);

    expect(mostAtOnce).toBe(4);
    expect(report.planned).toMatchObject({ rules: 7, failed: 1, written: 6 });
    const watermarks = await strapi.db
      .connection('reminders_rule_schedules')
      .select('rule_document_id', 'planned_through');
    const poisoned = await strapi.db.connection('reminders_rules').where({ name: 'poisoned' }).first('document_id');
    for (const row of watermarks) {
      expect(new Date(row.planned_through).toISOString()).toBe(
        (row.rule_document_id === poisoned.document_id ? clock.now : at(24)).toISOString()
      );
    }
  });
});
