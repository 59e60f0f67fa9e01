import request from 'supertest';
import type { Core } from '@strapi/strapi';
import { createSuperAdminToken, describeIntegration, restartStrapi, startStrapi, stopStrapi } from '../helpers/strapi';
import {
  RecordingProvider,
  TestClock,
  clearReminders,
  createAppointment,
  createInvoice,
  createRule,
  deliveriesOf,
  schedulerOf,
  useClock,
  useProvider,
} from '../helpers/scheduling';
import { UIDS } from '../../plugins/reminders/server/src/constants';
import { withFooter } from '../helpers/footer';

/** Every status (paid, void, cancelled, the app's own), OR groups, appointment types, and the migration that keeps old rules' behaviour. */
describeIntegration('rules on every status', () => {
  let strapi: Core.Strapi;
  let token: string;
  const provider = new RecordingProvider();
  const clock = new TestClock(new Date('2026-12-07T05:00:00Z'));
  const http = () => request(strapi.server.httpServer);
  const admin = (test: request.Test) => test.set('Authorization', `Bearer ${token}`);
  const setUp = async () => {
    token = await createSuperAdminToken(strapi);
    useClock(strapi, clock);
    useProvider(strapi, provider);
  };

  beforeAll(async () => {
    strapi = await startStrapi();
    await setUp();
  });
  beforeEach(async () => {
    await clearReminders(strapi);
    provider.sent.length = 0;
  });
  afterAll(() => stopStrapi(strapi));

  const RULE = {
    name: 'Due in 3 days',
    target: 'invoice',
    anchor: 'due_date',
    steps: [{ amount: 3, unit: 'days', direction: 'before' }],
    sendAt: '09:00',
    templates: { en: 'Hi {{ customer.name }}, {{ invoice.number }}.' },
  };
  /** The records a rule has queued reminders for, once a tick has planned it. */
  const queuedFor = async (ruleDocumentId: string) => {
    await schedulerOf(strapi).tick();
    return (await deliveriesOf(strapi, { ruleDocumentId, deliveryStatus: 'queued' })).map(
      (row) => row.targetDocumentId
    );
  };

  it('a rule created through the API without conditions gets the defaults; [] means every status', async () => {
    const withDefaults = await admin(http().post('/reminders/rules')).send(RULE);
    expect(withDefaults.status).toBe(201);
    expect(withDefaults.body.data.conditions).toEqual([
      { field: 'paymentStatus', operator: 'notIn', value: ['paid'] },
      { field: 'invoiceStatus', operator: 'notIn', value: ['void'] },
    ]);
    const everyStatus = await admin(http().post('/reminders/rules')).send({ ...RULE, name: 'all', conditions: [] });
    expect(everyStatus.body.data.conditions).toEqual([]);
  });

  it('a rule targeting paid invoices sends to a paid invoice, and only to it', async () => {
    const paid = await createInvoice(strapi, { dueDate: '2026-12-10', total: '100', paymentStatus: 'paid' });
    await createInvoice(strapi, { dueDate: '2026-12-10', total: '100' });
    const rule = await createRule(strapi, {
      ...RULE,
      conditions: [{ field: 'paymentStatus', operator: 'in', value: ['paid'] }],
    });
    expect(await queuedFor(rule.documentId)).toEqual([paid.documentId]);
    clock.set('2026-12-07T06:00:00Z');
    await schedulerOf(strapi).tick();
    expect(provider.sent).toHaveLength(1);
    expect(await deliveriesOf(strapi, { ruleDocumentId: rule.documentId })).toMatchObject([
      { targetDocumentId: paid.documentId, deliveryStatus: 'accepted' },
    ]);
    clock.set('2026-12-07T05:00:00Z');
  });

  it('an OR rule reaches the records of either group, filtered by the database and checked exactly', async () => {
    const large = await createInvoice(strapi, { dueDate: '2026-12-10', total: '5000' });
    const swahili = await createInvoice(strapi, { dueDate: '2026-12-10', total: '10', language: 'sw' });
    await createInvoice(strapi, { dueDate: '2026-12-10', total: '10' });
    const rule = await createRule(strapi, {
      ...RULE,
      conditions: {
        anyOf: [
          [{ field: 'total', operator: 'gte', value: '1000' }],
          [{ field: 'language', operator: 'eq', value: 'sw' }],
        ],
      },
    });
    expect((await queuedFor(rule.documentId)).sort()).toEqual([large.documentId, swahili.documentId].sort());
  });

  it('a custom status is accepted on an invoice and matched by a rule; an unknown one is a 400', async () => {
    const disputed = await createInvoice(strapi, { dueDate: '2026-12-10', invoiceStatus: 'disputed' });
    await createInvoice(strapi, { dueDate: '2026-12-10' });
    const rule = await admin(http().post('/reminders/rules')).send({
      ...RULE,
      conditions: [{ field: 'invoiceStatus', operator: 'in', value: ['disputed'] }],
    });
    expect(rule.status).toBe(201);
    expect(await queuedFor(rule.body.data.documentId)).toEqual([disputed.documentId]);

    await expect(createInvoice(strapi, { dueDate: '2026-12-10', invoiceStatus: 'lost' })).rejects.toMatchObject({
      details: { errors: [expect.objectContaining({ path: ['invoiceStatus'] })] },
    });
    const options = await admin(http().get('/reminders/rules/options'));
    expect(options.body.data.targets.invoice.conditions.invoiceStatus).toEqual({
      kind: 'choice',
      values: ['draft', 'sent', 'void', 'disputed'],
      labels: { disputed: 'Disputed' },
    });
    const fields = await admin(http().get('/reminders/field-options'));
    expect(fields.body.data.statusLabels).toEqual({ disputed: 'Disputed' });
  });

  it('conditions on the appointment type; {{ appointment.type }} in templates', async () => {
    clock.set('2026-12-07T05:00:00Z');
    const consultation = await createAppointment(strapi, {
      startsAt: '2026-12-07T20:00:00Z',
      appointmentType: 'consultation',
    });
    await createAppointment(strapi, { startsAt: '2026-12-07T20:00:00Z', appointmentType: 'follow_up' });
    const rule = await createRule(strapi, {
      target: 'appointment',
      anchor: 'starts_at',
      steps: [{ amount: 14, unit: 'hours', direction: 'before' }],
      conditions: [{ field: 'appointmentType', operator: 'eq', value: 'consultation' }],
      templates: { en: 'Your {{ appointment.type }} is soon.' },
    });
    expect(await queuedFor(rule.documentId)).toEqual([consultation.documentId]);
    clock.set('2026-12-07T06:00:00Z');
    await schedulerOf(strapi).tick();
    expect(provider.sent.map((message) => message.body)).toEqual([withFooter('Your consultation is soon.')]);
    clock.set('2026-12-07T05:00:00Z');
  });

  it.each([
    [{ anyOf: [] }, 'conditions.anyOf', /1 to 10 groups/],
    [{ anyOf: [[]] }, 'conditions.anyOf[0]', /1 to 20 conditions/],
    [
      { anyOf: Array.from({ length: 11 }, () => [{ field: 'total', operator: 'gt', value: '0' }]) },
      'conditions.anyOf',
      /1 to 10 groups/,
    ],
    [
      {
        anyOf: [
          [{ field: 'total', operator: 'gt', value: '0' }],
          [{ field: 'invoiceStatus', operator: 'in', value: ['lost'] }],
        ],
      },
      'conditions.anyOf[1][0].value',
      /must be among: draft, sent, void, disputed/,
    ],
    [{ anyOf: [[{ field: 'nope', operator: 'eq', value: 'x' }]] }, 'conditions.anyOf[0][0].field', /must be one of/],
    [{ allOf: [] }, 'conditions', /anyOf/],
    ['paid', 'conditions', /anyOf/],
  ])('refuses conditions %j with a 400 naming %s, saving nothing', async (conditions, path, message) => {
    const response = await admin(http().post('/reminders/rules')).send({ ...RULE, conditions });
    expect(response.status).toBe(400);
    const errors = response.body.error.details.errors as { path: string[]; message: string }[];
    expect(errors).toContainEqual(expect.objectContaining({ path: path.split('.') }));
    expect(errors.find((error) => error.path.join('.') === path)?.message).toMatch(message);
    expect(await strapi.db.query(UIDS.rule).count({})).toBe(0);
  });

  it('the migration gives an existing rule its defaults once, however often Strapi starts', async () => {
    const paid = await createInvoice(strapi, { dueDate: '2026-12-10', paymentStatus: 'paid' });
    await createInvoice(strapi, { dueDate: '2026-12-10' });
    // A rule as stored before the change (defaults then added unseen): written past the validation, and the
    // migration marked not done.
    const before = await strapi.db.query(UIDS.rule).create({
      data: { ...RULE, documentId: 'old-rule-000000000000000', enabled: true, steps: RULE.steps, conditions: null },
    });
    const own = await strapi.db.query(UIDS.rule).create({
      data: {
        ...RULE,
        name: 'Own conditions',
        documentId: 'own-rule-000000000000000',
        enabled: true,
        conditions: [
          { field: 'invoiceStatus', operator: 'notIn', value: ['void'] },
          { field: 'total', operator: 'gt', value: '0' },
        ],
      },
    });
    await strapi.store({ type: 'plugin', name: 'reminders', key: 'migration-default-conditions' }).delete({});

    for (let boot = 0; boot < 2; boot += 1) {
      strapi = await restartStrapi(strapi);
      await setUp();
    }
    const conditionsOf = async (id: number) =>
      (await strapi.db.query(UIDS.rule).findOne({ where: { id }, select: ['conditions'] })).conditions;
    expect(await conditionsOf(before.id)).toEqual([
      { field: 'paymentStatus', operator: 'notIn', value: ['paid'] },
      { field: 'invoiceStatus', operator: 'notIn', value: ['void'] },
    ]);
    expect(await conditionsOf(own.id)).toEqual([
      { field: 'invoiceStatus', operator: 'notIn', value: ['void'] },
      { field: 'total', operator: 'gt', value: '0' },
      { field: 'paymentStatus', operator: 'notIn', value: ['paid'] },
    ]);
    // An editor removes the defaults after the migration: the next start leaves the rule as it is.
    await strapi.db.query(UIDS.rule).update({ where: { id: before.id }, data: { conditions: [] } });
    strapi = await restartStrapi(strapi);
    await setUp();
    expect(await conditionsOf(before.id)).toEqual([]);
    // And the paid invoice is reminded by that rule once it is re-planned.
    await schedulerOf(strapi).tick();
    expect(await deliveriesOf(strapi, { ruleDocumentId: before.documentId })).toEqual(
      expect.arrayContaining([expect.objectContaining({ targetDocumentId: paid.documentId })])
    );
  });
});
