import request from 'supertest';
import type { Core } from '@strapi/strapi';
import {
  createFullAccessToken,
  createSuperAdminToken,
  describeIntegration,
  startStrapi,
  stopStrapi,
} from '../helpers/strapi';
import {
  TestClock,
  clearReminders,
  createAppointment,
  createRule,
  deliveriesOf,
  schedulerOf,
  updateDocument,
  useClock,
} from '../helpers/scheduling';
import { type FakeAfricasTalking, startFakeAfricasTalking } from '../fake-africastalking';
import { withFooter } from '../helpers/footer';

const OFFICE = { kind: 'fixed', phone: '0700 000 001', name: 'Front desk' };
const sentTo = (fake: FakeAfricasTalking) =>
  fake.requests.map((sent) => [sent.fields.to, sent.fields.message]).sort((a, b) => a.join().localeCompare(b.join()));

/** Recipients (customer, staff, a fixed number) and a step's minimum notice, through the fake Africa's Talking server. */
describeIntegration('recipients and minimum notice', () => {
  let strapi: Core.Strapi;
  let fake: FakeAfricasTalking;
  let adminToken: string;
  let apiToken: string;
  const clock = new TestClock(new Date('2026-03-02T06:00:00Z'));
  const scheduler = () => schedulerOf(strapi);
  const http = () => request(strapi.server.httpServer);

  beforeAll(async () => {
    fake = await startFakeAfricasTalking({ username: 'recipients', apiKey: 'recipients-key' });
    strapi = await startStrapi({
      AT_USERNAME: 'recipients',
      AT_API_KEY: 'recipients-key',
      AT_API_BASE_URL: fake.baseUrl,
      REMINDERS_FREQUENCY_CAP: 'on',
    });
    useClock(strapi, clock);
    adminToken = await createSuperAdminToken(strapi);
    apiToken = await createFullAccessToken(strapi);
    // At most one SMS a day to a number: the customers' cap, which the office must not be held to.
    const protection = await http()
      .put('/reminders/settings/protection')
      .set('Authorization', `Bearer ${adminToken}`)
      .send({ frequencyCap: { perDay: 1, perWeek: 3, minSpacingMinutes: 60 }, weekendDays: [6, 7], holidays: [] });
    expect(protection.status).toBe(200);
  });
  beforeEach(async () => {
    await clearReminders(strapi);
    fake.requests.length = 0;
  });
  afterAll(async () => {
    await stopStrapi(strapi);
    await fake.close();
  });

  it('sends to the customer, the staff member and the office, each once, under concurrent dispatch passes', async () => {
    clock.set('2026-03-02T06:00:00Z');
    await createRule(strapi, {
      target: 'appointment',
      anchor: 'starts_at',
      steps: [{ amount: 1, unit: 'hours', direction: 'before' }],
      recipients: [{ kind: 'customer' }, { kind: 'staff' }, OFFICE],
      templates: {
        en: 'Hi {{ recipient.name }} ({{ recipient.kind }}): {{ customer.name }} at {{ appointment.startsAt | time: "HH:mm" }}.',
      },
    });
    for (const [customerName, phone] of [
      ['Grace', '0700 111 222'],
      ['Amina', '0700 111 333'],
    ])
      await createAppointment(strapi, {
        customerName,
        phone,
        startsAt: '2026-03-02T13:00:00+03:00',
        timezone: 'Africa/Nairobi',
        staffName: 'Dr. Mwangi',
        staffPhone: '0733 444 555',
      });

    clock.set('2026-03-02T09:00:00Z'); // an hour before 13:00 in Nairobi
    await Promise.all([
      scheduler().tick(),
      scheduler().dispatcher.dispatch(clock.now),
      scheduler().dispatcher.dispatch(clock.now),
    ]);
    await scheduler().tick();

    // Six SMS (two appointments × three recipients), each sent once; the office and the staff member get both
    // appointments' reminders although the cap allows one SMS a day to a customer's number.
    expect(sentTo(fake)).toEqual([
      ['+254700000001', 'Hi Front desk (fixed): Amina at 13:00.'],
      ['+254700000001', 'Hi Front desk (fixed): Grace at 13:00.'],
      ['+254700111222', withFooter('Hi Grace (customer): Grace at 13:00.')],
      ['+254700111333', withFooter('Hi Amina (customer): Amina at 13:00.')],
      ['+254733444555', 'Hi Dr. Mwangi (staff): Amina at 13:00.'],
      ['+254733444555', 'Hi Dr. Mwangi (staff): Grace at 13:00.'],
    ]);
    const roles = (await deliveriesOf(strapi)).map(
      (row) => (row as unknown as { recipientRole: string }).recipientRole
    );
    expect(roles.sort()).toEqual([
      'customer',
      'customer',
      'fixed:+254700000001',
      'fixed:+254700000001',
      'staff',
      'staff',
    ]);
  });

  it("reminds an invoice's account manager, a staff member of its own", async () => {
    clock.set('2026-03-02T05:00:00Z');
    const created = await http()
      .post('/api/reminders/invoices')
      .set('Authorization', `Bearer ${apiToken}`)
      .send({
        data: {
          number: 'INV-AM-1',
          customerName: 'Wanjiku',
          phone: '0712 345 678',
          currency: 'KES',
          total: '1500',
          issueDate: '2026-03-01',
          dueDate: '2026-03-05',
          timezone: 'Africa/Nairobi',
          accountManagerName: 'Otieno',
          accountManagerPhone: '0733 000 222',
        },
      });
    expect(created.status).toBe(201);
    expect(created.body.data).toMatchObject({ accountManagerName: 'Otieno', accountManagerPhone: '+254733000222' });
    await createRule(strapi, {
      target: 'invoice',
      anchor: 'due_date',
      steps: [{ amount: 3, unit: 'days', direction: 'before' }],
      recipient: 'staff',
      templates: { en: '{{ recipient.name }}: {{ customer.name }} owes {{ invoice.balance | money }}.' },
    });
    clock.set('2026-03-02T06:00:00Z'); // 09:00 in Nairobi, 3 days before the due date
    await scheduler().tick();
    expect(sentTo(fake)).toEqual([['+254733000222', 'Otieno: Wanjiku owes KES 1,500.00.']]);

    const refused = await http()
      .put(`/api/reminders/invoices/${created.body.data.documentId}`)
      .set('Authorization', `Bearer ${apiToken}`)
      .send({ data: { accountManagerPhone: '999' } });
    expect(refused.status).toBe(400);
    expect(refused.body.error.details.errors[0].path).toEqual(['accountManagerPhone']);
  });

  it('skips a 24-hours-before reminder for a booking made 30 minutes ahead, and sends it for one made 3 days ahead', async () => {
    // Strapi stamps updatedAt with the wall clock, which the tick path reads as the write time: the test's
    // clock starts at the real time.
    const start = Math.floor(Date.now() / 60_000) * 60_000;
    const at = (minutes: number) => new Date(start + minutes * 60_000);
    const hhmm = (date: Date) => date.toISOString().slice(11, 16);
    const HOUR = 60;
    clock.now = at(0);
    await createRule(strapi, {
      target: 'appointment',
      anchor: 'starts_at',
      maxLatenessMinutes: 1440,
      // Two reminders may fall on one calendar day, whatever time the test runs: no cap to speak of.
      frequencyCap: { perDay: 100, perWeek: 700, minSpacingMinutes: 0 },
      steps: [
        { amount: 24, unit: 'hours', direction: 'before', minimumNotice: { amount: 12, unit: 'hours' } },
        { amount: 1, unit: 'hours', direction: 'before', minimumNotice: { amount: 12, unit: 'hours' } },
      ],
      templates: { en: 'See you at {{ appointment.startsAt | time: "HH:mm" }}.' },
    });
    const late = await createAppointment(strapi, { startsAt: at(30).toISOString(), timezone: 'UTC' });
    const early = await createAppointment(strapi, {
      phone: '0700 111 444',
      startsAt: at(72 * HOUR).toISOString(),
      timezone: 'UTC',
    });

    const skipped = await deliveriesOf(strapi, { targetDocumentId: late.documentId });
    expect(skipped.map((row) => [row.stepIndex, row.deliveryStatus, row.reasonDetail?.key])).toEqual([
      [0, 'skipped', 'minimumNotice'],
      [1, 'skipped', 'minimumNotice'],
    ]);
    expect(skipped[0].reason).toMatch(/^Less than the step's minimum notice of 12 hours: the appointment was written /);
    clock.now = at(10);
    await scheduler().tick();
    expect(fake.requests).toHaveLength(0);

    clock.now = at(48 * HOUR); // 24 hours before the early booking
    await scheduler().tick();
    expect(sentTo(fake)).toEqual([['+254700111444', withFooter(`See you at ${hhmm(at(72 * HOUR))}.`)]]);

    // Another field edited 5 hours before: not a new booking, the 1-hour reminder still goes.
    clock.now = at(67 * HOUR);
    await updateDocument(strapi, 'appointment', early.documentId, { location: 'Room 2' });
    clock.now = at(71 * HOUR);
    await scheduler().tick();
    expect(fake.requests).toHaveLength(2);

    // Moved to 6 hours ahead: a new time with less than 12 hours' notice, its reminders are skipped.
    clock.now = at(72 * HOUR);
    const movedTo = at(78 * HOUR);
    await updateDocument(strapi, 'appointment', early.documentId, { startsAt: movedTo.toISOString() });
    const moved = await deliveriesOf(strapi, { targetDocumentId: early.documentId });
    expect(
      moved
        .filter((row) => row.idempotencyKey.endsWith(movedTo.toISOString()))
        .map((row) => [row.stepIndex, row.deliveryStatus, row.reasonDetail?.key])
    ).toEqual([
      [0, 'skipped', 'minimumNotice'],
      [1, 'skipped', 'minimumNotice'],
    ]);
    clock.now = at(77 * HOUR);
    await scheduler().tick();
    expect(fake.requests).toHaveLength(2);
  });

  it.each([
    [
      { recipients: [{ kind: 'customer' }, { kind: 'staff' }, { kind: 'fixed', phone: '12' }] },
      'recipients.2.phone',
      'recipients[2].phone',
    ],
    [{ recipients: [{ kind: 'customer' }, { kind: 'customer' }] }, 'recipients[1]', 'recipients[1]'],
    [
      {
        steps: [
          { amount: 1, unit: 'days', direction: 'before' },
          { amount: 1, unit: 'hours', direction: 'before', minimumNotice: { amount: -2, unit: 'hours' } },
        ],
      },
      'steps[1].minimumNotice.amount',
      'steps[1].minimumNotice.amount',
    ],
  ])('refuses a bad rule with a 400 naming the field (%#)', async (change, _label, field) => {
    const response = await http()
      .post('/reminders/rules')
      .set('Authorization', `Bearer ${adminToken}`)
      .send({
        name: 'Bad',
        target: 'appointment',
        anchor: 'starts_at',
        steps: [{ amount: 1, unit: 'days', direction: 'before' }],
        templates: { en: 'Hi' },
        ...change,
      });
    expect(response.status).toBe(400);
    expect(response.body.error.details.errors.map((error: { path: string[] }) => error.path.join('.'))).toEqual([
      field,
    ]);
    expect(await strapi.db.query('plugin::reminders.reminder-rule').count()).toBe(0);
  });
});
