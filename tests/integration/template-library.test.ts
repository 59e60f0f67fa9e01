import request from 'supertest';
import type { Core } from '@strapi/strapi';
import { createSuperAdminToken, describeIntegration, startStrapi, stopStrapi } from '../helpers/strapi';
import { TestClock, clearReminders, createInvoice, schedulerOf, useClock } from '../helpers/scheduling';
import { type FakeAfricasTalking, startFakeAfricasTalking } from '../fake-africastalking';
import { withFooter } from '../helpers/footer';

const DUE = {
  name: 'Due soon',
  target: 'invoice',
  messages: { en: 'Invoice {{ invoice.number }} is due {{ invoice.dueDate | relative }}.' },
  description: 'The friendly reminder before the due date',
};
const OVERDUE = {
  name: 'Overdue',
  target: 'invoice',
  messages: { en: 'Invoice {{ invoice.number }} was due {{ invoice.dueDate | relative }}.' },
};

const paths = (response: request.Response): string[] =>
  response.body.error.details.errors.map((error: { path: string[] }) => error.path.join('.'));

/**
 * The template library over the admin API: templates checked as a rule's messages, chosen by rules and steps,
 * read when a reminder is sent (an edit changes the next SMS), and kept while a rule uses them.
 */
describeIntegration('the template library', () => {
  let strapi: Core.Strapi;
  let token: string;
  let fake: FakeAfricasTalking;
  const clock = new TestClock(new Date('2026-03-02T05:00:00Z'));
  const http = () => request(strapi.server.httpServer);
  const admin = (test: request.Test) => test.set('Authorization', `Bearer ${token}`);
  const createTemplate = async (body: object) => {
    const response = await admin(http().post('/reminders/message-templates')).send(body);
    expect(response.status).toBe(201);
    return response.body.data as { documentId: string };
  };
  const rule = (templateId: string, extra: object = {}) => ({
    name: 'Library rule',
    target: 'invoice',
    anchor: 'due_date',
    sendAt: '09:00',
    timezone: 'Africa/Nairobi',
    steps: [{ amount: 3, unit: 'days', direction: 'before' }],
    templateId,
    ...extra,
  });

  beforeAll(async () => {
    fake = await startFakeAfricasTalking({ username: 'library', apiKey: 'library-key' });
    strapi = await startStrapi({ AT_USERNAME: 'library', AT_API_KEY: 'library-key', AT_API_BASE_URL: fake.baseUrl });
    token = await createSuperAdminToken(strapi);
    useClock(strapi, clock);
  });
  beforeEach(async () => {
    await clearReminders(strapi);
    fake.requests.length = 0;
    clock.set('2026-03-02T05:00:00Z');
  });
  afterAll(async () => {
    await stopStrapi(strapi);
    await fake.close();
  });

  it('creates, lists, reads, updates and deletes a template', async () => {
    const created = await createTemplate(DUE);
    expect(created).toMatchObject(DUE);
    await createTemplate({ ...OVERDUE, name: 'Appointment note', target: 'appointment', messages: { en: 'Hi' } });

    const list = await admin(http().get('/reminders/message-templates'));
    expect(list.body.data.map((item: { name: string }) => item.name)).toEqual(['Appointment note', 'Due soon']);
    const invoices = await admin(http().get('/reminders/message-templates').query({ target: 'invoice' }));
    expect(invoices.body.data.map((item: { name: string }) => item.name)).toEqual(['Due soon']);

    const read = await admin(http().get(`/reminders/message-templates/${created.documentId}`));
    expect(read.body.data).toMatchObject({ ...DUE, usedBy: [] });

    const updated = await admin(http().put(`/reminders/message-templates/${created.documentId}`)).send({
      messages: { ...DUE.messages, sw: 'Ankara {{ invoice.number }} inadaiwa {{ invoice.dueDate | relative }}.' },
    });
    expect(updated.status).toBe(200);
    expect(Object.keys(updated.body.data.messages)).toEqual(['en', 'sw']);
    expect(updated.body.data.name).toBe('Due soon');

    expect((await admin(http().delete(`/reminders/message-templates/${created.documentId}`))).status).toBe(200);
    expect((await admin(http().get(`/reminders/message-templates/${created.documentId}`))).status).toBe(404);
  });

  it.each([
    [{ ...DUE, messages: { en: 'Hi', fr: 'Facture {{ invoice.numbr }}' } }, 'messages.fr', /invoice.number/],
    [{ ...DUE, messages: { en: 'Hi', fr: '  ' } }, 'messages.fr', /non-empty message/],
    [{ ...DUE, messages: { de: 'Hallo' } }, 'messages.de', /language must be one of/],
    [{ ...DUE, messages: {} }, 'messages', /one message per language/],
    [{ ...DUE, target: 'spaceship' }, 'target', /target must be one of/],
    [{ ...DUE, name: '' }, 'name', /name is required/],
    [{ ...DUE, colour: 'red' }, 'colour', /not a field of a message template/],
  ])('refuses a bad template with a 400 naming the field (%#), saving nothing', async (body, field, message) => {
    const response = await admin(http().post('/reminders/message-templates')).send(body);
    expect(response.status).toBe(400);
    expect(response.body.error.message).toMatch(message);
    expect(paths(response)).toContain(field);
    expect((await admin(http().get('/reminders/message-templates'))).body.data).toEqual([]);
  });

  it('refuses a name already taken', async () => {
    await createTemplate(DUE);
    const response = await admin(http().post('/reminders/message-templates')).send(DUE);
    expect(response.status).toBe(400);
    expect(paths(response)).toContain('name');
  });

  it("refuses a rule whose library template is missing, of another target, lacks its default language, or comes with messages of the rule's own", async () => {
    const due = await createTemplate(DUE);
    const appointment = await createTemplate({ name: 'Visit', target: 'appointment', messages: { en: 'See you' } });
    const cases: [object, string, RegExp][] = [
      [rule('nope'), 'templateId', /documentId of a template of the library/],
      [rule(appointment.documentId), 'templateId', /is for appointment, not invoice rules/],
      [
        rule(due.documentId, { defaultLanguage: 'sw' }),
        'defaultLanguage',
        /needs a message in the template "Due soon"/,
      ],
      [rule(due.documentId, { templates: { en: 'Mine' } }), 'templateId', /not both/],
      [
        rule(due.documentId, {
          steps: [{ amount: 1, unit: 'days', direction: 'after', templateId: appointment.documentId }],
        }),
        'steps[0].templateId',
        /is for appointment/,
      ],
      [{ ...rule(due.documentId), templateId: undefined }, 'templates', /one message per language/],
    ];
    for (const [body, field, message] of cases) {
      const response = await admin(http().post('/reminders/rules')).send(body);
      expect(response.status).toBe(400);
      expect(response.body.error.message).toMatch(message);
      expect(paths(response)).toContain(field);
    }
    expect((await admin(http().get('/reminders/rules'))).body.data).toEqual([]);
  });

  it("sends the library template's text, and after an edit the next reminder says the new text", async () => {
    const due = await createTemplate(DUE);
    const overdue = await createTemplate(OVERDUE);
    const created = await admin(http().post('/reminders/rules')).send(
      rule(due.documentId, {
        steps: [
          { amount: 3, unit: 'days', direction: 'before', repeat: { every: 1, unit: 'days', times: 1 } },
          { amount: 7, unit: 'days', direction: 'after', templateId: overdue.documentId },
        ],
      })
    );
    expect(created.status).toBe(201);
    expect(created.body.data).toMatchObject({ templateId: due.documentId, templates: null });
    await createInvoice(strapi, { number: 'INV-LIB', dueDate: '2026-03-05', timezone: 'Africa/Nairobi' });

    // The rule preview, the same resolution as sending: each step's library text.
    const preview = await admin(http().post('/reminders/rules/preview')).send({ rule: rule(due.documentId) });
    expect(preview.status).toBe(200);
    expect(preview.body.data.messages[0].message.text).toMatch(
      /^Invoice .* is due in 3 days\.\nReply STOP to opt out$/
    );

    // Upcoming (and the record panel, which reads the rules the same way) shows the library text too.
    const upcoming = await admin(http().get('/reminders/scheduler/preview')).query({
      from: '2026-03-02T05:00:00Z',
      to: '2026-03-02T07:00:00Z',
    });
    expect(upcoming.body.data.map((item: { text: string }) => item.text)).toEqual([
      withFooter('Invoice INV-LIB is due in 3 days.'),
    ]);

    clock.set('2026-03-02T06:00:00Z'); // 09:00 in Nairobi, 3 days before the due date
    await schedulerOf(strapi).tick();
    expect(fake.requests.map((sent) => sent.fields.message)).toEqual([withFooter('Invoice INV-LIB is due in 3 days.')]);

    const edited = await admin(http().put(`/reminders/message-templates/${due.documentId}`)).send({
      messages: { en: 'Reminder: {{ invoice.number }} falls due {{ invoice.dueDate | relative }}.' },
    });
    expect(edited.status).toBe(200);
    clock.set('2026-03-03T06:00:00Z'); // the repeat, a day later
    await schedulerOf(strapi).tick();
    clock.set('2026-03-12T06:00:00Z'); // the overdue step, with its own library template
    await schedulerOf(strapi).tick();

    expect(fake.requests.map((sent) => sent.fields.message)).toEqual([
      withFooter('Invoice INV-LIB is due in 3 days.'),
      withFooter('Reminder: INV-LIB falls due in 2 days.'),
      withFooter('Invoice INV-LIB was due 7 days ago.'),
    ]);
  });

  it('keeps a template while a rule or step uses it: 409 naming the rules on delete and on a change of target', async () => {
    const due = await createTemplate(DUE);
    const overdue = await createTemplate(OVERDUE);
    const first = await admin(http().post('/reminders/rules')).send(rule(due.documentId));
    const second = await admin(http().post('/reminders/rules')).send(
      rule(due.documentId, {
        name: 'With an overdue step',
        steps: [{ amount: 7, unit: 'days', direction: 'after', templateId: overdue.documentId }],
      })
    );
    expect([first.status, second.status]).toEqual([201, 201]);

    const refused = await admin(http().delete(`/reminders/message-templates/${overdue.documentId}`));
    expect(refused.status).toBe(409);
    expect(refused.body.error.message).toMatch(/"With an overdue step"/);
    expect(refused.body.error.details.rules).toEqual([
      { documentId: second.body.data.documentId, name: 'With an overdue step', rule: false, steps: [0] },
    ]);
    const both = await admin(http().delete(`/reminders/message-templates/${due.documentId}`));
    expect(both.status).toBe(409);
    expect(both.body.error.message).toMatch(/"Library rule", "With an overdue step"/);

    const retarget = await admin(http().put(`/reminders/message-templates/${due.documentId}`)).send({
      target: 'appointment',
    });
    expect(retarget.status).toBe(409);
    const uncovered = await admin(http().put(`/reminders/message-templates/${due.documentId}`)).send({
      messages: { sw: 'Ankara {{ invoice.number }}' },
    });
    expect(uncovered.status).toBe(400);
    expect(paths(uncovered)).toContain('messages.en');

    const read = await admin(http().get(`/reminders/message-templates/${overdue.documentId}`));
    expect(read.body.data.usedBy).toEqual(refused.body.error.details.rules);

    // Once the rule writes its own messages instead, the template can go.
    const inline = await admin(http().put(`/reminders/rules/${second.body.data.documentId}`)).send({
      steps: [{ amount: 7, unit: 'days', direction: 'after' }],
    });
    expect(inline.status).toBe(200);
    expect((await admin(http().delete(`/reminders/message-templates/${overdue.documentId}`))).status).toBe(200);
  });
});
