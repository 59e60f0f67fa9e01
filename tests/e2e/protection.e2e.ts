/// <reference lib="dom" />
import type { Page } from 'playwright-core';
import { type FakeAfricasTalking, startFakeAfricasTalking } from '../fake-africastalking';
import { type RunningApp, adminApi, screenshot, type AdminSession, openAdmin } from './harness';

/**
 * Customer protection in Chromium: an editor turns the frequency cap on and adds a holiday on the Settings
 * page (a holiday without a name is refused on its field), then two invoices of one customer are reminded at
 * once: one SMS reaches the fake Africa's Talking, the other waits for tomorrow with a reason the log shows.
 * Screenshots: tests/e2e/artifacts/protection-*.png.
 */
const AT = { username: 'e2e-protect', apiKey: 'atsk_e2e_protect_0123456789' };
const PHONE = '+254799000222';

describe('customer protection in Chromium', () => {
  let fake: FakeAfricasTalking;
  let session: AdminSession;
  let app: RunningApp;
  let page: Page;
  let token: string;
  const api = () => adminApi(app.url, token);
  const protection = () => page.getByTestId('protection');

  beforeAll(async () => {
    fake = await startFakeAfricasTalking({ username: AT.username, apiKey: AT.apiKey });
    // The config's cap is off (the harness's default): the editor turns it on on the Settings page.
    session = await openAdmin({
      env: { AT_USERNAME: AT.username, AT_API_KEY: AT.apiKey, AT_API_BASE_URL: fake.baseUrl },
    });
    ({ app, page, token } = session);
  });

  afterAll(async () => {
    await session?.close();
    await fake?.close();
  });

  it('sets the frequency cap and a holiday on the Settings page', async () => {
    await page.goto(`${app.url}/admin/plugins/reminders/settings`);
    await protection().waitFor();
    await protection().getByText('Limit how often one number gets an SMS').click();
    await protection().getByRole('textbox', { name: 'SMS per day' }).waitFor();
    expect(await protection().getByRole('textbox', { name: 'SMS per day' }).inputValue()).toBe('1');
    await protection().getByRole('button', { name: 'Add a holiday' }).click();
    await protection().getByLabel('Date').fill('2026-12-25');
    await protection().getByRole('button', { name: 'Save customer protection' }).click();
    // The server's 400 names the field, and the page shows it there.
    await protection().getByText('holidays[0].name must be a name of 1 to 100 characters').first().waitFor();
    await screenshot(page, 'protection-01-refused');

    await protection().getByLabel('Name').fill('Christmas Day');
    await protection().getByRole('button', { name: 'Save customer protection' }).click();
    await page.getByText('Customer protection saved').first().waitFor();
    await protection()
      .getByText(/Saved on this page/)
      .waitFor();
    const saved = await api().get('/reminders/settings');
    expect(saved.body.data.protection).toMatchObject({
      frequencyCap: { perDay: 1, perWeek: 3, minSpacingMinutes: 60 },
      weekendDays: [6, 7],
      holidays: [{ date: '2026-12-25', name: 'Christmas Day' }],
      source: 'settings',
    });
    await screenshot(page, 'protection-02-saved');
  });

  it('defers the second reminder to one customer and shows why in the log', async () => {
    const rule = await api().post('/reminders/rules', {
      name: 'E2E: receipt on every new invoice',
      target: 'invoice',
      anchor: 'instantly',
      templates: { en: 'Thank you {{ customer.name }}, invoice {{ invoice.number }} is on its way.' },
    });
    expect(rule.status).toBeLessThan(300);
    for (const number of ['INV-P-1', 'INV-P-2']) {
      const created = await api().post('/content-manager/collection-types/plugin::reminders.invoice', {
        number,
        customerName: 'Amina Protect',
        phone: PHONE,
        currency: 'KES',
        total: '100',
        issueDate: '2026-12-01',
        dueDate: '2026-12-31',
      });
      expect(created.status).toBeLessThan(300);
    }
    expect((await api().post('/reminders/scheduler/tick')).status).toBe(200);
    expect(fake.requests.filter((request) => request.fields.to === PHONE)).toHaveLength(1);

    const queued = await api().get('/reminders/deliveries?status=queued&pageSize=10');
    const held = (queued.body.data as { documentId: string; reason: string | null }[]).find((row) =>
      /frequency cap/.test(row.reason ?? '')
    );
    expect(held?.reason).toMatch(/^Deferred to .* by the frequency cap: at most 1 SMS a day to this number$/);

    await page.goto(`${app.url}/admin/plugins/reminders/deliveries`);
    await page
      .getByText(/by the frequency cap: at most 1 SMS a day/)
      .first()
      .waitFor();
    await screenshot(page, 'protection-03-log');
    await page.goto(`${app.url}/admin/plugins/reminders/deliveries/${held!.documentId}`);
    // The delivery's timeline says it too (its page shows a reason banner only for what failed).
    await page
      .getByTestId('delivery-timeline')
      .filter({ hasText: /by the frequency cap/ })
      .waitFor();
    await screenshot(page, 'protection-04-delivery');
  });

  it("saves a rule's own cap and business days only from the rule editor", async () => {
    await page.goto(`${app.url}/admin/plugins/reminders/rules/new`);
    const section = page.getByTestId('rule-protection');
    await section.waitFor();
    await page.getByRole('textbox', { name: 'Name' }).fill('E2E: protected reminder');
    await section.getByRole('combobox', { name: 'Frequency cap' }).click();
    await page.getByRole('option', { name: "This rule's own cap" }).click();
    await section.getByRole('textbox', { name: 'SMS per day' }).fill('2');
    await section.getByText('Send on business days only').click();
    await screenshot(page, 'protection-05-rule-editor');
    await page.getByRole('button', { name: 'Save' }).first().click();
    await page.getByText('E2E: protected reminder is saved and planned.').first().waitFor();
    const documentId = page.url().split('/').pop() as string;
    const saved = await api().get(`/reminders/rules/${documentId}`);
    expect(saved.body.data).toMatchObject({
      frequencyCap: { perDay: 2, perWeek: 3, minSpacingMinutes: 60 },
      businessDaysOnly: true,
    });
  });
});
