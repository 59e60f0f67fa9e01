/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
import type { Page } from 'playwright-core';
import { type FakeAfricasTalking, startFakeAfricasTalking } from '../fake-africastalking';
import { SUBSCRIPTION_MAPPING } from '../helpers/demo-targets';
import {
  type Browser,
  type RunningApp,
  FIRST_ADMIN as ADMIN,
  adminApi,
  launchBrowser,
  login,
  registerFirstAdmin,
  resetArtifacts,
  screenshot,
  startApp,
} from './harness';

/**
 * The admin panel end to end, in Debian's Chromium against the built admin (`strapi start`) on a fresh
 * SQLite database with the demo data, sending through a fake Africa's Talking: the first administrator
 * registers, creates a rule through the rule editor, sees its preview and the Upcoming list, runs a tick,
 * follows the delivery in the log to "delivered", uses the Content Manager panel and the test send, reads
 * the dashboard; maps one of the app's own collection types as a target on the Settings page and reminds
 * about it (rule editor, Upcoming, its Content Manager page), then unmaps it; roles without the plugin's
 * permissions are refused; the pages hold in Arabic (RTL).
 * Each page is saved as a screenshot under tests/e2e/artifacts/.
 */

const AT = {
  username: 'e2e-account',
  apiKey: 'atsk_e2e0123456789abcdef3f9a',
  callbackSecret: 'e2e-callback-secret-0123456789',
};
const RULE_NAME = 'E2E: appointments, 1 hour before';
const TEMPLATE =
  'Hi {{ customer.name }}, your {{ appointment.title }} is {{ appointment.startsAt | relative }} at {{ appointment.startsAt | time }}.';
const BALANCE_PHONE = '+254799000111';
const SUBSCRIPTION_RULE = 'E2E: subscriptions, 3 days before renewal';
const SUBSCRIPTION_TEMPLATE =
  'Hi {{ customer.name }}, your {{ record.plan }} plan renews on {{ record.renewsOn | date }}.';

const ROUTES: [string, string][] = [
  ['GET', '/reminders/rules'],
  ['GET', '/reminders/rules/options'],
  ['POST', '/reminders/rules'],
  ['GET', '/reminders/deliveries'],
  ['GET', '/reminders/dashboard'],
  ['GET', '/reminders/scheduler/preview'],
  ['POST', '/reminders/scheduler/tick'],
  ['GET', '/reminders/settings'],
  ['POST', '/reminders/test-send'],
  ['POST', '/reminders/templates/preview'],
];

