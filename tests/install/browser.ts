/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
import fs from 'fs';
import path from 'path';
import type { Page } from 'playwright-core';
import { CHROMIUM, dismissAnnouncement, launchBrowser, type Browser } from '../e2e/harness';
import { ARTIFACTS, check, fail, http } from './lib';

/** The plugin's admin translations, read from the package's source at run time (keys without the `reminders.` prefix). */
export interface Translations {
  en: Record<string, string>;
  ar: Record<string, string>;
}

export function readTranslations(pluginDir: string): Translations {
  const read = (locale: string) =>
    JSON.parse(
      fs.readFileSync(path.join(pluginDir, 'admin', 'src', 'translations', `${locale}.json`), 'utf8')
    ) as Record<string, string>;
  return { en: read('en'), ar: read('ar') };
}

/** Strings of the plugin's home page (the dashboard) that are always on it, whatever the data. */
const HOME_KEYS = ['dashboard.alerts.subtitle', 'dashboard.noAlerts', 'dashboard.nothingSent', 'tick.run'];

/** The first home-page key whose Arabic differs from its English (so that seeing it proves the language). */
export function homeKey(messages: Translations): string {
  const key = HOME_KEYS.find(
    (candidate) => messages.en[candidate] && messages.ar[candidate] && messages.en[candidate] !== messages.ar[candidate]
  );
  if (!key) fail(`none of ${HOME_KEYS.join(', ')} has an English and a different Arabic text in en.json/ar.json`);
  return key;
}

