/// <reference lib="dom" />
import type { Page } from 'playwright-core';
import { type RunningApp, adminApi, screenshot, type AdminSession, openAdmin } from './harness';

/**
 * The rule editor in Chromium (issue #17): the repeat count in reminders in all, a step's own message, the
 * preview of every send at its real time, the overlap warning, unsaved changes, errors by field label, the
 * variable picker's money filter.
 * Screenshots: tests/e2e/artifacts/rule-editor-*.png.
 */

const RULE_NAME = 'E2E: invoices, before and overdue';
const OVERDUE = 'Invoice {{ invoice.number }} was due {{ invoice.dueDate | relative }}.';

describe('the rule editor in Chromium', () => {
  let session: AdminSession;
  let app: RunningApp;
  let page: Page;
  let token: string;
  const step = (index: number) => page.getByTestId('step').nth(index);
  const ruleMessage = () => page.getByTestId('messages').getByRole('textbox', { name: 'Message in English' });

  beforeAll(async () => {
    session = await openAdmin();
    ({ app, page, token } = session);
  });
  afterAll(() => session?.close());

  it('asks for the reminders in all and describes "4 reminders, every 7 days"', async () => {
    await page.goto(`${app.url}/admin/plugins/reminders/rules/new`);
    await page.getByRole('textbox', { name: 'Name', exact: true }).fill(RULE_NAME);
    await page.getByRole('button', { name: 'Add a step' }).click();
    await step(1).getByRole('checkbox', { name: 'Repeat' }).click();
    const count = step(1).getByRole('textbox', { name: 'Reminders in all' });
    expect(await count.inputValue()).toBe('4');
    await step(1).getByText('1 day after the due date, 4 reminders, every 7 days').waitFor();
  });

  it('gives the overdue step its own message and previews each send at its real time, as it will read', async () => {
    await step(1).getByRole('checkbox', { name: 'Its own message' }).click();
    const own = step(1).getByRole('textbox', { name: 'Message in English' });
    await own.fill(OVERDUE);
    const picker = page.getByRole('combobox', { name: 'Record' });
    await picker.click();
    await picker.fill('INV-1001');
    await page.getByRole('option', { name: /INV-1001/ }).click();
    // INV-1001 is due in 3 days: the first step reads "in 3 days" on its day, the overdue ones "… ago".
    const sends = page.getByTestId('preview-send');
    await sends.filter({ hasText: 'Invoice INV-1001 was due yesterday.' }).waitFor();
    expect(await sends.count()).toBe(5);
    expect(await sends.nth(0).innerText()).toMatch(/is due in 3 days/);
    expect(await sends.nth(2).innerText()).toMatch(/Invoice INV-1001 was due 8 days ago/);
    expect(await sends.nth(1).getByTestId('preview-at').innerText()).toMatch(
      /^As it will read on \w{3}, .*\d{2}:\d{2} EAT$/
    );
    await page.getByTestId('preview').scrollIntoViewIfNeeded();
    await screenshot(page, 'rule-editor-1-preview');
  });

  it('warns that the rule overlaps the enabled demo rule, with the combined schedule', async () => {
    const warning = page.getByTestId('overlap-warning');
    await warning.waitFor();
    expect(await warning.innerText()).toMatch(/Unpaid invoices: 3 days before due, then weekly/);
    const schedule = await warning.getByTestId('overlap-schedule').locator('li').allInnerTexts();
    expect(schedule.some((line) => line.includes(RULE_NAME))).toBe(true);
    expect(schedule.some((line) => line.includes('Unpaid invoices'))).toBe(true);
    await screenshot(page, 'rule-editor-2-overlap');
  });

  it('inserts a money variable with | money', async () => {
    const message = ruleMessage();
    await message.fill('Balance: ');
    await message.press('End');
    await page.getByTestId('messages').getByRole('button', { name: 'Insert a variable' }).click();
    await page.getByRole('menuitem', { name: '{{ invoice.balance | money }}' }).click();
    await page.waitForFunction(() =>
      (document.querySelector('[data-testid=messages] textarea') as HTMLTextAreaElement)?.value.includes('| money')
    );
    expect(await message.inputValue()).toBe('Balance: {{ invoice.balance | money }}');
  });

  it('names the fields of an error by their labels', async () => {
    await step(1).getByRole('textbox', { name: 'Reminders in all' }).fill('1');
    await page.getByRole('button', { name: 'Save' }).click();
    const alert = page.getByTestId('form-error');
    await alert.waitFor();
    expect(await alert.innerText()).toMatch(/Step 2 — Reminders in all/);
    expect(await alert.innerText()).not.toMatch(/steps\[1\]/);
    await step(1).getByText('From 2 to 101 reminders in all').waitFor();
    await screenshot(page, 'rule-editor-3-errors');
    await step(1).getByRole('textbox', { name: 'Reminders in all' }).fill('4');
  });

  it('saves 4 reminders as 3 repeats, with the step its own message', async () => {
    await ruleMessage().fill('Invoice {{ invoice.number }} is due {{ invoice.dueDate | relative }}.');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.waitForURL(/\/rules\/[a-z0-9]{10,}$/);
    const documentId = page.url().split('/').pop() as string;
    const stored = (await adminApi(app.url, token).get(`/reminders/rules/${documentId}`)).body.data;
    expect(stored.steps[1]).toEqual({
      amount: 1,
      unit: 'days',
      direction: 'after',
      repeat: { every: 7, unit: 'days', times: 3 },
      templates: { en: OVERDUE },
    });
  });

  it('asks before leaving with unsaved changes, and not after saving', async () => {
    await page.getByRole('textbox', { name: 'Name', exact: true }).fill(`${RULE_NAME} (edited)`);
    const rulesLink = page.getByRole('navigation', { name: 'SMS Reminders' }).getByRole('link', { name: 'Rules' });
    await rulesLink.click();
    const dialog = page.getByTestId('unsaved-dialog');
    await dialog.waitFor();
    await screenshot(page, 'rule-editor-4-unsaved');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    expect(page.url()).toMatch(/\/rules\/[a-z0-9]{10,}$/);
    await page.getByRole('textbox', { name: 'Name', exact: true }).fill(RULE_NAME);
    await rulesLink.click();
    await page.waitForURL(/\/rules$/);
    // The Rules page says what the editor said.
    await page.getByText('4 reminders, every 7 days').first().waitFor();
    await screenshot(page, 'rule-editor-5-rules');
  });

  it('sends a step by e-mail: its subject and body, the e-mail previewed in a sandboxed frame, saved', async () => {
    await page.goto(`${app.url}/admin/plugins/reminders/rules/new`);
    await page.getByRole('textbox', { name: 'Name', exact: true }).fill('E2E: overdue by e-mail');
    await page.getByRole('button', { name: 'Add a step' }).click();
    await step(1).getByRole('combobox', { name: 'Channel' }).click();
    await page.getByRole('option', { name: 'E-mail', exact: true }).click();
    await step(1).getByText('1 day after the due date, by e-mail').waitFor();
    const email = page.getByTestId('email');
    await email.getByRole('textbox', { name: 'Subject in English' }).fill('Invoice {{ invoice.number }} is overdue');
    await email
      .getByRole('textbox', { name: 'E-mail in English' })
      .fill('Dear {{ customer.name }},\n\ninvoice {{ invoice.number }} was due {{ invoice.dueDate | relative }}.');
    const sent = page.getByTestId('preview-email').first();
    await sent
      .getByTestId('preview-email-subject')
      .filter({ hasText: /Subject: Invoice .+ is overdue/ })
      .waitFor();
    const frame = sent.getByTestId('preview-email-frame');
    expect(await frame.getAttribute('sandbox')).toBe('');
    await page
      .frameLocator('[data-testid="preview-email-frame"]')
      .first()
      .getByText(/Unsubscribe: https:\/\/example\.com\/unsubscribe/)
      .waitFor();
    await sent.scrollIntoViewIfNeeded();
    await screenshot(page, 'rule-editor-6-email');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.waitForURL(/\/rules\/[a-z0-9]{10,}$/);
    const documentId = page.url().split('/').pop() as string;
    const stored = (await adminApi(app.url, token).get(`/reminders/rules/${documentId}`)).body.data;
    expect(stored.steps[1]).toMatchObject({ direction: 'after', channel: 'email' });
    expect(stored.emailTemplates.en.subject).toBe('Invoice {{ invoice.number }} is overdue');
  });
});
