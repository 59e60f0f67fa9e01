/// <reference lib="dom" />
import type { Page } from 'playwright-core';
import { type FakeAfricasTalking, startFakeAfricasTalking } from '../fake-africastalking';
import {
  type AdminSession,
  type RunningApp,
  adminApi,
  messagesTo,
  openAdmin,
  screenshot,
  skipGuidedTour,
} from './harness';

/**
 * Issue #19's done-when in Chromium: customers answer an appointment reminder by SMS, posted to the
 * incoming-messages callback as Africa's Talking does (form-encoded from, to, text, date, id, linkId). "ndio"
 * confirms the appointment, "cancel" cancels it (and its pending reminders) without opting the number out,
 * "STOP" still opts out; an unknown number's reply waits in the inbox until an editor marks it handled, and a
 * "yes" from a customer with two appointments is applied from the inbox by choosing the record.
 * Screenshots: tests/e2e/artifacts/replies-*.png.
 */

const AT = { username: 'e2e-replies', apiKey: 'e2e-replies-key', callbackSecret: 'e2e-replies-secret-0123456789' };
const SHORT_CODE = '20880';
const PHONES = {
  confirms: '+254711000501',
  cancels: '+254711000502',
  stops: '+254711000503',
  twoAppointments: '+254711000504',
  oldCancelOptOut: '+254711000505',
  unknown: '+254711000599',
};
const CM = '/content-manager/collection-types/plugin::reminders';
const HOUR = 3_600_000;