export async function screenshot(page: Page, name: string) {
  await page.waitForTimeout(300);
  await page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`) });
}

/** The main menu's link to the plugin, by its accessible name. */
const menuLink = (page: Page, name: string) => page.getByRole('navigation').getByRole('link', { name, exact: true });

/** Visible text anywhere on the page. */
const visible = (page: Page, text: string, timeout = 30_000) =>
  page.getByText(text, { exact: true }).first().waitFor({ state: 'visible', timeout });

export async function openBrowser(): Promise<Browser> {
  if (!fs.existsSync(CHROMIUM)) fail(`${CHROMIUM} is missing: apt-get install -y chromium (or set CHROMIUM_PATH)`);
  return launchBrowser('en-GB');
}

/** Logs in through the admin's login form (in English: a fresh profile in en-GB). */
export async function logIn(page: Page, url: string, admin: { email: string; password: string }) {
  await page.goto(`${url}/admin/auth/login`);
  await page.locator('input[name=email]').fill(admin.email);
  await page.locator('input[name=password]').fill(admin.password);
  await page.getByRole('button', { name: 'Login' }).click();
  await page.waitForURL((target) => !target.pathname.includes('/auth/'), { timeout: 60_000 });
}

/** Step 8: logs in through the form, finds "SMS Reminders" in the main menu, opens the plugin's home page. */
export async function englishAdmin(
  page: Page,
  url: string,
  admin: { email: string; password: string },
  messages: Translations
) {
  const name = messages.en['plugin.name'];
  const key = homeKey(messages);
  await logIn(page, url, admin);
  await menuLink(page, name).waitFor({ state: 'visible', timeout: 60_000 });
  await menuScreenshot(page, name, admin.email, '01-en-menu');

  await menuLink(page, name).click();
  await page.waitForURL(/\/admin\/plugins\/reminders/, { timeout: 30_000 });
  await visible(page, messages.en[key]);
  // The plugin's own navigation is labelled with its name too.
  await page.getByRole('navigation', { name, exact: true }).waitFor({ state: 'visible', timeout: 30_000 });
  await screenshot(page, '02-en-plugin');
  return { key, shown: messages.en[key] };
}

/** Strapi's announcements and tours, out of the way of the menu and the screenshots (best effort: they may not show). */
async function dismissPopups(page: Page) {
  await dismissAnnouncement(page);
  for (const label of ['Close', 'Skip', 'Skip the tour', 'Dismiss']) {
    const button = page.getByRole('dialog').getByRole('button', { name: label, exact: true });
    if (await button.count())
      await button
        .first()
        .click({ timeout: 2_000 })
        .catch(() => undefined);
  }
}

/** The home page settled (its profile widget shows the user), and the plugin's menu link hovered so its label shows. */
async function menuScreenshot(page: Page, label: string, email: string, file: string) {
  await page
    .getByText(email, { exact: true })
    .first()
    .waitFor({ state: 'visible', timeout: 30_000 })
    .catch(() => undefined);
  await dismissPopups(page);
  await menuLink(page, label).hover();
  await page
    .getByRole('tooltip')
    .filter({ hasText: label })
    .first()
    .waitFor({ state: 'visible', timeout: 5_000 })
    .catch(() => undefined);
  await screenshot(page, file);
}

/**
 * Step 9: switches the interface to Arabic as a user does (Profile → Interface language → العربية → Save); when
 * the form does not take, through the admin API (PUT /admin/users/me) and a reload. Then the menu and the
 * plugin's home page must be in Arabic, right to left.
 */
export async function arabicAdmin(page: Page, url: string, token: string, email: string, messages: Translations) {
  const enName = messages.en['plugin.name'];
  const arName = messages.ar['plugin.name'];
  check(
    arName && arName !== enName,
    `ar.json's plugin.name (${JSON.stringify(arName)}) is missing or the same as English`
  );
  const key = homeKey(messages);
  let how = 'the Profile page';

  try {
    await page.goto(`${url}/admin/me`);
    const select = page.getByRole('combobox', { name: 'Interface language' });
    await select.waitFor({ state: 'visible', timeout: 30_000 });
    await select.click();
    await page.getByRole('option', { name: 'العربية' }).click();
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.waitForFunction(
      () => document.documentElement.lang === 'ar' && localStorage.getItem('strapi-admin-language') === 'ar',
      undefined,
      { timeout: 15_000 }
    );
  } catch (error) {
    how = `the admin API (the Profile page did not take: ${(error as Error).message.split('\n')[0]})`;
    const updated = await http('PUT', `${url}/admin/users/me`, { token, body: { preferedLanguage: 'ar' } });
    check(updated.status === 200, `PUT /admin/users/me {preferedLanguage: 'ar'}: HTTP ${updated.status}`);
    await page.evaluate(() => localStorage.setItem('strapi-admin-language', 'ar'));
  }

  // A fresh load, as the next visit would be: the language comes back from the profile and localStorage.
  await page.goto(`${url}/admin`);
  await menuLink(page, arName).waitFor({ state: 'visible', timeout: 60_000 });
  const page1 = await page.evaluate(() => ({
    lang: document.documentElement.lang,
    dir: document.documentElement.dir,
    stored: localStorage.getItem('strapi-admin-language'),
  }));
  check(
    page1.lang === 'ar' && page1.stored === 'ar',
    `the admin is not in Arabic after switching through ${how}: <html lang="${page1.lang}">, strapi-admin-language=${page1.stored}`
  );
  check((await menuLink(page, enName).count()) === 0, `the main menu still shows "${enName}" in Arabic`);
  await menuScreenshot(page, arName, email, '03-ar-menu');

  await menuLink(page, arName).click();
  await page.waitForURL(/\/admin\/plugins\/reminders/, { timeout: 30_000 });
  await visible(page, messages.ar[key]);
  check(
    (await page.getByText(messages.en[key], { exact: true }).count()) === 0,
    `the plugin's page shows the English "${messages.en[key]}" in Arabic`
  );
  await page.getByRole('navigation', { name: arName, exact: true }).waitFor({ state: 'visible', timeout: 30_000 });
  // Which way the page reads: the document's own attribute, and the computed direction of the plugin's text.
  const direction = await page.evaluate((text) => {
    const element = [...document.querySelectorAll('body *')].find(
      (candidate) => candidate.childElementCount === 0 && candidate.textContent?.trim() === text
    );
    return {
      html: document.documentElement.dir,
      plugin: element ? getComputedStyle(element).direction : null,
      attribute: element?.closest('[dir]')?.getAttribute('dir') ?? null,
    };
  }, messages.ar[key]);
  await screenshot(page, '04-ar-plugin');
  return { how, key, shown: messages.ar[key], direction, menu: arName };
}

