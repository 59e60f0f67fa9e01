import request from 'supertest';
import type { Core } from '@strapi/strapi';
import {
  createFullAccessToken,
  createSuperAdminToken,
  describeIntegration,
  startStrapi,
  stopStrapi,
} from '../helpers/strapi';
import { TestClock, clearReminders, createInvoice, useClock } from '../helpers/scheduling';

const EMAIL = {
  en: {
    subject: 'Invoice {{ invoice.number }} is due {{ invoice.dueDate | relative }}',
    body: 'Dear {{ customer.name }},\n\ninvoice {{ invoice.number }} for {{ invoice.balance | money }} is due.',
  },
  ar: { subject: 'فاتورة {{ invoice.number }}', body: 'عزيزي {{ customer.name }}' },
};

const RULE = {
  name: 'Due in 3 days',
  target: 'invoice',
  anchor: 'due_date',
  steps: [
    { amount: 3, unit: 'days', direction: 'before' },
    { amount: 1, unit: 'days', direction: 'after', channel: 'email' },
  ],
  sendAt: '09:00',
  conditions: [],
  templates: { en: 'Hi {{ customer.name }}, {{ invoice.number }} is due {{ invoice.dueDate | relative }}.' },
  emailTemplates: EMAIL,
};

type Sent = {
  stepIndex: number;
  channel: string;
  message: { text: string } | null;
  email?: { subject: string; text: string; html: string; language: string } | null;
};

