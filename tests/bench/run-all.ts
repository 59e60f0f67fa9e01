/**
 * Every PostgreSQL benchmark in one run, on one Strapi (npm run bench). Not a test and not run in CI:
 * timings depend on the machine; the figures go to BENCHMARKS.md.
 *
 *   npm run bench                                  all of them, at full size (several minutes; the data
 *                                                  is generated once and reused by later runs)
 *   npm run bench -- planner dispatcher            some of them: generate, planner, host-target,
 *                                                  dispatcher, multi-instance, admin-api, latency,
 *                                                  scale
 *   BENCH_QUICK=1 npm run bench                    a smoke run on small data
 *   BENCH_INVOICES=… BENCH_APPOINTMENTS=… BENCH_DELIVERIES=…   other sizes
 *   BENCH_NAIVE=0                                  the planner without its naive baseline
 *   BENCH_BOOKINGS=…, BENCH_UNINDEXED=0            host-target: other sizes, no runs without the index
 *
 * Each one also runs alone: node [--expose-gc] -r esbuild-register tests/bench/<name>.ts
 * The database: BENCH_DATABASE_URL (postgres://reminders:reminders@localhost:5432/reminders_bench), schema
 * BENCH_SCHEMA (bench, or bench_quick in quick mode); see tests/bench/lib.ts.
 */
import { ADMIN_API_COLUMNS, adminApiBenchmark } from './admin-api';
import { AT, DISPATCHER_COLUMNS, dispatcherBenchmark } from './dispatcher';
import { startFakeProcess } from './fake-server';
import { ensureDeliveries, ensureRecords } from './generate-data';
import { MULTI_COLUMNS, multiInstanceBenchmark } from './multi-instance';
import { LATENCY_COLUMNS, LATENCY_TITLE, latencyBenchmark } from './latency';
import { HOST_TARGET_COLUMNS, ensureBookings, hostTargetBenchmark, hostTargetTitle } from './host-target';
import { PLANNER_COLUMNS, plannerBenchmark } from './planner';
import { SCALE_COLUMNS, scaleBenchmark, scaleTitle } from './scale';
import { bootStrapi, describeRun, fmt, postgresVersion, printTable, run, sizes } from './lib';

const ALL = [
  'generate',
  'planner',
  'host-target',
  'dispatcher',
  'multi-instance',
  'admin-api',
  'latency',
  'scale',
] as const;
type Name = (typeof ALL)[number];

run(async () => {
  const asked = process.argv.slice(2);
  const unknown = asked.filter((name) => !ALL.includes(name as Name));
  if (unknown.length) throw new Error(`unknown benchmark(s) ${unknown.join(', ')}: choose among ${ALL.join(', ')}`);
  const chosen = new Set<Name>(asked.length ? (asked as Name[]) : ALL);

  const fake = await startFakeProcess(AT);
  const strapi = await bootStrapi({ AT_USERNAME: AT.username, AT_API_KEY: AT.apiKey, AT_API_BASE_URL: fake.baseUrl });
  const context = `${describeRun()}, ${await postgresVersion(strapi)}`;
  console.log(context);
  if (!(globalThis as { gc?: unknown }).gc)
    console.log('(run node with --expose-gc for peak heap measured from a collected heap)');
  const tables: [string, string[], (string | number)[][]][] = [];
  const table = (title: string, columns: string[], rows: (string | number)[][]) => {
    tables.push([title, columns, rows]);
    printTable(title, columns, rows);
  };

  // Records first; the delivery log only before the admin API (the benchmarks before it empty the outbox).
  const generated: (string | number)[][] = [];
  if (chosen.has('generate')) generated.push(...(await ensureRecords(strapi, undefined, { quiet: true })).rows);
  if (chosen.has('planner')) {
    table(
      `Planner: one tick, 20 rules, ${fmt.int(sizes.invoices)} invoices, ${fmt.int(sizes.appointments)} appointments`,
      PLANNER_COLUMNS,
      await plannerBenchmark(strapi)
    );
  }
  if (chosen.has('host-target')) {
    generated.push(...(await ensureBookings(strapi, undefined, { quiet: true })).rows);
    table(hostTargetTitle(), HOST_TARGET_COLUMNS, await hostTargetBenchmark(strapi));
  }
  if (chosen.has('dispatcher')) {
    table(
      "Dispatcher: claim → render → Africa's Talking SDK → fake server (own process) → record",
      DISPATCHER_COLUMNS,
      await dispatcherBenchmark(strapi, fake)
    );
  }
  if (chosen.has('multi-instance')) {
    table(
      'Two instances on one PostgreSQL (8 in flight each)',
      MULTI_COLUMNS,
      await multiInstanceBenchmark(strapi, fake)
    );
  }
  if (chosen.has('admin-api')) {
    generated.push(...(await ensureDeliveries(strapi, undefined, undefined, { quiet: true })).rows);
    const { rows, verdict } = await adminApiBenchmark(strapi);
    table(`Admin API: ${fmt.int(sizes.deliveries)} deliveries under autocannon (${verdict})`, ADMIN_API_COLUMNS, rows);
  }
  // Strapi instances of its own on a schema of its own, serving HTTP (tests/bench/latency.ts).
  if (chosen.has('latency')) table(LATENCY_TITLE, LATENCY_COLUMNS, await latencyBenchmark(fake));
  // Last: its own schemas (bench_100k, bench_1m, bench_10m), each N in a child process.
  if (chosen.has('scale')) table(scaleTitle(), SCALE_COLUMNS, await scaleBenchmark());
  if (chosen.has('generate')) {
    tables.unshift([
      'Data generation (load time includes the indexes and VACUUM ANALYZE)',
      ['table', 'rows', 'ms', 'rows/s'],
      generated.length ? generated : [['(already there: reused)', '—', '—', '—']],
    ]);
  }

  console.log(`\n==== Summary — ${context}`);
  for (const [title, columns, rows] of tables) printTable(title, columns, rows);
  await strapi.destroy();
  await fake.close();
});
