import request from 'supertest';
import type { Core } from '@strapi/strapi';
import { createSuperAdminToken, describeIntegration, startStrapi, stopStrapi } from '../helpers/strapi';
import type { TemplatesService } from '../../plugins/reminders/server/src/services/templates';
import { BUILT_IN_TARGETS } from '../../plugins/reminders/server/src/domain/targets';
import { withFooter } from '../helpers/footer';

const previewPath = '/reminders/templates/preview';
// The rules admin API: the Content Manager does not offer rules (the plugin's rule editor owns them).
const rulePath = '/reminders/rules';

describeIntegration('template preview API and template validation on save', () => {
  let strapi: Core.Strapi;
  let adminToken: string;
  let joInvoice: string;
  let appointment: string;
  const http = () => request(strapi.server.httpServer);
  const preview = (body: unknown) =>
    http()
      .post(previewPath)
      .set('Authorization', `Bearer ${adminToken}`)
      .send(body as object);

  beforeAll(async () => {
    strapi = await startStrapi();
    adminToken = await createSuperAdminToken(strapi);
    const invoice = await strapi.documents('plugin::reminders.invoice').create({
      data: {
        number: 'JO-77',
        customerName: 'Youssef Haddad',
        phone: '+962 79 123 4567',
        currency: 'JOD',
        total: '120.500',
        amountPaid: '20',
        issueDate: '2026-11-01',
        dueDate: '2026-12-10',
        language: 'ar',
        timezone: 'Asia/Amman',
      } as never,
    });
    joInvoice = invoice.documentId;
    const created = await strapi.documents('plugin::reminders.appointment').create({
      data: {
        title: 'Consultation',
        customerName: 'Fatma Ali',
        phone: '+255 754 123 456',
        startsAt: '2026-12-08T10:00:00+03:00',
        endsAt: '2026-12-08T11:00:00+03:00',
        timezone: 'Africa/Dar_es_Salaam',
        language: 'sw',
        location: 'Kariakoo',
      } as never,
    });
    appointment = created.documentId;
  });
  afterAll(() => stopStrapi(strapi));

  it('renders a template against sample data when no record is named', async () => {
    const response = await preview({
      target: 'invoice',
      template:
        'Hi {{ customer.name }}, {{ invoice.balance | money }} is due on {{ invoice.dueDate | date: "d MMM" }}.',
    });
    expect(response.status).toBe(200);
    expect(response.body.data).toEqual({
      text: expect.stringMatching(
        /^Hi Wanjiku Kamau, KES 10,000\.00 is due on \d{1,2} [A-Z][a-z]{2}\.\nReply STOP to opt out$/
      ),
      footer: 'Reply STOP to opt out',
      language: 'en',
      encoding: 'GSM_7',
      segments: 1,
      characters: response.body.data.text.length,
      perSegment: 160,
      estimatedCost: { amount: '0.80', currency: 'KES' },
      warnings: [],
    });
  });

  it("renders against a real record, in the record's language and time zone", async () => {
    const response = await preview({
      target: 'invoice',
      documentId: joInvoice,
      template:
        'مرحباً {{ customer.name }}، المبلغ {{ invoice.balance | money }} مستحق في {{ invoice.dueDate | date: "long" }}.',
    });
    expect(response.status).toBe(200);
    expect(response.body.data).toMatchObject({
      // The Arabic footer is part of the SMS: 67 + 26 characters, two UCS-2 segments.
      text: withFooter('مرحباً Youssef Haddad، المبلغ \u200F100.500 د.أ.\u200F مستحق في 10 ديسمبر 2026.', 'ar'),
      language: 'ar',
      encoding: 'UCS_2',
      segments: 2,
      perSegment: 67,
      estimatedCost: { amount: '1.60', currency: 'KES' },
    });
  });

  it('formats an appointment in its own time zone and the language asked for', async () => {
    const response = await preview({
      target: 'appointment',
      documentId: appointment,
      language: 'fr',
      template:
        'Rappel : {{ appointment.title }} le {{ appointment.startsAt | date: "full" }} à {{ appointment.startsAt | time }}, {{ appointment.location }}.',
    });
    expect(response.status).toBe(200);
    expect(response.body.data).toMatchObject({
      text: withFooter('Rappel : Consultation le mardi 8 décembre 2026 à 10:00, Kariakoo.', 'fr'),
      language: 'fr',
      encoding: 'GSM_7',
    });
  });

  it('warns, without refusing, when the message takes more segments than maxSegments', async () => {
    const response = await preview({ target: 'invoice', template: `${'Please pay. '.repeat(39)}{{ links.pay }}` });
    expect(response.status).toBe(200);
    expect(response.body.data).toMatchObject({
      encoding: 'GSM_7',
      segments: 4,
      characters: 489,
      estimatedCost: { amount: '3.20', currency: 'KES' },
    });
    expect(response.body.data.warnings).toEqual([
      'The message takes 4 SMS segments (489 GSM-7 characters), more than maxSegments (3).',
      'links.pay renders empty: no URL pattern is configured at reminders.config.links.pay.',
    ]);
  });

  it('previews exactly the text the dispatcher renders for a rule', async () => {
    const templates = {
      en: 'Hi {{ customer.name }}, {{ invoice.balance | money }} due {{ invoice.dueDate | date }}.',
      ar: 'مرحباً {{ customer.name }}، المبلغ {{ invoice.balance | money }} مستحق في {{ invoice.dueDate | date }}.',
    };
    const previewed = await preview({
      target: 'invoice',
      documentId: joInvoice,
      language: 'ar',
      template: templates.ar,
    });
    // The dispatcher reads records with the query engine and renders through the same service method.
    const record = (await strapi.db
      .query('plugin::reminders.invoice')
      .findOne({ where: { documentId: joInvoice } })) as Record<string, unknown>;
    const service = strapi.plugin('reminders').service('templates') as TemplatesService;
    const sent = service.renderForRecord({
      target: BUILT_IN_TARGETS.invoice,
      templates,
      defaultLanguage: 'en',
      record,
      footers: (await strapi.plugin('reminders').service('opt-out-footer').get()).footers,
    });
    expect(previewed.status).toBe(200);
    expect(sent).toEqual(previewed.body.data);
  });

  it('answers an unknown documentId with a 404', async () => {
    const response = await preview({
      target: 'appointment',
      documentId: 'no-such-document',
      template: 'Hi {{ customer.name }}',
    });
    expect(response.status).toBe(404);
    expect(response.body.error.message).toBe('No appointment with documentId "no-such-document"');
  });

  it.each([
    [{ template: 'Hi' }, ['target'], 'target must be the key of a target, such as invoice'],
    [{ target: 'order', template: 'Hi' }, ['target'], 'target must be one of: invoice, appointment, booking'],
    [{ target: 'invoice' }, ['template'], 'template must be a non-empty message of at most 2000 characters'],
    [
      { target: 'invoice', template: 'x'.repeat(2001) },
      ['template'],
      'template must be a non-empty message of at most 2000 characters',
    ],
    [{ target: 'invoice', template: 'Hi', language: 'de' }, ['language'], 'language must be one of: en, ar, fr, sw'],
    [
      { target: 'invoice', template: 'Hi', documentId: 42 },
      ['documentId'],
      'documentId must be the documentId of a record',
    ],
    [
      { target: 'invoice', template: 'Hi', timezone: 'Mars/Base' },
      ['timezone'],
      'timezone must be an IANA time zone such as Africa/Nairobi',
    ],
    [
      { target: 'invoice', template: 'Hi {{ invoice.balanse }}' },
      ['template'],
      'template: line 1, column 7: unknown variable "invoice.balanse"; did you mean invoice.balance?',
    ],
    [
      { target: 'invoice', template: 'Hi\n{% for i in (1..9) %}x{% endfor %}' },
      ['template'],
      'template: line 2, column 1: unknown or misplaced tag "for" (tags: if, unless, case, comment, raw)',
    ],
  ])('refuses %j with a 400 naming the field', async (body, path, message) => {
    const response = await preview(body);
    expect(response.status).toBe(400);
    expect(response.body.error).toMatchObject({
      name: 'ValidationError',
      message,
      details: { errors: [expect.objectContaining({ path, message })] },
    });
  });

  it('is for logged-in editors only', async () => {
    const response = await http().post(previewPath).send({ target: 'invoice', template: 'Hi' });
    expect(response.status).toBe(401);
  });

  describe('saving a rule', () => {
    const rule = (templates: Record<string, string>, name: string) => ({
      name,
      target: 'invoice',
      anchor: 'due_date',
      steps: [{ amount: 3, unit: 'days', direction: 'before' }],
      templates,
      defaultLanguage: 'en',
    });
    const save = (body: object) => http().post(rulePath).set('Authorization', `Bearer ${adminToken}`).send(body);

    it('refuses a template with an unknown variable with a 400 naming templates.en, and saves nothing', async () => {
      const response = await save(
        rule(
          { en: 'Hi {{ customer.name }}, pay {{ invoice.amountDue }}.', fr: 'Bonjour {{ customer.name }}' },
          'Bad template'
        )
      );
      expect(response.status).toBe(400);
      expect(response.body.error.details.errors).toEqual([
        expect.objectContaining({
          path: ['templates', 'en'],
          message: expect.stringMatching(/^templates\.en: line 1, column 32: unknown variable "invoice\.amountDue"/),
        }),
      ]);
      expect(await strapi.db.query('plugin::reminders.reminder-rule').count({ where: { name: 'Bad template' } })).toBe(
        0
      );
    });

    it('saves a rule whose templates are valid', async () => {
      const response = await save(
        rule(
          { en: 'Hi {{ customer.name }}, {{ invoice.balance | money }} is due {{ invoice.dueDate | relative }}.' },
          'Good template'
        )
      );
      expect(response.status).toBe(201);
    });
  });
});
