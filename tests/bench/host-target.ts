/**
 * A host target at scale: the demo app's bookings (api::booking.booking, mapped in config/plugins.ts: Draft &
 * Publish, the phone and name one relation away on the customer, its own time zone field), 1,000,000
 * published bookings and 100,000 customers, planned by one scheduler tick. The same scenarios as the
 * planner benchmark (planner.ts): a tick within the planning step, a step with nothing due, a step with
 * some reminders, and a new rule's first tick (the whole 24-hour horizon); then the same steps with the
 * anchor index the plugin adds at register (services/target-indexes.ts) dropped, as a type mapped on the
 * Settings page has it, to show what the index is for. Not a test: timings depend on the machine.
 *
 *   node --expose-gc --max-old-space-size=4096 -r esbuild-register tests/bench/host-target.ts
 *   BENCH_QUICK=1 … (50,000 bookings) · BENCH_BOOKINGS=… · BENCH_UNINDEXED=0 skips the runs without the index
 *
 * The data (generated once, reused by later runs; BENCH_REGENERATE=1 loads it again), around the benchmark
 * epoch (Monday 2026-12-07T00:00Z), deterministic: customers of the six countries of generate-data.ts (their
 * phones, names, languages); bookings by a customer chosen at random, 85% over the two years before the
 * epoch (more recently more) and 15% over the 60 days after it, on the half hour from 08:00 to 17:30 local
 * time, Sundays mostly moved to Monday, in the customer's time zone (or none: the plugin's default,
 * Africa/Nairobi), booked 1–30 days ahead; completed, cancelled or still confirmed in the past, confirmed,
 * pending or cancelled ahead. Stored as Strapi 5 stores a published document: a draft row (published_at
 * null) and a published row with the same document_id, each with its own row in bookings_customer_lnk, ids
 * in creation order (the draft's, then the published one's), as the Document Service writes them.
 *
 * Each scenario starts from an empty outbox with the three booking rules below planned up to a point; the
 * tick's time is the whole `scheduler.tick(now)` (plan, then dispatch, which finds nothing due), timed
 * several times from the same start: the median and the range. Peak heap as in planner.ts.
 */
import { DateTime } from 'luxon';
import type { Core } from '@strapi/strapi';
import type { Scheduler } from '../../plugins/reminders/server/src/services/scheduling/scheduler';
import { COUNTRIES, type Random, fill, forgetDeliveries, markGenerated, randomSource, upToDate } from './generate-data';
import { type BenchRule, installBenchRules } from './rules';
import { type Scenario, prepare } from './planner';
import {
  DAY_MS,
  EPOCH,
  HOUR_MS,
  bootStrapi,
  describeRun,
  fmt,
  measure,
  postgresVersion,
  printTable,
  quantile,
  quick,
  run,
  sizes,
} from './lib';

const BOOKING = 'api::booking.booking';
/** Bumped when the generated bookings change: the marker then no longer matches and they are loaded again. */
const HOST_DATA_VERSION = 1;

const template = {
  en: 'Hi {{ customer.name }}, your {{ record.service }} ({{ record.reference }}) is {{ record.startsAt | relative }}, {{ record.startsAt | datetime }}.',
  sw: 'Habari {{ customer.name }}, {{ record.service }} ({{ record.reference }}) ni {{ record.startsAt | datetime }}.',
};

/** What a business taking bookings would set up: elapsed steps (one slice for every zone) and a calendar day (a slice per zone). */
export const HOST_RULES: BenchRule[] = [
  {
    name: 'Booking in 24 hours',
    target: 'booking',
    anchor: 'startsAt',
    steps: [{ amount: 24, unit: 'hours', direction: 'before' }],
    conditions: [{ field: 'bookingStatus', operator: 'notIn', value: ['cancelled'] }],
    templates: template,
  },
  {
    name: 'Booking in 2 hours (confirmed)',
    target: 'booking',
    anchor: 'startsAt',
    steps: [{ amount: 2, unit: 'hours', direction: 'before' }],
    conditions: [{ field: 'bookingStatus', operator: 'in', value: ['confirmed'] }],
    templates: template,
  },
  {
    name: 'Booking tomorrow (calendar day)',
    target: 'booking',
    anchor: 'startsAt',
    steps: [{ amount: 1, unit: 'days', direction: 'before' }],
    conditions: [{ field: 'bookingStatus', operator: 'in', value: ['confirmed', 'pending'] }],
    templates: template,
  },
];