describe('replies to reminders: confirm, cancel, STOP and the inbox', () => {
  let session: AdminSession;
  let app: RunningApp;
  let page: Page;
  let token: string;
  let fake: FakeAfricasTalking;
  let sequence = 0;
  const api = () => adminApi(app.url, token);

  /** The customer's SMS reaching the plugin, as Africa's Talking posts an incoming message. */
  const reply = async (from: string, text: string) => {
    sequence += 1;
    const answer = await fake.postForm(`${app.url}/api/reminders/callbacks/${AT.callbackSecret}/incoming-messages`, {
      from,
      to: SHORT_CODE,
      text,
      date: new Date().toISOString().replace('T', ' ').slice(0, 19),
      id: `e2e-incoming-${sequence}-${Date.now()}`,
      linkId: `e2e-link-${sequence}`,
      networkCode: '63902',
    });
    expect([text, answer.status]).toEqual([text, 200]);
  };

  /** An appointment booked through the Content Manager's API, as an editor's Save does; its documentId. */
  const book = async (title: string, customerName: string, phone: string, hoursAhead: number) => {
    const startsAt = new Date(Date.now() + hoursAhead * HOUR);
    const created = await api().post(`${CM}.appointment`, {
      title,
      customerName,
      phone,
      timezone: 'Africa/Nairobi',
      startsAt: startsAt.toISOString(),
      endsAt: new Date(startsAt.getTime() + HOUR).toISOString(),
    });
    expect(created.status).toBeLessThan(300);
    return created.body.data.documentId as string;
  };

  const tick = async () => expect((await api().post('/reminders/scheduler/tick')).status).toBe(200);
  const appointmentStatus = async (documentId: string) =>
    (await api().get(`${CM}.appointment/${documentId}`)).body.data.appointmentStatus as string;
  const deliveriesOf = async (documentId: string) =>
    (await api().get(`/reminders/deliveries?target=appointment&record=${documentId}&pageSize=50`)).body.data as {
      status: string;
      ruleName: string | null;
    }[];
  const optedOutPhones = async () =>
    ((await api().get(`${CM}.opt-out?page=1&pageSize=100`)).body.results as { phone: string }[]).map(
      (entry) => entry.phone
    );
  const openInbox = async (status?: string) => {
    await page.goto(`${app.url}/admin/plugins/reminders/inbox${status ? `?status=${status}` : ''}`);
    await page.getByRole('heading', { name: 'Inbox', level: 1 }).waitFor();
  };
  const row = (phone: string) => page.locator(`[data-testid=reply-row][data-phone="${phone}"]`);

  const appointments: Record<string, string> = {};

  beforeAll(async () => {
    fake = await startFakeAfricasTalking({ username: AT.username, apiKey: AT.apiKey });
    session = await openAdmin({
      env: {
        AT_USERNAME: AT.username,
        AT_API_KEY: AT.apiKey,
        AT_API_BASE_URL: fake.baseUrl,
        REMINDERS_CALLBACK_SECRET: AT.callbackSecret,
      },
    });
    ({ app, page, token } = session);
  });

  afterAll(async () => {
    await session?.close();
    await fake?.close();
  });

  it('sends the booking SMS of a rule that allows replies, with a later reminder planned', async () => {
    const booked = await api().post('/reminders/rules', {
      name: 'E2E: booked, reply to confirm',
      target: 'appointment',
      anchor: 'instantly',
      allowReplies: true,
      optOutFooter: false,
      templates: {
        en: 'Hi {{ customer.name }}, your {{ appointment.title }} is booked. Reply YES to confirm or NO to cancel.',
      },
    });
    expect([booked.status, booked.body?.error]).toEqual([201, undefined]);
    const dayBefore = await api().post('/reminders/rules', {
      name: 'E2E: 12 hours before',
      target: 'appointment',
      anchor: 'starts_at',
      steps: [{ amount: 12, unit: 'hours', direction: 'before' }],
      conditions: [{ field: 'appointmentStatus', operator: 'in', value: ['scheduled', 'confirmed'] }],
      optOutFooter: false,
      templates: { en: 'Reminder: {{ appointment.title }} at {{ appointment.startsAt | time }}.' },
    });
    expect([dayBefore.status, dayBefore.body?.error]).toEqual([201, undefined]);

    appointments.confirms = await book('Dental check-up', 'Amina Njoroge', PHONES.confirms, 30);
    appointments.cancels = await book('Eye test', 'Baraka Mwangi', PHONES.cancels, 30);
    appointments.stops = await book('Physiotherapy', 'Chebet Kiprop', PHONES.stops, 30);
    appointments.first = await book('Blood test', 'Dalia Hassan', PHONES.twoAppointments, 30);
    appointments.second = await book('X-ray', 'Dalia Hassan', PHONES.twoAppointments, 50);
    for (let round = 0; round < 3; round += 1) await tick();

    for (const phone of Object.values(PHONES).slice(0, 4)) {
      const sent = messagesTo(fake, phone);
      expect(sent.length).toBeGreaterThanOrEqual(1);
      expect(sent[0]).toContain('Reply YES to confirm or NO to cancel.');
    }
    expect((await deliveriesOf(appointments.cancels)).map((delivery) => delivery.status)).toContain('queued');
  });

  it('"ndio" confirms the appointment: Confirmed in the Content Manager, applied in the inbox', async () => {
    await reply(PHONES.confirms, 'ndio');
    expect(await appointmentStatus(appointments.confirms)).toBe('confirmed');

    await page.goto(`${app.url}/admin${CM}.appointment/${appointments.confirms}`);
    await skipGuidedTour(page);
    expect(await page.getByRole('combobox', { name: 'Status', exact: true }).innerText()).toContain('Confirmed');
    await screenshot(page, 'replies-1-confirmed-in-content-manager');

    await openInbox('all');
    const confirmed = row(PHONES.confirms);
    await confirmed.waitFor();
    expect(await confirmed.getAttribute('data-status')).toBe('applied');
    expect(await confirmed.innerText()).toMatch(/“ndio”[\s\S]*Confirm · sw[\s\S]*Dental check-up[\s\S]*Applied/i);
  });

  it('"cancel" cancels the appointment and its pending reminders, and does not opt the number out', async () => {
    await reply(PHONES.cancels, 'cancel');
    expect(await appointmentStatus(appointments.cancels)).toBe('cancelled');
    const statuses = (await deliveriesOf(appointments.cancels)).map((delivery) => delivery.status);
    expect(statuses).toContain('cancelled');
    expect(statuses).not.toContain('queued');
    expect(await optedOutPhones()).not.toContain(PHONES.cancels);

    await page.goto(`${app.url}/admin${CM}.appointment/${appointments.cancels}`);
    await skipGuidedTour(page);
    expect(await page.getByRole('combobox', { name: 'Status', exact: true }).innerText()).toContain('Cancelled');
    await page.getByTestId('record-reminders').getByText('Cancelled').first().waitFor();
    await screenshot(page, 'replies-2-cancelled-in-content-manager');
  });

  it('"STOP" still opts the number out', async () => {
    await reply(PHONES.stops, 'STOP');
    expect(await optedOutPhones()).toContain(PHONES.stops);
    expect(await appointmentStatus(appointments.stops)).toBe('scheduled');

    await page.goto(`${app.url}/admin${CM}.opt-out`);
    await skipGuidedTour(page);
    await page.getByText(PHONES.stops).first().waitFor();
    expect(await page.getByText(PHONES.cancels).count()).toBe(0);
    await screenshot(page, 'replies-3-opt-outs');
  });

  it('keeps an unknown number and a customer with two appointments in the open inbox, counted on the menu', async () => {
    await reply(PHONES.unknown, 'who is this?');
    await reply(PHONES.twoAppointments, 'yes');
    // An opt-out a "Cancel" reply made before this version: listed for review, not removed.
    const old = await api().post(`${CM}.opt-out`, {
      channel: 'sms',
      phone: PHONES.oldCancelOptOut,
      source: 'stop_reply',
      note: 'Replied "Cancel"',
    });
    expect(old.status).toBeLessThan(300);

    await openInbox();
    await row(PHONES.unknown).waitFor();
    await row(PHONES.twoAppointments).waitFor();
    expect(await row(PHONES.unknown).getAttribute('data-status')).toBe('unmatched');
    expect(await row(PHONES.twoAppointments).getAttribute('data-status')).toBe('ambiguous');
    expect(await row(PHONES.twoAppointments).innerText()).toMatch(/Blood test[\s\S]*X-ray|X-ray[\s\S]*Blood test/);
    // Only what waits for an editor: the applied ones are under "All replies".
    expect(await row(PHONES.confirms).count()).toBe(0);
    expect(await page.getByTestId('inbox-open-count').innerText()).toBe('2');
    await page.getByTestId('cancel-word-opt-out').filter({ hasText: PHONES.oldCancelOptOut }).waitFor();
    await screenshot(page, 'replies-4-inbox-open');

    // The customer was asked which appointment, once.
    const asked = messagesTo(fake, PHONES.twoAppointments).slice(2);
    expect(asked).toHaveLength(1);
  });

  it("marks the unknown number's reply handled from the inbox, with a note, and shows its history", async () => {
    await row(PHONES.unknown).getByRole('button', { name: 'Mark handled' }).click();
    const dialog = page.getByTestId('reply-dialog');
    await dialog.getByText('“who is this?”').waitFor();
    await dialog.getByRole('textbox', { name: 'Note' }).fill('Called back: a new patient, booked by phone.');
    await dialog.getByRole('button', { name: 'Mark handled' }).click();
    await page.getByText('Reply marked handled.').waitFor();
    await row(PHONES.unknown).waitFor({ state: 'detached' });
    expect(await page.getByTestId('inbox-open-count').innerText()).toBe('1');

    await openInbox('handled');
    await row(PHONES.unknown).click();
    const history = page.getByTestId('reply-history');
    await history.getByText(/Called back: a new patient/).waitFor();
    await history
      .getByText(/Ada Admin/)
      .first()
      .waitFor();
    await screenshot(page, 'replies-5-history');
  });

  it('applies the ambiguous "yes" from the inbox by choosing the record', async () => {
    await openInbox();
    await row(PHONES.twoAppointments).getByRole('button', { name: 'Apply' }).click();
    const dialog = page.getByTestId('reply-dialog');
    await dialog.getByRole('radio', { name: /X-ray/ }).click();
    await screenshot(page, 'replies-6-apply-choose-record');
    await dialog.getByRole('button', { name: 'Apply' }).click();
    await page
      .getByText(/^Applied: /)
      .first()
      .waitFor();
    await row(PHONES.twoAppointments).waitFor({ state: 'detached' });

    expect(await appointmentStatus(appointments.second)).toBe('confirmed');
    expect(await appointmentStatus(appointments.first)).toBe('scheduled');
  });

  it('restores an opt-out a "Cancel" reply made before this version', async () => {
    await openInbox();
    const entry = page.getByTestId('cancel-word-opt-out').filter({ hasText: PHONES.oldCancelOptOut });
    await entry.getByRole('button', { name: 'Restore' }).click();
    await page.getByRole('alertdialog').getByRole('button', { name: 'Confirm' }).click();
    await page.getByText(`${PHONES.oldCancelOptOut} receives reminders again.`).waitFor();
    await entry.waitFor({ state: 'detached' });
    expect(await optedOutPhones()).not.toContain(PHONES.oldCancelOptOut);
    await page.getByText(/Nothing to review/).waitFor();
    expect(await page.getByTestId('inbox-open-count').count()).toBe(0);
    await screenshot(page, 'replies-7-inbox-empty');

    await openInbox('all');
    for (const phone of [PHONES.confirms, PHONES.cancels, PHONES.stops, PHONES.unknown, PHONES.twoAppointments])
      await row(phone).first().waitFor();
    await screenshot(page, 'replies-8-inbox-all');
  });
});
