/// <reference lib="dom" />
import type { Page } from 'playwright-core';
import { type RunningApp, adminApi, screenshot, type AdminSession, openAdmin, skipGuidedTour } from './harness';

/**
 * The plugin's types in Strapi's own Content Manager, in Chromium against the built admin with the demo data:
 * an invoice's edit view with human labels, selects for language, currency, time zone and statuses in words, and
 * a balance nobody can type into; the invoice list with an accountant's columns; the rules and the outbox absent
 * from the Content Manager's menu (the plugin's pages own them). Screenshots in tests/e2e/artifacts/cm-*.png.
 */
describe('the plugin types in the Content Manager, in Chromium', () => {
  let session: AdminSession;
  let app: RunningApp;
  let page: Page;
  let token: string;
  const invoices = '/content-manager/collection-types/plugin::reminders.invoice';
  const combobox = (name: string) => page.getByRole('combobox', { name, exact: true });

  beforeAll(async () => {
    session = await openAdmin();
    ({ app, page, token } = session);
  });

  afterAll(() => session?.close());

  it("shows an invoice's edit view with labels, selects and a read-only balance", async () => {
    const found = await adminApi(app.url, token).get(`${invoices}?filters[number][$eq]=INV-1002`);
    const { documentId } = found.body.results[0];
    await page.goto(`${app.url}/admin${invoices}/${documentId}`);
    // A required field's label ends with its asterisk.
    for (const label of ['Payment status', 'Due date', 'Issue date', 'Amount paid', 'Time zone', 'Customer'])
      await page
        .locator('label')
        .filter({ hasText: new RegExp(`^${label}\\*?$`) })
        .first()
        .waitFor();
    expect(await combobox('Payment status').innerText()).toContain('Partially paid');
    expect(await combobox('Currency').innerText()).toContain('KES');
    expect(
      await page.getByRole('textbox', { name: 'Balance' }).or(page.getByLabel('Balance')).first().isDisabled()
    ).toBe(true);
    await page.getByText('Total − amount paid, computed on save.').waitFor();

    await combobox('Language').click();
    await page.getByRole('option', { name: 'Swahili (sw)' }).waitFor();
    await page.getByRole('option', { name: 'French (fr)' }).click();
    await combobox('Time zone').click();
    await page.getByRole('option', { name: 'Africa/Nairobi' }).click();
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText(/Saved/).first().waitFor();
    const saved = await adminApi(app.url, token).get(`${invoices}/${documentId}`);
    expect(saved.body.data).toMatchObject({ language: 'fr', timezone: 'Africa/Nairobi', balance: 3000 });
    await screenshot(page, 'cm-01-invoice-edit');
  });

  it('lists invoices with the columns an accountant wants, statuses in words', async () => {
    await page.goto(`${app.url}/admin${invoices}`);
    await skipGuidedTour(page);
    await page.getByText('INV-1002', { exact: true }).waitFor();
    const columns = ['Number', 'Customer', 'Due date', 'Balance', 'Currency', 'Payment status'];
    const headers = await page.locator('thead th').allTextContents();
    // A header's text may carry its sort button's hidden words: each is read as the column it names.
    expect(headers.map((text) => columns.find((column) => text.includes(column))).filter(Boolean)).toEqual(columns);
    const row = page.locator('tbody tr').filter({ hasText: 'INV-1002' });
    expect(await row.innerText()).toMatch(/Otieno Odhiambo[\s\S]*3,000[\s\S]*KES[\s\S]*Partially paid/);
    expect(await page.getByText('partially_paid').count()).toBe(0);
    await screenshot(page, 'cm-02-invoice-list');
  });

  it("keeps the rules and the outbox out of the Content Manager's menu", async () => {
    const menu = page.getByRole('navigation').filter({ hasText: 'Invoice' }).first();
    await menu.getByRole('link', { name: 'Invoice', exact: true }).waitFor();
    await menu.getByRole('link', { name: 'Appointment', exact: true }).waitFor();
    await menu.getByRole('link', { name: 'Opt-out', exact: true }).waitFor();
    for (const hidden of ['Reminder rule', 'Delivery', 'Rule schedule', 'Record change'])
      expect(await menu.getByRole('link', { name: hidden, exact: true }).count()).toBe(0);
    await screenshot(page, 'cm-03-menu');
  });
});