const SERVICES = ['Haircut', 'Dental check-up', 'Consultation', 'Car service', 'Massage', 'Physiotherapy', 'Eye test'];

const CUSTOMER_COLUMNS = {
  id: 'int4',
  document_id: 'varchar',
  name: 'varchar',
  phone: 'varchar',
  language: 'varchar',
  email: 'varchar',
  created_at: 'timestamp',
  updated_at: 'timestamp',
  published_at: 'timestamp',
};
const BOOKING_COLUMNS = {
  id: 'int4',
  document_id: 'varchar',
  reference: 'varchar',
  service: 'varchar',
  starts_at: 'timestamp',
  timezone: 'varchar',
  booking_status: 'varchar',
  price: 'numeric',
  created_at: 'timestamp',
  updated_at: 'timestamp',
  published_at: 'timestamp',
};
const LINK_COLUMNS = { booking_id: 'int4', customer_id: 'int4' };

const documentId = (prefix: string, index: number) =>
  `${prefix}${index.toString(36).padStart(24 - prefix.length, '0')}`;

interface BookingDocument {
  customer: number;
  startsAt: number;
  zone: string | null;
  status: string;
  price: string;
  service: string;
  created: number;
}

function bookingDocument(random: Random, customers: number, countryOf: Uint8Array): BookingDocument {
  const customer = random.int(0, customers - 1);
  const country = COUNTRIES[countryOf[customer]];
  const zone = random.next() < Math.max(country.zoneShare, 0.5) ? country.zone : null;
  const dayOffset = random.next() < 0.15 ? random.int(0, 59) : -1 - Math.floor(729 * (1 - Math.sqrt(random.next())));
  let local = DateTime.fromMillis(EPOCH.getTime() + dayOffset * DAY_MS, { zone: zone ?? 'Africa/Nairobi' }).set({
    hour: random.int(8, 17),
    minute: random.pick([0, 30]),
    second: 0,
    millisecond: 0,
  });
  if (local.weekday === 7 && random.next() < 0.9) local = local.plus({ days: 1 });
  const startsAt = local.toMillis();
  const booked = Math.min(
    startsAt - random.int(1, 30) * DAY_MS - random.int(0, 600) * 60_000,
    EPOCH.getTime() - random.int(1, 72) * HOUR_MS
  );
  const status =
    startsAt < EPOCH.getTime()
      ? random.weighted([
          ['completed', 80],
          ['cancelled', 12],
          ['confirmed', 8],
        ] as const)
      : random.weighted([
          ['confirmed', 70],
          ['pending', 18],
          ['cancelled', 12],
        ] as const);
  const price = Math.round(Math.exp(Math.log(500) + random.next() * (Math.log(20_000) - Math.log(500))) / 50) * 50;
  return {
    customer,
    startsAt,
    zone,
    status,
    price: String(price),
    service: random.pick(SERVICES),
    created: booked - (booked % 60_000),
  };
}

