import request from 'supertest';
import type { Core } from '@strapi/strapi';
import { createSuperAdminToken, describeIntegration, startStrapi, stopStrapi, testDatabase } from '../helpers/strapi';
import { clearReminders } from '../helpers/scheduling';
import { SEARCH_OLDER_IDS, SEARCH_RECENT_ROWS } from '../../plugins/reminders/server/src/services/record-reminders';
import { buildSearchIndexes } from '../../plugins/reminders/server/src/services/search-indexes';

/**
 * The record picker's search over more records than it reads newest first: matches among the newest rows,
 * among older ones only, in both, and more older matches than it sorts itself, each the newest first.
 */
describeIntegration('record search past the newest rows', () => {
  let strapi: Core.Strapi;
  let token: string;
  // The newest SEARCH_RECENT_ROWS rows are read first; the rest are older.
  const total = SEARCH_OLDER_IDS + SEARCH_RECENT_ROWS + 500;
  const firstRecent = total - SEARCH_RECENT_ROWS;
  /** Appointment i's title: what each search below is meant to find. */
  const titleOf = (i: number) => {
    if (i < 12) return `Old check-up ${i}`;
    if (i >= 100 && i < 130) return `Dental ${i}`;
    if (i >= total - 5) return `Dental ${i}`;
    if (i <= SEARCH_OLDER_IDS + 200) return `Routine ${i}`;
    return `Visit ${i}`;
  };

  const search = async (q: string) => {
    const response = await request(strapi.server.httpServer)
      .get('/reminders/records/appointment')
      .query({ q })
      .set('Authorization', `Bearer ${token}`);
    expect(response.status).toBe(200);
    return (response.body.data as { label: string }[]).map((record) => record.label);
  };
  const titles = (indexes: number[]) => indexes.map(titleOf);
  const range = (from: number, downTo: number) => Array.from({ length: from - downTo + 1 }, (_, k) => from - k);

  beforeAll(async () => {
    strapi = await startStrapi();
    token = await createSuperAdminToken(strapi);
    await clearReminders(strapi);
    const at = new Date('2026-04-01T08:00:00Z');
    // In the order of their ids: row i is the i-th oldest.
    for (let start = 0; start < total; start += 500) {
      const rows = range(Math.min(start + 499, total - 1), start)
        .reverse()
        .map((i) => ({
          document_id: `search${String(i).padStart(6, '0')}`,
          title: titleOf(i),
          customer_name: `Customer ${i}`,
          phone: '+254712345678',
          starts_at: at,
          appointment_status: 'scheduled',
          created_at: at,
          updated_at: at,
          published_at: at,
        }));
      await strapi.db.connection('reminders_appointments').insert(rows);
    }
  });
  afterAll(() => stopStrapi(strapi));

  it('finds matches that only old records hold, newest first', async () => {
    expect(await search('old check-up')).toEqual(titles(range(11, 0)));
  });

  it('gives the newest matches first, then the newest older ones', async () => {
    expect(await search('DENTAL')).toEqual(titles([...range(total - 1, total - 5), ...range(129, 115)]));
  });

  it('reads a common word among the newest rows alone', async () => {
    expect(await search('visit')).toEqual(titles(range(total - 6, total - 25)));
  });

  it(`finds the newest of more than ${SEARCH_OLDER_IDS} older matches`, async () => {
    expect(firstRecent).toBeGreaterThan(SEARCH_OLDER_IDS + 200);
    expect(await search('routine')).toEqual(titles(range(SEARCH_OLDER_IDS + 200, SEARCH_OLDER_IDS + 181)));
  });

  it('matches the customer’s name too, and finds nothing when nothing matches', async () => {
    // Customer 7, 70–79, 700–799 and 7000–7999: all older than the newest rows.
    expect(await search('customer 7')).toEqual(titles(range(7999, 7980)));
    expect(await search('no such record')).toEqual([]);
  });

  if (testDatabase === 'postgres') {
    const trigramIndexes = async () =>
      (
        await strapi.db.connection.raw(
          `SELECT class.relname AS name, index.indisvalid AS valid FROM pg_index index
           JOIN pg_class class ON class.oid = index.indexrelid JOIN pg_am am ON am.oid = class.relam
           WHERE am.amname = 'gin' AND class.relnamespace = current_schema()::regnamespace ORDER BY 1`
        )
      ).rows as { name: string; valid: boolean }[];
    const expected = [
      // The app's own host target: bookings, found by their reference (the customer's name is a relation's).
      { name: 'bookings_reference_rmd_trgm', valid: true },
      { name: 'reminders_appointments_customer_name_rmd_trgm', valid: true },
      { name: 'reminders_appointments_title_rmd_trgm', valid: true },
      { name: 'reminders_invoices_customer_name_rmd_trgm', valid: true },
      { name: 'reminders_invoices_number_rmd_trgm', valid: true },
    ];

    it('builds a trigram index on each searched column at the start, and again when one is gone', async () => {
      for (let waited = 0; (await trigramIndexes()).length < expected.length && waited < 10_000; waited += 100)
        await new Promise((resolve) => setTimeout(resolve, 100));
      expect(await trigramIndexes()).toEqual(expected);

      await strapi.db.connection.raw('DROP INDEX reminders_appointments_title_rmd_trgm');
      await buildSearchIndexes(strapi);
      expect(await trigramIndexes()).toEqual(expected);
    });

    it('serves Strapi’s own “contains” query from the index', async () => {
      const targets = strapi.plugin('reminders').service('targets');
      const target = await targets.get('appointment');
      const queries: { sql: string; bindings: unknown[] }[] = [];
      const listener = (query: { sql: string; bindings: unknown[] }) => queries.push(query);
      strapi.db.connection.on('query', listener);
      try {
        const contains = { $containsi: 'old check-up' };
        const where = { $or: [{ title: contains }, { customerName: contains }] };
        expect(await targets.findRecords(target, where, { select: [], limit: 100 })).toHaveLength(12);
      } finally {
        strapi.db.connection.off('query', listener);
      }
      // The query as Strapi wrote it, explained with the plain scans ruled out (on a table this small, reading
      // it all is cheaper, and chosen): what is left to serve a LIKE is an index whose expression is the filter's.
      const [query] = queries;
      const plan = (await strapi.db.connection.transaction(async (trx) => {
        await trx.raw('SET LOCAL enable_seqscan = off');
        await trx.raw('SET LOCAL enable_indexscan = off');
        return trx.raw(`EXPLAIN ${query.sql.replace(/\$\d+/g, '?')}`, query.bindings as never[]);
      })) as { rows: { 'QUERY PLAN': string }[] };
      const text = plan.rows.map((row) => row['QUERY PLAN']).join('\n');
      expect(text).toContain('Bitmap Index Scan on reminders_appointments_title_rmd_trgm');
      expect(text).toContain('Bitmap Index Scan on reminders_appointments_customer_name_rmd_trgm');
    });
  }
});
