import request from 'supertest';
import type { Core } from '@strapi/strapi';
import { createSuperAdminToken, describeIntegration, startStrapi, stopStrapi } from '../helpers/strapi';
import { createInvoice } from '../helpers/scheduling';
import { type FakeAfricasTalking, startFakeAfricasTalking } from '../fake-africastalking';

describeIntegration('test send from the admin', () => {
  let strapi: Core.Strapi;
  let fake: FakeAfricasTalking;
  let token: string;
  const post = (body: Record<string, unknown>) =>
    request(strapi.server.httpServer).post('/reminders/test-send').set('Authorization', `Bearer ${token}`).send(body);

  beforeAll(async () => {
    fake = await startFakeAfricasTalking({ username: 'tester', apiKey: 'tester-key' });
    strapi = await startStrapi({ AT_USERNAME: 'tester', AT_API_KEY: 'tester-key', AT_API_BASE_URL: fake.baseUrl });
    token = await createSuperAdminToken(strapi);
  });
  afterAll(async () => {
    await stopStrapi(strapi);
    await fake.close();
  });

  it('renders the template against the chosen record, sends one SMS and logs it', async () => {
    const invoice = await createInvoice(strapi, {
      number: 'INV-T1',
      customerName: 'Amina',
      total: '1500',
      dueDate: '2026-12-01',
    });
    const response = await post({
      phone: '0712 345 678',
      template: 'Hi {{ customer.name }}, {{ invoice.number }}: {{ invoice.balance | money }}',
      target: 'invoice',
      documentId: invoice.documentId,
    });
    expect(response.status).toBe(200);
    expect(response.body.data).toMatchObject({
      status: 'accepted',
      text: 'Hi Amina, INV-T1: KES 1,500.00',
      encoding: 'GSM_7',
      segments: 1,
      reason: null,
    });
    expect(fake.requests.map((received) => [received.fields.to, received.fields.message])).toEqual([
      ['+254712345678', 'Hi Amina, INV-T1: KES 1,500.00'],
    ]);
    const logged = await strapi.db
      .query('plugin::reminders.delivery')
      .findOne({ where: { documentId: response.body.data.deliveryDocumentId } });
    expect(logged).toMatchObject({
      targetType: 'test',
      deliveryStatus: 'accepted',
      phone: '+254712345678',
      providerMessageId: fake.requests[0].messageIds[0],
    });
  });

  it('records what the provider answered when it refuses', async () => {
    fake.reply({ kind: 'recipient', statusCode: 403 });
    const response = await post({ phone: '+254711999888', template: 'Hello' });
    expect(response.status).toBe(200);
    expect(response.body.data.status).toBe('rejected');
    expect(response.body.data.reason).toEqual(expect.any(String));
  });

  it.each([
    [{ phone: '12', template: 'Hi' }, 'phone', /phone "12" is not a phone number/],
    [{ template: 'Hi' }, 'phone', /phone null is not a phone number/],
    [{ phone: '0712 345 678', template: 'Hi {{ customer.nmae }}' }, 'template', /customer\.nmae/],
    [{ phone: '0712 345 678', template: 'Hi', target: 'car' }, 'target', /target must be one of/],
  ])('refuses %j with a 400 naming %s, and sends nothing', async (body, field, message) => {
    const before = fake.requests.length;
    const response = await post(body);
    expect(response.status).toBe(400);
    expect(response.body.error.message).toMatch(message);
    expect(response.body.error.details.errors[0].path).toEqual([field]);
    expect(fake.requests).toHaveLength(before);
  });

  it('never sends to an opted-out number', async () => {
    await strapi.documents('plugin::reminders.opt-out' as never).create({ data: { phone: '+254711222333' } as never });
    const before = fake.requests.length;
    const response = await post({ phone: '0711 222 333', template: 'Hi' });
    expect(response.status).toBe(400);
    expect(response.body.error.message).toMatch(/opted out/);
    expect(fake.requests).toHaveLength(before);
  });
});