/** Rules with e-mail steps over the admin and content APIs: saved, refused by field, previewed. */
describeIntegration('e-mail rules', () => {
  let strapi: Core.Strapi;
  let token: string;
  const clock = new TestClock(new Date('2026-12-07T05:00:00Z')); // Monday 08:00 in Nairobi
  const http = () => request(strapi.server.httpServer);
  const admin = (test: request.Test) => test.set('Authorization', `Bearer ${token}`);
  const rulesCount = () => strapi.db.query('plugin::reminders.reminder-rule').count({});

  beforeAll(async () => {
    strapi = await startStrapi();
    token = await createSuperAdminToken(strapi);
    useClock(strapi, clock);
  });
  beforeEach(() => clearReminders(strapi));
  afterAll(() => stopStrapi(strapi));

  it('saves a rule with e-mail steps and its e-mails, and updates them', async () => {
    const created = await admin(http().post('/reminders/rules')).send(RULE);
    expect(created.status).toBe(201);
    expect(created.body.data.emailTemplates).toEqual(EMAIL);
    expect(created.body.data.steps[1].channel).toBe('email');

    const onlyEmail = { en: { subject: 'Reminder', body: 'Please pay {{ invoice.number }}.' } };
    const updated = await admin(http().put(`/reminders/rules/${created.body.data.documentId}`)).send({
      channel: 'email',
      steps: [{ amount: 3, unit: 'days', direction: 'before' }],
      templates: null,
      emailTemplates: onlyEmail,
    });
    expect(updated.status).toBe(200);
    const stored = await strapi.db
      .query('plugin::reminders.reminder-rule')
      .findOne({ where: { documentId: created.body.data.documentId } });
    expect(stored).toMatchObject({ channel: 'email', templates: null, emailTemplates: onlyEmail });
  });

  it('takes e-mails over the content API too', async () => {
    const apiToken = await createFullAccessToken(strapi);
    const created = await http()
      .post('/api/reminders/rules')
      .set('Authorization', `Bearer ${apiToken}`)
      .send({ ...RULE, channel: 'sms_or_email' });
    expect(created.status).toBe(201);
    expect(created.body.data).toMatchObject({ channel: 'sms_or_email', emailTemplates: EMAIL });
    const refused = await http()
      .post('/api/reminders/rules')
      .set('Authorization', `Bearer ${apiToken}`)
      .send({ ...RULE, emailTemplates: { en: { subject: 'Hi', body: '{{ invoice.nope }}' } } });
    expect(refused.status).toBe(400);
    expect(refused.body.error.details.errors.map((error: { path: string[] }) => error.path.join('.'))).toEqual([
      'emailTemplates.en.body',
    ]);
  });

  it('refuses bad channels and e-mails with a 400 naming each field, saving nothing', async () => {
    const cases: [object, string[]][] = [
      [{ steps: [RULE.steps[0], { ...RULE.steps[1], channel: 'fax' }], emailTemplates: null }, ['steps[1].channel']],
      [{ emailTemplates: null }, ['emailTemplates']],
      [
        { emailTemplates: { en: { subject: 'One\ntwo', body: 'x'.repeat(10_001) } } },
        ['emailTemplates.en.subject', 'emailTemplates.en.body'],
      ],
      [{ emailTemplates: { de: EMAIL.en, en: EMAIL.en } }, ['emailTemplates.de']],
      [
        {
          steps: [
            RULE.steps[0],
            { ...RULE.steps[1], emailTemplates: { en: { subject: '{{ appointment.title }}', body: 'B' } } },
          ],
        },
        ['steps[1].emailTemplates.en.subject'],
      ],
    ];
    for (const [change, paths] of cases) {
      const response = await admin(http().post('/reminders/rules')).send({ ...RULE, ...change });
      expect([
        response.status,
        response.body.error.details.errors.map((error: { path: string[] }) => error.path.join('.')),
      ]).toEqual([400, paths]);
    }
    expect(await rulesCount()).toBe(0);

    const saved = await admin(http().post('/reminders/rules')).send(RULE);
    const response = await admin(http().put(`/reminders/rules/${saved.body.data.documentId}`)).send({
      name: 'Renamed',
      emailTemplates: { en: { subject: '', body: 'B' } },
    });
    expect(response.status).toBe(400);
    const stored = await strapi.db
      .query('plugin::reminders.reminder-rule')
      .findOne({ where: { documentId: saved.body.data.documentId } });
    expect(stored).toMatchObject({ name: 'Due in 3 days', emailTemplates: EMAIL });
  });

  it("previews each e-mail step's e-mail for a record, escaped, with an example unsubscribe link", async () => {
    const { documentId } = await createInvoice(strapi, {
      number: 'INV-7',
      dueDate: '2026-12-10',
      customerName: '<b>Wanjiku</b>',
    });
    const response = await admin(http().post('/reminders/rules/preview')).send({ rule: RULE, documentId });
    expect(response.status).toBe(200);
    const [sms, email] = response.body.data.messages as Sent[];
    expect(sms).toMatchObject({ stepIndex: 0, channel: 'sms', message: { text: expect.stringContaining('INV-7') } });
    expect(sms.email).toBeUndefined();
    expect(email).toMatchObject({ stepIndex: 1, channel: 'email', message: null });
    expect(email.email).toMatchObject({
      subject: 'Invoice INV-7 is due yesterday',
      language: 'en',
      text: expect.stringMatching(
        /^Dear <b>Wanjiku<\/b>,\n\ninvoice INV-7 for .+ is due\.\n\nUnsubscribe: https:\/\/example\.com\/unsubscribe$/
      ),
    });
    expect(email.email?.html).toContain('Dear &lt;b&gt;Wanjiku&lt;/b&gt;,');
    expect(email.email?.html).toContain('<a href="https://example.com/unsubscribe"');

    const arabic = await admin(http().post('/reminders/rules/preview')).send({
      rule: RULE,
      documentId,
      language: 'ar',
    });
    expect((arabic.body.data.messages as Sent[])[1].email).toMatchObject({ language: 'ar', subject: 'فاتورة INV-7' });
    expect((arabic.body.data.messages as Sent[])[1].email?.html).toContain('dir="rtl"');
  });

  it('previews an SMS-else-e-mail step with both, and refuses a draft e-mail by field', async () => {
    const both = { ...RULE, channel: 'sms_or_email', steps: [RULE.steps[0]] };
    const response = await admin(http().post('/reminders/rules/preview')).send({ rule: both });
    expect(response.status).toBe(200);
    const [sent] = response.body.data.messages as Sent[];
    expect(sent.channel).toBe('sms_or_email');
    expect(sent.message?.text).toContain('Hi ');
    expect(sent.email?.subject).toMatch(/^Invoice /);

    const bad = await admin(http().post('/reminders/rules/preview')).send({
      rule: { ...both, emailTemplates: { en: { subject: 'S', body: '{{ invoice.number | shout }}' } } },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.errors[0].path).toEqual(['emailTemplates', 'en', 'body']);
  });
});
