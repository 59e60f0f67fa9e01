/// <reference lib="dom" />
import type { Page } from 'playwright-core';
import { type RunningApp, adminApi, screenshot, type AdminSession, newRule, openAdmin, saveRule } from './harness';

/**
 * The opt-out footer in Chromium: an editor changes the English footer on the Settings page (one too long is
 * refused on its field), sees it end the rule editor's preview, turns it off for a rule and sees the preview
 * lose it and a segment; allows replies and previews {{ reply.hint }}.
 * Screenshots: tests/e2e/artifacts/opt-out-footer-*.png.
 */
const FOOTER = 'Reply STOP to end these reminders';

describe('the opt-out footer in Chromium', () => {
  let session: AdminSession;
  let app: RunningApp;
  let page: Page;
  let token: string;
  const section = () => page.getByTestId('opt-out-footer');
  const firstSend = () => page.getByTestId('preview-send').first();

  beforeAll(async () => {
    session = await openAdmin();
    ({ app, page, token } = session);
  });
  afterAll(() => session?.close());

  it('edits the footers on the Settings page, refusing one too long on its field', async () => {
    await page.goto(`${app.url}/admin/plugins/reminders/settings`);
    const english = section().getByRole('textbox', { name: 'Footer in English' });
    await english.waitFor();
    expect(await english.inputValue()).toBe('Reply STOP to opt out');
    expect(await section().getByRole('textbox', { name: 'Footer in Arabic' }).inputValue()).toBe(
      'أرسل توقف لإلغاء الاشتراك'
    );
    await english.fill('x'.repeat(61));
    await section().getByRole('button', { name: 'Save the opt-out footer' }).click();
    await section().getByText('footers.en must be at most 60 characters').first().waitFor();
    await section().scrollIntoViewIfNeeded();
    await screenshot(page, 'opt-out-footer-1-refused');

    await english.fill(FOOTER);
    await section().getByRole('button', { name: 'Save the opt-out footer' }).click();
    await page.getByText('Opt-out footer saved').first().waitFor();
    await section()
      .getByText(/Saved on this page/)
      .waitFor();
    const saved = await adminApi(app.url, token).get('/reminders/settings');
    expect(saved.body.data.optOutFooter).toMatchObject({ footers: { en: FOOTER }, source: 'settings' });
    await screenshot(page, 'opt-out-footer-2-saved');
  });

  it("shows the footer in the editor's preview, counted, and drops it when the rule turns it off", async () => {
    await newRule(page, app.url, { name: 'E2E: footer off', target: 'Invoice', anchor: 'due date' });
    const message = page.getByTestId('messages').getByRole('textbox', { name: 'Message in English' });
    // 140 GSM-7 characters: one SMS alone, two with the footer's line.
    await message.fill(`Invoice {{ invoice.number }} is due. ${'Please pay. '.repeat(9)}`.trim().padEnd(140, '.'));
    // The preview follows the message once typing stops.
    await page.getByTestId('preview-send').filter({ hasText: 'Please pay.' }).first().waitFor();
    expect(await firstSend().getByTestId('preview-footer').innerText()).toBe(FOOTER);
    expect(await firstSend().getByTestId('preview-counter').innerText()).toMatch(/2 SMS of 153/i);
    await page.getByTestId('message-options').scrollIntoViewIfNeeded();
    await screenshot(page, 'opt-out-footer-3-preview-with');

    await page.getByTestId('message-options').getByText('End each SMS to the customer with the opt-out footer').click();
    await page.waitForFunction(() => !document.querySelector('[data-testid=preview-footer]'));
    expect(await firstSend().getByTestId('preview-text').innerText()).not.toContain(FOOTER);
    expect(await firstSend().getByTestId('preview-counter').innerText()).toMatch(/1 SMS of 160/i);
    await screenshot(page, 'opt-out-footer-4-preview-without');

    const documentId = await saveRule(page);
    const rule = await adminApi(app.url, token).get(`/reminders/rules/${documentId}`);
    expect(rule.body.data).toMatchObject({ optOutFooter: false, allowReplies: false });
  });

  it('refuses reply.hint until the rule allows replies, then previews it', async () => {
    await newRule(page, app.url, { name: 'E2E: replies', target: 'Appointment', anchor: /^start$/i });
    const message = page.getByTestId('messages').getByRole('textbox', { name: 'Message in English' });
    await message.fill('See you {{ appointment.startsAt | time }}. {{ reply.hint }}');
    await page
      .getByTestId('preview-error')
      .getByText(/uses reply\.hint but the rule does not allow replies/)
      .waitFor();
    await page.getByTestId('message-options').getByText('Customers may answer to confirm or cancel').click();
    await firstSend()
      .getByText(/Reply YES to confirm or NO to cancel/)
      .waitFor();
    expect(await firstSend().getByTestId('preview-footer').innerText()).toBe(FOOTER);
    await page.getByTestId('message-options').scrollIntoViewIfNeeded();
    await screenshot(page, 'opt-out-footer-5-reply-hint');
    const documentId = await saveRule(page);
    const rule = await adminApi(app.url, token).get(`/reminders/rules/${documentId}`);
    expect(rule.body.data).toMatchObject({ optOutFooter: true, allowReplies: true });
  });
});
