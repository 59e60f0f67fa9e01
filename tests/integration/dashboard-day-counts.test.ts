import { DateTime } from 'luxon';
import type { Core } from '@strapi/strapi';
import { describeIntegration, restartStrapi, startStrapi, stopStrapi, testDatabase } from '../helpers/strapi';
import {
  RecordingProvider,
  TestClock,
  clearReminders,
  createInvoice,
  createRule,
  schedulerOf,
  useClock,
  useProvider,
} from '../helpers/scheduling';
import { COUNTED, type DayCountRow, tallyDays } from '../../plugins/reminders/server/src/domain/day-stats';
import {
  DAY_COUNTS,
  DAY_COUNT_CHANGES,
  compactDayCounts,
  installDayCounts,
  readDayCounts,
} from '../../plugins/reminders/server/src/services/delivery-stats/day-counts';
import type { Dashboard } from '../../plugins/reminders/server/src/services/dashboard';
import type { DeliveryLog } from '../../plugins/reminders/server/src/services/delivery-log';
import { readDate } from '../../plugins/reminders/server/src/services/scheduling/outbox-table';

const DELIVERIES = 'reminders_deliveries';
const onPostgres = testDatabase === 'postgres' ? it : it.skip;
let sequence = 0;

/**
 * The dashboard's figures against a direct aggregation of the outbox, after every kind of write: the
 * services', raw SQL's, bulk loads'. On PostgreSQL they come from day counts its triggers keep.
 */
