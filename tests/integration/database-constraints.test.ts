import type { Core } from '@strapi/strapi';
import { describeIntegration, startStrapi, stopStrapi, testDatabase } from '../helpers/strapi';

const deliveryRow = (id: string) => ({
  document_id: `doc-${id}`,
  idempotency_key: 'rule-1:step-0:occurrence-0:invoice:abc:customer',
  target_type: 'invoice',
  phone: '+254712345678',
  scheduled_for: new Date('2026-12-01T06:00:00Z'),
  not_before: new Date('2026-12-01T06:00:00Z'),
  delivery_status: 'queued',
});

/**
 * The error a write was refused with. Not `rejects.toThrow`: better-sqlite3's native addon keeps the error
 * class of the first test file that loaded it, so in later files its errors are not `instanceof Error`.
 */
const refusal = (write: PromiseLike<unknown>) =>
  Promise.resolve(write).then(
    () => 'accepted',
    (error: { message?: string }) => String(error?.message)
  );

/** Names of the indexes the database itself holds for a table (not what Strapi believes). */
async function indexNames(strapi: Core.Strapi, table: string): Promise<string[]> {
  const knex = strapi.db.connection;
  if (testDatabase === 'sqlite') {
    const rows = await knex('sqlite_master').where({ type: 'index', tbl_name: table }).select('name');
    return rows.map((row: { name: string }) => row.name);
  }
  const rows = await knex('pg_indexes')
    .where({ tablename: table, schemaname: process.env.DATABASE_SCHEMA })
    .select('indexname');
  return rows.map((row: { indexname: string }) => row.indexname);
}

describeIntegration('database constraints and indexes', () => {
  let strapi: Core.Strapi;

  beforeAll(async () => {
    strapi = await startStrapi();
  });
  afterAll(() => stopStrapi(strapi));

  it('refuses a second delivery with the same idempotency key, even by raw SQL', async () => {
    const deliveries = () => strapi.db.connection('reminders_deliveries');
    await deliveries().insert(deliveryRow('a'));
    expect(await refusal(deliveries().insert(deliveryRow('b')))).toMatch(/unique|duplicate/i);
    expect(await deliveries().count({ count: '*' })).toEqual([{ count: testDatabase === 'sqlite' ? 1 : '1' }]);
  });

  it('refuses a second delivery with the same idempotency key through the Document Service', async () => {
    const data = {
      idempotencyKey: 'rule-2:step-0:occurrence-0:invoice:xyz:customer',
      targetType: 'invoice',
      phone: '+254712345678',
      scheduledFor: '2026-12-01T06:00:00.000Z',
      notBefore: '2026-12-01T06:00:00.000Z',
    } as const;
    await strapi.documents('plugin::reminders.delivery').create({ data: data as never });
    await expect(strapi.documents('plugin::reminders.delivery').create({ data: data as never })).rejects.toThrow();
    expect(
      await strapi.db.query('plugin::reminders.delivery').count({ where: { idempotencyKey: data.idempotencyKey } })
    ).toBe(1);
  });

  it('keeps an opted-out number only once', async () => {
    const optOuts = () => strapi.db.connection('reminders_opt_outs');
    await optOuts().insert({ document_id: 'o1', phone: '+254700000001', source: 'editor' });
    expect(await refusal(optOuts().insert({ document_id: 'o2', phone: '+254700000001', source: 'provider' }))).toMatch(
      /unique|duplicate/i
    );
  });

  it.each([
    [
      'reminders_deliveries',
      ['reminders_deliveries_idempotency_key_uq', 'reminders_deliveries_status_not_before_cost_ix'],
    ],
    [
      'reminders_invoices',
      [
        'reminders_invoices_number_uq',
        'reminders_invoices_due_date_ix',
        'reminders_invoices_issue_date_ix',
        'reminders_invoices_payment_status_ix',
        'reminders_invoices_invoice_status_ix',
      ],
    ],
    ['reminders_appointments', ['reminders_appointments_starts_at_ix', 'reminders_appointments_appointment_status_ix']],
    ['reminders_delivery_day_counts', ['reminders_delivery_day_counts_day_status_cost_uq']],
  ])('creates the indexes range queries need on %s', async (table, expected) => {
    expect(await indexNames(strapi, table)).toEqual(expect.arrayContaining(expected));
  });
});
