import request from 'supertest';
import type { Core } from '@strapi/strapi';
import { createSuperAdminToken, describeIntegration, startStrapi, stopStrapi } from '../helpers/strapi';
import {
  RecordingProvider,
  TestClock,
  clearReminders,
  createInvoice,
  useClock,
  useProvider,
} from '../helpers/scheduling';

const RULE = {
  name: 'Due in 3 days',
  target: 'invoice',
  anchor: 'due_date',
  steps: [{ amount: 3, unit: 'days', direction: 'before' }],
  sendAt: '09:00',
  templates: { en: 'Hi {{ customer.name }}, {{ invoice.number }} is due {{ invoice.dueDate | relative }}.' },
};
const apiKey = 'atsk_public_api_key_never_to_be_seen_77c1';

/** Every action of the public API, as Settings → API Tokens lists them for a custom token. */
const READS = ['rule.find', 'rule.findOne', 'rule.preview', 'upcoming.find', 'delivery.find', 'delivery.findOne'];
const WRITES = ['rule.create', 'rule.update', 'rule.delete'];
const action = (name: string) => `plugin::reminders.${name}`;

describeIntegration('the public API (content API with API tokens)', () => {
  let strapi: Core.Strapi;
  let adminToken: string;
  const provider = new RecordingProvider();
  const clock = new TestClock(new Date('2026-12-07T05:00:00Z'));
  const http = () => request(strapi.server.httpServer);
  const as = (token: string | null, test: request.Test) =>
    token === null ? test : test.set('Authorization', `Bearer ${token}`);

  /** A token made the way an administrator makes one in Settings → API Tokens: through the admin API. */
  async function apiToken(type: 'read-only' | 'full-access' | 'custom', permissions: string[] = []) {
    const response = await http()
      .post('/admin/api-tokens')
      .set('Authorization', `Bearer ${adminToken}`)
      .send({
        name: `public-api ${type} ${Math.random()}`,
        type,
        lifespan: null,
        ...(type === 'custom' ? { permissions } : {}),
      });
    expect(response.status).toBe(201);
    return response.body.data.accessKey as string;
  }

  let readOnly: string;
  let fullAccess: string;
  let customReads: string;
  let customRulesOnly: string;

  beforeAll(async () => {
    strapi = await startStrapi({ AT_API_KEY: apiKey, AT_USERNAME: 'sandbox', REMINDERS_PROVIDER: 'outbox' });
    adminToken = await createSuperAdminToken(strapi);
    useClock(strapi, clock);
    useProvider(strapi, provider);
    [readOnly, fullAccess, customReads, customRulesOnly] = await Promise.all([
      apiToken('read-only'),
      apiToken('full-access'),
      apiToken('custom', READS.map(action)),
      apiToken('custom', ['rule.find', 'rule.create'].map(action)),
    ]);
  });
  beforeEach(() => clearReminders(strapi));
  afterAll(() => stopStrapi(strapi));

  it('offers each route as its own action for custom tokens, reads apart from writes', async () => {
    const response = await http().get('/admin/content-api/permissions').set('Authorization', `Bearer ${adminToken}`);
    expect(response.status).toBe(200);
    const controllers = response.body.data['plugin::reminders'].controllers;
    const offered = ['rule', 'delivery', 'upcoming'].flatMap((controller) =>
      (controllers[controller] as string[]).map((name) => `${controller}.${name}`)
    );
    expect(offered.sort()).toEqual([...READS, ...WRITES].sort());
  });

  it('gives the Public and Authenticated roles none of it: a request without a token is refused', async () => {
    const granted = await strapi.db
      .query('plugin::users-permissions.permission')
      .count({ where: { action: { $startsWith: 'plugin::reminders.' } } });
    expect(granted).toBe(0);
    const answers = await Promise.all([
      http().get('/api/reminders/rules'),
      http().post('/api/reminders/rules').send(RULE),
      http().get('/api/reminders/upcoming').query({ from: '2026-12-07T00:00:00Z', to: '2026-12-08T00:00:00Z' }),
      http().get('/api/reminders/deliveries'),
    ]);
    expect(answers.map((answer) => answer.status)).toEqual([403, 403, 403, 403]);
    expect(await strapi.db.query('plugin::reminders.reminder-rule').count()).toBe(0);
  });

  it('refuses an unknown token with 401', async () => {
    expect((await as('not-a-token', http().get('/api/reminders/rules'))).status).toBe(401);
  });

  it('lets a full-access token create, read, edit and delete a rule, with the admin API’s answers', async () => {
    await createInvoice(strapi, { number: 'INV-1', dueDate: '2026-12-10', customerName: 'Wanjiku' });
    const created = await as(fullAccess, http().post('/api/reminders/rules')).send(RULE);
    expect(created.status).toBe(201);
    expect(created.body.data).toMatchObject({ name: 'Due in 3 days', enabled: true, target: 'invoice' });
    const { documentId } = created.body.data;

    const list = await as(fullAccess, http().get('/api/reminders/rules'));
    expect(list.status).toBe(200);
    expect(list.body.data.map((rule: { documentId: string }) => rule.documentId)).toEqual([documentId]);
    expect(list.body.meta.pagination).toMatchObject({ page: 1, total: 1 });
    const one = await as(fullAccess, http().get(`/api/reminders/rules/${documentId}`));
    expect(one.body.data).toMatchObject({ documentId, stats: { nextSendAt: '2026-12-07T06:00:00.000Z' } });

    const upcoming = await as(fullAccess, http().get('/api/reminders/upcoming')).query({
      from: '2026-12-07T00:00:00Z',
      to: '2026-12-08T00:00:00Z',
    });
    expect(upcoming.status).toBe(200);
    expect(upcoming.body.meta.count).toBe(1);

    const edited = await as(fullAccess, http().put(`/api/reminders/rules/${documentId}`)).send({ name: 'Renamed' });
    expect(edited.body.data).toMatchObject({ documentId, name: 'Renamed', sendAt: '09:00' });
    const removed = await as(fullAccess, http().delete(`/api/reminders/rules/${documentId}`));
    expect(removed.body).toEqual({ data: { documentId } });
    expect((await as(fullAccess, http().get(`/api/reminders/rules/${documentId}`))).status).toBe(404);
  });

  it('answers bad input with the admin API’s 400 naming the field, and saves nothing', async () => {
    const response = await as(fullAccess, http().post('/api/reminders/rules')).send({ ...RULE, sendAt: '25:00' });
    expect(response.status).toBe(400);
    expect(response.body.error.details.errors.map((error: { path: string[] }) => error.path.join('.'))).toContain(
      'sendAt'
    );
    const admin = await http()
      .post('/reminders/rules')
      .set('Authorization', `Bearer ${adminToken}`)
      .send({ ...RULE, sendAt: '25:00' });
    expect(response.body).toEqual(admin.body);
    expect(await strapi.db.query('plugin::reminders.reminder-rule').count()).toBe(0);
    const upcoming = await as(fullAccess, http().get('/api/reminders/upcoming')).query({ from: 'soon' });
    expect(upcoming.status).toBe(400);
  });

  it('lets a read-only token read rules, the upcoming schedule and the log, and nothing else', async () => {
    const created = await as(fullAccess, http().post('/api/reminders/rules')).send(RULE);
    const { documentId } = created.body.data;
    const reads = await Promise.all([
      as(readOnly, http().get('/api/reminders/rules')),
      as(readOnly, http().get(`/api/reminders/rules/${documentId}`)),
      as(readOnly, http().get('/api/reminders/upcoming')).query({
        from: '2026-12-07T00:00:00Z',
        to: '2026-12-08T00:00:00Z',
      }),
      as(readOnly, http().get('/api/reminders/deliveries')),
    ]);
    expect(reads.map((answer) => answer.status)).toEqual([200, 200, 200, 200]);
    // Strapi's read-only tokens reach `find` and `findOne` only: the preview is a custom token's action.
    const writes = await Promise.all([
      as(readOnly, http().post('/api/reminders/rules')).send(RULE),
      as(readOnly, http().put(`/api/reminders/rules/${documentId}`)).send({ name: 'Nope' }),
      as(readOnly, http().delete(`/api/reminders/rules/${documentId}`)),
      as(readOnly, http().post('/api/reminders/rules/preview')).send({ rule: RULE }),
    ]);
    expect(writes.map((answer) => answer.status)).toEqual([403, 403, 403, 403]);
    expect(await strapi.db.query('plugin::reminders.reminder-rule').count()).toBe(1);
  });

  it('lets a custom token do exactly the actions it was given', async () => {
    const created = await as(customRulesOnly, http().post('/api/reminders/rules')).send(RULE);
    expect(created.status).toBe(201);
    const { documentId } = created.body.data;
    expect((await as(customRulesOnly, http().get('/api/reminders/rules'))).status).toBe(200);
    expect((await as(customRulesOnly, http().get(`/api/reminders/rules/${documentId}`))).status).toBe(403);
    expect((await as(customRulesOnly, http().get('/api/reminders/deliveries'))).status).toBe(403);
    expect((await as(customRulesOnly, http().delete(`/api/reminders/rules/${documentId}`))).status).toBe(403);

    expect((await as(customReads, http().post('/api/reminders/rules')).send(RULE)).status).toBe(403);
    const preview = await as(customReads, http().post('/api/reminders/rules/preview')).send({ rule: RULE });
    expect(preview.status).toBe(200);
    expect(preview.body.data.messages).toBeDefined();
  });

  it('reads the delivery log and one delivery, never a secret', async () => {
    const now = clock.now.toISOString();
    await strapi.documents('plugin::reminders.delivery').create({
      data: {
        idempotencyKey: 'public-api-test-1',
        targetType: 'test',
        phone: '+254712345678',
        body: 'Your invoice is due',
        scheduledFor: now,
        notBefore: now,
        deliveryStatus: 'accepted',
        provider: 'africastalking',
        providerMessageId: 'ATXid_public_1',
        events: [{ at: now, status: 'accepted' }],
      } as never,
    });
    const list = await as(customReads, http().get('/api/reminders/deliveries'));
    expect(list.status).toBe(200);
    expect(list.body.data.length).toBeGreaterThan(0);
    const one = await as(customReads, http().get(`/api/reminders/deliveries/${list.body.data[0].documentId}`));
    expect(one.status).toBe(200);
    expect(one.body.data.documentId).toBe(list.body.data[0].documentId);
    expect(JSON.stringify([list.body, one.body])).not.toContain(apiKey);
    expect((await as(customReads, http().get('/api/reminders/deliveries/nope'))).status).toBe(404);
  });
});
