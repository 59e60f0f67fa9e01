import request from 'supertest';
import type { Core } from '@strapi/strapi';
import { createSuperAdminToken, describeIntegration, startStrapi, stopStrapi } from '../helpers/strapi';
import {
  RecordingProvider,
  TestClock,
  clearReminders,
  createInvoice,
  deliveriesOf,
  schedulerOf,
  useClock,
  useProvider,
} from '../helpers/scheduling';
import { withFooter } from '../helpers/footer';

const RULE = {
  name: 'Due in 3 days',
  target: 'invoice',
  anchor: 'due_date',
  steps: [{ amount: 3, unit: 'days', direction: 'before' }],
  sendAt: '09:00',
  conditions: [{ field: 'balance', operator: 'gt', value: '0' }],
  templates: { en: 'Hi {{ customer.name }}, {{ invoice.number }} is due {{ invoice.dueDate | relative }}.' },
};

describeIntegration('the rules admin API', () => {
  let strapi: Core.Strapi;
  let token: string;
  const provider = new RecordingProvider();
  const clock = new TestClock(new Date('2026-12-07T05:00:00Z'));
  const http = () => request(strapi.server.httpServer);
  const admin = (test: request.Test) => test.set('Authorization', `Bearer ${token}`);

  beforeAll(async () => {
    strapi = await startStrapi();
    token = await createSuperAdminToken(strapi);
    useClock(strapi, clock);
    useProvider(strapi, provider);
  });
  beforeEach(() => clearReminders(strapi));
  afterAll(() => stopStrapi(strapi));

  it('creates a rule through the Document Service: defaults filled, planned at once', async () => {
    await createInvoice(strapi, { number: 'INV-1', dueDate: '2026-12-10', customerName: 'Wanjiku' });
    const response = await admin(http().post('/reminders/rules')).send(RULE);
    expect(response.status).toBe(201);
    expect(response.body.data).toMatchObject({
      name: 'Due in 3 days',
      enabled: true,
      target: 'invoice',
      sendAt: '09:00',
      defaultLanguage: 'en',
    });
    // 09:00 Nairobi on 7 December is 06:00Z, inside the planner's horizon from 05:00Z: queued now.
    const rows = await deliveriesOf(strapi, { ruleDocumentId: response.body.data.documentId });
    expect(rows.map((row) => [row.deliveryStatus, row.notBefore])).toEqual([['queued', '2026-12-07T06:00:00.000Z']]);
  });

  it('saves an event rule with the value it waits for, as the rule editor sends it; refuses a value of no status', async () => {
    const event = {
      name: 'Invoice sent',
      target: 'invoice',
      anchor: 'status_changed',
      eventTo: 'sent',
      templates: { en: 'Invoice {{ invoice.number }}: {{ change.from }} → {{ change.to }}' },
    };
    const response = await admin(http().post('/reminders/rules')).send(event);
    expect(response.status).toBe(201);
    expect(response.body.data).toMatchObject({
      anchor: 'status_changed',
      eventTo: 'sent',
      conditions: [],
      steps: [{ amount: 0, unit: 'minutes', direction: 'after' }],
    });
    const refused = await admin(http().post('/reminders/rules')).send({ ...event, name: 'Bad', eventTo: 'lost' });
    expect(refused.status).toBe(400);
    expect(refused.body.error.details.errors[0].path).toEqual(['eventTo']);
  });

  it.each([
    [{ ...RULE, templates: { en: 'Hi {{ invoice.balanse }}' } }, 'templates.en', /did you mean invoice.balance/],
    [{ ...RULE, steps: [{ amount: -1, unit: 'days', direction: 'before' }] }, 'steps[0].amount', /whole number/],
    [{ ...RULE, anchor: 'starts_at' }, 'anchor', /anchor for invoice rules/],
    [{ ...RULE, colour: 'red' }, 'colour', /not a field of a rule/],
    [{ ...RULE, quietHoursStart: '21:00' }, 'quietHoursEnd', /both a start and an end/],
  ])('refuses a bad rule with a 400 naming the field (%#)', async (body, field, message) => {
    const response = await admin(http().post('/reminders/rules')).send(body);
    expect(response.status).toBe(400);
    expect(response.body.error.message).toMatch(message);
    expect(response.body.error.details.errors.map((error: { path: string[] }) => error.path.join('.'))).toContain(
      field
    );
  });

  it('refuses a body that is not an object', async () => {
    const response = await admin(http().post('/reminders/rules')).send([1, 2]);
    expect(response.status).toBe(400);
    expect(response.body.error.message).toMatch(/body must be a JSON object/i);
  });

  it('lists rules by name with what each sent, failed and will send next', async () => {
    const invoice = await createInvoice(strapi, { number: 'INV-2', dueDate: '2026-12-10', customerName: 'Otieno' });
    const rule = (await admin(http().post('/reminders/rules')).send(RULE)).body.data;
    await admin(http().post('/reminders/rules')).send({ ...RULE, name: 'A second rule', enabled: false });
    let list = (await admin(http().get('/reminders/rules'))).body;
    expect(list.data.map((item: { name: string }) => item.name)).toEqual(['A second rule', 'Due in 3 days']);
    expect(list.meta.pagination).toEqual({ page: 1, pageSize: 50, total: 2, pageCount: 1 });
    expect(list.data[1].stats).toMatchObject({
      sent: 0,
      failed: 0,
      lastSentAt: null,
      nextSendAt: '2026-12-07T06:00:00.000Z',
    });

    clock.set('2026-12-07T06:00:00Z');
    await schedulerOf(strapi).tick();
    list = (await admin(http().get('/reminders/rules'))).body;
    expect(list.data[1].stats).toMatchObject({
      sent: 1,
      failed: 0,
      lastSentAt: '2026-12-07T06:00:00.000Z',
      nextSendAt: null,
    });
    expect(provider.sent.at(-1)?.body).toBe(withFooter('Hi Otieno, INV-2 is due in 3 days.'));
    expect(invoice.documentId).toBeDefined();

    const second = (await admin(http().get('/reminders/rules')).query({ page: 2, pageSize: 1 })).body;
    expect(second.data.map((item: { documentId: string }) => item.documentId)).toEqual([rule.documentId]);
    expect(second.meta.pagination).toEqual({ page: 2, pageSize: 1, total: 2, pageCount: 2 });
    clock.set('2026-12-07T05:00:00Z');
  });

  it('refuses a bad page with a 400 naming it', async () => {
    const response = await admin(http().get('/reminders/rules')).query({ pageSize: 1000 });
    expect(response.status).toBe(400);
    expect(response.body.error.details.errors[0].path).toEqual(['pageSize']);
  });

  it('reads, updates, toggles and deletes one rule', async () => {
    const created = (await admin(http().post('/reminders/rules')).send(RULE)).body.data;
    const read = await admin(http().get(`/reminders/rules/${created.documentId}`));
    expect(read.status).toBe(200);
    expect(read.body.data).toMatchObject({ name: 'Due in 3 days', stats: { sent: 0 } });

    const updated = await admin(http().put(`/reminders/rules/${created.documentId}`)).send({
      name: 'Renamed',
      sendAt: '10:00',
    });
    expect(updated.status).toBe(200);
    expect(updated.body.data).toMatchObject({ name: 'Renamed', sendAt: '10:00', target: 'invoice' });

    const disabled = await admin(http().put(`/reminders/rules/${created.documentId}/enabled`)).send({ enabled: false });
    expect(disabled.body.data.enabled).toBe(false);
    const refused = await admin(http().put(`/reminders/rules/${created.documentId}/enabled`)).send({ enabled: 'no' });
    expect(refused.status).toBe(400);
    expect(refused.body.error.details.errors[0].path).toEqual(['enabled']);

    expect((await admin(http().delete(`/reminders/rules/${created.documentId}`))).status).toBe(200);
    expect((await admin(http().get(`/reminders/rules/${created.documentId}`))).status).toBe(404);
    expect((await admin(http().put(`/reminders/rules/${created.documentId}`)).send({ name: 'x' })).status).toBe(404);
  });

  it('tells the editor what it can build: targets, anchors, variables, languages', async () => {
    const response = await admin(http().get('/reminders/rules/options'));
    expect(response.status).toBe(200);
    expect(response.body.data).toMatchObject({
      languages: ['en', 'ar', 'fr', 'sw'],
      defaultTimezone: 'Africa/Nairobi',
      units: ['minutes', 'hours', 'days', 'weeks', 'months'],
      targets: {
        invoice: {
          anchors: [
            'issue_date',
            'due_date',
            'created',
            'instantly',
            'paid',
            'payment_received',
            'payment_status_changed',
            'status_changed',
          ],
          events: { paid: { field: 'paymentStatus', change: 'status', to: 'paid' } },
          recipients: ['customer', 'staff', 'both'],
        },
        appointment: { recipients: ['customer', 'staff', 'both'] },
      },
    });
    expect(response.body.data.targets.invoice.variables).toContain('invoice.balance');
    expect(response.body.data.filters).toContain('money');
  });
});
