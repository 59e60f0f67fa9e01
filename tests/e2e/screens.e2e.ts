/// <reference lib="dom" />
import type { Page } from 'playwright-core';
import { type RunningApp, adminApi, screenshot, type AdminSession, openAdmin } from './harness';

/**
 * The screens around a record (issue #17), in Chromium in London with a Nairobi invoice on the demo data:
 * the panel says the reminder times in the record's zone (09:00 EAT), links to the planned reminders beyond
 * the first five in Upcoming, filtered to the record, where an Arabic message reads right to left; paying the
 * invoice and saving updates the panel without a reload, says why in words, and offers no "send now"; the
 * dashboard's 90 days read without overlapping labels. Screenshots under tests/e2e/artifacts/screens-*.png.
 */

const INVOICE_UID = 'plugin::reminders.invoice';

describe('the screens around a record, in Chromium in London', () => {
  let session: AdminSession;
  let app: RunningApp;
  let page: Page;
  let token: string;
  let invoice: { documentId: string; number: string };
  const api = () => adminApi(app.url, token);

  beforeAll(async () => {
    session = await openAdmin({ timezoneId: 'Europe/London' });
    ({ app, page, token } = session);
    // Due in 20 days, in Nairobi, in Arabic: the demo rule reminds 3 days before at 09:00 and weekly after;
    // a second rule, daily for a week before, makes more than the panel shows.
    const due = new Date(Date.now() + 20 * 86_400_000).toISOString().slice(0, 10);
    const created = await api().post(`/content-manager/collection-types/${INVOICE_UID}`, {
      number: 'INV-E2E-ZONE',
      customerName: 'Amina Yusuf',
      phone: '+254712000999',
      language: 'ar',
      currency: 'KES',
      total: '1200',
      amountPaid: '0',
      issueDate: new Date().toISOString().slice(0, 10),
      dueDate: due,
      invoiceStatus: 'sent',
      timezone: 'Africa/Nairobi',
    });
    expect(created.status).toBe(201);
    invoice = created.body.data;
    const rule = await api().post('/reminders/rules', {
      name: 'E2E: daily in the last week',
      target: 'invoice',
      anchor: 'due_date',
      sendAt: '09:00',
      steps: [{ amount: 7, unit: 'days', direction: 'before', repeat: { every: 1, unit: 'days', times: 5 } }],
      templates: { en: 'Invoice {{ invoice.number }} is due {{ invoice.dueDate | relative }}.' },
      enabled: true,
    });
    expect(rule.status).toBe(201);
  });

  afterAll(() => session?.close());

  it('says the planned reminders in the invoice’s zone, with more than five linked to Upcoming', async () => {
    await page.goto(`${app.url}/admin/content-manager/collection-types/${INVOICE_UID}/${invoice.documentId}`);
    const panel = page.getByTestId('record-reminders');
    await panel.waitFor();
    await panel
      .getByText(/09:00 EAT/)
      .first()
      .waitFor();
    // London is 3 hours behind Nairobi: no 06:00 anywhere in the panel.
    expect(await panel.innerText()).not.toMatch(/06:00/);
    const time = panel.locator('time').filter({ hasText: '09:00 EAT' }).first();
    expect(await time.getAttribute('title')).toMatch(/06:00 GMT/);
    const more = panel.getByTestId('panel-more-planned');
    expect(await more.innerText()).toMatch(/^and \d+ more$/);
    await screenshot(page, 'screens-01-panel-nairobi-in-london');

    await more.click();
    await page.waitForURL(/\/plugins\/reminders\/upcoming\?/);
    await page.getByTestId('upcoming-row').first().waitFor();
    await page.getByTestId('upcoming-record-filter').filter({ hasText: 'Only INV-E2E-ZONE' }).waitFor();
    const rows = page.getByTestId('upcoming-row');
    for (const text of await rows.allInnerTexts()) expect(text).toContain('INV-E2E-ZONE');
    expect(await rows.first().innerText()).toMatch(/09:00 EAT/);
    // The demo rule's Arabic message reads right to left.
    const arabic = page.getByTestId('upcoming-text').filter({ hasText: 'مرحباً' }).first();
    expect(await arabic.getAttribute('dir')).toBe('auto');
    expect(await arabic.evaluate((element) => getComputedStyle(element).direction)).toBe('rtl');
    // A short page: the plugin's navigation still runs to the bottom of the window.
    const nav = await page.getByRole('navigation', { name: 'SMS Reminders' }).boundingBox();
    const viewport = page.viewportSize();
    expect(nav && viewport && nav.y + nav.height).toBeGreaterThanOrEqual((viewport?.height ?? 0) - 2);
    await screenshot(page, 'screens-02-upcoming-one-record');
  });

  it('updates the panel when the invoice is paid and saved, says why, and offers no send now', async () => {
    await page.goto(`${app.url}/admin/content-manager/collection-types/${INVOICE_UID}/${invoice.documentId}`);
    const panel = page.getByTestId('record-reminders');
    await panel.getByRole('button', { name: 'Send reminder now' }).waitFor();
    await page.locator('input[name=amountPaid]').fill('1200');
    await page.getByRole('button', { name: 'Save' }).click();
    // No reload: the panel asks again once the document is saved.
    await panel.getByText('Nothing planned in the next 60 days.').waitFor();
    await panel
      .getByText(/does not apply: The invoice is paid/)
      .first()
      .waitFor();
    expect(await panel.getByRole('button', { name: 'Send reminder now' }).count()).toBe(0);
    expect(await panel.innerText()).not.toMatch(/paymentStatus|none of/);
    await screenshot(page, 'screens-03-panel-after-paying');
  });

  it('reads 90 days on the dashboard: no label over another, opened on the latest days with messages', async () => {
    await page.goto(`${app.url}/admin/plugins/reminders/dashboard?days=90`);
    const chart = page.getByRole('img', { name: 'Messages per day' });
    await chart.waitFor();
    expect(await page.getByTestId('day-column').count()).toBe(90);
    // Each visible text's box, left to right: neighbours never overlap.
    const boxes = (testId: string) =>
      page.getByTestId(testId).evaluateAll((elements) =>
        elements
          .filter((element) => getComputedStyle(element).visibility === 'visible' && element.textContent?.trim())
          .map((element) => element.getBoundingClientRect())
          .map(({ left, right }) => ({ left, right }))
      );
    for (const testId of ['day-label', 'day-cost']) {
      const shown = await boxes(testId);
      expect(shown.length).toBeGreaterThan(0);
      shown.slice(1).forEach((box, index) => expect(box.left).toBeGreaterThanOrEqual(shown[index].right - 0.5));
    }
    // The demo history is in the last two weeks: the chart opens on its latest day with messages, whole in
    // view, not on the empty days at the period's start.
    const view = await chart.evaluate((element) => {
      const columns = [...element.querySelectorAll('[data-testid=day-column]')];
      const latest = columns.filter((column) => /^\s*\d/.test(column.textContent ?? '')).pop();
      const box = element.getBoundingClientRect();
      const shown = latest?.getBoundingClientRect();
      return {
        scrolled: element.scrollLeft > 0,
        inView: !!shown && shown.left >= box.left - 0.5 && shown.right <= box.right + 0.5,
      };
    });
    expect(view).toEqual({ scrolled: true, inView: true });
    await screenshot(page, 'screens-04-dashboard-90-days');
  });
});
