/// <reference lib="dom" />
import type { Page } from 'playwright-core';
import { type AdminSession, type RunningApp, adminApi, openAdmin, screenshot, skipGuidedTour } from './harness';

/**
 * A customer's reply in the record's panel (issue #19): an appointment reminded through the outbox, its
 * customer answering "Running 10 minutes late, sorry!" and "Yes" through the incoming-messages callback;
 * the appointment's Content Manager page lists both replies, newest first, with what became of each (the
 * rule does not let replies act: both wait for an editor).
 * Screenshot under tests/e2e/artifacts/record-replies-01-panel.png.
 */

const APPOINTMENT_UID = 'plugin::reminders.appointment';
const SECRET = 'e2e-replies-callback-secret-0123';
const PHONE = '+254712000777';

describe('the replies in a record’s panel, in Chromium', () => {
  let session: AdminSession;
  let app: RunningApp;
  let page: Page;
  let token: string;
  let appointment: { documentId: string };
  const api = () => adminApi(app.url, token);
  const reply = (text: string, id: string) =>
    fetch(`${app.url}/api/reminders/callbacks/${SECRET}/incoming-messages`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ from: PHONE, to: '12345', text, id, date: '2026-12-02 10:00:00' }).toString(),
    });

  beforeAll(async () => {
    session = await openAdmin({ env: { REMINDERS_CALLBACK_SECRET: SECRET } });
    ({ app, page, token } = session);
    const rule = await api().post('/reminders/rules', {
      name: 'E2E: booked',
      target: 'appointment',
      anchor: 'instantly',
      steps: [{ amount: 0, unit: 'minutes', direction: 'after' }],
      conditions: [{ field: 'appointmentType', operator: 'eq', value: 'e2e-replies' }],
      templates: { en: 'Your {{ appointment.title }} is booked for {{ appointment.startsAt | datetime }}.' },
      enabled: true,
    });
    expect(rule.status).toBe(201);
    const created = await api().post(`/content-manager/collection-types/${APPOINTMENT_UID}`, {
      title: 'Dental check-up',
      customerName: 'Amina Yusuf',
      phone: PHONE,
      appointmentType: 'e2e-replies',
      startsAt: new Date(Date.now() + 3 * 86_400_000).toISOString(),
      timezone: 'Africa/Nairobi',
    });
    expect(created.status).toBe(201);
    appointment = created.body.data;
    expect((await api().post('/reminders/scheduler/tick')).status).toBe(200);
    expect((await reply('Running 10 minutes late, sorry!', 'e2e-in-1')).status).toBe(200);
    expect((await reply('Yes', 'e2e-in-2')).status).toBe(200);
  });

  afterAll(() => session?.close());

  it('lists the customer’s replies with what became of each', async () => {
    await page.goto(`${app.url}/admin/content-manager/collection-types/${APPOINTMENT_UID}/${appointment.documentId}`);
    await skipGuidedTour(page);
    const panel = page.getByTestId('record-reminders');
    await panel.getByText('Customer replies').waitFor();
    const texts = await panel.getByTestId('panel-reply-text').allInnerTexts();
    expect(texts).toEqual(['“Yes”', '“Running 10 minutes late, sorry!”']);
    expect(await panel.innerText()).toContain('The rule "E2E: booked" does not let replies act');
    expect(await panel.innerText()).toContain('No request understood: for an editor to read');
    await screenshot(page, 'record-replies-01-panel');
  });
});