/** The bookings, their customers and the links between them: reused when already there, else truncated and loaded. */
export async function ensureBookings(
  strapi: Core.Strapi,
  bookings = sizes.bookings,
  options: { quiet?: boolean } = {}
) {
  const customers = Math.max(1, Math.round(bookings / 10));
  const wanted = { hostDataVersion: HOST_DATA_VERSION, bookings, customers };
  const tables = { bookings: 2 * bookings, customers, bookings_customer_lnk: 2 * bookings };
  if (await upToDate(strapi, 'host-bookings', wanted, tables))
    return { generated: false, rows: [] as (string | number)[][] };
  const knex = strapi.db.connection;
  await knex.raw('TRUNCATE bookings_customer_lnk, bookings, customers RESTART IDENTITY');

  const random = randomSource(8122026);
  const countryShares = COUNTRIES.map((country, index) => [index, country.share] as const);
  const countryOf = new Uint8Array(customers);
  const customerLoad = await measure(() =>
    fill(strapi, 'customers', CUSTOMER_COLUMNS, customers, (index) => {
      const country = COUNTRIES[(countryOf[index] = random.weighted(countryShares))];
      const created = EPOCH.getTime() - 800 * DAY_MS + Math.floor(((index + 0.5) / customers) * 790 * DAY_MS);
      return {
        id: index + 1,
        document_id: documentId('cus', index),
        name: `${random.pick(country.first)} ${random.pick(country.last)}`,
        phone: country.phone(random),
        language: random.weighted(country.languages),
        email: random.next() < 0.3 ? `customer${index}@example.com` : null,
        created_at: new Date(created),
        updated_at: new Date(created),
        published_at: new Date(created),
      };
    })
  );

  // Ids in creation order, as the rows would have been written over time: draft, then published.
  const documents = Array.from({ length: bookings }, () => bookingDocument(random, customers, countryOf)).sort(
    (a, b) => a.created - b.created
  );
  const bookingLoad = await measure(() =>
    fill(strapi, 'bookings', BOOKING_COLUMNS, 2 * bookings, (index) => {
      const number = index >> 1;
      const booking = documents[number];
      const published = (index & 1) === 1;
      return {
        id: index + 1,
        document_id: documentId('bkg', number),
        reference: `BK-${String(number + 1).padStart(7, '0')}`,
        service: booking.service,
        starts_at: new Date(booking.startsAt),
        timezone: booking.zone,
        booking_status: booking.status,
        price: booking.price,
        created_at: new Date(booking.created),
        updated_at: new Date(booking.created),
        published_at: published ? new Date(booking.created + 1000) : null,
      };
    })
  );
  const linkLoad = await measure(() =>
    fill(strapi, 'bookings_customer_lnk', LINK_COLUMNS, 2 * bookings, (index) => ({
      booking_id: index + 1,
      customer_id: documents[index >> 1].customer + 1,
    }))
  );
  for (const table of ['customers', 'bookings'])
    await knex.raw(`SELECT setval(pg_get_serial_sequence(?, 'id'), (SELECT MAX(id) FROM ??))`, [table, table]);
  await markGenerated(strapi, 'host-bookings', wanted);
  const rate = (count: number, ms: number) => fmt.int((count / ms) * 1000);
  const rows = [
    ['customers', fmt.int(customers), fmt.ms(customerLoad.ms), rate(customers, customerLoad.ms)],
    [
      'bookings (draft + published rows)',
      fmt.int(2 * bookings),
      fmt.ms(bookingLoad.ms),
      rate(2 * bookings, bookingLoad.ms),
    ],
    ['bookings_customer_lnk', fmt.int(2 * bookings), fmt.ms(linkLoad.ms), rate(2 * bookings, linkLoad.ms)],
  ];
  if (!options.quiet)
    printTable(
      'Generated bookings (load time includes the indexes and VACUUM ANALYZE)',
      ['table', 'rows', 'ms', 'rows/s'],
      rows
    );
  return { generated: true, rows };
}

/** The indexes the plugin gives the bookings' table at register (anchor, time zone), from Strapi's metadata. */
function pluginIndexes(strapi: Core.Strapi) {
  const meta = strapi.db.metadata.get(BOOKING);
  return (meta.indexes ?? [])
    .filter((index) => index.name?.endsWith('_rmd_ix'))
    .map((index) => ({ name: index.name as string, columns: index.columns, table: meta.tableName }));
}

/** Puts back the plugin's indexes a run dropped (also one that an interrupted run left dropped). */
async function restorePluginIndexes(strapi: Core.Strapi) {
  for (const index of pluginIndexes(strapi)) {
    await strapi.db.connection.raw(
      `CREATE INDEX IF NOT EXISTS ?? ON ?? (${index.columns.map(() => '??').join(', ')})`,
      [index.name, index.table, ...index.columns]
    );
  }
  await strapi.db.connection.raw('ANALYZE bookings');
}

// Bookings start 08:00–17:30 local time: 05:00–17:30 UTC across the six zones (UTC+0 to UTC+3); a reminder
// 24 hours, 2 hours or a calendar day before one falls between 03:00 and 17:30 UTC.
export const HOST_SCENARIOS: Scenario[] = [
  {
    name: 'within the planning step (59 of 60 ticks)',
    now: '2026-12-07T23:30:00Z',
    plannedThrough: '2026-12-08T23:00:00Z',
    repeats: 15,
  },
  { name: 'a step with nothing due (23:00–00:00 UTC)', now: '2026-12-08T00:00:00Z', repeats: 15 },
  { name: 'a step with reminders due (11:00–12:00 UTC)', now: '2026-12-08T12:00:00Z', repeats: 9 },
  {
    name: "a new rule's first tick: the whole 24 h horizon",
    now: '2026-12-08T00:00:00Z',
    plannedThrough: '2026-12-08T00:00:00Z',
    repeats: 3,
  },
];

