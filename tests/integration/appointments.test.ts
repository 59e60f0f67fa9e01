import request from 'supertest';
import type { Core } from '@strapi/strapi';
import { createFullAccessToken, describeIntegration, startStrapi, stopStrapi } from '../helpers/strapi';

const validAppointment = {
  title: 'Dental check-up',
  customerName: 'Grace Njeri',
  phone: '0700 111 222',
  startsAt: '2026-12-01T10:00:00+03:00',
  endsAt: '2026-12-01T11:00:00+03:00',
  timezone: 'Africa/Nairobi',
  staffName: 'Dr. Mwangi',
  staffPhone: '+254 733 444 555',
};

describeIntegration('appointments over REST', () => {
  let strapi: Core.Strapi;
  let token: string;
  const api = () => request(strapi.server.httpServer);
  const auth = (test: request.Test) => test.set('Authorization', `Bearer ${token}`);

  beforeAll(async () => {
    strapi = await startStrapi();
    token = await createFullAccessToken(strapi);
  });
  afterAll(() => stopStrapi(strapi));

  it('stores both phones in E.164 and the instants in UTC', async () => {
    const response = await auth(api().post('/api/reminders/appointments')).send({ data: validAppointment });
    expect(response.status).toBe(201);
    expect(response.body.data).toMatchObject({
      phone: '+254700111222',
      staffPhone: '+254733444555',
      startsAt: '2026-12-01T07:00:00.000Z',
      endsAt: '2026-12-01T08:00:00.000Z',
      appointmentStatus: 'scheduled',
    });
  });

  it.each([
    ['endsAt', { endsAt: '2026-12-01T09:00:00+03:00' }, /endsAt .* must not be before startsAt/],
    ['startsAt', { startsAt: '2026-12-01T10:00:00' }, /startsAt must be an ISO 8601 date-time with a UTC offset/],
    ['staffPhone', { staffPhone: '999' }, /staffPhone "999" is not a valid phone number/],
    ['timezone', { timezone: 'Nairobi' }, /timezone "Nairobi" is not an IANA time zone/],
    ['appointmentStatus', { appointmentStatus: 'maybe' }, /appointmentStatus must be one of/],
    ['customerName', { customerName: '' }, /customerName is required/],
  ])('refuses a bad %s with a 400 naming the field', async (field, change, message) => {
    const response = await auth(api().post('/api/reminders/appointments')).send({
      data: { ...validAppointment, ...change },
    });
    expect(response.status).toBe(400);
    expect(response.body.error.message).toMatch(message);
    expect(response.body.error.details.errors.map((error: { path: string[] }) => error.path)).toContainEqual([field]);
  });

  it('checks a partial update against the stored record, and leaves it unchanged when refused', async () => {
    const created = await auth(api().post('/api/reminders/appointments')).send({ data: validAppointment });
    const { documentId } = created.body.data;
    const refused = await auth(api().put(`/api/reminders/appointments/${documentId}`)).send({
      data: { endsAt: '2026-11-30T10:00:00Z' },
    });
    expect(refused.status).toBe(400);
    expect(refused.body.error.details.errors[0].path).toEqual(['endsAt']);
    const stored = await auth(api().get(`/api/reminders/appointments/${documentId}`));
    expect(stored.body.data.endsAt).toBe('2026-12-01T08:00:00.000Z');

    const moved = await auth(api().put(`/api/reminders/appointments/${documentId}`)).send({
      data: { startsAt: '2026-12-02T09:00:00+03:00', endsAt: '2026-12-02T10:00:00+03:00' },
    });
    expect(moved.status).toBe(200);
    expect(moved.body.data.startsAt).toBe('2026-12-02T06:00:00.000Z');
  });

  it('filters and sorts like any Strapi content API', async () => {
    const response = await auth(api().get('/api/reminders/appointments')).query({
      filters: { startsAt: { $gte: '2026-12-02T00:00:00Z' } },
      sort: 'startsAt:asc',
    });
    expect(response.status).toBe(200);
    expect(response.body.data.map((appointment: { startsAt: string }) => appointment.startsAt)).toEqual([
      '2026-12-02T06:00:00.000Z',
    ]);
    expect(response.body.meta.pagination.total).toBe(1);
  });
});
