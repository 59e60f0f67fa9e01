/// <reference lib="dom" />
import type { Page } from 'playwright-core';
import { type AdminSession, type RunningApp, adminApi, openAdmin, screenshot } from './harness';

/**
 * The template library in Chromium (issue #18): a template written and previewed on the Templates page, then
 * chosen in a rule instead of a written message, its text shown read-only and previewed for a record.
 * Screenshots: tests/e2e/artifacts/template-library-*.png.
 */

const TEMPLATE_NAME = 'E2E: friendly due reminder';
const TEXT = 'Friendly reminder: {{ invoice.number }} is due {{ invoice.dueDate | relative }}.';

describe('the template library in Chromium', () => {
  let session: AdminSession;
  let app: RunningApp;
  let page: Page;
  let token: string;
  let templateId: string;
  const messages = () => page.getByTestId('messages');
  const pickRecord = async (number: string) => {
    const picker = page.getByRole('combobox', { name: 'Record' });
    await picker.click();
    await picker.fill(number);
    await page.getByRole('option', { name: new RegExp(number) }).click();
  };

  beforeAll(async () => {
    session = await openAdmin();
    ({ app, page, token } = session);
  });
  afterAll(() => session?.close());

  it('writes a template on the Templates page, previewed for a record as a rule would send it', async () => {
    await page.goto(`${app.url}/admin/plugins/reminders/rules`);
    await page.getByRole('link', { name: 'Templates' }).click();
    await page.getByRole('button', { name: 'Create a template' }).first().click();
    await page.getByRole('textbox', { name: 'Name', exact: true }).fill(TEMPLATE_NAME);
    await messages().getByRole('textbox', { name: 'Message in English' }).fill(TEXT);
    await pickRecord('INV-1001');
    await page.getByTestId('preview-text').filter({ hasText: 'Friendly reminder: INV-1001 is due' }).first().waitFor();
    await screenshot(page, 'template-library-1-template');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.waitForURL(/\/templates\/[a-z0-9]{10,}$/);
    templateId = new URL(page.url()).pathname.split('/').pop() as string;
    const stored = (await adminApi(app.url, token).get(`/reminders/message-templates/${templateId}`)).body.data;
    expect(stored).toMatchObject({ name: TEMPLATE_NAME, target: 'invoice', messages: { en: TEXT }, usedBy: [] });
  });

  it("chooses the template in a rule: its text read-only, previewed, and saved as the rule's templateId", async () => {
    await page.goto(`${app.url}/admin/plugins/reminders/rules/new`);
    await page.getByRole('textbox', { name: 'Name', exact: true }).fill('E2E: rule with a library template');
    await messages().getByRole('combobox', { name: 'Message' }).click();
    await page.getByRole('option', { name: 'Use a library template' }).click();
    await messages().getByRole('combobox', { name: 'Library template' }).click();
    await page.getByRole('option', { name: TEMPLATE_NAME }).click();
    const text = messages().getByRole('textbox', { name: 'Message in English' });
    expect(await text.inputValue()).toBe(TEXT);
    expect(await text.isDisabled()).toBe(true);
    await pickRecord('INV-1001');
    await page.getByTestId('preview-text').filter({ hasText: 'Friendly reminder: INV-1001 is due' }).first().waitFor();
    await screenshot(page, 'template-library-2-rule');

    await page.getByRole('button', { name: 'Save' }).click();
    await page.waitForURL(/\/rules\/[a-z0-9]{10,}$/);
    const documentId = new URL(page.url()).pathname.split('/').pop() as string;
    const rule = (await adminApi(app.url, token).get(`/reminders/rules/${documentId}`)).body.data;
    expect(rule).toMatchObject({ templateId, templates: {} });
    const template = (await adminApi(app.url, token).get(`/reminders/message-templates/${templateId}`)).body.data;
    expect(template.usedBy).toEqual([{ documentId, name: 'E2E: rule with a library template', rule: true, steps: [] }]);
  });
});
