import type { Core } from '@strapi/strapi';
import { describeIntegration, startStrapi, stopStrapi } from '../helpers/strapi';
import { TestClock, clearReminders, createInvoice, createRule, schedulerOf, useClock } from '../helpers/scheduling';
import { type FakeAfricasTalking, startFakeAfricasTalking } from '../fake-africastalking';
import { withFooter } from '../helpers/footer';

/** A step's own message is what that step sends; the other steps send the rule's. */
describeIntegration("a step's own message, through the fake Africa's Talking server", () => {
  let strapi: Core.Strapi;
  let fake: FakeAfricasTalking;
  const clock = new TestClock(new Date('2026-03-02T06:00:00Z'));
  const tick = () => schedulerOf(strapi).tick();

  beforeAll(async () => {
    fake = await startFakeAfricasTalking({ username: 'steps', apiKey: 'steps-key' });
    strapi = await startStrapi({ AT_USERNAME: 'steps', AT_API_KEY: 'steps-key', AT_API_BASE_URL: fake.baseUrl });
    useClock(strapi, clock);
    await clearReminders(strapi);
  });
  afterAll(async () => {
    await stopStrapi(strapi);
    await fake.close();
  });

  it("sends the overdue step's own message and the rule's message for the step before the due date", async () => {
    await createRule(strapi, {
      target: 'invoice',
      anchor: 'due_date',
      sendAt: '09:00',
      timezone: 'Africa/Nairobi',
      steps: [
        { amount: 3, unit: 'days', direction: 'before' },
        {
          amount: 7,
          unit: 'days',
          direction: 'after',
          templates: { en: 'Invoice {{ invoice.number }} was due {{ invoice.dueDate | relative }}.' },
        },
      ],
      templates: { en: 'Invoice {{ invoice.number }} is due {{ invoice.dueDate | relative }}.' },
    });
    await createInvoice(strapi, { number: 'INV-STEP', dueDate: '2026-03-05', timezone: 'Africa/Nairobi' });

    clock.set('2026-03-02T06:00:00Z'); // 09:00 in Nairobi, 3 days before the due date
    await tick();
    clock.set('2026-03-12T06:00:00Z'); // 7 days after it
    await tick();

    expect(fake.requests.map((sent) => sent.fields.message)).toEqual([
      withFooter('Invoice INV-STEP is due in 3 days.'),
      withFooter('Invoice INV-STEP was due 7 days ago.'),
    ]);
  });
});
