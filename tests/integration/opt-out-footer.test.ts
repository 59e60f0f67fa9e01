import type { Core } from '@strapi/strapi';
import request from 'supertest';
import { createSuperAdminToken, describeIntegration, startStrapi, stopStrapi } from '../helpers/strapi';
import {
  TestClock,
  clearReminders,
  createAppointment,
  createInvoice,
  createRule,
  deliveriesOf,
  schedulerOf,
  useClock,
} from '../helpers/scheduling';
import { type FakeAfricasTalking, startFakeAfricasTalking } from '../fake-africastalking';

const FOOTERS = {
  en: 'Reply STOP to opt out',
  fr: 'Répondez STOP pour vous désabonner',
  sw: 'Jibu STOP kujiondoa',
  ar: 'أرسل توقف لإلغاء الاشتراك',
};

/** An appointment tomorrow at 10:00 in Nairobi, reminded 1 day before (today at 10:00). */
const APPOINTMENT_RULE = {
  target: 'appointment',
  anchor: 'starts_at',
  timezone: 'Africa/Nairobi',
  steps: [{ amount: 1, unit: 'days', direction: 'before' }],
  templates: {
    en: 'Hi {{ customer.name }}, see you tomorrow.',
    fr: 'Bonjour {{ customer.name }}, à demain.',
    sw: 'Habari {{ customer.name }}, tuonane kesho.',
    ar: 'مرحبا {{ customer.name }}، نراك غدا.',
  },
};

const paths = (response: request.Response) =>
  (response.body.error?.details?.errors ?? []).map((error: { path: string[] }) => error.path.join('.'));

/**
 * The opt-out footer and {{ reply.hint }} with the real Strapi and the fake Africa's Talking server: at send
 * time per language, off for a rule, never to staff, configured on the Settings page, in every preview.
 */
