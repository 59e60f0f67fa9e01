/// <reference lib="dom" />
import crypto from 'crypto';
import http from 'http';
import type { AddressInfo } from 'net';
import type { Page } from 'playwright-core';
import { type FakeAfricasTalking, startFakeAfricasTalking } from '../fake-africastalking';
import {
  type AdminSession,
  type RunningApp,
  adminApi,
  choose,
  messagesTo,
  newRule,
  openAdmin,
  saveRule,
  screenshot,
  skipGuidedTour,
} from './harness';
import { withFooter } from '../helpers/footer';

/**
 * The rest of Daftra's invoice and appointment rule forms built in the rule editor (issue #18), each sending
 * once through the fake Africa's Talking server: an invoice reminder at 09:00 on the due date for every
 * payment status (the default conditions removed, so a paid invoice gets it too); one to the account
 * manager and the office; an appointment's "status changed to Confirmed", changed in the Content Manager;
 * a step's minimum notice (a booking made too late is skipped with the reason in the log, one made in time
 * is sent); "Instantly" on a new appointment. A receiver subscribed in Settings → Webhooks (Entry: Update)
 * gets one signed reminder.sent per SMS. Screenshots: tests/e2e/artifacts/rule-options-*.png.
 */

const AT = { username: 'e2e-options', apiKey: 'e2e-options-key' };
const WEBHOOK_SECRET = 'e2e-rule-options-webhook-secret';
const CM = '/content-manager/collection-types/plugin::reminders';
const ZONE = 'Africa/Nairobi';
// Each number ends in its own three digits: the webhook's masked phone (+*********401) still tells them apart.
const PHONES = {
  paid: '+254711000401',
  unpaid: '+254711000402',
  manager: '+254711000403',
  office: '+254711000404',
  confirmed: '+254711000405',
  late: '+254711000406',
  early: '+254711000407',
  instantly: '+254711000408',
};
const HOUR = 3_600_000;

/**
 * The latest date whose 09:00 in Nairobi has passed: a reminder "on the due date at 09:00" for an invoice
 * due then is due now, at most a day late (the default maximum lateness), whatever the hour the suite runs.
 */
function dueDateAtNinePassed(now = new Date()): string {
  const local = new Date(now.getTime() + 3 * HOUR); // Nairobi is UTC+3 all year.
  if (local.getUTCHours() < 9) local.setUTCDate(local.getUTCDate() - 1);
  return local.toISOString().slice(0, 10);
}

interface Received {
  headers: http.IncomingHttpHeaders;
  body: { event: string; model?: string; uid?: string; entry?: ReminderEntry };
}
interface ReminderEntry {
  event: string;
  timestamp: number;
  delivery: { documentId: string; phone: string; status: string; rule: { name: string } };
  signature?: string;
}

/** docs/webhooks.md's verifyReminderEvent, as a host would write it. */
function verifyReminderEvent(body: ReminderEntry, secret: string, maxAgeSeconds = 300) {
  if (typeof body.signature !== 'string') return false;
  if (Math.abs(Date.now() / 1000 - body.timestamp) > maxAgeSeconds) return false;
  const signed = `${body.timestamp}.${body.event}.${JSON.stringify(body.delivery)}`;
  const expected = 'sha256=' + crypto.createHmac('sha256', secret).update(signed).digest('hex');
  const given = Buffer.from(body.signature);
  return given.length === expected.length && crypto.timingSafeEqual(given, Buffer.from(expected));
}

