import request from 'supertest';
import type { Core } from '@strapi/strapi';
import { createSuperAdminToken, describeIntegration, startStrapi, stopStrapi } from '../helpers/strapi';

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
});
