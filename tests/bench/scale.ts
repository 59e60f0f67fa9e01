/**
 * The plugin as the data grows: N = 100,000, 1,000,000 and 10,000,000 invoices, each N in its own schema
 * (bench_100k, bench_1m, bench_10m: generated once and reused), with N / 5 appointments, N / 10 published
 * bookings of the demo app (host-target.ts: draft and published rows, a customer for every ten) and N / 10
 * delivery-log rows. At each N, on the 20 benchmark rules and the 3 booking rules (23 enabled):
 * - the admin API, sequentially (one editor): the delivery log (newest first, one status, one rule, one
 *   phone in turn) and the dashboard over 90 days, through Strapi's HTTP server with a super admin's
 *   token, BENCH_SCALE_REQUESTS (200) requests each: p50 and p95;
 * - a tick planning a step with nothing due (23:00–00:00 UTC): median and range of 15;
 * - a tick planning a step with about 1,000 due: the hourly step of 2026-12-08 whose reminders come
 *   closest to 1,000 at that N (one discovery tick per hour first), median and range of 7;
 * - the JS heap's peak above where a tick started, the highest of those ticks.
 * The admin API goes first: the ticks start from an empty outbox, so the delivery log is loaded again by
 * the next run (the day-count triggers off: seconds, not minutes).
 *
 *   node --expose-gc --max-old-space-size=4096 -r esbuild-register tests/bench/scale.ts
 *   BENCH_SCALE_SIZES=100000,1000000 (the N to run) · BENCH_SCALE_REQUESTS=200
 *   BENCH_SCALE_HOURS=9,10,11 (the busy step's candidates: every hour by default; at 10M the morning
 *   invoice steps hold tens of thousands, each a long tick)
 *
 * Each N runs in a child process of its own (one Strapi per process, its schema chosen at boot), which
 * prints its row as JSON on its last line.
 */
import { execFile } from 'child_process';
import { performance } from 'perf_hooks';
import type { Core } from '@strapi/strapi';
import type { Scheduler } from '../../plugins/reminders/server/src/services/scheduling/scheduler';
import { aDelivered, serveAdmin } from './admin-api';
import { ensureDeliveries, ensureRecords, forgetDeliveries } from './generate-data';
import { HOST_RULES, ensureBookings } from './host-target';
import { type Scenario, prepare } from './planner';
import { BENCH_RULES, installBenchRules, ruleDocumentId } from './rules';
import { HOUR_MS, bootStrapi, compileApp, describeRun, fmt, measure, printTable, quantile, run, sizes } from './lib';

const SIZES = (process.env.BENCH_SCALE_SIZES ?? '100000,1000000,10000000').split(',').map(Number);
const REQUESTS = Number(process.env.BENCH_SCALE_REQUESTS ?? 200);
/** The steps tried for the busy tick: the ticks at these hours of 2026-12-07 (24 = midnight) plan the next day's step. */
const HOURS = (process.env.BENCH_SCALE_HOURS ?? Array.from({ length: 24 }, (_, index) => index + 1).join(','))
  .split(',')
  .map(Number);

const label = (n: number) => (n >= 1_000_000 ? `${n / 1_000_000}m` : `${n / 1_000}k`);

/** The sizes of the data at N. */
export const scaleSizes = (n: number) => ({
  invoices: n,
  appointments: n / 5,
  bookings: n / 10,
  deliveries: n / 10,
});

const EMPTY_STEP: Scenario = { name: 'nothing due', now: '2026-12-08T00:00:00Z', repeats: 15 };

/** p50 and p95 of `count` sequential GETs over `paths` in turn; every answer must be a 200. */
async function sequential(base: string, token: string, paths: string[], count: number) {
  const headers = { Authorization: `Bearer ${token}` };
  const times: number[] = [];
  for (let request = -paths.length; request < count; request += 1) {
    const path = paths[(request + paths.length) % paths.length];
    const started = performance.now();
    const response = await fetch(base + path, { headers });
    const body = await response.text();
    if (!response.ok) throw new Error(`${path}: ${response.status} ${body}`);
    if (request >= 0) times.push(performance.now() - started); // the first round warms each route
  }
  times.sort((a, b) => a - b);
  return { p50: quantile(times, 0.5), p95: quantile(times, 0.95) };
}

async function adminRequests(strapi: Core.Strapi) {
  const { base, token } = await serveAdmin(strapi);
  const { phone } = await aDelivered(strapi, 0);
  const log = await sequential(
    base,
    token,
    [
      '/reminders/deliveries?page=1&pageSize=25',
      '/reminders/deliveries?status=failed&pageSize=25',
      `/reminders/deliveries?rule=${ruleDocumentId(3)}&pageSize=25`,
      `/reminders/deliveries?phone=${encodeURIComponent(phone)}&pageSize=25`,
    ],
    REQUESTS
  );
  const dashboard = await sequential(base, token, ['/reminders/dashboard?days=90'], REQUESTS);
  await new Promise<void>((resolve) => strapi.server.httpServer.close(() => resolve()));
  return { log, dashboard };
}

