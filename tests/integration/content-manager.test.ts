import request from 'supertest';
import type { Core } from '@strapi/strapi';
import { createSuperAdminToken, describeIntegration, startStrapi, stopStrapi } from '../helpers/strapi';
import {
  LAYOUTS,
  applyContentManagerLayouts,
} from '../../plugins/reminders/server/src/services/content-manager-config';

const invoicePath = '/content-manager/collection-types/plugin::reminders.invoice';

describeIntegration('writes from the Content Manager', () => {
  let strapi: Core.Strapi;
  let adminToken: string;
  const cm = () => request(strapi.server.httpServer);

  beforeAll(async () => {
    strapi = await startStrapi();
    adminToken = await createSuperAdminToken(strapi);
  });
  afterAll(() => stopStrapi(strapi));

  const invoice = {
    number: 'CM-1',
    customerName: 'Amina Hassan',
    phone: '0722 000 111',
    currency: 'KES',
    total: 100,
    amountPaid: 0,
    issueDate: '2026-11-01',
    dueDate: '2026-11-15',
  };

  it('normalises what an editor saves, the same way as REST', async () => {
    const response = await cm().post(invoicePath).set('Authorization', `Bearer ${adminToken}`).send(invoice);
    expect(response.status).toBe(201);
    expect(response.body.data).toMatchObject({ phone: '+254722000111', paymentStatus: 'unpaid', balance: 100 });
  });

  it('answers a bad phone with a 400 the edit view can pin on the phone field', async () => {
    const response = await cm()
      .post(invoicePath)
      .set('Authorization', `Bearer ${adminToken}`)
      .send({ ...invoice, number: 'CM-2', phone: 'call me' });
    expect(response.status).toBe(400);
    expect(response.body.error.details.errors).toEqual([
      expect.objectContaining({
        path: ['phone'],
        message: expect.stringMatching(/phone "call me" is not a valid phone number/),
      }),
    ]);
    expect(await strapi.db.query('plugin::reminders.invoice').count({ where: { number: 'CM-2' } })).toBe(0);
  });

  it('re-derives the balance and payment status when an editor records a payment', async () => {
    const created = await cm()
      .post(invoicePath)
      .set('Authorization', `Bearer ${adminToken}`)
      .send({ ...invoice, number: 'CM-3' });
    const { documentId } = created.body.data;
    const updated = await cm()
      .put(`${invoicePath}/${documentId}`)
      .set('Authorization', `Bearer ${adminToken}`)
      .send({ ...created.body.data, amountPaid: 100 });
    expect(updated.status).toBe(200);
    expect(updated.body.data).toMatchObject({ amountPaid: 100, balance: 0, paymentStatus: 'paid' });
  });

  it('treats "paid" chosen in the edit view, amount untouched, as paid in full', async () => {
    const created = await cm()
      .post(invoicePath)
      .set('Authorization', `Bearer ${adminToken}`)
      .send({ ...invoice, number: 'CM-4', amountPaid: 40 });
    const { documentId } = created.body.data;
    const updated = await cm()
      .put(`${invoicePath}/${documentId}`)
      .set('Authorization', `Bearer ${adminToken}`)
      .send({ ...created.body.data, paymentStatus: 'paid' });
    expect(updated.status).toBe(200);
    expect(updated.body.data).toMatchObject({ amountPaid: 100, balance: 0, paymentStatus: 'paid' });
  });

  // Found by the long fuzz run: both were 500s.
  it('ignores a documentId in the data, even one that is not a string', async () => {
    for (const [number, documentId] of [
      ['CM-5', { a: null }],
      ['CM-6', 'chosen-by-the-caller'],
    ] as const) {
      const response = await cm()
        .post(invoicePath)
        .set('Authorization', `Bearer ${adminToken}`)
        .send({ ...invoice, number, documentId });
      expect([number, response.status]).toEqual([number, 201]);
      expect(response.body.data.documentId).not.toEqual(documentId);
    }
  });

  it('stores an appointment location of 500 characters on every database', async () => {
    const path = '/content-manager/collection-types/plugin::reminders.appointment';
    const appointment = {
      title: 'Site visit',
      customerName: 'Amina Hassan',
      phone: '0722 000 111',
      startsAt: '2026-12-01T10:00:00Z',
      location: 'L'.repeat(500),
    };
    const created = await cm().post(path).set('Authorization', `Bearer ${adminToken}`).send(appointment);
    expect(created.status).toBe(201);
    expect(created.body.data.location).toHaveLength(500);
    const tooLong = await cm()
      .post(path)
      .set('Authorization', `Bearer ${adminToken}`)
      .send({ ...appointment, location: 'L'.repeat(501) });
    expect(tooLong.status).toBe(400);
    expect(tooLong.body.error.details.errors).toEqual([expect.objectContaining({ path: ['location'] })]);
  });

  describe('the plugin in the Content Manager', () => {
    const configurationPath = (uid: string) => `/content-manager/content-types/${uid}/configuration`;
    const configuration = async (uid: string) =>
      (await cm().get(configurationPath(uid)).set('Authorization', `Bearer ${adminToken}`)).body.data.contentType;

    it('labels the invoice fields, lists the columns an accountant wants and keeps the balance read-only', async () => {
      const invoiceConfiguration = await configuration('plugin::reminders.invoice');
      const { metadatas, layouts, settings } = invoiceConfiguration;
      expect(metadatas.paymentStatus.edit.label).toBe('Payment status');
      expect(metadatas.dueDate.edit.label).toBe('Due date');
      expect(metadatas.timezone.edit).toMatchObject({ label: 'Time zone', description: expect.stringMatching(/zone/) });
      expect(metadatas.balance.edit).toMatchObject({ label: 'Balance', editable: false });
      expect(metadatas.total.edit.editable).toBe(true);
      expect(layouts.list).toEqual(['number', 'customerName', 'dueDate', 'balance', 'currency', 'paymentStatus']);
      expect(settings).toMatchObject({ mainField: 'number', defaultSortBy: 'dueDate', defaultSortOrder: 'ASC' });
      // Every field of the type is in the edit view, once.
      const placed = layouts.edit.flat().map(({ name }: { name: string }) => name);
      expect(placed.sort()).toEqual(Object.keys(LAYOUTS['plugin::reminders.invoice'].fields).sort());
      const appointment = await configuration('plugin::reminders.appointment');
      expect(appointment.metadatas.startsAt.edit.label).toBe('Starts at');
      expect(appointment.settings).toMatchObject({ mainField: 'title', defaultSortBy: 'startsAt' });
    });

    it("applies a new layout version over the plugin's own layout, never over an administrator's", async () => {
      const uid = 'plugin::reminders.appointment';
      const key = 'content-manager-layouts';
      const store = strapi.store({ type: 'plugin', name: 'reminders' });
      const setMark = async (mark: object) =>
        store.set({ key, value: { ...((await store.get({ key })) as object), [uid]: mark } });
      const viewOf = ({ settings, metadatas, layouts }: Record<string, any>) => ({ settings, metadatas, layouts });
      const titleLabel = async () => (await configuration(uid)).metadatas.title.edit.label;

      // The layout an older version of the plugin wrote, untouched since: the new version replaces it.
      const older = viewOf(await configuration(uid));
      older.metadatas.title.edit.label = 'Old title';
      const written = await strapi
        .plugin('content-manager')
        .service('content-types')
        .updateConfiguration({ uid }, older);
      await setMark({ version: 0, applied: viewOf(written) });
      await applyContentManagerLayouts(strapi);
      expect(await titleLabel()).toBe('Title');

      // An administrator's own (Configure the view), then a new plugin version: theirs stays.
      const edited = viewOf(await configuration(uid));
      edited.metadatas.title.edit.label = 'Service';
      // What the admin sends back: the Content Manager's GET adds these, its PUT refuses them.
      for (const field of ['createdBy', 'updatedBy']) delete edited.metadatas[field]?.list?.mainField;
      const saved = await cm().put(configurationPath(uid)).set('Authorization', `Bearer ${adminToken}`).send(edited);
      expect([saved.status, saved.body.error]).toEqual([200, undefined]);
      await setMark({ ...((await store.get({ key })) as Record<string, object>)[uid], version: 0 });
      await applyContentManagerLayouts(strapi);
      expect(await titleLabel()).toBe('Service');
    });

    it('offers languages, currencies and time zones as selects, and refuses a value outside them naming the field', async () => {
      const types = await cm().get('/content-manager/content-types').set('Authorization', `Bearer ${adminToken}`);
      const invoiceType = types.body.data.find((type: { uid: string }) => type.uid === 'plugin::reminders.invoice');
      expect(invoiceType.attributes).toMatchObject({
        language: { type: 'string', customField: 'plugin::reminders.language' },
        currency: { type: 'string', customField: 'plugin::reminders.currency' },
        timezone: { type: 'string', customField: 'plugin::reminders.timezone' },
        paymentStatus: { type: 'enumeration', customField: 'plugin::reminders.status' },
      });
      const options = await cm().get('/reminders/field-options').set('Authorization', `Bearer ${adminToken}`);
      expect(options.status).toBe(200);
      expect(options.body.data.languages).toEqual(strapi.plugin('reminders').config('languages'));
      expect(options.body.data.currencies).toEqual(expect.arrayContaining(['KES', 'UGX', 'JOD']));
      expect(options.body.data.timeZones).toEqual(expect.arrayContaining(['UTC', 'Africa/Nairobi', 'Asia/Amman']));

      for (const [field, value] of [
        ['language', 'xx'],
        ['currency', 'ABC'],
        ['timezone', 'Mars/Olympus_Mons'],
        ['paymentStatus', 'overdue'],
        ['balance', 5],
      ] as const) {
        const number = `CM-FIELD-${field}`;
        const response = await cm()
          .post(invoicePath)
          .set('Authorization', `Bearer ${adminToken}`)
          .send({ ...invoice, number, [field]: value });
        expect([field, response.status]).toEqual([field, 400]);
        expect(response.body.error.details.errors).toEqual([expect.objectContaining({ path: [field] })]);
        expect(await strapi.db.query('plugin::reminders.invoice').count({ where: { number } })).toBe(0);
      }
    });

    it('hides the rules and the outbox, which the plugin pages own, and lets nobody create a delivery by hand', async () => {
      const init = await cm().get('/content-manager/init').set('Authorization', `Bearer ${adminToken}`);
      const displayed = Object.fromEntries(
        init.body.data.contentTypes
          .filter((type: { uid: string }) => type.uid.startsWith('plugin::reminders.'))
          .map((type: { uid: string; isDisplayed: boolean }) => [
            type.uid.slice('plugin::reminders.'.length),
            type.isDisplayed,
          ])
      );
      expect(
        Object.keys(displayed)
          .filter((type) => displayed[type])
          .sort()
      ).toEqual(['appointment', 'invoice', 'opt-out']);
      const deliveries = '/content-manager/collection-types/plugin::reminders.delivery';
      const created = await cm()
        .post(deliveries)
        .set('Authorization', `Bearer ${adminToken}`)
        .send({ idempotencyKey: 'by-hand', phone: '+254722000111' });
      expect(created.status).toBe(403);
      expect([404, 405]).toContain((await cm().post('/api/reminders/deliveries').send({ data: {} })).status);
      expect(await strapi.db.query('plugin::reminders.delivery').count({ where: { idempotencyKey: 'by-hand' } })).toBe(
        0
      );
    });
  });
});
