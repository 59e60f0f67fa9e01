/// <reference lib="dom" />
import type { Page } from 'playwright-core';
import { type FakeAfricasTalking, startFakeAfricasTalking } from '../fake-africastalking';
import {
  type AdminSession,
  type RunningApp,
  adminApi,
  messagesTo as sentTo,
  newRule,
  openAdmin,
  saveRule,
  screenshot,
} from './harness';
import { withFooter } from '../helpers/footer';

/**
 * Event rules built in the rule editor (issue #18): Daftra's "Paid, instantly" receipt and Cal.com's
 * rescheduled, cancelled and no-show messages. Each is saved from the editor, the records are changed
 * through the Content Manager's API as an editor's Save does, and each message reaches the fake Africa's
 * Talking server once. Screenshots: tests/e2e/artifacts/event-rules-*.png.
 */

const AT = { username: 'e2e-events', apiKey: 'e2e-events-key' };
const INVOICE_PHONE = '+254711000301';
const APPOINTMENT_PHONE = '+254711000302';
const MISSED_PHONE = '+254711000303';
const CM = '/content-manager/collection-types/plugin::reminders';

describe('event rules in the rule editor, sent once each', () => {
  let session: AdminSession;
  let app: RunningApp;
  let page: Page;
  let token: string;
  let fake: FakeAfricasTalking;
  const api = () => adminApi(app.url, token);
  const messagesTo = (phone: string) => sentTo(fake, phone);

  /** Builds and saves a rule in the editor: its target, the event it counts from, and its message. */
  async function buildRule(
    name: string,
    target: string,
    event: string,
    message: string,
    shot: string,
    more?: () => Promise<void>
  ) {
    await newRule(page, app.url, { name, target, anchor: event });
    // An event rule sends when it happens: one step, 0 minutes after, and no "before" to pick.
    await page.getByText(/Counted from the moment the change is saved/).waitFor();
    const step = page.getByTestId('step').first();
    expect(await step.getByRole('textbox', { name: 'Amount' }).inputValue()).toBe('0');
    await page.getByTestId('messages').getByRole('textbox', { name: 'Message in English' }).fill(message);
    await more?.();
    await page.getByTestId('preview').scrollIntoViewIfNeeded();
    await screenshot(page, `event-rules-${shot}`);
    await saveRule(page);
  }

  beforeAll(async () => {
    fake = await startFakeAfricasTalking({ username: AT.username, apiKey: AT.apiKey });
    session = await openAdmin({
      env: { AT_USERNAME: AT.username, AT_API_KEY: AT.apiKey, AT_API_BASE_URL: fake.baseUrl },
    });
    ({ app, page, token } = session);
  });

  afterAll(async () => {
    await session?.close();
    await fake?.close();
  });

  it("builds Daftra's receipt (Paid, instantly) and Cal.com's rescheduled, cancelled and no-show messages", async () => {
    await buildRule(
      'E2E: paid in full',
      'Invoice',
      'Paid in full',
      'Thank you {{ customer.name }}: invoice {{ invoice.number }} is paid in full ({{ invoice.amountPaid | money }}).',
      '1-paid',
      // Daftra's Payment Status as conditions, with an OR: unpaid ones, or paid ones (the second group holds).
      async () => {
        await page.getByRole('button', { name: 'Add a condition' }).click();
        await page.getByRole('button', { name: 'Add an OR group' }).click();
        const second = page.getByTestId('condition-group').nth(1);
        await second.getByRole('combobox', { name: 'Value', exact: true }).click();
        await page.getByRole('option', { name: 'Unpaid', exact: true }).click();
        await page.getByRole('option', { name: 'Paid', exact: true }).click();
        await page.keyboard.press('Escape');
        await page.getByText('Any of these groups').waitFor();
      }
    );
    const paidRule = (await api().get('/reminders/rules?pageSize=50')).body.data.find(
      (rule: { name: string }) => rule.name === 'E2E: paid in full'
    );
    expect(paidRule.conditions).toEqual({
      anyOf: [
        [{ field: 'paymentStatus', operator: 'in', value: ['unpaid'] }],
        [{ field: 'paymentStatus', operator: 'in', value: ['paid'] }],
      ],
    });
    await buildRule(
      'E2E: appointment moved',
      'Appointment',
      'Rescheduled (start moved)',
      'Your {{ appointment.title }} moved from {{ change.from | datetime: "short" }} to {{ change.to | datetime: "short" }}.',
      '2-rescheduled'
    );
    await buildRule(
      'E2E: appointment cancelled',
      'Appointment',
      'Cancelled',
      'Your {{ appointment.title }} is cancelled.',
      '3-cancelled'
    );
    await buildRule(
      'E2E: no-show',
      'Appointment',
      'No-show',
      'We missed you at your {{ appointment.title }} today.',
      '4-no-show'
    );
    const rules = (await api().get('/reminders/rules?pageSize=50')).body.data as { name: string; anchor: string }[];
    expect(rules.filter((rule) => rule.name.startsWith('E2E:')).map((rule) => rule.anchor)).toEqual(
      expect.arrayContaining(['paid', 'rescheduled', 'cancelled', 'no_show'])
    );
  });

  it('sends each once when an editor saves the change, and nothing on a save that changes nothing', async () => {
    const invoice = await api().post(`${CM}.invoice`, {
      number: 'INV-EV-1',
      customerName: 'Amina',
      phone: INVOICE_PHONE,
      currency: 'KES',
      total: '1500',
      issueDate: '2026-12-01',
      dueDate: '2026-12-31',
    });
    const booking = (phone: string) => ({
      title: 'Dental check-up',
      customerName: 'Baraka',
      phone,
      timezone: 'Africa/Nairobi',
      startsAt: '2027-01-10T07:00:00.000Z',
      endsAt: '2027-01-10T08:00:00.000Z',
    });
    const moved = await api().post(`${CM}.appointment`, booking(APPOINTMENT_PHONE));
    const missed = await api().post(`${CM}.appointment`, booking(MISSED_PHONE));
    for (const created of [invoice, moved, missed]) expect(created.status).toBeLessThan(300);
    const save = (type: string, documentId: string, data: Record<string, unknown>) =>
      api().put(`${CM}.${type}/${documentId}`, data);

    const invoiceId = invoice.body.data.documentId as string;
    const paid = await save('invoice', invoiceId, { ...invoice.body.data, amountPaid: '1500' });
    expect(paid.status).toBe(200);
    // Save again what the page now shows: nothing changed, no second event.
    expect((await save('invoice', invoiceId, paid.body.data)).status).toBe(200);
    const movedId = moved.body.data.documentId as string;
    const movedTo = { ...moved.body.data, startsAt: '2027-01-11T09:30:00.000Z', endsAt: '2027-01-11T10:30:00.000Z' };
    expect((await save('appointment', movedId, movedTo)).status).toBe(200);
    expect((await save('appointment', movedId, { ...movedTo, appointmentStatus: 'cancelled' })).status).toBe(200);
    const missedId = missed.body.data.documentId as string;
    expect((await save('appointment', missedId, { ...missed.body.data, appointmentStatus: 'no_show' })).status).toBe(
      200
    );

    for (let tick = 0; tick < 2; tick += 1) expect((await api().post('/reminders/scheduler/tick')).status).toBe(200);

    expect(messagesTo(INVOICE_PHONE)).toEqual([
      withFooter('Thank you Amina: invoice INV-EV-1 is paid in full (KES 1,500.00).'),
    ]);
    expect(messagesTo(APPOINTMENT_PHONE).sort()).toEqual([
      withFooter('Your Dental check-up is cancelled.'),
      withFooter('Your Dental check-up moved from 1/10/27, 10:00 AM to 1/11/27, 12:30 PM.'),
    ]);
    expect(messagesTo(MISSED_PHONE)).toEqual([withFooter('We missed you at your Dental check-up today.')]);

    await page.goto(`${app.url}/admin/plugins/reminders/deliveries`);
    await page.getByText('E2E: appointment moved').first().waitFor();
    await screenshot(page, 'event-rules-5-log');
  });
});