describe('the admin panel in Chromium', () => {
  let fake: FakeAfricasTalking;
  let app: RunningApp;
  let browser: Browser;
  let page: Page;
  let token: string;
  let ruleDocumentId: string;
  let deliveryDocumentId: string;
  let subscriptionRuleId: string;
  const api = () => adminApi(app.url, token);
  const open = async (path: string) => {
    await page.goto(`${app.url}/admin${path}`);
  };
  /** Waits for an element whose text matches, anywhere on the page. */
  const seeText = (text: string | RegExp, timeout = 30_000) =>
    page.getByText(text).first().waitFor({ state: 'visible', timeout });
  const notification = (text: RegExp) =>
    page
      .getByRole('status')
      .filter({ hasText: text })
      .or(page.getByRole('alert').filter({ hasText: text }))
      .first()
      .waitFor({ state: 'visible', timeout: 30_000 });
  /** A link of the plugin's own navigation. */
  const navLink = (on: Page, name: string) =>
    on.getByRole('navigation', { name: 'SMS Reminders' }).getByRole('link', { name, exact: true });
  /** Picks an option of a design-system select by the select's label. */
  const choose = async (label: string, option: string | RegExp) => {
    await page.getByRole('combobox', { name: label, exact: true }).first().click();
    await page.getByRole('option', { name: option }).first().click();
  };
  /** Picks options of a design-system multi-select by its label, then closes it. */
  const chooseMany = async (label: string, options: (string | RegExp)[]) => {
    await page.getByRole('combobox', { name: label, exact: true }).first().click();
    for (const option of options) await page.getByRole('option', { name: option }).first().click();
    await page.keyboard.press('Escape');
    await page.getByRole('listbox').waitFor({ state: 'detached' });
  };

  beforeAll(async () => {
    resetArtifacts();
    fake = await startFakeAfricasTalking({ username: AT.username, apiKey: AT.apiKey });
    app = await startApp({
      AT_USERNAME: AT.username,
      AT_API_KEY: AT.apiKey,
      AT_API_BASE_URL: fake.baseUrl,
      AT_SENDER_ID: 'DEMO',
      REMINDERS_CALLBACK_SECRET: AT.callbackSecret,
    });
    browser = await launchBrowser();
    page = await browser.context.newPage();
    page.setDefaultTimeout(30_000);
  });

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
    await fake?.close();
  });

  it('registers the first administrator', async () => {
    token = await registerFirstAdmin(page, app.url);
  });

  it('shows the rules of the demo data, with what each sent and will send', async () => {
    await page.getByRole('link', { name: 'SMS Reminders' }).click();
    await page.waitForURL(/\/plugins\/reminders\/dashboard/);
    await navLink(page, 'Rules').click();
    await seeText('Unpaid invoices: 3 days before due, then weekly');
    // The invoice and appointment rules, and the one on the app's own bookings (mapped in config/plugins.ts).
    expect(await page.getByTestId('rule-row').count()).toBe(3);
    expect(await page.getByTestId('rule-row').filter({ hasText: 'Booking tomorrow' }).innerText()).toMatch(/Booking/);
    await screenshot(page, '02-rules');
  });

  it('creates a rule through the rule editor, with a live preview against a chosen record', async () => {
    await page.getByRole('button', { name: 'Create a rule' }).click();
    await page.waitForURL(/\/rules\/new$/);
    await page.getByRole('textbox', { name: 'Name', exact: true }).fill(RULE_NAME);
    await choose('Target', 'Appointment');
    // An appointment rule starts as "24 hours before the start": make it one hour.
    const amount = page.getByTestId('step').first().getByRole('textbox', { name: 'Amount' });
    await amount.fill('1');
    await seeText('1 hour before the start');
    // The rule starts with the appointment default (not cancelled), shown as a condition like any other.
    expect(await page.getByTestId('condition').count()).toBe(1);
    await page.getByRole('button', { name: 'Add a condition' }).click();
    await page.getByTestId('condition').nth(1).waitFor();

    const template = page.getByRole('textbox', { name: 'Message in English' });
    await template.fill(TEMPLATE);
    // Sample data first, then a demo appointment picked in the record picker.
    await page.getByTestId('preview-text').filter({ hasText: 'Hi Grace Njeri, your Dental check-up' }).waitFor();
    const picker = page.getByRole('combobox', { name: 'Record' });
    await picker.click();
    await picker.fill('Car');
    await page.getByRole('option', { name: /Car service · Brian Kiprono/ }).click();
    await page.getByTestId('preview-text').filter({ hasText: 'Hi Brian Kiprono, your Car service is' }).waitFor();
    const counter = await page.getByTestId('preview-counter').innerText();
    expect(counter).toMatch(/1 SMS of 160/i);
    expect(counter).toMatch(/GSM-7/i);
    await page.getByTestId('messages').scrollIntoViewIfNeeded();
    await screenshot(page, '03-rule-editor');

    // A template error is shown in words, on the field, before saving.
    await template.fill('Hi {{ customer.nam }}');
    await page
      .getByText(/unknown variable "customer.nam"/)
      .first()
      .waitFor();
    await template.fill(TEMPLATE);

    await page.getByRole('button', { name: 'Save' }).click();
    await notification(/is saved and planned/);
    await page.waitForURL(/\/rules\/[a-z0-9]{10,}$/);
    ruleDocumentId = page.url().split('/').pop() as string;
    const stored = await api().get(`/reminders/rules/${ruleDocumentId}`);
    expect(stored.body.data).toMatchObject({
      name: RULE_NAME,
      target: 'appointment',
      anchor: 'starts_at',
      steps: [{ amount: 1, unit: 'hours', direction: 'before' }],
      templates: { en: TEMPLATE },
    });
    expect(stored.body.data.conditions).toEqual([
      { field: 'appointmentStatus', operator: 'notIn', value: ['cancelled'] },
      { field: 'appointmentStatus', operator: 'in', value: ['scheduled'] },
    ]);
  });

  it('lists what the new rule will send in Upcoming, rendered', async () => {
    await navLink(page, 'Upcoming').click();
    await page.getByTestId('upcoming-row').first().waitFor();
    const rows = page.getByTestId('upcoming-row').filter({ hasText: RULE_NAME });
    await rows.first().waitFor();
    expect(await rows.first().innerText()).toMatch(/Hi Brian Kiprono, your Car service is/);
    await screenshot(page, '04-upcoming');
  });

  it('runs a tick and follows the delivery in the log to "delivered"', async () => {
    // An appointment booked now for 30 minutes from now: the new rule's reminder is due at once.
    const startsAt = new Date(Date.now() + 30 * 60_000).toISOString();
    const created = await api().post('/content-manager/collection-types/plugin::reminders.appointment', {
      title: 'Eye test',
      customerName: 'Zawadi Achieng',
      phone: '0722 555 000',
      startsAt,
      appointmentStatus: 'scheduled',
    });
    expect(created.status).toBeLessThan(300);

    await page.getByRole('button', { name: 'Run a tick now' }).click();
    await notification(/Tick done/);
    const sent = fake.requests.find((request) => request.fields.to === '+254722555000');
    expect(sent?.fields.message).toMatch(/^Hi Zawadi Achieng, your Eye test is in (29|30) minutes at /);
    expect(sent?.fields.from).toBe('DEMO');

    await navLink(page, 'Deliveries').click();
    await page.getByTestId('delivery-row').first().waitFor();
    await choose('Rule', RULE_NAME);
    const row = page.getByTestId('delivery-row').filter({ hasText: 'Zawadi Achieng' });
    await row.waitFor();
    expect(await row.getAttribute('data-status')).toBe('accepted');
    expect(await row.innerText()).toMatch(/\bsent\b/i);
    await screenshot(page, '05-deliveries');

    await row.click();
    await page.getByTestId('delivery-body').filter({ hasText: 'Hi Zawadi Achieng' }).waitFor();
    deliveryDocumentId = page.url().split('/').pop() as string;
    // Africa's Talking reports the message delivered, through the callback URL shown on the settings page.
    const callback = `${app.url}/api/reminders/callbacks/${AT.callbackSecret}/delivery-reports`;
    expect(
      (
        await fake.postForm(callback, {
          id: sent!.messageIds[0],
          status: 'Success',
          phoneNumber: '+254722555000',
          networkCode: '63902',
        })
      ).status
    ).toBe(200);
    await page.reload();
    await page.getByTestId('delivery-timeline').filter({ hasText: 'Delivery report: Success' }).waitFor();
    await seeText('Delivered');
    await screenshot(page, '06-delivery');
  });

  it('retries a failed delivery from its page', async () => {
    const failed = await api().get('/reminders/deliveries?status=failed&pageSize=1');
    const documentId = failed.body.data[0].documentId as string;
    await open(`/plugins/reminders/deliveries/${documentId}`);
    await page.getByTestId('delivery-reason').waitFor();
    await page.getByRole('button', { name: 'Retry' }).click();
    await page.getByRole('alertdialog').getByRole('button', { name: 'Confirm' }).click();
    await notification(/Queued again/);
    await page
      .getByTestId('delivery-timeline')
      .filter({ hasText: `Retried by ${ADMIN.firstname} ${ADMIN.lastname}` })
      .waitFor();
    await screenshot(page, '06-delivery-retried');
  });

  it('shows a record’s reminders in the Content Manager and sends one now', async () => {
    const invoices = await api().get(
      '/content-manager/collection-types/plugin::reminders.invoice?filters[number][$eq]=INV-1001'
    );
    const invoice = invoices.body.results[0];
    await open(`/content-manager/collection-types/plugin::reminders.invoice/${invoice.documentId}`);
    const panel = page.getByTestId('record-reminders');
    await panel.waitFor();
    await panel.getByRole('button', { name: 'Send reminder now' }).click();
    await notification(/Reminder sent/);
    await panel.getByText('Sent', { exact: true }).first().waitFor();
    expect(
      fake.requests.some(
        (request) =>
          request.fields.to === '+254712345678' && /Wanjiku Kamau, invoice INV-1001/.test(request.fields.message)
      )
    ).toBe(true);
    await screenshot(page, '08-content-manager-panel');
  });

  it('lists the targets and maps one of the app’s own collection types on the Settings page', async () => {
    await open('/plugins/reminders/settings');
    const targets = page.getByTestId('targets');
    // The booking type, mapped in config/plugins.ts: listed with its source, read-only.
    const booking = targets.locator('[data-testid=target][data-key=booking]');
    await booking.waitFor();
    expect(await booking.getAttribute('data-source')).toBe('config');
    expect(await booking.getByTestId('target-source').textContent()).toBe('config/plugins.ts');
    expect(await booking.innerText()).toMatch(/api::booking\.booking/);
    expect(await booking.getByRole('button').count()).toBe(0);

    await targets.getByRole('button', { name: 'Map a collection type' }).click();
    const form = page.getByTestId('target-form');
    await form.waitFor();
    await form.getByRole('textbox', { name: 'Key' }).fill('subscription');
    await choose('Collection type', /^Subscription \(api::subscription\.subscription\)$/);
    // Each part offers only the type's fields that fit it: a date for the anchors, an enumeration for statuses.
    await page.getByRole('combobox', { name: 'Dates to count from', exact: true }).click();
    await page.getByRole('option').first().waitFor();
    expect(await page.getByRole('option').allInnerTexts()).toEqual(['renewsOn']);
    await page.keyboard.press('Escape');
    await page.getByRole('listbox').waitFor({ state: 'detached' });
    await chooseMany('Dates to count from', [/^renewsOn$/]);
    await choose("Customer's name", /^holderName$/);
    await choose('Label', /^plan$/);
    await chooseMany('Status fields', [/^subscriptionStatus$/]);
    await chooseMany('Amount fields', [/^amount$/]);
    await choose('Currency of the amounts', 'From a field of the record');
    await choose('Currency field', /^currency$/);

    // No phone yet: the server refuses the mapping and its message is shown on the phone field.
    await form.getByRole('button', { name: 'Save' }).click();
    await form.getByText('phone is required').waitFor();
    await screenshot(page, '15-target-form-error');

    await choose('Phone', /^mobile$/);
    await form.getByRole('button', { name: 'Save' }).click();
    await notification(/Subscription is mapped/);
    await form.waitFor({ state: 'detached' });
    const subscription = targets.locator('[data-testid=target][data-key=subscription]');
    await subscription.waitFor();
    expect(await subscription.getAttribute('data-source')).toBe('settings');
    expect(await subscription.getByTestId('target-source').textContent()).toBe('Settings');
    expect(await subscription.innerText()).toMatch(/api::subscription\.subscription/);
    // renewsOn has no database index: said, with the fix.
    expect(await subscription.getByTestId('target-unindexed').innerText()).toMatch(
      /renewsOn has no database index[\s\S]*reminders\.config\.targets/
    );
    const mapped = await api().get('/reminders/settings/targets');
    expect(mapped.body.data.targets.find((target: any) => target.key === 'subscription').mapping).toEqual(
      SUBSCRIPTION_MAPPING
    );
    await targets.scrollIntoViewIfNeeded();
    await screenshot(page, '16-targets');
  });

  it('creates a rule on the mapped type through the rule editor', async () => {
    await navLink(page, 'Rules').click();
    await page.getByRole('button', { name: 'Create a rule' }).click();
    await page.waitForURL(/\/rules\/new$/);
    await page.getByRole('textbox', { name: 'Name', exact: true }).fill(SUBSCRIPTION_RULE);
    await choose('Target', /^Subscription$/);
    // A host target starts from its first date field: 1 day before, at 09:00, about the record's label.
    await seeText('1 day before the renewsOn');
    const template = page.getByRole('textbox', { name: 'Message in English' });
    expect(await template.inputValue()).toBe('Hi {{ customer.name }}, a reminder about {{ record.plan }}.');
    await page.getByTestId('step').first().getByRole('textbox', { name: 'Amount' }).fill('3');
    await seeText('3 days before the renewsOn');
    await page.getByRole('button', { name: 'Add a condition' }).click();
    await page.getByTestId('condition').waitFor();
    await template.fill(SUBSCRIPTION_TEMPLATE);
    const picker = page.getByRole('combobox', { name: 'Record' });
    await picker.click();
    await picker.fill('TV');
    await page.getByRole('option', { name: /TV premium · Hassan Abdi/ }).click();
    await page
      .getByTestId('preview-text')
      .filter({ hasText: 'Hi Hassan Abdi, your TV premium plan renews on' })
      .waitFor();
    await page.getByTestId('messages').scrollIntoViewIfNeeded();
    await screenshot(page, '17-rule-editor-subscription');

    await page.getByRole('button', { name: 'Save' }).click();
    await notification(/is saved and planned/);
    await page.waitForURL(/\/rules\/[a-z0-9]{10,}$/);
    subscriptionRuleId = page.url().split('/').pop() as string;
    const stored = await api().get(`/reminders/rules/${subscriptionRuleId}`);
    expect(stored.body.data).toMatchObject({
      name: SUBSCRIPTION_RULE,
      target: 'subscription',
      anchor: 'renewsOn',
      steps: [{ amount: 3, unit: 'days', direction: 'before' }],
      sendAt: '09:00',
      templates: { en: SUBSCRIPTION_TEMPLATE },
    });
    expect(stored.body.data.conditions).toEqual([{ field: 'subscriptionStatus', operator: 'in', value: ['active'] }]);
  });

  it('lists the mapped type’s reminder in Upcoming, rendered', async () => {
    // TV premium renews in 7 days: reminded 3 days before, inside the default 7-day window. Other active
    // subscriptions may renew sooner, depending on the hour the demo data was seeded: the row is picked by name.
    await open('/plugins/reminders/upcoming?pageSize=100');
    const row = page
      .getByTestId('upcoming-row')
      .filter({ hasText: SUBSCRIPTION_RULE })
      .filter({ hasText: 'Hassan Abdi' })
      .first();
    await row.waitFor();
    const text = await row.innerText();
    expect(text).toMatch(/Hi Hassan Abdi, your TV premium plan renews on/);
    expect(text).toMatch(/Subscription/i);
    // Paused subscriptions are not reminded (the rule's condition).
    expect(await page.getByTestId('upcoming-row').filter({ hasText: 'Mercy Chebet' }).count()).toBe(0);
    await row.scrollIntoViewIfNeeded();
    await screenshot(page, '18-upcoming-subscription');
  });

  it('shows the mapped type’s reminders on its Content Manager page, and no panel on other types', async () => {
    const found = await api().get(
      `/content-manager/collection-types/api::subscription.subscription?filters[plan][$eq]=${encodeURIComponent('TV premium')}`
    );
    const subscription = found.body.results[0];
    await open(`/content-manager/collection-types/api::subscription.subscription/${subscription.documentId}`);
    const panel = page.getByTestId('record-reminders');
    await panel.waitFor();
    await panel.getByText(SUBSCRIPTION_RULE).first().waitFor();
    await screenshot(page, '19-content-manager-subscription');

    const customers = await api().get('/content-manager/collection-types/api::customer.customer');
    await open(`/content-manager/collection-types/api::customer.customer/${customers.body.results[0].documentId}`);
    await page.getByRole('textbox', { name: /^name/i }).first().waitFor();
    await page.waitForTimeout(1_500);
    expect(await page.getByTestId('record-reminders').count()).toBe(0);
  });

  it('unmaps the type: its rule is turned off, saying why', async () => {
    await open('/plugins/reminders/settings');
    const subscription = page.locator('[data-testid=target][data-key=subscription]');
    await subscription.getByRole('button', { name: 'Delete' }).click();
    await page.getByRole('alertdialog').getByRole('button', { name: 'Confirm' }).click();
    await notification(/no longer a target/);
    await subscription.waitFor({ state: 'detached' });

    await navLink(page, 'Rules').click();
    const row = page.getByTestId('rule-row').filter({ hasText: SUBSCRIPTION_RULE });
    await row.getByTestId('rule-disabled-reason').waitFor();
    expect(await row.innerText()).toMatch(/Turned off by the plugin/i);
    const stored = await api().get(`/reminders/rules/${subscriptionRuleId}`);
    expect(stored.body.data.enabled).toBe(false);
    expect(await row.getByTestId('rule-disabled-reason').innerText()).toBe(stored.body.data.disabledReason);
    await screenshot(page, '20-rules-disabled');
    // Its page still opens, with the reason.
    await row.getByRole('link', { name: SUBSCRIPTION_RULE }).click();
    await page.getByTestId('disabled-reason').waitFor();
    await screenshot(page, '21-rule-editor-disabled');
  });

  it('shows the provider with its key masked, the callback URLs, and sends a test SMS', async () => {
    fake.replyTo(BALANCE_PHONE, { kind: 'recipient', statusCode: 405 });
    await page.getByRole('link', { name: 'SMS Reminders' }).click();
    await navLink(page, 'Settings').click();
    await page.getByTestId('provider-name').filter({ hasText: "Africa's Talking" }).waitFor();
    const key = await page.getByTestId('detail-apiKey').innerText();
    expect(key).toMatch(/•+3f9a/);
    expect(await page.content()).not.toContain(AT.apiKey);
    expect(await page.getByRole('textbox', { name: 'Delivery reports', exact: true }).inputValue()).toBe(
      `${app.url}/api/reminders/callbacks/${AT.callbackSecret}/delivery-reports`
    );

    await page.getByRole('textbox', { name: 'Phone number' }).fill('0799 000 111');
    await page.getByRole('button', { name: 'Send a test SMS' }).click();
    await page.getByTestId('test-send-result').waitFor();
    expect(await page.getByTestId('test-send-result').innerText()).toMatch(/too little credit/);
    await screenshot(page, '07-settings');
  });

  it('reads the dashboard: sends per day with costs, the delivery rate, and the balance alert', async () => {
    await navLink(page, 'Dashboard').click();
    await page.getByTestId('day-chart').waitFor();
    await page.getByTestId('pause-alert').waitFor();
    expect(await page.getByTestId('alerts').innerText()).toMatch(/405/);
    expect(await page.getByTestId('figure').filter({ hasText: 'Delivery rate' }).innerText()).toMatch(/\d+(\.\d)?%/);
    await screenshot(page, '01-dashboard');
    // The pause is lifted from the dashboard by a user who manages settings.
    await page.getByRole('button', { name: 'Resume sending' }).click();
    await notification(/Sending resumes/);
  });

  it('keeps the pages and the routes from roles without the plugin’s permissions', async () => {
    const roleWith = async (name: string, actions: string[]) => {
      const role = await api().post('/admin/roles', { name, description: 'e2e' });
      expect(role.status).toBe(201);
      if (actions.length) {
        const permissions = actions.map((action) => ({ action, subject: null, properties: {}, conditions: [] }));
        expect((await api().put(`/admin/roles/${role.body.data.id}/permissions`, { permissions })).status).toBe(200);
      }
      return role.body.data.id as number;
    };
    const userWith = async (roleId: number, email: string) => {
      const user = await api().post('/admin/users', {
        firstname: 'Rita',
        lastname: 'Restricted',
        email,
        roles: [roleId],
      });
      expect(user.status).toBe(201);
      const password = 'E2e-Restricted-1';
      const registered = await fetch(`${app.url}/admin/register`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({
          registrationToken: user.body.data.registrationToken,
          userInfo: { firstname: 'Rita', lastname: 'Restricted', password },
        }),
      });
      expect(registered.status).toBe(200);
      return { email, password };
    };

    const none = await userWith(await roleWith('No reminders', []), 'rita@example.com');
    const support = await userWith(await roleWith('Support', ['plugin::reminders.deliveries.read']), 'sam@example.com');

    for (const user of [none, support]) {
      const userToken = await login(app.url, user.email, user.password);
      const allowed = user === support ? ['/reminders/deliveries', '/reminders/dashboard'] : [];
      for (const [method, path] of ROUTES) {
        const query =
          path === '/reminders/scheduler/preview' ? '?from=2026-01-01T00:00:00Z&to=2026-01-02T00:00:00Z' : '';
        const response = await fetch(`${app.url}${path}${query}`, {
          method,
          headers: { Authorization: `Bearer ${userToken}`, 'Content-Type': 'application/json' },
          body: method === 'POST' ? '{}' : undefined,
        });
        expect([user.email, method, path, response.status]).toEqual([
          user.email,
          method,
          path,
          allowed.includes(path) ? 200 : 403,
        ]);
      }
    }

    const restricted = await launchBrowser();
    try {
      const other = await restricted.context.newPage();
      await other.goto(`${app.url}/admin/auth/login`);
      await other.fill('input[name=email]', none.email);
      await other.fill('input[name=password]', none.password);
      await other.getByRole('button', { name: 'Login' }).click();
      await other.waitForURL((url) => !url.pathname.includes('/auth/'));
      await other.getByRole('link', { name: 'Home', exact: true }).waitFor();
      expect(await other.getByRole('link', { name: 'SMS Reminders' }).count()).toBe(0);
      await other.goto(`${app.url}/admin/plugins/reminders/rules`);
      await other
        .getByText(/don't have the permissions/i)
        .first()
        .waitFor();
      await screenshot(other, '09-no-permissions');

      // Support reads deliveries: the plugin is in the menu, with its Dashboard and Deliveries only.
      await other.evaluate(() => {
        localStorage.clear();
        sessionStorage.clear();
      });
      await restricted.context.clearCookies();
      await other.goto(`${app.url}/admin/auth/login`);
      await other.fill('input[name=email]', support.email);
      await other.fill('input[name=password]', support.password);
      await other.getByRole('button', { name: 'Login' }).click();
      await other.waitForURL((url) => !url.pathname.includes('/auth/'));
      await other.getByRole('link', { name: 'SMS Reminders' }).click();
      await other.getByTestId('day-chart').waitFor();
      expect(await navLink(other, 'Deliveries').count()).toBe(1);
      expect(await navLink(other, 'Rules').count()).toBe(0);
      expect(await navLink(other, 'Settings').count()).toBe(0);
      expect(await other.getByRole('button', { name: 'Run a tick now' }).count()).toBe(0);
      await other.goto(`${app.url}/admin/plugins/reminders/settings`);
      await other
        .getByText(/don't have the permissions/i)
        .first()
        .waitFor();
      await other.goto(`${app.url}/admin/plugins/reminders/deliveries/${deliveryDocumentId}`);
      await other.getByTestId('delivery-body').waitFor();
      expect(await other.getByRole('button', { name: 'Retry' }).count()).toBe(0);
      await screenshot(other, '09-support-delivery');
    } finally {
      await restricted.close();
    }
  });

  it('holds its layout in Arabic, right to left', async () => {
    await page.evaluate(() => localStorage.setItem('strapi-admin-language', 'ar'));
    for (const [path, name, ready] of [
      ['/plugins/reminders/dashboard', '10-dashboard-ar', 'day-chart'],
      ['/plugins/reminders/rules', '11-rules-ar', 'rule-row'],
      [`/plugins/reminders/rules/${ruleDocumentId}`, '12-rule-editor-ar', 'preview-text'],
      ['/plugins/reminders/deliveries', '13-deliveries-ar', 'delivery-row'],
      [`/plugins/reminders/deliveries/${deliveryDocumentId}`, '14-delivery-ar', 'delivery-timeline'],
      ['/plugins/reminders/settings', '22-settings-ar', 'target'],
    ] as const) {
      await open(path);
      await page.getByTestId(ready).first().waitFor();
      await seeText('تذكيرات الرسائل القصيرة');
      expect(await page.locator('[dir=rtl]').count()).toBeGreaterThan(0);
      // Nothing spills sideways out of the page.
      const overflow = await page.evaluate(
        () => document.documentElement.scrollWidth - document.documentElement.clientWidth
      );
      expect([path, overflow]).toEqual([path, 0]);
      await screenshot(page, name);
    }
    await page.evaluate(() => localStorage.setItem('strapi-admin-language', 'en'));
  });
});
