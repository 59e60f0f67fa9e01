import request from 'supertest';
import type { Core } from '@strapi/strapi';
import { createSuperAdminToken, describeIntegration, startStrapi, stopStrapi } from '../helpers/strapi';
import {
  TestClock,
  clearReminders,
  createAppointment,
  createRule,
  deliveriesOf,
  schedulerOf,
  useClock,
} from '../helpers/scheduling';
import { type FakeAfricasTalking, startFakeAfricasTalking } from '../fake-africastalking';
import { type SmtpSink, smtpEnv, startSmtpSink } from '../smtp-sink';
import { getService } from '../../plugins/reminders/server/src/utils';
import { withFooter } from '../helpers/footer';

const secret = 'email-channel-callback-secret-0123';
const DELIVERIES = 'reminders_deliveries';

const EMAIL_TEMPLATES = {
  en: {
    subject: 'Your appointment at {{ appointment.startsAt | time: "HH:mm" }}',
    body: 'Hi {{ customer.name }},\nsee you at {{ appointment.startsAt | time: "HH:mm" }}.',
  },
};

/**
 * The e-mail channel end to end: e-mail steps and "SMS, else e-mail" through the real email plugin and its
 * nodemailer provider to a real SMTP server on loopback (the sink), SMS through the official SDK to the fake
 * Africa's Talking server; each reminder once, whatever the concurrent passes.
 */