async function timeScenario(
  strapi: Core.Strapi,
  scheduler: Scheduler,
  ruleIds: string[],
  scenario: Scenario,
  repeats: number
) {
  const now = new Date(scenario.now);
  const ticks = [];
  for (let repeat = 0; repeat < repeats; repeat += 1) {
    await prepare(strapi, ruleIds, scenario);
    const tick = await measure(() => scheduler.tick(now));
    const { planned } = tick.result;
    if (planned.error || planned.failed)
      throw new Error(`${scenario.name}: planning failed (${planned.error ?? `${planned.failed} rules`})`);
    ticks.push(tick);
  }
  const times = ticks.map((tick) => tick.ms).sort((a, b) => a - b);
  const written = ticks[0].result.planned.written;
  if (ticks.some((tick) => tick.result.planned.written !== written))
    throw new Error(`${scenario.name}: the ticks wrote different numbers of reminders`);
  return {
    written,
    repeats,
    median: quantile(times, 0.5),
    range: `${fmt.ms(times[0])}–${fmt.ms(times[times.length - 1])}`,
    peakHeapMb: Math.max(...ticks.map((tick) => tick.peakHeapMb)),
  };
}

export async function hostTargetBenchmark(strapi: Core.Strapi, options: { unindexed?: boolean } = {}) {
  const unindexed = options.unindexed ?? process.env.BENCH_UNINDEXED !== '0';
  await ensureBookings(strapi);
  await restorePluginIndexes(strapi);
  await forgetDeliveries(strapi);
  const scheduler = strapi.plugin('reminders').service('scheduler') as Scheduler;
  const known = await strapi.plugin('reminders').service('targets').all();
  if (!known.booking) throw new Error('the booking target is not mapped (config/plugins.ts)');
  const ruleIds = await installBenchRules(strapi, new Date('2026-11-01T00:00:00Z'), HOST_RULES);

  // The first tick plans the whole horizon of the new rules; it also warms the JIT, the pool, PostgreSQL's
  // caches and Luxon's zones (not measured).
  await prepare(strapi, ruleIds, HOST_SCENARIOS[3]);
  await scheduler.tick(new Date(HOST_SCENARIOS[3].now));

  const rows: (string | number)[][] = [];
  const add = (scenario: Scenario, index: string, result: Awaited<ReturnType<typeof timeScenario>>) =>
    rows.push([
      scenario.name,
      index,
      fmt.int(result.written),
      result.repeats,
      fmt.ms(result.median),
      result.range,
      fmt.mb(result.peakHeapMb),
    ]);
  const written = new Map<string, number>();
  for (const scenario of HOST_SCENARIOS) {
    const result = await timeScenario(strapi, scheduler, ruleIds, scenario, scenario.repeats);
    written.set(scenario.name, result.written);
    add(scenario, 'yes', result);
  }

  if (unindexed) {
    // The anchor's index dropped (a type mapped on the Settings page has none; the page says so). The tick
    // within the planning step reads no record: not repeated.
    const [anchorIndex] = pluginIndexes(strapi).filter((index) => index.columns[0] === 'starts_at');
    await strapi.db.connection.raw('DROP INDEX IF EXISTS ??', [anchorIndex.name]);
    try {
      for (const scenario of HOST_SCENARIOS.slice(1)) {
        const result = await timeScenario(strapi, scheduler, ruleIds, scenario, Math.min(scenario.repeats, 5));
        if (result.written !== written.get(scenario.name))
          throw new Error(
            `${scenario.name}: ${result.written} reminders without the index, ${written.get(scenario.name)} with it`
          );
        add(scenario, 'dropped', result);
      }
    } finally {
      await restorePluginIndexes(strapi);
    }
  }
  await strapi.db.connection.raw('TRUNCATE reminders_deliveries, reminders_rule_schedules');
  await strapi.db.connection('reminders_rules').delete();
  return rows;
}

export const HOST_TARGET_COLUMNS = [
  'scenario',
  'anchor index',
  'reminders written',
  'ticks',
  'tick ms (median)',
  'tick ms (range)',
  'peak heap MB',
];

export const hostTargetTitle = () =>
  `Host target: one tick, 3 booking rules, ${fmt.int(sizes.bookings)} published bookings (${fmt.int(2 * sizes.bookings)} rows), ${fmt.int(Math.round(sizes.bookings / 10))} customers${quick ? ' (QUICK)' : ''}`;

if (require.main === module) {
  run(async () => {
    const strapi = await bootStrapi();
    console.log(`${describeRun()}, ${await postgresVersion(strapi)}`);
    const rows = await hostTargetBenchmark(strapi);
    printTable(hostTargetTitle(), HOST_TARGET_COLUMNS, rows);
    await strapi.destroy();
  });
}
