import type { Core } from '@strapi/strapi';
import { describeIntegration, startStrapi, stopStrapi } from '../helpers/strapi';
import { RecordingProvider, TestClock, clearReminders, createInvoice, createRule, deliveriesOf, schedulerOf } from '../helpers/scheduling';

/** One rule that cannot be planned must not stop the scheduler: the others are planned and everything due is sent. */
describeIntegration('the scheduler with a rule it cannot plan', () => {
  let strapi: Core.Strapi;
  const clock = new TestClock(new Date('2026-11-27T00:00:00Z'));
  const errors: string[] = [];

  beforeAll(async () => {
    strapi = await startStrapi();
    schedulerOf(strapi).useClock(() => clock.now);
    jest.spyOn(strapi.log, 'error').mockImplementation(((message: unknown) => errors.push(String(message))) as never);
  });
  afterAll(() => stopStrapi(strapi));

  it('refuses a step that reaches beyond 100 years when it is saved', async () => {
    await expect(createRule(strapi, { target: 'invoice', anchor: 'due_date', steps: [{ amount: 100_000, unit: 'months', direction: 'before' }] })).rejects.toThrow(
      /steps\[0\] reaches more than 100 years from the anchor/
    );
  });

  it('plans and sends the other rules, reports the failure and logs it, tick after tick', async () => {
    await clearReminders(strapi);
    const provider = new RecordingProvider();
    schedulerOf(strapi).useProvider(provider);
    const good = await createRule(strapi, { name: 'good', target: 'invoice', anchor: 'due_date', steps: [{ amount: 1, unit: 'days', direction: 'before' }] });
    const poisoned = await createRule(strapi, { name: 'poisoned', target: 'invoice', anchor: 'due_date', steps: [{ amount: 2, unit: 'days', direction: 'before' }] });
    // What an older version's validation let through, or a hand edit: a step no date arithmetic can follow.
    await strapi.db.connection('reminders_rules').where({ document_id: poisoned.documentId }).update({ steps: JSON.stringify([{ amount: 100_000, unit: 'months', direction: 'before' }]) });
    await strapi.db.connection('reminders_rule_schedules').where({ rule_document_id: poisoned.documentId }).delete();
    await strapi.db.connection('reminders_rule_schedules').update({ planned_through: clock.now });
    await createInvoice(strapi, { dueDate: '2026-11-29', issueDate: '2026-11-01' });

    clock.set('2026-11-28T06:00:00Z'); // 09:00 in Nairobi, one day before the due date
    const first = await schedulerOf(strapi).tick();
    const second = await schedulerOf(strapi).tick();
    expect(first.planned).toMatchObject({ rules: 2, failed: 1 });
    expect(second.planned).toMatchObject({ rules: 2, failed: 1 });
    expect(await deliveriesOf(strapi, { ruleDocumentId: good.documentId })).toMatchObject([{ deliveryStatus: 'accepted' }]);
    expect(provider.sent).toHaveLength(1);
    expect(errors.filter((line) => line.includes(`planning rule ${poisoned.documentId} ("poisoned") failed`))).toHaveLength(2);
  });
});