/** A message of en.json with its {placeholders} filled in (simple arguments only, no plurals). */
export function english(messages: Translations, key: string, values: Record<string, string> = {}): string {
  const text = messages.en[key];
  if (!text) fail(`en.json has no "${key}"`);
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => values[name] ?? whole);
}

/** A toast of Strapi's (a status, or an alert for a danger) with this text. */
const notification = (page: Page, text: string) =>
  page
    .getByRole('status')
    .filter({ hasText: text })
    .or(page.getByRole('alert').filter({ hasText: text }))
    .first()
    .waitFor({ state: 'visible', timeout: 30_000 });

/** Picks an option of a design-system select, found by its label. */
async function choose(page: Page, label: string, option: string) {
  await page.getByRole('combobox', { name: label, exact: true }).first().click();
  await page.getByRole('option', { name: option, exact: true }).first().click();
}

/** The options a design-system select offers, read by opening it, then closed again. */
async function optionsOf(page: Page, label: string): Promise<string[]> {
  await page.getByRole('combobox', { name: label, exact: true }).first().click();
  await page.getByRole('option').first().waitFor({ state: 'visible' });
  const options = (await page.getByRole('option').allInnerTexts()).map((text) => text.trim());
  await page.keyboard.press('Escape');
  await page.getByRole('listbox').waitFor({ state: 'detached' });
  return options;
}

/** Picks options of a design-system multi-select by its label, then closes it. */
async function chooseMany(page: Page, label: string, options: string[]) {
  await page.getByRole('combobox', { name: label, exact: true }).first().click();
  for (const option of options) await page.getByRole('option', { name: option, exact: true }).first().click();
  await page.keyboard.press('Escape');
  await page.getByRole('listbox').waitFor({ state: 'detached' });
}

export interface FormMapping {
  key: string;
  uid: string;
  /** The type's display name, as the form's type select and its success message name it. */
  displayName: string;
  phone: string;
  name: string;
  label: string;
  anchors: string[];
  statuses: string[];
}

/**
 * Maps a host collection type as a reminder target the way an admin does: the plugin's Settings page → "Map a
 * collection type" → the form. Saved first without a date to count from, which the server refuses and the
 * form shows; then with the anchors, and the target is listed, mapped "Settings". Screenshots
 * 05-target-form-refused and 06-settings-targets. Returns the date fields the form offered as anchors.
 */
