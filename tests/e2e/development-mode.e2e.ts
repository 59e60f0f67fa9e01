/// <reference lib="dom" />
import type { Page } from 'playwright-core';
import { type AdminSession, type RunningApp, adminApi, openAdmin, skipGuidedTour } from './harness';

/**
 * The Content Manager pages the plugin adds to (its side panel, custom fields, list-view column) in
 * `strapi develop`, where React's development build prints the warnings the production build (every other e2e
 * file) keeps quiet: hook order, keys, prop types. None of them may come from the plugin.
 */
describe('the plugin in development mode, in Chromium', () => {
  let session: AdminSession;
  let app: RunningApp;
  let page: Page;
  let token: string;
  /** Console warnings and errors, and failed answers of the plugin's own routes, on the page under test. */
  let seen: string[] = [];

  beforeAll(async () => {
    session = await openAdmin({
      start: { mode: 'develop' },
      onPage: (opened) => {
        // Vite serves the admin module by module: the first pages are slower than the built admin.
        opened.setDefaultTimeout(60_000);
        opened.on('console', (message) => {
          if (message.type() === 'warning' || message.type() === 'error') seen.push(message.text());
        });
        opened.on('pageerror', (error) => seen.push(`uncaught: ${error.stack ?? error.message}`));
        opened.on('response', (response) => {
          if (response.status() >= 400 && new URL(response.url()).pathname.startsWith('/reminders/'))
            seen.push(`HTTP ${response.status()} ${response.url()}`);
        });
      },
    });
    ({ app, page, token } = session);
  });

  afterAll(() => session?.close());

  /**
   * The plugin's messages among those seen: any hook-order warning (the side panel's hooks run inside
   * Strapi's Description component, so its stack names Strapi's files, not ours), anything whose text or
   * component stack points into the plugin's code, and any uncaught error.
   */
  const fromPlugin = () =>
    seen.filter(
      (text) =>
        /change in the order of Hooks|Rendered (more|fewer) hooks|^uncaught:|^HTTP /.test(text) ||
        /plugins\/reminders\/|strapi-plugin-sms-reminders/.test(text)
    );

  const firstDocument = async (uid: string) => {
    const found = await adminApi(app.url, token).get(`/content-manager/collection-types/${uid}?page=1&pageSize=1`);
    return found.body.results[0].documentId as string;
  };

  /** Opens a page, waits for what shows the plugin's part is drawn, lets late effects run, and checks. */
  const expectQuiet = async (open: () => Promise<unknown>, drawn: () => Promise<unknown>) => {
    seen = [];
    await open();
    await drawn();
    await page.waitForTimeout(2_000);
    expect(fromPlugin()).toEqual([]);
  };

  it("opens an invoice's edit view (side panel, custom fields) without a warning from the plugin", async () => {
    const documentId = await firstDocument('plugin::reminders.invoice');
    await expectQuiet(
      () => page.goto(`${app.url}/admin/content-manager/collection-types/plugin::reminders.invoice/${documentId}`),
      async () => {
        await page.getByTestId('record-reminders').waitFor();
        await page.getByRole('combobox', { name: 'Currency', exact: true }).waitFor();
      }
    );
  });

  it("opens an appointment's edit view without a warning from the plugin", async () => {
    const documentId = await firstDocument('plugin::reminders.appointment');
    await expectQuiet(
      () => page.goto(`${app.url}/admin/content-manager/collection-types/plugin::reminders.appointment/${documentId}`),
      () => page.getByTestId('record-reminders').waitFor()
    );
  });

  it('opens the invoices list (statuses in words), then an invoice from it, without a warning', async () => {
    const row = page.locator('tbody tr').filter({ hasText: 'INV-1002' });
    await expectQuiet(
      () => page.goto(`${app.url}/admin/content-manager/collection-types/plugin::reminders.invoice`),
      () => row.getByText('Partially paid').waitFor()
    );
    await skipGuidedTour(page);
    // Into the edit view from the list, as an editor goes: the panel mounts by client-side navigation.
    await expectQuiet(
      () => row.getByText('INV-1002', { exact: true }).click(),
      () => page.getByTestId('record-reminders').waitFor()
    );
  });
});