async function timeTicks(strapi: Core.Strapi, ruleIds: string[], scenario: Scenario) {
  const scheduler = strapi.plugin('reminders').service('scheduler') as Scheduler;
  const ticks = [];
  for (let repeat = 0; repeat < scenario.repeats; repeat += 1) {
    await prepare(strapi, ruleIds, scenario);
    ticks.push(await measure(() => scheduler.tick(new Date(scenario.now))));
  }
  const times = ticks.map((tick) => tick.ms).sort((a, b) => a - b);
  return {
    written: ticks[0].result.planned.written,
    median: quantile(times, 0.5),
    range: `${fmt.ms(times[0])}–${fmt.ms(times[times.length - 1])}`,
    peakHeapMb: Math.max(...ticks.map((tick) => tick.peakHeapMb)),
  };
}

/** One N, in this process (a child of the main run): its row. */
async function oneSize(): Promise<(string | number)[]> {
  const strapi = await bootStrapi();
  const generation = performance.now();
  await ensureRecords(strapi, { invoices: sizes.invoices, appointments: sizes.appointments }, { quiet: true });
  await ensureBookings(strapi, sizes.bookings, { quiet: true });
  await ensureDeliveries(strapi, sizes.deliveries, undefined, { quiet: true });
  const generatedMs = performance.now() - generation;
  const ruleIds = await installBenchRules(strapi, new Date('2026-11-01T00:00:00Z'), [...BENCH_RULES, ...HOST_RULES]);
  const admin = await adminRequests(strapi);
  await forgetDeliveries(strapi);

  // Warm-up (not measured): the JIT, the pool, PostgreSQL's caches, Luxon's zones.
  await timeTicks(strapi, ruleIds, { ...EMPTY_STEP, repeats: 2 });
  const empty = await timeTicks(strapi, ruleIds, EMPTY_STEP);
  // The hourly step with closest to 1,000 reminders at this N.
  let busy: Scenario = EMPTY_STEP;
  let closest = Infinity;
  for (const hour of HOURS) {
    const scenario = {
      name: 'busy',
      now: new Date(Date.parse('2026-12-07T00:00:00Z') + hour * HOUR_MS).toISOString(),
      repeats: 1,
    };
    const { written } = await timeTicks(strapi, ruleIds, scenario);
    if (Math.abs(written - 1000) < closest) {
      closest = Math.abs(written - 1000);
      busy = { ...scenario, repeats: 7 };
    }
  }
  const due = await timeTicks(strapi, ruleIds, busy);
  await strapi.db.connection.raw('TRUNCATE reminders_deliveries, reminders_rule_schedules');
  await strapi.destroy();
  const hourOf = (offset: number) => new Date(Date.parse(busy.now) + offset * HOUR_MS).toISOString().slice(11, 16);
  return [
    fmt.int(sizes.invoices),
    fmt.int(sizes.appointments),
    fmt.int(sizes.bookings),
    fmt.int(sizes.deliveries),
    fmt.ms(empty.median),
    empty.range,
    `${fmt.int(due.written)} (${hourOf(23)}–${hourOf(24)})`,
    fmt.ms(due.median),
    due.range,
    fmt.mb(Math.max(empty.peakHeapMb, due.peakHeapMb)),
    `${fmt.ms(admin.log.p50)} / ${fmt.ms(admin.log.p95)}`,
    `${fmt.ms(admin.dashboard.p50)} / ${fmt.ms(admin.dashboard.p95)}`,
    fmt.ms(generatedMs),
  ];
}

export const SCALE_COLUMNS = [
  'invoices (N)',
  'appointments',
  'bookings',
  'deliveries',
  'empty step: tick ms (median)',
  'empty step: range',
  'busy step: reminders (UTC step)',
  'busy step: tick ms (median)',
  'busy step: range',
  'peak heap MB',
  'delivery log p50 / p95 ms',
  'dashboard (90 days) p50 / p95 ms',
  'data ready ms',
];

export const scaleTitle = () =>
  'Scale: one tick and the admin API as the data grows (23 rules; each N in its own schema; sequential requests)';

/** Every N in its own child process, one after the other: the rows. */
export async function scaleBenchmark(): Promise<(string | number)[][]> {
  await compileApp();
  const rows: (string | number)[][] = [];
  for (const n of SIZES) {
    const wanted = scaleSizes(n);
    const output = await new Promise<string>((resolve, reject) =>
      execFile(
        process.execPath,
        ['--expose-gc', '--max-old-space-size=4096', '-r', 'esbuild-register', __filename, '--one'],
        {
          env: {
            ...process.env,
            BENCH_SCHEMA: `bench_${label(n)}`,
            BENCH_INVOICES: String(wanted.invoices),
            BENCH_APPOINTMENTS: String(wanted.appointments),
            BENCH_BOOKINGS: String(wanted.bookings),
            BENCH_DELIVERIES: String(wanted.deliveries),
            BENCH_SKIP_COMPILE: '1',
          },
          maxBuffer: 64 * 1024 * 1024,
        },
        (error, stdout, stderr) =>
          error ? reject(new Error(`N = ${n}: ${error.message}\n${stderr}`)) : resolve(stdout)
      )
    );
    const row = JSON.parse(output.trim().split('\n').pop() as string) as (string | number)[];
    console.log(`N = ${fmt.int(n)}: ${row.join(' | ')}`);
    rows.push(row);
  }
  return rows;
}

if (require.main === module) {
  run(async () => {
    if (process.argv.includes('--one')) {
      console.log(JSON.stringify(await oneSize()));
      return;
    }
    console.log(describeRun());
    printTable(scaleTitle(), SCALE_COLUMNS, await scaleBenchmark());
  });
}