/** A host's endpoint: keeps every POST it gets. */
async function startReceiver() {
  const received: Received[] = [];
  const server = http.createServer((request, response) => {
    let text = '';
    request.on('data', (chunk) => (text += chunk));
    request.on('end', () => {
      received.push({ headers: request.headers, body: JSON.parse(text) });
      response.writeHead(200).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/reminders`,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe("Daftra's rule forms in the rule editor, each sent once, and a webhook for each SMS", () => {
  let session: AdminSession;
  let app: RunningApp;
  let page: Page;
  let token: string;
  let fake: FakeAfricasTalking;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  const api = () => adminApi(app.url, token);
  const sentTo = (phone: string) => messagesTo(fake, phone);
  const message = () => page.getByTestId('messages').getByRole('textbox', { name: 'Message in English' });
  const step = () => page.getByTestId('step').first();
  /** Waits until the preview shows the message as typed (it follows the draft after a pause). */
  const previewSays = (text: string | RegExp) =>
    page.getByTestId('preview-send').filter({ hasText: text }).first().waitFor();
  /** Two scheduler passes: the second must find nothing more to send. */
  const tickTwice = async () => {
    for (let tick = 0; tick < 2; tick += 1) expect((await api().post('/reminders/scheduler/tick')).status).toBe(200);
  };
  const create = async (type: 'invoice' | 'appointment', data: Record<string, unknown>) => {
    const created = await api().post(`${CM}.${type}`, data);
    expect(created.status).toBeLessThan(300);
    return created.body.data as Record<string, unknown> & { documentId: string };
  };
  const deliveriesTo = async (phone: string) =>
    (await api().get(`/reminders/deliveries?phone=${encodeURIComponent(phone)}&pageSize=20`)).body.data as {
      status: string;
      reason: string | null;
      ruleName: string;
    }[];
  const booking = (title: string, phone: string, startsAt: Date) => ({
    title,
    customerName: 'Baraka Otieno',
    phone,
    timezone: ZONE,
    startsAt: startsAt.toISOString(),
    endsAt: new Date(startsAt.getTime() + HOUR).toISOString(),
  });

  beforeAll(async () => {
    fake = await startFakeAfricasTalking({ username: AT.username, apiKey: AT.apiKey });
    receiver = await startReceiver();
    session = await openAdmin({
      env: {
        AT_USERNAME: AT.username,
        AT_API_KEY: AT.apiKey,
        AT_API_BASE_URL: fake.baseUrl,
        REMINDERS_WEBHOOK_ENTRY_EVENTS: 'true',
        REMINDERS_WEBHOOK_SECRET: WEBHOOK_SECRET,
        // In production Strapi refuses a webhook URL on this machine ("not reachable over the public
        // internet"); the receiver here is local, so the built app runs with NODE_ENV=development.
        NODE_ENV: 'development',
      },
    });
    ({ app, page, token } = session);
    // The demo's own rules off: every SMS of this suite is one of the rules built here.
    const rules = (await api().get('/reminders/rules?pageSize=50')).body.data as { documentId: string }[];
    for (const rule of rules)
      expect((await api().put(`/reminders/rules/${rule.documentId}/enabled`, { enabled: false })).status).toBe(200);
  });

  afterAll(async () => {
    await session?.close();
    await fake?.close();
    await receiver?.close();
  });

  it('subscribes a receiver in Settings → Webhooks with Entry: Update ticked', async () => {
    await page.goto(`${app.url}/admin/settings/webhooks/create`);
    await page.getByRole('textbox', { name: 'Name' }).fill('Billing system');
    await page.getByRole('textbox', { name: 'Url' }).fill(receiver.url);
    await page.getByRole('checkbox', { name: 'entry.update', exact: true }).click();
    await screenshot(page, 'rule-options-0-webhook');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.waitForURL(/\/settings\/webhooks\/\d+$/);
    const webhooks = (await api().get('/admin/webhooks')).body.data as { url: string; events: string[] }[];
    expect(webhooks).toEqual([expect.objectContaining({ url: receiver.url, events: ['entry.update'] })]);
  });

  it('reminds every payment status on the due date at 09:00 once the default conditions are removed', async () => {
    await newRule(page, app.url, { name: 'E2E: due today, every status', target: 'Invoice', anchor: 'due date' });
    await step().getByRole('textbox', { name: 'Amount' }).fill('0');
    expect(await page.getByLabel('Send at').inputValue()).toBe('09:00');
    // The new rule starts with the defaults (not paid, not void): removing both reminds every status ("All").
    expect(await page.getByTestId('condition').count()).toBe(2);
    while ((await page.getByTestId('condition').count()) > 0)
      await page.getByRole('button', { name: 'Remove condition 1' }).click();
    await message().fill('Hi {{ customer.name }}, invoice {{ invoice.number }} falls due today.');
    await previewSays('falls due today.');
    await screenshot(page, 'rule-options-1-every-status');
    const ruleId = await saveRule(page);
    expect((await api().get(`/reminders/rules/${ruleId}`)).body.data).toMatchObject({
      anchor: 'due_date',
      sendAt: '09:00',
      steps: [{ amount: 0, unit: 'days', direction: 'before' }],
      conditions: [],
    });

    const dueDate = dueDateAtNinePassed();
    const paid = await create('invoice', {
      number: 'INV-OPT-1',
      customerName: 'Amani Paid',
      phone: PHONES.paid,
      currency: 'KES',
      total: '1500',
      amountPaid: '1500',
      issueDate: dueDate,
      dueDate,
      timezone: ZONE,
    });
    expect(paid.paymentStatus).toBe('paid');
    await tickTwice();
    expect(sentTo(PHONES.paid)).toEqual([withFooter('Hi Amani Paid, invoice INV-OPT-1 falls due today.')]);
  });

  it("sends an invoice's reminder to its account manager and to the office, each once", async () => {
    await newRule(page, app.url, {
      name: 'E2E: due today, manager and office',
      target: 'Invoice',
      anchor: 'due date',
    });
    await step().getByRole('textbox', { name: 'Amount' }).fill('0');
    const recipients = page.getByTestId('recipients');
    // The staff member first: a rule keeps at least one recipient, so the customer is unticked once another is on.
    await recipients.getByRole('checkbox', { name: 'Staff member' }).click();
    await recipients.getByRole('checkbox', { name: 'Customer' }).click();
    await recipients.getByRole('button', { name: 'Add a fixed number (the office)' }).click();
    const office = recipients.getByTestId('fixed-recipient');
    await office.getByRole('textbox', { name: 'Fixed number' }).fill('0711 000 404');
    await office.getByRole('textbox', { name: 'Name (optional)' }).fill('Front office');
    await message().fill('Hi {{ recipient.name }}: {{ customer.name }} owes {{ invoice.balance | money }} today.');
    await previewSays('owes');
    await screenshot(page, 'rule-options-2-manager-and-office');
    const ruleId = await saveRule(page);
    expect((await api().get(`/reminders/rules/${ruleId}`)).body.data).toMatchObject({
      recipients: [{ kind: 'staff' }, { kind: 'fixed', phone: PHONES.office, name: 'Front office' }],
      // The defaults kept: this rule reminds unpaid invoices only.
      conditions: [
        { field: 'paymentStatus', operator: 'notIn', value: ['paid'] },
        { field: 'invoiceStatus', operator: 'notIn', value: ['void'] },
      ],
    });

    const dueDate = dueDateAtNinePassed();
    await create('invoice', {
      number: 'INV-OPT-2',
      customerName: 'Zuri Unpaid',
      phone: PHONES.unpaid,
      currency: 'KES',
      total: '2400',
      issueDate: dueDate,
      dueDate,
      timezone: ZONE,
      accountManagerName: 'Grace Manager',
      accountManagerPhone: PHONES.manager,
    });
    await tickTwice();
    // Staff and the office get no opt-out footer; customers do.
    expect(sentTo(PHONES.manager)).toEqual(['Hi Grace Manager: Zuri Unpaid owes KES 2,400.00 today.']);
    expect(sentTo(PHONES.office)).toEqual(['Hi Front office: Zuri Unpaid owes KES 2,400.00 today.']);
    // The customer is not a recipient of this rule: the every-status rule alone reminds her.
    expect(sentTo(PHONES.unpaid)).toEqual([withFooter('Hi Zuri Unpaid, invoice INV-OPT-2 falls due today.')]);
    // The paid invoice is not the defaults' business: nothing more to its number, nor to the office for it.
    expect(sentTo(PHONES.paid)).toHaveLength(1);
  });

  it('sends "status changed to Confirmed" once when an editor confirms the appointment in the Content Manager', async () => {
    await newRule(page, app.url, { name: 'E2E: confirmed', target: 'Appointment', anchor: 'Status changed' });
    await choose(page, 'Changed to', 'Confirmed');
    await message().fill('Your {{ appointment.title }} is confirmed.');
    await previewSays('is confirmed.');
    await screenshot(page, 'rule-options-3-confirmed');
    const ruleId = await saveRule(page);
    expect((await api().get(`/reminders/rules/${ruleId}`)).body.data).toMatchObject({
      anchor: 'status_changed',
      eventTo: 'confirmed',
    });

    const appointment = await create(
      'appointment',
      booking('Physiotherapy', PHONES.confirmed, new Date('2027-02-10T07:00:00.000Z'))
    );
    await page.goto(`${app.url}/admin${CM}.appointment/${appointment.documentId}`);
    await skipGuidedTour(page);
    await choose(page, 'Status', 'Confirmed');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText(/Saved/).first().waitFor();
    await screenshot(page, 'rule-options-4-confirmed-in-content-manager');
    await tickTwice();
    expect(sentTo(PHONES.confirmed)).toEqual([withFooter('Your Physiotherapy is confirmed.')]);

    // Saved again with nothing changed, and changed to another status: no second "confirmed".
    const current = (await api().get(`${CM}.appointment/${appointment.documentId}`)).body.data;
    expect((await api().put(`${CM}.appointment/${appointment.documentId}`, current)).status).toBe(200);
    expect(
      (await api().put(`${CM}.appointment/${appointment.documentId}`, { ...current, appointmentStatus: 'completed' }))
        .status
    ).toBe(200);
    await tickTwice();
    expect(sentTo(PHONES.confirmed)).toHaveLength(1);
  });

  it('skips a booking made inside the minimum notice, with the reason in the log, and sends one made in time', async () => {
    await newRule(page, app.url, {
      name: 'E2E: 24 hours before, 12 hours notice',
      target: 'Appointment',
      anchor: /^start$/,
    });
    expect(await step().getByRole('textbox', { name: 'Amount' }).inputValue()).toBe('24');
    await step().getByRole('checkbox', { name: 'Minimum notice' }).click();
    const notice = page.getByTestId('step-minimum-notice');
    expect(await notice.getByRole('textbox', { name: 'Minimum notice' }).inputValue()).toBe('12');
    // Daftra's appointment type: this rule reminds follow-ups only (the demo's bookings are not its business).
    await page.getByRole('button', { name: 'Add a condition' }).click();
    const typeCondition = page.getByTestId('condition').nth(1);
    await typeCondition.getByRole('combobox', { name: 'Field' }).click();
    await page.getByRole('option', { name: 'Appointment type' }).click();
    await typeCondition.getByRole('textbox', { name: 'Value' }).fill('Follow-up');
    await message().fill('Reminder: your {{ appointment.title }} is tomorrow.');
    await previewSays('is tomorrow.');
    await screenshot(page, 'rule-options-5-minimum-notice');
    const ruleId = await saveRule(page);
    expect((await api().get(`/reminders/rules/${ruleId}`)).body.data).toMatchObject({
      steps: [{ amount: 24, unit: 'hours', direction: 'before', minimumNotice: { amount: 12, unit: 'hours' } }],
      conditions: [
        { field: 'appointmentStatus', operator: 'notIn', value: ['cancelled'] },
        { field: 'appointmentType', operator: 'in', value: ['Follow-up'] },
      ],
    });

    const now = Date.now();
    // 3 hours ahead: less than the 12 hours' notice. 22 hours ahead: its "24 hours before" is 2 hours past,
    // well inside the default maximum lateness, so it goes at once.
    const followUp = (title: string, phone: string, startsAt: Date) => ({
      ...booking(title, phone, startsAt),
      appointmentType: 'Follow-up',
    });
    await create('appointment', followUp('Late booking', PHONES.late, new Date(now + 3 * HOUR)));
    await create('appointment', followUp('Early booking', PHONES.early, new Date(now + 22 * HOUR)));
    await tickTwice();
    expect(sentTo(PHONES.late)).toEqual([]);
    expect(sentTo(PHONES.early)).toEqual([withFooter('Reminder: your Early booking is tomorrow.')]);
    const [skipped] = await deliveriesTo(PHONES.late);
    expect(skipped).toMatchObject({ status: 'skipped', ruleName: 'E2E: 24 hours before, 12 hours notice' });
    expect(skipped.reason).toMatch(/^Less than the step's minimum notice of 12 hours: the appointment was written /);

    await page.goto(`${app.url}/admin/plugins/reminders/deliveries`);
    await choose(page, 'Rule', 'E2E: 24 hours before, 12 hours notice');
    const late = page.getByTestId('delivery-row').filter({ hasText: 'Late booking' });
    await late.filter({ hasText: /Less than the step's minimum notice of 12 hours/ }).waitFor();
    expect(await late.getAttribute('data-status')).toBe('skipped');
    const early = page.getByTestId('delivery-row').filter({ hasText: 'Early booking' });
    expect(await early.getAttribute('data-status')).toBe('accepted');
    await screenshot(page, 'rule-options-6-minimum-notice-log');
  });

  it('sends "Instantly" once when an appointment is booked, and not again when it is edited', async () => {
    await newRule(page, app.url, {
      name: 'E2E: booked, instantly',
      target: 'Appointment',
      anchor: 'Instantly, when the record is created',
    });
    await page.getByText('One reminder as soon as the record is created.').waitFor();
    await message().fill('Booked: {{ appointment.title }}. Reply STOP to opt out.');
    await previewSays('Reply STOP to opt out.');
    await screenshot(page, 'rule-options-7-instantly');
    const ruleId = await saveRule(page);
    expect((await api().get(`/reminders/rules/${ruleId}`)).body.data.anchor).toBe('instantly');

    const appointment = await create(
      'appointment',
      booking('Dental cleaning', PHONES.instantly, new Date('2027-03-01T06:00:00.000Z'))
    );
    await tickTwice();
    expect(sentTo(PHONES.instantly)).toEqual(['Booked: Dental cleaning. Reply STOP to opt out.']);
    const edited = { ...appointment, location: 'Room 4' };
    expect((await api().put(`${CM}.appointment/${appointment.documentId}`, edited)).status).toBe(200);
    await tickTwice();
    expect(sentTo(PHONES.instantly)).toHaveLength(1);
  });

  it('posts one signed reminder.sent to the Settings → Webhooks receiver for each SMS', async () => {
    const sms = fake.requests.map((request) => request.fields.to);
    expect(sms.sort()).toEqual(
      [
        PHONES.paid,
        PHONES.unpaid,
        PHONES.manager,
        PHONES.office,
        PHONES.confirmed,
        PHONES.early,
        PHONES.instantly,
      ].sort()
    );
    const reminders = () => receiver.received.filter((item) => item.body.uid === 'plugin::reminders.delivery');
    // Strapi's webhook runner posts after the send's commit, on its own time.
    for (const deadline = Date.now() + 20_000; reminders().length < sms.length && Date.now() < deadline;)
      await new Promise((resolve) => setTimeout(resolve, 250));
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const events = reminders();
    expect(events).toHaveLength(sms.length);
    for (const { headers, body } of events) {
      expect(headers['x-strapi-event']).toBe('entry.update');
      expect(body).toMatchObject({ event: 'entry.update', model: 'delivery' });
      expect(body.entry?.event).toBe('reminder.sent');
      expect(body.entry?.delivery.status).toBe('accepted');
      expect(verifyReminderEvent(body.entry as ReminderEntry, WEBHOOK_SECRET)).toBe(true);
      // Signed with another secret, it would not verify: the check is real.
      expect(verifyReminderEvent(body.entry as ReminderEntry, `${WEBHOOK_SECRET}-not`)).toBe(false);
    }
    const deliveries = events.map((event) => event.body.entry?.delivery as ReminderEntry['delivery']);
    expect(new Set(deliveries.map((delivery) => delivery.documentId)).size).toBe(sms.length);
    // One per SMS: the masked numbers' last three digits are the numbers the fake server was sent to.
    expect(deliveries.map((delivery) => delivery.phone.slice(-3)).sort()).toEqual(
      sms.map((phone) => phone.slice(-3)).sort()
    );
  });
});
