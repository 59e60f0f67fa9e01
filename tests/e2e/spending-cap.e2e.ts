/// <reference lib="dom" />
import type { Page } from 'playwright-core';
import { type FakeAfricasTalking, startFakeAfricasTalking } from '../fake-africastalking';
import { type AdminSession, type RunningApp, adminApi, openAdmin, screenshot } from './harness';

/**
 * The spending cap in Chromium: an editor sets a daily cap on the Settings page (a negative one is refused on
 * its field), a tick that would spend past it stops at it, and the dashboard shows the stop alert and the
 * day's spend bar at the cap. Screenshots: tests/e2e/artifacts/spending-cap-*.png.
 */
const AT = { username: 'e2e-cap', apiKey: 'atsk_e2e_cap_0123456789' };
/** KES 0.80 a one-part SMS (the demo's price, and what the fake charges). */
const PRICE_UNITS = 8000;
const INVOICES = 6;

const units = (amount: string) => Math.round(Number(amount) * 10_000);
const amountOf = (tenThousandths: number) => (tenThousandths / 10_000).toFixed(2);

describe('the spending cap in Chromium', () => {
  let fake: FakeAfricasTalking;
  let session: AdminSession;
  let app: RunningApp;
  let page: Page;
  let token: string;
  let cap: string;
  const api = () => adminApi(app.url, token);
  const section = () => page.getByTestId('spending-cap');

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

  it('sets a daily cap on the Settings page', async () => {
    // The demo's history may have spent today already: the cap leaves room for three more SMS.
    const today = (await api().get('/reminders/dashboard')).body.data.spending.today;
    cap = amountOf(units(today.spent) + 3 * PRICE_UNITS);

    await page.goto(`${app.url}/admin/plugins/reminders/settings`);
    await section().waitFor();
    await section().getByRole('textbox', { name: 'Daily limit (KES)' }).fill('-5');
    await section().getByRole('button', { name: 'Save spending cap' }).click();
    await section().getByText('daily must not be negative, or null for no limit').first().waitFor();
    await screenshot(page, 'spending-cap-01-refused');

    await section().getByRole('textbox', { name: 'Daily limit (KES)' }).fill(cap);
    await section().getByRole('button', { name: 'Save spending cap' }).click();
    await page.getByText('Spending cap saved').first().waitFor();
    await section()
      .getByText(/Saved on this page/)
      .waitFor();
    const saved = await api().get('/reminders/settings');
    expect(saved.body.data.spendingCap).toEqual({ daily: cap, monthly: null, currency: 'KES', source: 'settings' });
    await screenshot(page, 'spending-cap-02-saved');
  });

  it('stops a tick at the cap and shows the stop and the spend on the dashboard', async () => {
    const rule = await api().post('/reminders/rules', {
      name: 'E2E: receipt on every new invoice',
      target: 'invoice',
      anchor: 'instantly',
      // Short enough to stay one SMS part with an opt-out footer too.
      templates: { en: 'Invoice {{ invoice.number }} received.' },
    });
    expect([rule.status, rule.body?.error?.message]).toEqual([201, undefined]);
    for (let index = 1; index <= INVOICES; index += 1) {
      const created = await api().post('/content-manager/collection-types/plugin::reminders.invoice', {
        number: `INV-CAP-${index}`,
        customerName: `Cap Customer ${index}`,
        phone: `+25479900030${index}`,
        currency: 'KES',
        total: '100',
        issueDate: '2026-12-01',
        dueDate: '2026-12-31',
      });
      expect(created.status).toBeLessThan(300);
    }

    await page.goto(`${app.url}/admin/plugins/reminders`);
    await page.getByRole('button', { name: 'Run a tick now' }).click();
    await page.getByTestId('pause-alert').waitFor();
    const receipts = fake.requests.filter((request) => request.fields.to.startsWith('+25479900030'));
    expect(receipts).toHaveLength(3);

    const { pause, spending, alerts } = (await api().get('/reminders/dashboard')).body.data;
    expect(pause.reason).toMatch(new RegExp(`^The daily spending cap of KES ${cap.replace('.', '\\.')} is reached`));
    expect(spending.today).toMatchObject({ spent: cap, limit: cap, percent: 100 });
    expect(alerts.filter((alert: { errorCode: string }) => alert.errorCode === 'spending_cap_daily')).toHaveLength(1);

    await page
      .getByTestId('pause-alert')
      .getByText(/daily spending cap/)
      .waitFor();
    const todaySpend = page.getByTestId('spend').first();
    await todaySpend.getByText(`KES ${cap} of KES ${cap}`).waitFor();
    await todaySpend.getByText('100 %: at the cap').waitFor();
    expect(await todaySpend.getByRole('meter').getAttribute('aria-valuenow')).toBe('100');
    await page
      .getByTestId('alerts')
      .getByText(/daily spending cap of KES/)
      .first()
      .waitFor();
    await screenshot(page, 'spending-cap-03-dashboard');
  });
});