describeIntegration('the dashboard’s day counts', () => {
  let strapi: Core.Strapi;
  const provider = new RecordingProvider();
  const clock = new TestClock(new Date('2026-04-10T09:00:00Z'));
  const knex = () => strapi.db.connection;
  const zone = () => strapi.config.get('plugin::reminders.defaultTimezone') as string;

  const row = (notBefore: string, status: string, cost: string | null = null) => {
    sequence += 1;
    const at = new Date(notBefore);
    return {
      document_id: `cnt${sequence}`,
      idempotency_key: `cnt-${sequence}`,
      target_type: 'invoice',
      phone: '+254700111222',
      scheduled_for: at,
      not_before: at,
      delivery_status: status,
      cost,
      created_at: at,
      updated_at: at,
    };
  };

  /** Deliveries per local day (the configured zone), status and cost, counted here from every row of the outbox. */
  async function aggregated(): Promise<DayCountRow[]> {
    const rows = await knex()(DELIVERIES)
      .whereIn('delivery_status', COUNTED)
      .select('not_before', 'delivery_status', 'cost');
    const counts = new Map<string, DayCountRow & { count: number }>();
    for (const { not_before: notBefore, delivery_status: status, cost } of rows) {
      const day = DateTime.fromJSDate(readDate(notBefore) as Date, { zone: zone() }).toISODate() as string;
      const counted = counts.get(keyOf({ day, status, cost })) ?? { day, status, cost, count: 0 };
      counted.count += 1;
      counts.set(keyOf(counted), counted);
    }
    return [...counts.values()];
  }
  const keyOf = (row: Pick<DayCountRow, 'day' | 'status' | 'cost'>) => `${row.day}|${row.status}|${row.cost ?? ''}`;
  const keyed = (rows: DayCountRow[]) => new Map(rows.map((row) => [keyOf(row), Number(row.count)]));

  /** The dashboard (both databases) and, on PostgreSQL, the day counts over all time equal the direct aggregation. */
  async function expectExact() {
    const expected = await aggregated();
    const today = DateTime.fromJSDate(clock.now, { zone: zone() }).startOf('day');
    const summary = (await strapi.plugin('reminders').service('dashboard').summary(90, clock.now)) as Dashboard;
    const from = today.minus({ days: 89 }).toISODate() as string;
    const inPeriod = expected.filter((row) => row.day >= from && row.day <= (today.toISODate() as string));
    const tally = tallyDays(inPeriod, today.minus({ days: 89 }), today.plus({ days: 1 }));
    expect({ days: summary.days, totals: { ...summary.totals, queued: 0 } }).toEqual({
      days: tally.days,
      // Every row here is an SMS (written before channels, or without one).
      totals: { ...tally.totals, queued: 0, email: { sent: 0, delivered: 0, failed: 0, unknown: 0 } },
    });
    if (testDatabase === 'postgres')
      expect(keyed(await readDayCounts(knex(), '1970-01-01', '2100-01-01'))).toEqual(keyed(expected));
  }

  const changesWaiting = async () => Number((await knex()(DAY_COUNT_CHANGES).count({ count: '*' }))[0].count);

  beforeAll(async () => {
    strapi = await startStrapi();
    useClock(strapi, clock);
    useProvider(strapi, provider);
  });
  beforeEach(async () => {
    await clearReminders(strapi);
    clock.set('2026-04-10T09:00:00Z');
  });
  afterAll(() => stopStrapi(strapi));

  it('follows the planner, the dispatcher, delivery reports, retries and Document Service updates', async () => {
    for (const number of ['C-1', 'C-2', 'C-3'])
      await createInvoice(strapi, { number, dueDate: '2026-04-12', total: '100' });
    await createRule(strapi, {
      target: 'invoice',
      anchor: 'due_date',
      steps: [{ amount: 1, unit: 'days', direction: 'before' }],
    });
    await expectExact();
    clock.set('2026-04-11T06:00:00Z');
    const before = provider.sent.length;
    await schedulerOf(strapi).tick();
    expect(provider.sent.length - before).toBe(3);
    await expectExact();

    const sent = await knex()(DELIVERIES)
      .where('delivery_status', 'accepted')
      .orderBy('id')
      .select('provider_message_id', 'document_id');
    const reports = strapi.plugin('reminders').service('delivery-reports') as {
      apply(report: { messageId: string; status: string }): Promise<string>;
    };
    await reports.apply({ messageId: sent[0].provider_message_id, status: 'Success' });
    await reports.apply({ messageId: sent[1].provider_message_id, status: 'Failed' });
    await reports.apply({ messageId: sent[2].provider_message_id, status: 'Rejected' });
    await expectExact();

    const log = strapi.plugin('reminders').service('delivery-log') as DeliveryLog;
    await log.retry(sent[1].document_id, 'Test Admin', clock.now);
    await expectExact();
    clock.advance(5);
    await schedulerOf(strapi).tick();
    await expectExact();

    await strapi
      .documents('plugin::reminders.delivery')
      .update({ documentId: sent[0].document_id, data: { cost: 'KES 1.6000' } as never });
    await strapi
      .documents('plugin::reminders.delivery')
      .update({ documentId: sent[2].document_id, data: { notBefore: '2026-04-01T21:30:00.000Z' } as never });
    await expectExact();
  });

  it('follows raw SQL: bulk inserts, multi-row updates across local midnight, swaps, deletes, truncation', async () => {
    const statuses = [...COUNTED, 'queued', 'cancelled', 'skipped'];
    const bulk = Array.from({ length: 600 }, (_, index) =>
      row(
        new Date(Date.parse('2026-01-01T00:00:00Z') + index * 4 * 3_600_000 + (index % 4) * 15 * 60_000).toISOString(),
        statuses[index % statuses.length],
        index % 3 ? 'KES 0.8000' : index % 2 ? 'UGX 25.0000' : null
      )
    );
    for (let start = 0; start < bulk.length; start += 200)
      await knex()(DELIVERIES).insert(bulk.slice(start, start + 200));
    await expectExact();

    // Across local midnight in Nairobi (21:00Z), in both directions, in one statement.
    const hours = testDatabase === 'postgres' ? "interval '3 hours'" : 3 * 3_600_000;
    await knex()(DELIVERIES)
      .whereIn('delivery_status', ['delivered', 'expired'])
      .update({ not_before: knex().raw(`not_before + case when id % 2 = 0 then ${hours} else -${hours} end`) });
    await expectExact();
    await knex()(DELIVERIES)
      .where('delivery_status', 'accepted')
      .update({ delivery_status: 'delivered', cost: 'KES 1.6000' });
    await knex()(DELIVERIES)
      .whereIn('delivery_status', ['failed', 'rejected'])
      .update({
        delivery_status: knex().raw(`case delivery_status when 'failed' then 'rejected' else 'failed' end`),
      });
    await knex()(DELIVERIES).where('delivery_status', 'queued').update({ delivery_status: 'unknown' });
    await expectExact();

    // An upsert: the insert trigger sees the new row, the update trigger the one that existed.
    const [existing] = await knex()(DELIVERIES)
      .where('delivery_status', 'delivered')
      .orderBy('id')
      .limit(1)
      .select('idempotency_key');
    await knex()(DELIVERIES)
      .insert([
        { ...row('2026-04-09T20:00:00Z', 'accepted', 'KES 0.8000'), idempotency_key: existing.idempotency_key },
        row('2026-04-09T20:00:00Z', 'accepted', 'KES 0.8000'),
      ])
      .onConflict('idempotency_key')
      .merge(['delivery_status', 'not_before', 'cost']);
    await expectExact();

    // A statement that changes rows but no count (status and cost unchanged) leaves no change behind.
    const waiting = await changesWaiting();
    await knex()(DELIVERIES).where('delivery_status', 'delivered').update({ attempts: 2 });
    expect(await changesWaiting()).toBe(waiting);

    await knex()(DELIVERIES).where('cost', 'UGX 25.0000').delete();
    await expectExact();
    if (testDatabase === 'postgres') {
      await knex().raw(`truncate ${DELIVERIES}`);
      expect(await changesWaiting()).toBe(0);
      expect(Number((await knex()(DAY_COUNTS).count({ count: '*' }))[0].count)).toBe(0);
      await expectExact();
    }
  });

  onPostgres(
    'compacts the changes into the counts: same figures, nothing left, a second compaction does nothing',
    async () => {
      await knex()(DELIVERIES).insert([
        row('2026-04-09T06:00:00Z', 'accepted', 'KES 0.8000'),
        row('2026-04-09T07:00:00Z', 'accepted', 'KES 0.8000'),
        row('2026-04-08T07:00:00Z', 'failed'),
      ]);
      await knex()(DELIVERIES).where('delivery_status', 'accepted').update({ delivery_status: 'delivered' });
      await compactDayCounts(strapi);
      expect(await changesWaiting()).toBe(0);
      await expectExact();
      expect(await compactDayCounts(strapi)).toBe(0);
      await expectExact();

      // The scheduler's tick compacts too.
      await knex()(DELIVERIES).insert(row('2026-04-10T06:00:00Z', 'unknown'));
      expect(await changesWaiting()).toBeGreaterThan(0);
      await schedulerOf(strapi).tick();
      expect(await changesWaiting()).toBe(0);
      await expectExact();
    }
  );

  onPostgres('counts nothing twice when compactions race each other and concurrent writers', async () => {
    // Each writer updates its own latest rows: two writers updating the same rows in different orders would
    // deadlock each other, which is PostgreSQL's business, not the counts'.
    const writers = Array.from({ length: 8 }, async (_, writer) => {
      const written: string[] = [];
      for (let step = 0; step < 15; step += 1) {
        const next = row(
          `2026-04-0${1 + (step % 9)}T2${writer % 4}:30:00Z`,
          COUNTED[(writer + step) % COUNTED.length],
          step % 2 ? 'KES 0.8000' : null
        );
        written.push(next.document_id);
        await knex()(DELIVERIES).insert(next);
        if (step % 3 === 2)
          await knex()(DELIVERIES)
            .whereIn('document_id', written.slice(-2))
            .update({ delivery_status: 'delivered', cost: 'KES 0.8000' });
      }
    });
    const compactions = Array.from({ length: 6 }, async () => {
      for (let round = 0; round < 5; round += 1) await compactDayCounts(strapi);
    });
    await Promise.all([...writers, ...compactions]);
    await expectExact();
    await Promise.all([compactDayCounts(strapi), compactDayCounts(strapi), compactDayCounts(strapi)]);
    expect(await changesWaiting()).toBe(0);
    await expectExact();
  });

  onPostgres('rebuilds the counts once when the time zone changes, or when they were never built', async () => {
    await knex()(DELIVERIES).insert([
      row('2026-04-09T02:00:00Z', 'delivered', 'KES 0.8000'),
      row('2026-04-09T22:00:00Z', 'accepted', 'KES 0.8000'),
    ]);
    try {
      strapi.config.set('plugin::reminders.defaultTimezone', 'America/New_York');
      // Several instances booting at once: one rebuilds, the others find it built.
      const installs = await Promise.all([
        installDayCounts(strapi),
        installDayCounts(strapi),
        installDayCounts(strapi),
      ]);
      expect(installs.filter((install) => install.rebuilt)).toHaveLength(1);
      await expectExact();
      await knex()(DELIVERIES).insert(row('2026-04-10T03:00:00Z', 'failed'));
      await expectExact();
    } finally {
      strapi.config.set('plugin::reminders.defaultTimezone', 'Africa/Nairobi');
    }
    expect(await installDayCounts(strapi)).toEqual({ rebuilt: true });
    expect(await installDayCounts(strapi)).toEqual({ rebuilt: false });
    await expectExact();

    // An install from before the counts existed: deliveries, no function, no counts.
    await knex().raw('drop function reminders_delivery_day_counts_zone()');
    await knex().raw(`truncate ${DAY_COUNTS}`);
    expect(await installDayCounts(strapi)).toEqual({ rebuilt: true });
    await expectExact();
  });

  it('keeps the counts and the triggers across a restart, without rebuilding', async () => {
    await knex()(DELIVERIES).insert([
      row('2026-04-09T06:00:00Z', 'delivered', 'KES 0.8000'),
      row('2026-04-10T06:00:00Z', 'accepted', 'KES 0.8000'),
    ]);
    await compactDayCounts(strapi);
    // A count no rebuild would give: still there after the restart, so the counts were kept, not rebuilt.
    if (testDatabase === 'postgres')
      await knex()(DAY_COUNTS).insert({ day: '2000-01-01', delivery_status: 'delivered', cost: '', deliveries: 7 });
    strapi = await restartStrapi(strapi);
    useClock(strapi, clock);
    useProvider(strapi, provider);
    if (testDatabase === 'postgres') {
      expect(await readDayCounts(knex(), '2000-01-01', '2000-01-01')).toEqual([
        { day: '2000-01-01', status: 'delivered', cost: null, count: '7' },
      ]);
      await knex()(DAY_COUNTS).where({ day: '2000-01-01' }).delete();
    }
    await knex()(DELIVERIES).where('delivery_status', 'accepted').update({ delivery_status: 'delivered' });
    await knex()(DELIVERIES).insert(row('2026-04-10T07:00:00Z', 'expired'));
    await expectExact();
  });
});