describeIntegration('the opt-out footer and the reply hint', () => {
  let strapi: Core.Strapi;
  let fake: FakeAfricasTalking;
  let token: string;
  const clock = new TestClock(new Date('2026-03-02T07:00:00Z')); // 10:00 in Nairobi
  const tick = () => schedulerOf(strapi).tick();
  const http = () => request(strapi.server.httpServer);
  const admin = (method: 'get' | 'put' | 'post', url: string, body?: object) => {
    const call = http()[method](url).set('Authorization', `Bearer ${token}`);
    return body ? call.send(body) : call;
  };
  const sent = () => fake.requests.map((call) => ({ to: call.fields.to, message: call.fields.message }));
  const appointment = (language: string, phone: string) =>
    createAppointment(strapi, {
      customerName: 'Amina',
      phone,
      language,
      startsAt: '2026-03-03T07:00:00Z',
      timezone: 'Africa/Nairobi',
      staffName: 'Dr. Mwangi',
      staffPhone: '+254700000999',
    });

  beforeAll(async () => {
    fake = await startFakeAfricasTalking({ username: 'footer', apiKey: 'footer-key' });
    strapi = await startStrapi({ AT_USERNAME: 'footer', AT_API_KEY: 'footer-key', AT_API_BASE_URL: fake.baseUrl });
    useClock(strapi, clock);
    token = await createSuperAdminToken(strapi);
  });
  afterAll(async () => {
    await stopStrapi(strapi);
    await fake.close();
  });
  beforeEach(async () => {
    await clearReminders(strapi);
    fake.requests.length = 0;
    clock.set('2026-03-02T06:00:00Z');
  });

  it('ends every customer SMS with the footer in its language, on a line of its own; staff get none', async () => {
    await createRule(strapi, {
      ...APPOINTMENT_RULE,
      recipients: [{ kind: 'customer' }, { kind: 'staff' }],
    });
    await appointment('en', '+254711000001');
    await appointment('fr', '+254711000002');
    await appointment('sw', '+254711000003');
    await appointment('ar', '+254711000004');
    clock.set('2026-03-02T07:00:00Z');
    await tick();

    const byPhone = Object.fromEntries(sent().map(({ to, message }) => [`${to}`, message]));
    expect(byPhone['+254711000001']).toBe(`Hi Amina, see you tomorrow.\n${FOOTERS.en}`);
    expect(byPhone['+254711000002']).toBe(`Bonjour Amina, à demain.\n${FOOTERS.fr}`);
    expect(byPhone['+254711000003']).toBe(`Habari Amina, tuonane kesho.\n${FOOTERS.sw}`);
    expect(byPhone['+254711000004']).toBe(`مرحبا Amina، نراك غدا.\n${FOOTERS.ar}`);
    const toStaff = fake.requests.filter((call) => call.fields.to === '+254700000999');
    expect(toStaff).toHaveLength(4);
    for (const call of toStaff) expect(call.fields.message).not.toMatch(/STOP|توقف/);
    // What the log shows is what was sent, with the footer's segments.
    const logged = await deliveriesOf(strapi, { phone: '+254711000002' });
    expect(logged[0].body).toBe(`Bonjour Amina, à demain.\n${FOOTERS.fr}`);
  });

  it('sends no footer for a rule that turns it off, nor twice when the message already says it', async () => {
    await createRule(strapi, { ...APPOINTMENT_RULE, optOutFooter: false });
    await createRule(strapi, {
      ...APPOINTMENT_RULE,
      templates: { en: 'See you tomorrow. Reply stop to opt out.' },
    });
    await appointment('en', '+254711000005');
    clock.set('2026-03-02T07:00:00Z');
    await tick();
    expect(
      sent()
        .map(({ message }) => message)
        .sort()
    ).toEqual(['Hi Amina, see you tomorrow.', 'See you tomorrow. Reply stop to opt out.']);
  });

  it('saves the footers on the Settings page, refusing an empty or too long one by its language', async () => {
    const before = await admin('get', '/reminders/settings');
    expect(before.body.data.optOutFooter).toEqual({ footers: FOOTERS, source: 'config' });

    const bad = await admin('put', '/reminders/settings/opt-out-footer', {
      footers: { ...FOOTERS, en: ' ', fr: 'x'.repeat(61), de: 'Antworte STOP' },
    });
    expect(bad.status).toBe(400);
    expect(paths(bad)).toEqual(['footers.de', 'footers.en', 'footers.fr']);
    expect(bad.body.error.details.errors[2].message).toBe('footers.fr must be at most 60 characters');
    const unknown = await admin('put', '/reminders/settings/opt-out-footer', { footers: FOOTERS, extra: 1 });
    expect(paths(unknown)).toEqual(['extra']);
    expect((await admin('put', '/reminders/settings/opt-out-footer', ['x'] as unknown as object)).status).toBe(400);
    // Nothing half-saved.
    expect((await admin('get', '/reminders/settings')).body.data.optOutFooter.source).toBe('config');

    const saved = await admin('put', '/reminders/settings/opt-out-footer', {
      footers: { ...FOOTERS, en: '  Text STOP to stop these reminders ' },
    });
    expect(saved.status).toBe(200);
    expect(saved.body.data).toEqual({
      footers: { ...FOOTERS, en: 'Text STOP to stop these reminders' },
      source: 'settings',
    });

    await createRule(strapi, APPOINTMENT_RULE);
    await appointment('en', '+254711000006');
    clock.set('2026-03-02T07:00:00Z');
    await tick();
    expect(sent().map(({ message }) => message)).toEqual([
      'Hi Amina, see you tomorrow.\nText STOP to stop these reminders',
    ]);
    await admin('put', '/reminders/settings/opt-out-footer', { footers: FOOTERS });
  });

  it('needs settings.manage to save the footers', async () => {
    const anonymous = await http().put('/reminders/settings/opt-out-footer').send({ footers: FOOTERS });
    expect(anonymous.status).toBe(401);
  });

  it("renders {{ reply.hint }} in the message's language when the rule allows replies, R with a reschedule link", async () => {
    const links = strapi.config.get('plugin::reminders.links');
    strapi.config.set('plugin::reminders.links', { reschedule: 'https://book.example.com/{documentId}' });
    try {
      await createRule(strapi, {
        ...APPOINTMENT_RULE,
        allowReplies: true,
        templates: { en: 'See you tomorrow. {{ reply.hint }}.', fr: 'À demain. {{ reply.hint }}.' },
      });
      await appointment('fr', '+254711000007');
      await appointment('en', '+254711000008');
      clock.set('2026-03-02T07:00:00Z');
      await tick();
    } finally {
      strapi.config.set('plugin::reminders.links', links);
    }
    expect(
      sent()
        .map(({ message }) => message)
        .sort()
    ).toEqual([
      `See you tomorrow. Reply YES to confirm or NO to cancel, R to reschedule.\n${FOOTERS.en}`,
      `À demain. Répondez OUI pour confirmer ou NON pour annuler, R pour reporter.\n${FOOTERS.fr}`,
    ]);
  });

  it('refuses a rule using reply.hint without allowing replies, naming the message', async () => {
    const response = await admin('post', '/reminders/rules', {
      ...APPOINTMENT_RULE,
      name: 'Asks without listening',
      templates: { en: 'See you tomorrow. {{ reply.hint }}' },
    });
    expect(response.status).toBe(400);
    expect(response.body.error.details.errors).toEqual([
      {
        path: ['templates', 'en'],
        message: 'templates.en uses reply.hint but the rule does not allow replies',
        name: 'ValidationError',
      },
    ]);
    const flags = await admin('post', '/reminders/rules', {
      ...APPOINTMENT_RULE,
      name: 'Bad flags',
      allowReplies: 'yes',
      optOutFooter: 'no',
    });
    expect(paths(flags)).toEqual(['allowReplies', 'optOutFooter']);

    const created = await admin('post', '/reminders/rules', {
      ...APPOINTMENT_RULE,
      name: 'Listens',
      allowReplies: true,
      optOutFooter: false,
      templates: { en: 'See you tomorrow. {{ reply.hint }}' },
    });
    expect(created.status).toBe(201);
    expect(created.body.data).toMatchObject({ allowReplies: true, optOutFooter: false });
    const read = await admin('get', `/reminders/rules/${created.body.data.documentId}`);
    expect(read.body.data).toMatchObject({ allowReplies: true, optOutFooter: false });
  });

  it("counts the footer in the previews' segments and cost; a test send carries none", async () => {
    // 150 GSM-7 characters: one SMS alone, two with the footer's 22 (newline and 21).
    const long = `Invoice {{ invoice.number }} ${'x'.repeat(150 - 'Invoice INV-1001 '.length)}`;
    const rule = {
      target: 'invoice',
      anchor: 'due_date',
      sendAt: '09:00',
      timezone: 'Africa/Nairobi',
      steps: [{ amount: 1, unit: 'days', direction: 'before' }],
      templates: { en: long },
    };
    const withFooter = await admin('post', '/reminders/rules/preview', { rule });
    expect(withFooter.status).toBe(200);
    const [first] = withFooter.body.data.messages;
    expect(first.message.text.endsWith(`\n${FOOTERS.en}`)).toBe(true);
    expect(first.message).toMatchObject({ footer: FOOTERS.en, characters: 172, segments: 2 });
    expect(first.message.estimatedCost).toEqual({ amount: '1.60', currency: 'KES' });
    const without = await admin('post', '/reminders/rules/preview', { rule: { ...rule, optOutFooter: false } });
    expect(without.body.data.messages[0].message).toMatchObject({ footer: null, characters: 150, segments: 1 });

    const template = await admin('post', '/reminders/templates/preview', { target: 'invoice', template: long });
    expect(template.body.data).toMatchObject({ footer: FOOTERS.en, segments: 2 });
    const bare = await admin('post', '/reminders/templates/preview', {
      target: 'invoice',
      template: long,
      optOutFooter: false,
    });
    expect(bare.body.data).toMatchObject({ footer: null, segments: 1 });
    const hinted = await admin('post', '/reminders/templates/preview', {
      target: 'appointment',
      template: 'Tomorrow. {{ reply.hint }}',
      language: 'sw',
      allowReplies: true,
    });
    expect(hinted.body.data.text).toBe(`Tomorrow. Jibu NDIO kuthibitisha au HAPANA kughairi\n${FOOTERS.sw}`);
    const badFlag = await admin('post', '/reminders/templates/preview', {
      target: 'invoice',
      template: 'Hi',
      optOutFooter: 'no',
    });
    expect(paths(badFlag)).toEqual(['optOutFooter']);

    const test = await admin('post', '/reminders/test-send', {
      phone: '+254711000009',
      template: 'Test {{ customer.name }}',
    });
    expect(test.status).toBe(200);
    expect(sent()).toEqual([{ to: '+254711000009', message: 'Test Wanjiku Kamau' }]);
  });

  it('lists the footer in the Upcoming preview as it will be sent', async () => {
    await createRule(strapi, APPOINTMENT_RULE);
    await createInvoice(strapi, { number: 'INV-NOPE', dueDate: '2026-04-01' });
    await appointment('sw', '+254711000010');
    await tick();
    const upcoming = await admin(
      'get',
      '/reminders/scheduler/preview?from=2026-03-02T00:00:00Z&to=2026-03-03T00:00:00Z'
    );
    expect(upcoming.status).toBe(200);
    expect(upcoming.body.data.map((item: { text: string }) => item.text)).toEqual([
      `Habari Amina, tuonane kesho.\n${FOOTERS.sw}`,
    ]);
  });
});
