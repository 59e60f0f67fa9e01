import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import { describeIntegration, startStrapi, stopStrapi } from '../helpers/strapi';
import { seedDemoData } from '../../src/seed/demo-data';

const rule = {
  name: 'Unpaid invoices, 3 days before due',
  target: 'invoice',
  anchor: 'due_date',
  steps: [{ amount: 3, unit: 'days', direction: 'before' }],
  conditions: [{ field: 'paymentStatus', operator: 'in', value: ['unpaid', 'partially_paid'] }],
  templates: { en: 'Hi {{ customer.name }}, invoice {{ invoice.number }} is due soon.' },
};

/** The error a Document Service call threw, to look at its message and field paths. */
async function rejection(promise: Promise<unknown>): Promise<errors.ValidationError> {
  try {
    await promise;
  } catch (error) {
    return error as errors.ValidationError;
  }
  throw new Error('expected the call to be refused');
}

describeIntegration('validation through the Document Service', () => {
  let strapi: Core.Strapi;
  const documents = (uid: 'invoice' | 'reminder-rule' | 'opt-out') =>
    strapi.documents(`plugin::reminders.${uid}` as never) as any;

  beforeAll(async () => {
    strapi = await startStrapi();
  });
  afterAll(() => stopStrapi(strapi));

  it('saves a valid rule and fills in the 09:00 send-at time of a date anchor', async () => {
    const saved = await documents('reminder-rule').create({ data: rule });
    expect(saved).toMatchObject({ enabled: true, sendAt: '09:00', recipient: 'customer', maxLatenessMinutes: 1440 });
  });

  it('refuses a rule whose step and condition are wrong, naming each', async () => {
    const error = await rejection(
      documents('reminder-rule').create({
        data: {
          ...rule,
          name: 'Broken',
          steps: [{ amount: 3, unit: 'fortnights', direction: 'before' }],
          conditions: [{ field: 'appointmentStatus', operator: 'in', value: ['scheduled'] }],
        },
      })
    );
    expect(error).toBeInstanceOf(errors.ValidationError);
    expect((error.details as { errors: { path: string[] }[] }).errors.map((item) => item.path.join('.'))).toEqual([
      'steps[0].unit',
      'conditions[0].field',
    ]);
    expect(await strapi.db.query('plugin::reminders.reminder-rule').count({ where: { name: 'Broken' } })).toBe(0);
  });

  it('refuses an anchor that does not belong to the target', async () => {
    const error = await rejection(
      documents('reminder-rule').create({ data: { ...rule, name: 'Wrong anchor', target: 'appointment' } })
    );
    expect(error.message).toMatch(
      /anchor for appointment rules must be one of: starts_at, ends_at, created, instantly/
    );
  });

  it('refuses a bad invoice phone on the Document Service path as well', async () => {
    const error = await rejection(
      documents('invoice').create({
        data: {
          number: 'DS-1',
          customerName: 'A',
          phone: '12',
          currency: 'KES',
          total: '10',
          issueDate: '2026-11-01',
          dueDate: '2026-11-02',
        },
      })
    );
    expect(error).toBeInstanceOf(errors.ValidationError);
    expect(error.message).toMatch(/phone "12" is not a valid phone number \(default region KE\)/);
  });

  it('keeps amounts exact in the currency minor units (JOD has 3)', async () => {
    const saved = await documents('invoice').create({
      data: {
        number: 'DS-2',
        customerName: 'Youssef',
        phone: '+962 79 123 4567',
        currency: 'JOD',
        total: '120.505',
        amountPaid: '0.105',
        issueDate: '2026-11-01',
        dueDate: '2026-11-02',
      },
    });
    expect(saved).toMatchObject({ total: 120.505, amountPaid: 0.105, balance: 120.4, paymentStatus: 'partially_paid' });
  });

  it('stores opt-outs in E.164 so they match what is sent', async () => {
    const saved = await documents('opt-out').create({ data: { phone: '0712 345 678' } });
    expect(saved).toMatchObject({ phone: '+254712345678', source: 'editor' });
  });

  it('seeds the demo data once, into an empty database only', async () => {
    await strapi.db.query('plugin::reminders.invoice').deleteMany({});
    await strapi.db.query('plugin::reminders.reminder-rule').deleteMany({});
    await seedDemoData(strapi);
    const counts = async () => ({
      invoices: await strapi.db.query('plugin::reminders.invoice').count(),
      appointments: await strapi.db.query('plugin::reminders.appointment').count(),
      rules: await strapi.db.query('plugin::reminders.reminder-rule').count(),
      // The app's own bookings, published (a Draft & Publish type keeps a draft row beside each).
      bookings: await strapi.db.query('api::booking.booking').count({ where: { publishedAt: { $notNull: true } } }),
    });
    const seeded = await counts();
    expect(seeded).toEqual({ invoices: 8, appointments: 7, rules: 3, bookings: 4 });
    await seedDemoData(strapi);
    expect(await counts()).toEqual(seeded);
    const statuses = await strapi.db.query('plugin::reminders.invoice').findMany({ select: ['paymentStatus'] });
    expect(new Set(statuses.map((invoice: { paymentStatus: string }) => invoice.paymentStatus))).toEqual(
      new Set(['unpaid', 'partially_paid', 'paid'])
    );
  });

  it('seeds a history that the demo rules really sent over the past two weeks', async () => {
    // The seed above ran the scheduler from two weeks back: its sends are those with a send time.
    const rules = new Map(
      (await strapi.db.query('plugin::reminders.reminder-rule').findMany({})).map(
        (row: { documentId: string; target: string; sendAt: string | null }) => [row.documentId, row]
      )
    );
    const history = (
      await strapi.db.query('plugin::reminders.delivery').findMany({
        where: { ruleDocumentId: { $in: [...rules.keys()] }, sendStartedAt: { $notNull: true } },
        orderBy: { sendStartedAt: 'asc' },
      })
    ).filter((row: { sendStartedAt: string }) => new Date(row.sendStartedAt) < new Date()) as {
      ruleDocumentId: string;
      targetType: string;
      targetDocumentId: string;
      phone: string;
      stepIndex: number | null;
      occurrence: number | null;
      sendStartedAt: string;
      deliveryStatus: string;
      cost: string | null;
    }[];
    const days = (at: string) => (Date.now() - new Date(at).getTime()) / 86_400_000;
    expect(history.length).toBeGreaterThanOrEqual(9);
    expect(Math.max(...history.map((row) => days(row.sendStartedAt)))).toBeLessThanOrEqual(14);
    expect(Math.max(...history.map((row) => days(row.sendStartedAt)))).toBeGreaterThan(10);

    // Each one a step of its rule, and no phone sent two in one minute (the old history sent 13 to one customer).
    for (const row of history) {
      expect(row.stepIndex).not.toBeNull();
      expect(row.occurrence).not.toBeNull();
    }
    const minutes = history.map((row) => `${row.phone} ${row.sendStartedAt.slice(0, 16)}`);
    expect(new Set(minutes).size).toBe(minutes.length);
    const perPhone = new Map<string, number>();
    for (const row of history) perPhone.set(row.phone, (perPhone.get(row.phone) ?? 0) + 1);
    expect(Math.max(...perPhone.values())).toBeLessThanOrEqual(2);

    // At the rules' times: invoices at 09:00 where the customer is, appointments 24 and 2 hours before.
    const zone = strapi.plugin('reminders').config('defaultTimezone') as string;
    const localTime = (at: string, timeZone: string) =>
      new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(
        new Date(at)
      );
    for (const row of history) {
      const record = await strapi.db
        .query(`plugin::reminders.${row.targetType}` as never)
        .findOne({ where: { documentId: row.targetDocumentId } });
      if (row.targetType === 'invoice') {
        expect(localTime(row.sendStartedAt, record.timezone ?? zone)).toBe('09:00');
      } else {
        const hoursBefore = (new Date(record.startsAt).getTime() - new Date(row.sendStartedAt).getTime()) / 3_600_000;
        expect(hoursBefore).toBe(row.stepIndex === 0 ? 24 : 2);
      }
    }
    // With what Africa's Talking reported afterwards: delivered mostly, each send priced.
    const statuses = history.map((row) => row.deliveryStatus);
    expect(statuses.filter((status) => status === 'delivered').length).toBeGreaterThan(history.length / 2);
    // A failure too, which the admin's end-to-end suite retries.
    expect(statuses).toContain('failed');
    expect(history.filter((row) => row.cost === null)).toEqual([]);
  });
});
