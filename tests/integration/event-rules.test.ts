import type { Core } from '@strapi/strapi';
import { describeIntegration, startStrapi, stopStrapi } from '../helpers/strapi';
import {
  TestClock,
  clearReminders,
  createAppointment,
  createInvoice,
  createRule,
  deliveriesOf,
  schedulerOf,
  updateDocument,
  useClock,
} from '../helpers/scheduling';
import { type FakeAfricasTalking, startFakeAfricasTalking } from '../fake-africastalking';
import { withFooter } from '../helpers/footer';

/**
 * Event rules: a reminder counted from what a write changed (paid, a payment, rescheduled, cancelled,
 * confirmed, completed, no-show, a status), once per event, through the fake Africa's Talking server.
 */
describeIntegration("event rules, through the fake Africa's Talking server", () => {
  let strapi: Core.Strapi;
  let fake: FakeAfricasTalking;
  const clock = new TestClock(new Date('2026-03-02T07:00:00Z'));
  const tick = () => schedulerOf(strapi).tick();
  const sent = () => fake.requests.map((request) => request.fields.message);

  beforeAll(async () => {
    fake = await startFakeAfricasTalking({ username: 'events', apiKey: 'events-key' });
    strapi = await startStrapi({ AT_USERNAME: 'events', AT_API_KEY: 'events-key', AT_API_BASE_URL: fake.baseUrl });
    useClock(strapi, clock);
  });
  beforeEach(async () => {
    await clearReminders(strapi);
    fake.requests.length = 0;
    clock.set('2026-03-02T07:00:00Z');
  });
  afterAll(async () => {
    await stopStrapi(strapi);
    await fake.close();
  });

  const appointment = () =>
    createAppointment(strapi, {
      startsAt: '2026-03-10T07:00:00Z',
      timezone: 'Africa/Nairobi',
      appointmentStatus: 'scheduled',
    });

  it('thanks for each payment received, with the amount, once however many times the same payment is saved', async () => {
    await createRule(strapi, {
      target: 'invoice',
      anchor: 'payment_received',
      templates: {
        en: 'Thank you for your payment of {{ change.amount | money }}. Balance: {{ invoice.balance | money }}.',
      },
    });
    const invoice = await createInvoice(strapi, { total: '1000', dueDate: '2026-03-20' });
    await tick();
    expect(sent()).toEqual([]);

    // Ten concurrent saves of the same payment: one change, one message.
    await Promise.all(
      Array.from({ length: 10 }, () => updateDocument(strapi, 'invoice', invoice.documentId, { amountPaid: '400' }))
    );
    await tick();
    // A save that changes nothing makes no event.
    await updateDocument(strapi, 'invoice', invoice.documentId, { amountPaid: '400' });
    await updateDocument(strapi, 'invoice', invoice.documentId, { customerName: 'Wanjiku K.' });
    await tick();
    // A second payment is a second event.
    await updateDocument(strapi, 'invoice', invoice.documentId, { amountPaid: '650' });
    await tick();
    await tick();

    expect(sent()).toEqual([
      withFooter('Thank you for your payment of KES 400.00. Balance: KES 600.00.'),
      withFooter('Thank you for your payment of KES 250.00. Balance: KES 350.00.'),
    ]);
  });

  it('says "paid in full" once when the invoice becomes paid, a rule that targets paid invoices', async () => {
    await createRule(strapi, {
      target: 'invoice',
      anchor: 'paid',
      conditions: [],
      templates: { en: 'Invoice {{ invoice.number }} is paid in full: thank you, {{ customer.name }}!' },
    });
    const invoice = await createInvoice(strapi, { number: 'INV-PAID', total: '500', dueDate: '2026-03-20' });
    await Promise.all(
      Array.from({ length: 5 }, () => updateDocument(strapi, 'invoice', invoice.documentId, { amountPaid: '500' }))
    );
    await tick();
    await tick();
    expect(sent()).toEqual([withFooter('Invoice INV-PAID is paid in full: thank you, Wanjiku!')]);
    const [delivery] = await deliveriesOf(strapi);
    expect(delivery.deliveryStatus).toBe('accepted');
  });

  it('tells of each move with the old and the new time, a second reschedule being a new message', async () => {
    await createRule(strapi, {
      target: 'appointment',
      anchor: 'rescheduled',
      templates: { en: 'Moved from {{ change.from | datetime: "short" }} to {{ change.to | datetime: "short" }}.' },
    });
    const booked = await appointment();
    await updateDocument(strapi, 'appointment', booked.documentId, { startsAt: '2026-03-11T08:00:00Z' });
    await tick();
    await updateDocument(strapi, 'appointment', booked.documentId, { title: 'Dental check-up' });
    await tick();
    await updateDocument(strapi, 'appointment', booked.documentId, { startsAt: '2026-03-12T09:30:00Z' });
    await tick();

    expect(sent()).toEqual([
      withFooter('Moved from 3/10/26, 10:00 AM to 3/11/26, 11:00 AM.'),
      withFooter('Moved from 3/11/26, 11:00 AM to 3/12/26, 12:30 PM.'),
    ]);
  });

  it.each([
    ['cancelled', 'cancelled'],
    ['confirmed', 'confirmed'],
    ['completed', 'completed'],
    ['no_show', 'no_show'],
  ])('sends the %s message once when the appointment becomes %s', async (anchor, status) => {
    await createRule(strapi, {
      target: 'appointment',
      anchor,
      conditions: [],
      templates: { en: `{{ appointment.title }}: ${anchor} (was {{ change.from }}).` },
    });
    const booked = await appointment();
    await Promise.all(
      Array.from({ length: 4 }, () =>
        updateDocument(strapi, 'appointment', booked.documentId, { appointmentStatus: status })
      )
    );
    await tick();
    await tick();
    expect(sent()).toEqual([withFooter(`Check-up: ${anchor} (was scheduled).`)]);
  });

  it('a "status changed to" rule waits for its value; "any" takes every change', async () => {
    await createRule(strapi, {
      name: 'to sent',
      target: 'invoice',
      anchor: 'status_changed',
      eventTo: 'sent',
      templates: { en: 'Sent: {{ change.from }} → {{ change.to }}' },
    });
    await createRule(strapi, {
      name: 'any',
      target: 'invoice',
      anchor: 'status_changed',
      templates: { en: 'Any: {{ change.from }} → {{ change.to }}' },
    });
    const invoice = await createInvoice(strapi, { total: '100', dueDate: '2026-03-20', invoiceStatus: 'draft' });
    await updateDocument(strapi, 'invoice', invoice.documentId, { invoiceStatus: 'sent' });
    await tick();
    // Spaced past the frequency cap's minimum spacing, were it on.
    clock.set('2026-03-02T09:00:00Z');
    await updateDocument(strapi, 'invoice', invoice.documentId, { invoiceStatus: 'draft' });
    await tick();
    expect([...sent()].sort()).toEqual(
      ['Any: draft → sent', 'Any: sent → draft', 'Sent: draft → sent'].map((text) => withFooter(text))
    );
  });

  it('counts later steps from the event ("2 days after the payment") and refuses a step before it', async () => {
    await createRule(strapi, {
      target: 'invoice',
      anchor: 'payment_received',
      steps: [{ amount: 2, unit: 'days', direction: 'after' }],
      templates: { en: 'Two days ago you paid {{ change.amount }}.' },
    });
    const invoice = await createInvoice(strapi, { total: '1000', dueDate: '2026-03-20' });
    await updateDocument(strapi, 'invoice', invoice.documentId, { amountPaid: '100' });
    await tick();
    expect(sent()).toEqual([]);
    clock.set('2026-03-04T07:00:30Z');
    await tick();
    expect(sent()).toEqual([withFooter('Two days ago you paid 100.')]);

    const refused = await createRule(strapi, {
      target: 'invoice',
      anchor: 'paid',
      steps: [{ amount: 1, unit: 'days', direction: 'before' }],
      templates: { en: 'x' },
    }).then(
      () => [],
      (error: { details?: { errors?: { path: string[] }[] } }) =>
        (error.details?.errors ?? []).map((item) => item.path.join('.'))
    );
    expect(refused).toEqual(['steps[0].direction']);
  });
});