describeIntegration('the e-mail channel', () => {
  let strapi: Core.Strapi;
  let fake: FakeAfricasTalking;
  let sink: SmtpSink;
  const clock = new TestClock(new Date('2026-03-02T06:00:00Z'));
  const scheduler = () => schedulerOf(strapi);
  const http = () => request(strapi.server.httpServer);
  const knex = () => strapi.db.connection;

  beforeAll(async () => {
    fake = await startFakeAfricasTalking({ username: 'email', apiKey: 'email-channel-key' });
    sink = await startSmtpSink();
    strapi = await startStrapi({
      ...smtpEnv(sink),
      SMTP_FROM: 'Demo Clinic <reminders@example.com>',
      AT_USERNAME: 'email',
      AT_API_KEY: 'email-channel-key',
      AT_API_BASE_URL: fake.baseUrl,
      REMINDERS_CALLBACK_SECRET: secret,
      PUBLIC_URL: 'https://clinic.example.com',
    });
    useClock(strapi, clock);
  });
  beforeEach(async () => {
    await clearReminders(strapi);
    await knex()('reminders_opt_outs').del();
    fake.requests.length = 0;
    sink.messages.length = 0;
  });
  afterAll(async () => {
    await stopStrapi(strapi);
    await fake.close();
    await sink.close();
  });

  /** An appointment at 13:00 Nairobi on 2 March. */
  const appointmentAt13 = (appointment: Record<string, unknown> = {}) =>
    createAppointment(strapi, {
      customerName: 'Amina <script>alert(1)</script>',
      phone: '0700 111 333',
      email: 'Amina@Example.com',
      startsAt: '2026-03-02T13:00:00+03:00',
      timezone: 'Africa/Nairobi',
      ...appointment,
    });
  /** A rule one hour before appointments on `channel`, and an appointment at 13:00 Nairobi on 2 March. */
  async function appointmentRule(channel: string, appointment: Record<string, unknown> = {}) {
    clock.set('2026-03-02T06:00:00Z');
    await createRule(strapi, {
      target: 'appointment',
      anchor: 'starts_at',
      steps: [{ amount: 1, unit: 'hours', direction: 'before', channel }],
      templates: { en: 'SMS: see you at {{ appointment.startsAt | time: "HH:mm" }}' },
      emailTemplates: EMAIL_TEMPLATES,
    });
    await appointmentAt13(appointment);
  }
  /** At 12:00 Nairobi: ticks and dispatch passes at once, as several instances would run them, then another tick. */
  async function sendDue() {
    clock.set('2026-03-02T09:00:00Z');
    await Promise.all([
      scheduler().tick(),
      scheduler().dispatcher.dispatch(clock.now),
      scheduler().dispatcher.dispatch(clock.now),
    ]);
    await scheduler().tick();
  }
  const channelsOf = async () =>
    (await deliveriesOf(strapi))
      .map((row) => {
        const { channel, deliveryStatus, errorCode } = row as unknown as Record<string, string | null>;
        return [channel, deliveryStatus, errorCode];
      })
      .sort((a, b) => a.join().localeCompare(b.join()));

  it('sends an e-mail step once, escaped in HTML, with a text part and an unsubscribe link', async () => {
    await appointmentRule('email');
    await sendDue();

    expect(fake.requests).toHaveLength(0);
    expect(sink.messages).toHaveLength(1);
    const [mail] = sink.messages;
    expect(mail).toMatchObject({
      to: 'amina@example.com',
      from: '"Demo Clinic" <reminders@example.com>',
      subject: 'Your appointment at 13:00',
    });
    expect(mail.text).toContain('Hi Amina <script>alert(1)</script>,\nsee you at 13:00.');
    expect(mail.html).toContain('Amina &lt;script&gt;alert(1)&lt;/script&gt;');
    expect(mail.html).not.toContain('<script>');
    const unsubscribe = mail.headers['list-unsubscribe'].replace(/^<|>$/g, '');
    expect(unsubscribe).toMatch(/^https:\/\/clinic\.example\.com\/api\/reminders\/unsubscribe\?token=/);
    expect(mail.headers['list-unsubscribe-post']).toBe('List-Unsubscribe=One-Click');
    expect(mail.text).toContain(unsubscribe);
    expect(await channelsOf()).toEqual([['email', 'accepted', null]]);
    const [row] = await knex()(DELIVERIES).select('email', 'subject', 'phone', 'provider');
    expect(row).toMatchObject({ email: 'amina@example.com', subject: 'Your appointment at 13:00', phone: '' });
  });

  it('falls back to e-mail once when the phone opted out, and the unsubscribe link then stops the e-mails', async () => {
    await getService(strapi, 'opt-outs').add('+254700111333', 'editor');
    await appointmentRule('sms_or_email');
    await sendDue();

    expect(fake.requests).toHaveLength(0);
    expect(sink.messages.map((mail) => mail.subject)).toEqual(['Your appointment at 13:00']);
    expect(await channelsOf()).toEqual([
      ['email', 'accepted', null],
      ['sms', 'skipped', 'opted_out'],
    ]);

    // One click, no login: the address leaves the e-mail reminders; the phone stays opted out of SMS only.
    const link = new URL(sink.messages[0].headers['list-unsubscribe'].replace(/^<|>$/g, ''));
    const clicked = await http().get(`${link.pathname}${link.search}`);
    expect(clicked.status).toBe(200);
    expect(await getService(strapi, 'opt-outs').emailOptedOutAmong(['amina@example.com'])).toEqual(
      new Set(['amina@example.com'])
    );

    sink.messages.length = 0;
    await appointmentAt13({ title: 'Follow-up' });
    await sendDue();
    expect(sink.messages).toHaveLength(0);
    expect(fake.requests).toHaveLength(0);
    expect(await channelsOf()).toEqual([
      ['email', 'accepted', null],
      ['email', 'skipped', 'opted_out'],
      ['sms', 'skipped', 'opted_out'],
      ['sms', 'skipped', 'opted_out'],
    ]);
  });

  it('sends only the SMS of "SMS, else e-mail" when the SMS goes', async () => {
    await appointmentRule('sms_or_email');
    await sendDue();
    expect(fake.requests.map((sent) => sent.fields.message)).toEqual([withFooter('SMS: see you at 13:00')]);
    expect(sink.messages).toHaveLength(0);
    expect(await channelsOf()).toEqual([['sms', 'accepted', null]]);
  });

  it('sends the e-mail for a record whose number is gone by the time the SMS is due', async () => {
    await appointmentRule('sms_or_email');
    // The plugin's own appointments need a number; an import straight into the table (or a host's type) may lack one.
    await knex()('reminders_appointments').update({ phone: null });
    await sendDue();
    expect(fake.requests).toHaveLength(0);
    expect(sink.messages).toHaveLength(1);
    expect(await channelsOf()).toEqual([
      ['email', 'accepted', null],
      ['sms', 'skipped', 'not_sendable'],
    ]);
  });

  it("falls back when Africa's Talking refuses the number, and when a delivery report says it failed", async () => {
    fake.replyTo('+254700111333', { kind: 'recipient', statusCode: 403 });
    await appointmentRule('sms_or_email');
    await appointmentAt13({ customerName: 'Baraka', phone: '0700 111 444', email: 'baraka@example.com' });
    await sendDue();
    expect(sink.messages.map((mail) => mail.to)).toEqual(['amina@example.com']);

    // Baraka's SMS was taken; its delivery report says it never arrived: the e-mail follows, once.
    const [accepted] = await knex()(DELIVERIES).where({ phone: '+254700111444' }).select('provider_message_id');
    const report = { id: accepted.provider_message_id, status: 'Failed', failureReason: 'UserDoesNotExist' };
    for (let time = 0; time < 2; time += 1)
      expect(
        (await http().post(`/api/reminders/callbacks/${secret}/delivery-reports`).type('form').send(report)).status
      ).toBe(200);
    await sendDue();
    expect(sink.messages.map((mail) => mail.to).sort()).toEqual(['amina@example.com', 'baraka@example.com']);
    expect(fake.requests).toHaveLength(2);
  });

  it('queues the e-mail an instance died before queueing, on the next tick', async () => {
    await appointmentRule('sms_or_email');
    // The SMS as a crash would leave it: refused, and no e-mail queued after it.
    clock.set('2026-03-02T08:59:00Z');
    await scheduler().planner.plan(clock.now);
    await knex()(DELIVERIES)
      .where({ channel: 'sms' })
      .update({ delivery_status: 'rejected', error_code: '403 InvalidPhoneNumber' });
    await sendDue();
    expect(fake.requests).toHaveLength(0);
    expect(sink.messages).toHaveLength(1);
    expect(await channelsOf()).toEqual([
      ['email', 'accepted', null],
      ['sms', 'rejected', '403 InvalidPhoneNumber'],
    ]);
  });

  it("sends e-mails while SMS sending is paused for the Africa's Talking account, and holds the SMS until it resumes", async () => {
    await appointmentRule('email');
    await createRule(strapi, {
      target: 'appointment',
      anchor: 'starts_at',
      steps: [{ amount: 1, unit: 'hours', direction: 'before' }],
      templates: { en: 'SMS: see you soon' },
    });
    clock.set('2026-03-02T09:00:00Z'); // paused when the reminders fall due (for the configured 30 minutes)
    await scheduler().pause.start(clock.now, 'InsufficientBalance', 'The account has too little credit');
    await sendDue();
    expect(sink.messages).toHaveLength(1);
    expect(fake.requests).toHaveLength(0);
    expect(await channelsOf()).toEqual([
      ['email', 'accepted', null],
      ['sms', 'queued', null],
    ]);

    await scheduler().pause.resume();
    await scheduler().tick();
    expect(fake.requests.map((sent) => sent.fields.message)).toEqual([withFooter('SMS: see you soon')]);
    expect(sink.messages).toHaveLength(1);
  });

  it('lists e-mails in the delivery log with their channel and address, filtered by channel', async () => {
    await appointmentRule('email');
    await sendDue();
    const token = await createSuperAdminToken(strapi);
    const list = await http().get('/reminders/deliveries?channel=email').set('Authorization', `Bearer ${token}`);
    expect(list.status).toBe(200);
    expect(list.body.data).toEqual([
      expect.objectContaining({ channel: 'email', email: 'amina@example.com', phone: '', status: 'accepted' }),
    ]);
    const sms = await http().get('/reminders/deliveries?channel=sms').set('Authorization', `Bearer ${token}`);
    expect(sms.body.data).toEqual([]);
    const bad = await http().get('/reminders/deliveries?channel=fax').set('Authorization', `Bearer ${token}`);
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain('channel');
    // The dashboard counts the e-mail among the messages sent, and says how many of them were e-mails.
    const dashboard = await http().get('/reminders/dashboard?days=1').set('Authorization', `Bearer ${token}`);
    expect(dashboard.status).toBe(200);
    expect(dashboard.body.data.totals).toMatchObject({
      sent: 1,
      email: { sent: 1, delivered: 0, failed: 0, unknown: 0 },
    });
  });
});
