import request from 'supertest';
import type { Core } from '@strapi/strapi';
import { createFullAccessToken, describeIntegration, startStrapi, stopStrapi } from '../helpers/strapi';

const validInvoice = {
  number: 'INV-1',
  customerName: 'Wanjiku Kamau',
  phone: '0712 345 678',
  currency: 'KES',
  total: '1500.50',
  amountPaid: '500.25',
  issueDate: '2026-11-01',
  dueDate: '2026-11-30',
};

describeIntegration('invoices over REST and the Document Service', () => {
  let strapi: Core.Strapi;
  let token: string;
  const api = () => request(strapi.server.httpServer);
  const post = (data: Record<string, unknown>) =>
    api().post('/api/reminders/invoices').set('Authorization', `Bearer ${token}`).send({ data });
  const storedCount = () => strapi.db.query('plugin::reminders.invoice').count();

  beforeAll(async () => {
    strapi = await startStrapi();
    token = await createFullAccessToken(strapi);
  });
  afterAll(() => stopStrapi(strapi));

  it('stores a local phone number in E.164 with the default region, and derives the balance exactly', async () => {
    const response = await post(validInvoice);
    expect(response.status).toBe(201);
    expect(response.body.data).toMatchObject({
      number: 'INV-1',
      phone: '+254712345678',
      paymentStatus: 'partially_paid',
    });
    const stored = await strapi.db.query('plugin::reminders.invoice').findOne({ where: { number: 'INV-1' } });
    expect(String(stored.balance)).toMatch(/^1000\.25/);
  });

  it.each([
    ['phone', { phone: '12' }, /phone/],
    ['currency', { currency: 'XYZ' }, /currency "XYZ"/],
    ['dueDate', { dueDate: '2026-10-01' }, /dueDate \(2026-10-01\) must not be before issueDate/],
    ['amountPaid', { amountPaid: '2000' }, /amountPaid .* must not exceed total/],
    ['total', { total: '-5' }, /total must not be negative/],
    ['timezone', { timezone: 'Mars/Olympus' }, /timezone "Mars\/Olympus"/],
  ])('refuses a bad %s with a 400 naming the field, and stores nothing', async (field, change, message) => {
    const before = await storedCount();
    const response = await post({ ...validInvoice, number: `INV-bad-${field}`, ...change });
    expect(response.status).toBe(400);
    expect(response.body.error.message).toMatch(message);
    expect(response.body.error.details.errors[0].path).toEqual([field]);
    expect(await storedCount()).toBe(before);
  });

  it('refuses anonymous callers: nothing is public by default', async () => {
    const response = await api().get('/api/reminders/invoices');
    expect(response.status).toBe(403);
  });
});
