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
    expect(seeded).toEqual({ invoices: 7, appointments: 4, rules: 3, bookings: 4 });
    await seedDemoData(strapi);
    expect(await counts()).toEqual(seeded);
    const statuses = await strapi.db.query('plugin::reminders.invoice').findMany({ select: ['paymentStatus'] });
    expect(new Set(statuses.map((invoice: { paymentStatus: string }) => invoice.paymentStatus))).toEqual(
      new Set(['unpaid', 'partially_paid', 'paid'])
    );
  });
});