export async function mapTargetOnSettingsPage(
  page: Page,
  url: string,
  messages: Translations,
  mapping: FormMapping
): Promise<{ offeredAnchors: string[]; refusal: string; card: string }> {
  const part = (name: string) => english(messages, `targets.part.${name}`);
  await page.goto(`${url}/admin/plugins/reminders/settings`);
  const targets = page.getByTestId('targets');
  await targets.getByText(english(messages, 'targets.title'), { exact: true }).waitFor({ timeout: 60_000 });
  await dismissPopups(page);
  const card = targets.locator(`[data-testid=target][data-key="${mapping.key}"]`);
  check((await card.count()) === 0, `the Settings page lists a target "${mapping.key}" before it is mapped`);

  await targets.getByRole('button', { name: english(messages, 'targets.map'), exact: true }).click();
  const form = page.getByTestId('target-form');
  await form.waitFor();
  await form.getByRole('textbox', { name: part('key'), exact: true }).fill(mapping.key);
  await choose(page, part('uid'), `${mapping.displayName} (${mapping.uid})`);
  // Only the type's date and date-time fields are offered to count from.
  const offeredAnchors = await optionsOf(page, part('anchors'));
  await choose(page, part('phone'), mapping.phone);
  await choose(page, part('name'), mapping.name);
  await choose(page, part('label'), mapping.label);
  await chooseMany(page, part('statuses'), mapping.statuses);

  // No date to count from yet: the server refuses the mapping, and the form says why.
  await form.getByRole('button', { name: english(messages, 'actions.save'), exact: true }).click();
  const refusal = form.getByText(/^anchors needs at least one date or date-time field/);
  await refusal.waitFor({ state: 'visible', timeout: 30_000 });
  const refusalText = (await refusal.innerText()).trim();
  await screenshot(page, '05-target-form-refused');

  await chooseMany(page, part('anchors'), mapping.anchors);
  await form.getByRole('button', { name: english(messages, 'actions.save'), exact: true }).click();
  await notification(page, english(messages, 'targets.saved', { name: mapping.displayName }));
  await form.waitFor({ state: 'detached' });
  await card.waitFor({ state: 'visible' });
  const source = await card.getAttribute('data-source');
  check(source === 'settings', `the mapped target "${mapping.key}" is listed as mapped in ${source}, not Settings`);
  await card.scrollIntoViewIfNeeded();
  await screenshot(page, '06-settings-targets');
  return { offeredAnchors, refusal: refusalText, card: (await card.innerText()).replace(/\s+/g, ' ') };
}

/**
 * A host record's Content Manager edit page with the plugin's reminders panel: the panel must list the sent
 * reminder (its time and its status). Screenshot 07-booking-edit-view.
 */
export async function recordPanel(
  page: Page,
  url: string,
  messages: Translations,
  record: { uid: string; documentId: string; reference: string },
  sent: { notBefore: string; status: string; ruleName: string }
): Promise<{ panel: string; shownAt: string }> {
  await page.goto(`${url}/admin/content-manager/collection-types/${record.uid}/${record.documentId}`);
  // The edit view shows the booking itself...
  await page.waitForFunction(
    (reference) => document.querySelector<HTMLInputElement>('input[name=reference]')?.value === reference,
    record.reference,
    { timeout: 60_000 }
  );
  // ...and, beside it, the plugin's panel.
  const panelTitle = page.getByText(english(messages, 'panel.title'), { exact: true }).first();
  const panel = page.getByTestId('record-reminders');
  await panelTitle.waitFor({ state: 'visible', timeout: 30_000 }).catch(() => undefined);
  await panel.waitFor({ state: 'visible', timeout: 30_000 }).catch(async () => {
    await screenshot(page, '07-booking-edit-view');
    fail(
      `no reminders panel (data-testid=record-reminders) on the Content Manager page of ${record.uid} ${record.documentId} (screenshot: tests/install/artifacts/07-booking-edit-view.png)`
    );
  });
  const row = panel.locator(`time[datetime="${sent.notBefore}"]`);
  await row.waitFor({ state: 'visible', timeout: 30_000 });
  const badge = panel.locator(`[data-status="${sent.status}"]`).first();
  await badge.waitFor({ state: 'visible' });
  // textContent: the badge's CSS writes it in capitals, innerText would too.
  const badgeText = ((await badge.textContent()) ?? '').trim();
  const expected = english(messages, `status.${sent.status}`);
  check(badgeText === expected, `the panel's status badge reads "${badgeText}", not "${expected}"`);
  await panel.getByText(sent.ruleName, { exact: true }).first().waitFor({ state: 'visible' });
  await panel.scrollIntoViewIfNeeded();
  await screenshot(page, '07-booking-edit-view');
  return { panel: (await panel.innerText()).replace(/\s+/g, ' '), shownAt: (await row.innerText()).trim() };
}
