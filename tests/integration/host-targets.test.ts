import type { Core } from '@strapi/strapi';
import request from 'supertest';
import { createSuperAdminToken, describeIntegration, restartStrapi, startStrapi, stopStrapi } from '../helpers/strapi';
import {
  RecordingProvider,
  TestClock,
  clearReminders,
  createRule,
  deliveriesOf,
  schedulerOf,
  useClock,
  useProvider,
} from '../helpers/scheduling';
import { SUBSCRIPTION_MAPPING } from '../helpers/demo-targets';
import { withFooter } from '../helpers/footer';

/**
 * Rules on the host app's own collection types: the demo app's bookings (Draft & Publish, the phone one
 * relation away on the customer), mapped in config/plugins.ts, and its subscriptions, mapped through the
 * Settings API as an admin would. Planned, sent, re-planned on every kind of write, shown in the admin API,
 * and stopped with a reason when a mapped field goes away.
 */

describeIntegration('reminders on the host app’s own collection types', () => {
  let strapi: Core.Strapi;
  let clock: TestClock;
  let provider: RecordingProvider;
  let token: string;
  const admin = () => ({
    get: (path: string) =>
      request(strapi.server.httpServer).get(`/reminders${path}`).set('Authorization', `Bearer ${token}`),
    put: (path: string, body: unknown) =>
      request(strapi.server.httpServer)
        .put(`/reminders${path}`)
        .set('Authorization', `Bearer ${token}`)
        .send(body as object),
    post: (path: string, body: unknown) =>
      request(strapi.server.httpServer)
        .post(`/reminders${path}`)
        .set('Authorization', `Bearer ${token}`)
        .send(body as object),
    del: (path: string) =>
      request(strapi.server.httpServer).delete(`/reminders${path}`).set('Authorization', `Bearer ${token}`),
  });
  const documents = (uid: string) =>
    strapi.documents(uid as never) as unknown as {
      create(params: Record<string, unknown>): Promise<{ documentId: string } & Record<string, unknown>>;
      update(params: Record<string, unknown>): Promise<Record<string, unknown>>;
      publish(params: Record<string, unknown>): Promise<unknown>;
      unpublish(params: Record<string, unknown>): Promise<unknown>;
      delete(params: Record<string, unknown>): Promise<unknown>;
    };
  const createCustomer = (data: Record<string, unknown> = {}) =>
    documents('api::customer.customer').create({
      data: { name: 'Wambui Mwangi', phone: '+254712345678', language: 'en', ...data },
    });
  const createBooking = (customer: string, data: Record<string, unknown> = {}, status = 'published') =>
    documents('api::booking.booking').create({
      data: {
        reference: `BK-${Math.random().toString(36).slice(2, 8)}`,
        service: 'Haircut',
        customer,
        startsAt: '2026-03-10T10:00:00.000Z',
        timezone: 'Africa/Nairobi',
        ...data,
      },
      status,
    });
  const bookingRule = (data: Record<string, unknown> = {}) =>
    createRule(strapi, {
      target: 'booking',
      anchor: 'startsAt',
      steps: [{ amount: 24, unit: 'hours', direction: 'before' }],
      templates: {
        en: 'Hi {{ customer.name }}, {{ record.service }} ({{ record.reference }}) is {{ record.startsAt | datetime }}.',
      },
      conditions: [{ field: 'bookingStatus', operator: 'notIn', value: ['cancelled'] }],
      ...data,
    });
  const tick = () => schedulerOf(strapi).tick();
  const runUntil = async (untilIso: string, step = 60) => {
    for (; clock.now.getTime() <= Date.parse(untilIso); clock.advance(step)) await tick();
  };

  beforeAll(async () => {
    strapi = await startStrapi();
    token = await createSuperAdminToken(strapi);
    clock = new TestClock(new Date('2026-03-08T00:00:00Z'));
    useClock(strapi, clock);
  });
  beforeEach(async () => {
    await clearReminders(strapi);
    for (const uid of [
      'api::booking.booking',
      'api::customer.customer',
      'api::subscription.subscription',
      'api::course.course',
    ])
      await strapi.db.query(uid as never).deleteMany({});
    await strapi.store({ type: 'plugin', name: 'reminders', key: 'targets' }).set({ value: {} });
    clock.set('2026-03-08T00:00:00Z');
    provider = new RecordingProvider();
    useProvider(strapi, provider);
  });
  afterAll(() => stopStrapi(strapi));

  describe('a target mapped in config/plugins.ts (bookings)', () => {
    it('sends to the customer’s phone, one relation away, 24 hours before the booking, once', async () => {
      const customer = await createCustomer();
      const booking = await createBooking(customer.documentId, { reference: 'BK-2001' });
      await bookingRule();
      await runUntil('2026-03-10T12:00:00Z');

      expect(provider.sent).toEqual([
        { to: '+254712345678', body: withFooter('Hi Wambui Mwangi, Haircut (BK-2001) is Mar 10, 2026, 1:00 PM.') },
      ]);
      const [delivery] = await deliveriesOf(strapi, { targetType: 'booking' });
      expect(delivery).toMatchObject({ targetDocumentId: booking.documentId, deliveryStatus: 'accepted' });
      expect(delivery.notBefore).toBe('2026-03-09T10:00:00.000Z');
    });

    it('reminds only published bookings: a draft waits, publishing plans it, unpublishing cancels it', async () => {
      const customer = await createCustomer();
      // Its reminder falls inside the planner's horizon (a day), so a write plans it at once.
      const booking = await createBooking(customer.documentId, { startsAt: '2026-03-09T10:00:00.000Z' }, 'draft');
      await bookingRule();
      await tick();
      expect(await deliveriesOf(strapi, { targetType: 'booking' })).toEqual([]);

      await documents('api::booking.booking').publish({ documentId: booking.documentId });
      expect(await deliveriesOf(strapi, { targetType: 'booking', deliveryStatus: 'queued' })).toHaveLength(1);

      await documents('api::booking.booking').unpublish({ documentId: booking.documentId });
      const [cancelled] = await deliveriesOf(strapi, { targetType: 'booking' });
      expect(cancelled).toMatchObject({ deliveryStatus: 'cancelled' });
      expect(cancelled.reason).toMatch(/deleted or unpublished/);
      await runUntil('2026-03-10T12:00:00Z', 240);
      expect(provider.sent).toEqual([]);
    });

    it('re-plans when the booking moves or is cancelled, and sends to the customer’s new number', async () => {
      const customer = await createCustomer();
      const booking = await createBooking(customer.documentId, { startsAt: '2026-03-09T10:00:00.000Z' });
      await bookingRule();
      await tick();
      await documents('api::booking.booking').update({
        documentId: booking.documentId,
        data: { startsAt: '2026-03-09T08:00:00.000Z' },
        status: 'published',
      });
      const rows = await deliveriesOf(strapi, { targetType: 'booking' });
      expect(rows.map((row) => [row.deliveryStatus, row.notBefore])).toEqual([
        ['queued', '2026-03-08T08:00:00.000Z'],
        ['cancelled', '2026-03-08T10:00:00.000Z'],
      ]);

      await documents('api::customer.customer').update({
        documentId: customer.documentId,
        data: { phone: '+254722000111' },
      });
      await runUntil('2026-03-08T09:00:00Z');
      expect(provider.sent.map((message) => message.to)).toEqual(['+254722000111']);

      const second = await createBooking(customer.documentId, { startsAt: '2026-03-09T20:00:00.000Z' });
      await documents('api::booking.booking').update({
        documentId: second.documentId,
        data: { bookingStatus: 'cancelled' },
        status: 'published',
      });
      const [cancelled] = await deliveriesOf(strapi, { targetDocumentId: second.documentId });
      expect(cancelled).toMatchObject({ deliveryStatus: 'cancelled' });
      expect(cancelled.reason).toMatch(/^(The booking is cancelled|Booking status is cancelled)/);
    });

    it('refuses a rule that cannot work for bookings with a 400 naming the field', async () => {
      const refused = async (rule: Record<string, unknown>) => {
        const response = await admin().post('/rules', {
          name: 'bad booking rule',
          target: 'booking',
          anchor: 'startsAt',
          steps: [{ amount: 1, unit: 'days', direction: 'before' }],
          templates: { en: 'Hi {{ customer.name }}' },
          ...rule,
        });
        expect(response.status).toBe(400);
        return response.body.error.details.errors.map((error: { path: string[]; message: string }) => [
          error.path.join('.'),
          error.message,
        ]);
      };
      expect(await refused({ anchor: 'reference' })).toEqual([
        [
          'anchor',
          'anchor for booking rules must be one of: startsAt, created, instantly, bookingStatus_changed, startsAt_moved',
        ],
      ]);
      expect(await refused({ templates: { en: 'Hi {{ record.nope }}' } })).toEqual([
        ['templates.en', expect.stringContaining('unknown variable "record.nope"')],
      ]);
      expect(await refused({ templates: { en: 'You owe {{ invoice.balance }}' } })).toEqual([
        ['templates.en', expect.stringContaining('only available in invoice templates, not booking ones')],
      ]);
      expect(await refused({ conditions: [{ field: 'bookingStatus', operator: 'in', value: ['lost'] }] })).toEqual([
        [
          'conditions[0].value',
          'conditions[0].value for bookingStatus must be among: pending, confirmed, cancelled, completed',
        ],
      ]);
      expect(await refused({ recipient: 'staff' })).toEqual([
        [
          'recipient',
          'only invoice and appointment rules can send to the staff member: booking records have no staff phone',
        ],
      ]);
    });

    it('offers bookings in the rule editor and shows them in the preview, the panel, send now and the log', async () => {
      const options = await admin().get('/rules/options');
      expect(options.body.data.targets.booking).toMatchObject({
        uid: 'api::booking.booking',
        displayName: 'Booking',
        builtIn: false,
        anchors: ['startsAt', 'created', 'instantly', 'bookingStatus_changed', 'startsAt_moved'],
        dateAnchors: [],
        conditions: { bookingStatus: { kind: 'choice' }, price: { kind: 'amount' } },
        recipients: ['customer'],
      });
      expect(options.body.data.targets.booking.variables).toEqual(
        expect.arrayContaining(['customer.name', 'record.reference', 'record.startsAt', 'record.price', 'currency'])
      );

      const customer = await createCustomer({ name: 'Juma Omondi' });
      const booking = await createBooking(customer.documentId, { reference: 'BK-3001', price: '1500.5' });
      const rule = await bookingRule();
      const preview = await admin().post('/templates/preview', {
        target: 'booking',
        template: '{{ customer.name }}: {{ record.reference }}, {{ record.price | money }}',
        documentId: booking.documentId,
      });
      expect(preview.status).toBe(200);
      expect(preview.body.data.text).toBe(withFooter('Juma Omondi: BK-3001, KES 1,500.50'));

      const search = await admin().get('/records/booking?q=3001');
      expect(search.body.data).toEqual([
        { documentId: booking.documentId, label: 'BK-3001', customerName: 'Juma Omondi' },
      ]);

      const panel = await admin().get(`/records/booking/${booking.documentId}/reminders`);
      expect(panel.status).toBe(200);
      expect(panel.body.data.planned).toEqual([
        expect.objectContaining({
          ruleDocumentId: rule.documentId,
          phone: '+254712345678',
          sendAt: '2026-03-09T10:00:00.000Z',
        }),
      ]);

      const sent = await admin().post(`/records/booking/${booking.documentId}/send-now`, { rule: rule.documentId });
      expect(sent.status).toBe(200);
      expect(provider.sent).toEqual([{ to: '+254712345678', body: expect.stringContaining('BK-3001') }]);

      const log = await admin().get(`/deliveries?target=booking&record=${booking.documentId}`);
      expect(log.body.data).toEqual([
        expect.objectContaining({ record: { label: 'BK-3001', customerName: 'Juma Omondi' } }),
      ]);
    });
  });

  describe('a target mapped on the Settings page (subscriptions)', () => {
    const refusal = (response: request.Response) =>
      response.body.error.details.errors.map((error: { path: string[]; message: string }) => [
        error.path.join('.'),
        error.message,
      ]);

    it('refuses a mapping that cannot work, naming the field, and saves one that can', async () => {
      const noPhone = await admin().put('/settings/targets/subscription', {
        ...SUBSCRIPTION_MAPPING,
        phone: undefined,
      });
      expect(noPhone.status).toBe(400);
      expect(refusal(noPhone)).toEqual([['phone', 'phone is required']]);
      const textAnchor = await admin().put('/settings/targets/subscription', {
        ...SUBSCRIPTION_MAPPING,
        anchors: ['plan'],
      });
      expect(refusal(textAnchor)).toEqual([['anchors[0]', 'anchors[0] "plan" must be one of: renewsOn']]);
      const noType = await admin().put('/settings/targets/subscription', {
        ...SUBSCRIPTION_MAPPING,
        uid: 'api::nope.nope',
      });
      expect(refusal(noType)).toEqual([['uid', 'uid "api::nope.nope" is not a collection type of this app']]);
      const taken = await admin().put('/settings/targets/booking', SUBSCRIPTION_MAPPING);
      expect(refusal(taken)).toEqual([['key', 'key "booking" is mapped in config/plugins.ts; change it there']]);

      const saved = await admin().put('/settings/targets/subscription', SUBSCRIPTION_MAPPING);
      expect(saved.status).toBe(200);
      expect(saved.body.data).toEqual({ key: 'subscription', displayName: 'Subscription' });
      const listed = await admin().get('/settings/targets');
      expect(listed.body.data.targets).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ key: 'booking', source: 'config', problems: [], unindexedAnchors: [] }),
          expect.objectContaining({
            key: 'subscription',
            source: 'settings',
            problems: [],
            unindexedAnchors: ['renewsOn'],
          }),
        ])
      );
      const subscriptionType = listed.body.data.contentTypes.find(
        (type: { uid: string }) => type.uid === 'api::subscription.subscription'
      );
      expect(subscriptionType.fields.anchors).toEqual(['renewsOn']);
    });

    it('sends 3 days before the renewal date at 09:00 local time, with amount conditions', async () => {
      expect((await admin().put('/settings/targets/subscription', SUBSCRIPTION_MAPPING)).status).toBe(200);
      const subscriptions = documents('api::subscription.subscription');
      await subscriptions.create({
        data: {
          plan: 'Gold',
          holderName: 'Achieng',
          mobile: '0701 234 567',
          renewsOn: '2026-03-12',
          amount: '2500',
          currency: 'KES',
        },
      });
      await subscriptions.create({
        data: {
          plan: 'Free',
          holderName: 'Otieno',
          mobile: '0733 000 000',
          renewsOn: '2026-03-12',
          amount: '0',
          currency: 'KES',
        },
      });
      await createRule(strapi, {
        target: 'subscription',
        anchor: 'renewsOn',
        steps: [{ amount: 3, unit: 'days', direction: 'before' }],
        sendAt: '09:00',
        conditions: [{ field: 'amount', operator: 'gt', value: '0' }],
        templates: { en: '{{ record.plan }} renews {{ record.renewsOn | date }}: {{ record.amount | money }}' },
      });
      await runUntil('2026-03-09T12:00:00Z');
      expect(provider.sent).toEqual([
        { to: '+254701234567', body: withFooter('Gold renews Mar 12, 2026: KES 2,500.00') },
      ]);
      const [delivery] = await deliveriesOf(strapi, { targetType: 'subscription' });
      expect(delivery.notBefore).toBe('2026-03-09T06:00:00.000Z');
    });

    it('disables the rules of a target whose field was renamed since it was mapped, and sends nothing queued', async () => {
      expect((await admin().put('/settings/targets/subscription', SUBSCRIPTION_MAPPING)).status).toBe(200);
      await documents('api::subscription.subscription').create({
        data: { plan: 'Gold', holderName: 'Achieng', mobile: '+254701234567', renewsOn: '2026-03-09', amount: '10' },
      });
      const rule = await createRule(strapi, {
        target: 'subscription',
        anchor: 'renewsOn',
        steps: [{ amount: 1, unit: 'days', direction: 'before' }],
      });
      await tick();
      expect(await deliveriesOf(strapi, { targetType: 'subscription', deliveryStatus: 'queued' })).toHaveLength(1);

      // The mapping as saved before the field was renamed in the type's schema.
      await strapi
        .store({ type: 'plugin', name: 'reminders', key: 'targets' })
        .set({ value: { subscription: { ...SUBSCRIPTION_MAPPING, anchors: ['renewedOn'] } } });
      strapi = await restartStrapi(strapi);
      token = await createSuperAdminToken(strapi);
      useClock(strapi, clock);
      useProvider(strapi, provider);

      const stored = await strapi.db
        .query('plugin::reminders.reminder-rule')
        .findOne({ where: { documentId: rule.documentId } });
      expect(stored).toMatchObject({ enabled: false });
      expect(stored.disabledReason).toContain('Its target "subscription" cannot be used');
      expect(stored.disabledReason).toContain('anchors[0] "renewedOn" must be one of: renewsOn');
      const listed = await admin().get('/settings/targets');
      expect(listed.body.data.targets).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ key: 'subscription', problems: [expect.stringContaining('renewedOn')] }),
        ])
      );
      await runUntil('2026-03-08T12:00:00Z');
      expect(provider.sent).toEqual([]);
      const [cancelled] = await deliveriesOf(strapi, { targetType: 'subscription' });
      expect(cancelled.deliveryStatus).toBe('cancelled');
      // Enabling it again is refused while its target cannot be used.
      const enable = await admin().put(`/rules/${rule.documentId}/enabled`, { enabled: true });
      expect(enable.status).toBe(400);
    });

    it('disables the rules of a target unmapped in Settings, with the reason', async () => {
      expect((await admin().put('/settings/targets/subscription', SUBSCRIPTION_MAPPING)).status).toBe(200);
      const rule = await createRule(strapi, {
        target: 'subscription',
        anchor: 'renewsOn',
        steps: [{ amount: 1, unit: 'days', direction: 'before' }],
      });
      expect((await admin().del('/settings/targets/subscription')).status).toBe(200);
      const listed = await admin().get('/rules');
      expect(listed.body.data.find((row: { documentId: string }) => row.documentId === rule.documentId)).toMatchObject({
        enabled: false,
        disabledReason: 'Its target "subscription" cannot be used: it is no longer mapped',
      });
    });
  });

  describe('a localised type (courses, in English and French)', () => {
    it('reminds only the mapped locale’s documents, in that locale’s template', async () => {
      const locales = strapi.plugin('i18n').service('locales');
      if (!(await locales.findByCode('fr'))) await locales.create({ code: 'fr', name: 'French (fr)' });
      const courses = documents('api::course.course');
      const english = await courses.create({
        data: { title: 'Algebra', studentName: 'Amina', phone: '+254712000001', startsAt: '2026-03-09T10:00:00.000Z' },
        locale: 'en',
      });
      await courses.update({
        documentId: english.documentId,
        locale: 'fr',
        data: { title: 'Algèbre', studentName: 'Amina', phone: '+254712000002', startsAt: '2026-03-09T12:00:00.000Z' },
      });

      const mapping = {
        uid: 'api::course.course',
        phone: 'phone',
        name: 'studentName',
        label: 'title',
        anchors: ['startsAt'],
      };
      const unsaid = await admin().put('/settings/targets/course-fr', mapping);
      expect(unsaid.status).toBe(400);
      expect(unsaid.body.error.message).toBe(
        'locale is required for a localised type: the locale whose documents are reminded, such as en'
      );
      expect((await admin().put('/settings/targets/course-fr', { ...mapping, locale: 'fr' })).status).toBe(200);
      await createRule(strapi, {
        target: 'course-fr',
        anchor: 'startsAt',
        steps: [{ amount: 2, unit: 'hours', direction: 'before' }],
        templates: { en: 'Reminder: {{ record.title }}', fr: 'Rappel : {{ record.title }}' },
        defaultLanguage: 'en',
      });
      await runUntil('2026-03-09T12:00:00Z');
      expect(provider.sent).toEqual([{ to: '+254712000002', body: withFooter('Rappel : Algèbre', 'fr') }]);
      const [delivery] = await deliveriesOf(strapi, { targetType: 'course-fr' });
      expect(delivery.notBefore).toBe('2026-03-09T10:00:00.000Z');
    });
  });
});
