import request from 'supertest';
import type { Core } from '@strapi/strapi';
import { createEditorToken } from '../helpers/admin';
import { createSuperAdminToken, describeIntegration, startStrapi, stopStrapi } from '../helpers/strapi';
import { type SmtpSink, smtpEnv, startSmtpSink } from '../smtp-sink';
import { getService } from '../../plugins/reminders/server/src/utils';

/**
 * Reminder e-mails through the real Strapi email plugin and its nodemailer provider to a real SMTP server
 * (the sink), logging in as the demo app does when SMTP_USER is set.
 */
describeIntegration('e-mail through Strapi’s email plugin', () => {
  const credentials = { user: 'reminders-smtp', pass: 'smtp-password-do-not-show' };
  const timeoutMs = 1500;
  let strapi: Core.Strapi;
  let sink: SmtpSink;
  let token: string;
  const api = () => request(strapi.server.httpServer);
  const sender = () => getService(strapi, 'email-sender').get();
  const message = (to: string) => ({
    to,
    subject: 'Invoice INV-7 is due tomorrow',
    text: 'Hi Amina, invoice INV-7 (KES 1,500.00) is due tomorrow.',
    html: '<p>Hi Amina, invoice <b>INV-7</b> (KES 1,500.00) is due tomorrow.</p>',
    headers: {
      'List-Unsubscribe': '<https://reminders.example.com/api/reminders/unsubscribe/abc>',
      'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
    },
  });

  beforeAll(async () => {
    sink = await startSmtpSink({ credentials });
    strapi = await startStrapi({
      ...smtpEnv(sink),
      SMTP_USER: credentials.user,
      SMTP_PASSWORD: credentials.pass,
      SMTP_FROM: 'Demo Company <reminders@example.com>',
      REMINDERS_EMAIL_REPLY_TO: 'billing@example.com',
      REMINDERS_EMAIL_TIMEOUT_MS: String(timeoutMs),
    });
    token = await createSuperAdminToken(strapi);
  });
  afterAll(async () => {
    await stopStrapi(strapi);
    await sink.close();
  });

  it('delivers subject, text, HTML and the List-Unsubscribe headers, and keeps nodemailer’s message id', async () => {
    const outcome = await sender().send(message('amina@example.com'));
    expect(outcome).toMatchObject({ kind: 'accepted', providerStatus: expect.stringMatching(/^250 /) });
    const received = sink.messages.at(-1);
    expect(received).toMatchObject({
      from: '"Demo Company" <reminders@example.com>',
      to: 'amina@example.com',
      subject: 'Invoice INV-7 is due tomorrow',
      text: 'Hi Amina, invoice INV-7 (KES 1,500.00) is due tomorrow.',
      html: '<p>Hi Amina, invoice <b>INV-7</b> (KES 1,500.00) is due tomorrow.</p>',
    });
    expect(received?.headers).toMatchObject({
      'list-unsubscribe': '<https://reminders.example.com/api/reminders/unsubscribe/abc>',
      'list-unsubscribe-post': 'List-Unsubscribe=One-Click',
      'reply-to': 'billing@example.com',
    });
    expect(outcome.kind === 'accepted' && outcome.messageId).toBe(received?.headers['message-id']);
  });

  it('a refused mailbox (550) is permanent; a server asking to try later (451) is transient', async () => {
    sink.refuse('gone@example.com', 550, 'No such user here');
    sink.refuse('busy@example.com', 451, 'Try again later');
    const before = sink.messages.length;
    expect(await sender().send(message('gone@example.com'))).toMatchObject({
      kind: 'permanent',
      errorCode: 'smtp-550',
      reason: expect.stringContaining('No such user here'),
    });
    expect(await sender().send(message('busy@example.com'))).toMatchObject({
      kind: 'transient',
      errorCode: 'smtp-451',
      reason: expect.stringContaining('Try again later'),
    });
    expect(sink.messages).toHaveLength(before);
  });

  it('a server that takes the message and never answers is unknown once the timeout passes', async () => {
    sink.stall('stalled@example.com');
    const started = Date.now();
    const outcome = await sender().send(message('stalled@example.com'));
    const took = Date.now() - started;
    expect(outcome).toMatchObject({ kind: 'unknown', errorCode: 'timeout' });
    expect(took).toBeGreaterThanOrEqual(timeoutMs - 50);
    expect(took).toBeLessThan(timeoutMs + 1000);
  });

  it('GET /reminders/email shows the email plugin’s provider and addresses, never its options', async () => {
    const response = await api().get('/reminders/email').set('Authorization', `Bearer ${token}`);
    expect(response.status).toBe(200);
    expect(response.body.data).toEqual({
      sender: 'email-plugin',
      provider: 'nodemailer',
      from: 'Demo Company <reminders@example.com>',
      replyTo: 'billing@example.com',
      timeoutMs,
    });
    const text = JSON.stringify(response.body);
    for (const secret of [credentials.pass, credentials.user, String(sink.port)]) expect(text).not.toContain(secret);
  });

  describe('POST /reminders/email/test', () => {
    const post = (body: unknown, key?: string) => {
      const test = api().post('/reminders/email/test').set('Authorization', `Bearer ${token}`);
      return (key ? test.set('Idempotency-Key', key) : test).send(body as object);
    };

    it('sends one short test e-mail and answers what the server said; a repeated Idempotency-Key sends nothing more', async () => {
      const before = sink.messages.length;
      const first = await post({ to: '  Test.Person@Example.com ' }, 'test-email-1');
      expect(first.status).toBe(200);
      expect(first.body.data).toMatchObject({
        to: 'test.person@example.com',
        sender: 'email-plugin',
        status: 'accepted',
        detail: expect.stringMatching(/^250 /),
        errorCode: null,
        simulated: false,
      });
      const again = await post({ to: '  Test.Person@Example.com ' }, 'test-email-1');
      expect(again.body).toEqual(first.body);
      expect(sink.messages.slice(before).map((received) => [received.to, received.subject])).toEqual([
        ['test.person@example.com', 'Test e-mail from SMS Reminders'],
      ]);
      expect(sink.messages.at(-1)?.headers['message-id']).toBe(first.body.data.messageId);
    });

    it('answers a refusal as the outcome it is', async () => {
      sink.refuse('nobody@example.com', 550, 'Mailbox unavailable');
      const response = await post({ to: 'nobody@example.com' });
      expect(response.status).toBe(200);
      expect(response.body.data).toMatchObject({ status: 'rejected', errorCode: 'smtp-550', messageId: null });
    });

    it.each([
      [{}, /^to is empty$/],
      [{ to: 'not-an-address' }, /^to "not-an-address" is not an e-mail address/],
      [{ to: 42 }, /^to is empty$/],
      [{ to: '  ' }, /^to is empty$/],
    ])('refuses %j with a 400 naming to, and sends nothing', async (body, message) => {
      const before = sink.messages.length;
      const response = await post(body);
      expect(response.status).toBe(400);
      expect(response.body.error.message).toMatch(message);
      expect(response.body.error.details.errors[0].path).toEqual(['to']);
      expect(sink.messages).toHaveLength(before);
    });

    it('needs the test-send permission', async () => {
      const editor = await createEditorToken(strapi, ['plugin::reminders.settings.manage']);
      const response = await api()
        .post('/reminders/email/test')
        .set('Authorization', `Bearer ${editor}`)
        .send({ to: 'a@example.com' });
      expect(response.status).toBe(403);
      expect((await api().get('/reminders/email').set('Authorization', `Bearer ${editor}`)).status).toBe(200);
    });
  });
});
