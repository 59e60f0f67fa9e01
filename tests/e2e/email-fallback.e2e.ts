/// <reference lib="dom" />
import type { Page } from 'playwright-core';
import { type FakeAfricasTalking, startFakeAfricasTalking } from '../fake-africastalking';
import { type SmtpSink, smtpEnv, startSmtpSink } from '../smtp-sink';
import {
  type AdminSession,
  type RunningApp,
  adminApi,
  choose,
  newRule,
  openAdmin,
  saveRule,
  screenshot,
  skipGuidedTour,
} from './harness';

/**
 * Issue #20's done-when in Chromium: a rule "SMS, else e-mail" built in the rule editor reaches a customer
 * whose phone opted out by e-mail, once, through Strapi's email plugin and its nodemailer provider to a real
 * SMTP server on loopback; the unsubscribe link, opened in the browser, opts the address out.
 * Screenshots: tests/e2e/artifacts/email-fallback-*.png.
 */

const AT = { username: 'e2e-email', apiKey: 'e2e-email-key' };
const PHONE = '+254711000401';
const CM = '/content-manager/collection-types/plugin::reminders';

describe('SMS, else e-mail', () => {
  let session: AdminSession;
  let app: RunningApp;
  let page: Page;
  let token: string;
  let fake: FakeAfricasTalking;
  let sink: SmtpSink;
  const api = () => adminApi(app.url, token);

  beforeAll(async () => {
    fake = await startFakeAfricasTalking({ username: AT.username, apiKey: AT.apiKey });
    sink = await startSmtpSink();
    session = await openAdmin({
      env: {
        AT_USERNAME: AT.username,
        AT_API_KEY: AT.apiKey,
        AT_API_BASE_URL: fake.baseUrl,
        ...smtpEnv(sink),
        SMTP_FROM: 'Demo Clinic <reminders@example.com>',
      },
    });
    ({ app, page, token } = session);
  });

  afterAll(async () => {
    await session?.close();
    await fake?.close();
    await sink?.close();
  });

  it('builds the rule in the editor, with the e-mail previewed beside the SMS', async () => {
    await newRule(page, app.url, { name: 'E2E: booked, SMS else e-mail', target: 'Appointment', anchor: /^Instantly/ });
    await choose(page, 'Channel', 'SMS, else e-mail');
    await page
      .getByTestId('messages')
      .getByRole('textbox', { name: 'Message in English' })
      .fill('Hi {{ customer.name }}, your {{ appointment.title }} is booked.');
    await page.getByRole('textbox', { name: 'Subject in English' }).fill('Booked: {{ appointment.title }}');
    await page
      .getByRole('textbox', { name: 'E-mail in English' })
      .fill(
        'Hi {{ customer.name }},\n\nyour {{ appointment.title }} is booked for {{ appointment.startsAt | datetime: "short" }}.'
      );
    await page.getByTestId('preview').scrollIntoViewIfNeeded();
    await page.getByText('Subject: Booked:').first().waitFor();
    await screenshot(page, 'email-fallback-1-editor');
    await saveRule(page);
    // An "instantly" rule has one step, not shown: the rule's channel is its step's.
    const rules = (await api().get('/reminders/rules?pageSize=50')).body.data as { name: string; channel: string }[];
    expect(rules.find((rule) => rule.name === 'E2E: booked, SMS else e-mail')?.channel).toBe('sms_or_email');
  });

  it('reaches the customer whose phone opted out by e-mail, once, and the unsubscribe link opts the address out', async () => {
    const optedOut = await api().post(`${CM}.opt-out`, { channel: 'sms', phone: PHONE, source: 'editor' });
    expect(optedOut.status).toBeLessThan(300);
    const booked = await api().post(`${CM}.appointment`, {
      title: 'Dental check-up',
      customerName: 'Amina <b>Odhiambo</b>',
      phone: PHONE,
      email: 'Amina.Odhiambo@example.com',
      timezone: 'Africa/Nairobi',
      startsAt: '2027-01-10T07:00:00.000Z',
      endsAt: '2027-01-10T08:00:00.000Z',
    });
    expect(booked.status).toBeLessThan(300);
    for (let tick = 0; tick < 3; tick += 1) expect((await api().post('/reminders/scheduler/tick')).status).toBe(200);

    expect(fake.requests.filter((request) => request.fields.to === PHONE)).toHaveLength(0);
    expect(sink.messages).toHaveLength(1);
    const [mail] = sink.messages;
    expect(mail).toMatchObject({
      to: 'amina.odhiambo@example.com',
      from: '"Demo Clinic" <reminders@example.com>',
      subject: 'Booked: Dental check-up',
    });
    expect(mail.text).toContain('Hi Amina <b>Odhiambo</b>,\n\nyour Dental check-up is booked for 1/10/27, 10:00 AM.');
    expect(mail.html).toContain('Amina &lt;b&gt;Odhiambo&lt;/b&gt;');
    expect(mail.html).not.toContain('<b>Odhiambo');

    await page.goto(`${app.url}/admin/plugins/reminders/deliveries`);
    await page.getByText('amina.odhiambo@example.com').first().waitFor();
    await screenshot(page, 'email-fallback-2-log');

    const link = mail.headers['list-unsubscribe'].replace(/^<|>$/g, '');
    expect(link.startsWith(`${app.url}/api/reminders/unsubscribe?`)).toBe(true);
    expect(mail.text).toContain(link);
    await page.goto(link);
    await page.getByText(/no longer receive/i).waitFor();
    await screenshot(page, 'email-fallback-3-unsubscribed');

    const optOuts = await api().get(`${CM}.opt-out?page=1&pageSize=50`);
    expect(optOuts.status).toBe(200);
    expect(optOuts.body.results).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ channel: 'email', email: 'amina.odhiambo@example.com', source: 'unsubscribe' }),
        expect.objectContaining({ channel: 'sms', phone: PHONE }),
      ])
    );
    await page.goto(`${app.url}/admin${CM}.opt-out`);
    await skipGuidedTour(page);
    await page.getByText('amina.odhiambo@example.com').first().waitFor();
    await screenshot(page, 'email-fallback-4-opt-outs');
  });
});
