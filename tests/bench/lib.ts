/**
 * What the PostgreSQL benchmarks share: booting the compiled Strapi app in-process on its own database
 * schema, sizes from the environment, timing with peak heap, and aligned tables.
 *
 * Environment:
 *   BENCH_DATABASE_URL   postgres://reminders:reminders@localhost:5432/reminders_bench (the role must own it
 *                        or be allowed to create schemas in it)
 *   BENCH_SCHEMA         bench, or bench_quick with BENCH_QUICK (created when missing; the benchmarks truncate
 *                        and fill its tables, and keep the generated data there for the next run)
 *   BENCH_QUICK=1        small sizes for a smoke run (50,000 invoices instead of 1,000,000, fewer messages)
 *   BENCH_INVOICES, BENCH_APPOINTMENTS, BENCH_DELIVERIES, BENCH_BOOKINGS   override the sizes
 *   BENCH_SKIP_COMPILE=1 do not run compileStrapi first (dist/ is already current)
 */
import os from 'os';
import v8 from 'v8';
import path from 'path';
import { execSync } from 'child_process';
import { performance } from 'perf_hooks';
import type { Client } from 'pg';
import { withPostgres } from '../helpers/postgres';
import { compileStrapi, createStrapi, type Core } from '@strapi/strapi';

export const appDir = path.resolve(__dirname, '..', '..');

export const quick = process.env.BENCH_QUICK === '1' || process.env.BENCH_QUICK === 'true';
const sized = (name: string, full: number, small: number) => Number(process.env[name] ?? (quick ? small : full));
export const sizes = {
  invoices: sized('BENCH_INVOICES', 1_000_000, 50_000),
  appointments: sized('BENCH_APPOINTMENTS', 200_000, 10_000),
  deliveries: sized('BENCH_DELIVERIES', 1_000_000, 50_000),
  /** The demo app's published bookings (host-target.ts), with a customer for every ten. */
  bookings: sized('BENCH_BOOKINGS', 1_000_000, 50_000),
};

export const databaseUrl =
  process.env.BENCH_DATABASE_URL ?? 'postgres://reminders:reminders@localhost:5432/reminders_bench';
export const schema = process.env.BENCH_SCHEMA ?? (quick ? 'bench_quick' : 'bench');

/** The benchmarks' "now": every generated date is placed around it, and the scheduler's clock starts there. */
export const EPOCH = new Date('2026-12-07T00:00:00Z');
export const DAY_MS = 86_400_000;
export const HOUR_MS = 3_600_000;

/** The environment a benchmark's Strapi runs with (also handed to child instances). */
export function strapiEnv(extra: Record<string, string> = {}): Record<string, string> {
  return {
    APP_KEYS: 'bench-key-a,bench-key-b',
    API_TOKEN_SALT: 'bench-api-token-salt',
    ADMIN_JWT_SECRET: 'bench-admin-jwt-secret',
    TRANSFER_TOKEN_SALT: 'bench-transfer-token-salt',
    JWT_SECRET: 'bench-jwt-secret',
    ENCRYPTION_KEY: 'bench-encryption-key',
    SEED_DEMO_DATA: 'false',
    LOG_LEVEL: 'error',
    REMINDERS_SCHEDULER_ENABLED: 'false',
    // These runs message the same numbers many times on purpose: the frequency cap would hold most back.
    REMINDERS_FREQUENCY_CAP: 'off',
    DATABASE_CLIENT: 'postgres',
    DATABASE_URL: databaseUrl,
    DATABASE_SCHEMA: schema,
    ...extra,
  };
}

export const withPg = <T>(work: (client: Client) => Promise<T>): Promise<T> => withPostgres(databaseUrl, work);

let compiled = false;
/** compileStrapi once per process (the child instances load the same dist/). */
export async function compileApp() {
  if (compiled || process.env.BENCH_SKIP_COMPILE === '1') return;
  await compileStrapi({ appDir });
  compiled = true;
}

/** Boots the compiled app on the benchmark schema, the scheduler's periodic tick off. */
export async function bootStrapi(extra: Record<string, string> = {}): Promise<Core.Strapi> {
  await compileApp();
  await withPg((client) => client.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`));
  Object.assign(process.env, strapiEnv(extra));
  return createStrapi({ appDir, distDir: path.join(appDir, 'dist'), autoReload: false, serveAdminPanel: false }).load();
}

export const knexOf = (strapi: Core.Strapi) => strapi.db.connection;

/** Runs `work` and reports its wall time and how far the JS heap rose above where it started. */
export async function measure<T>(work: () => Promise<T>): Promise<{ result: T; ms: number; peakHeapMb: number }> {
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  // v8's heap figure: process.memoryUsage() also reads the RSS from /proc, which at 200 samples a second
  // cost 2% of a dispatcher run's CPU.
  const heapUsed = () => v8.getHeapStatistics().used_heap_size;
  const base = heapUsed();
  let peak = base;
  const sample = () => {
    const used = heapUsed();
    if (used > peak) peak = used;
  };
  const timer = setInterval(sample, 5);
  const started = performance.now();
  try {
    const result = await work();
    const ms = performance.now() - started;
    sample();
    return { result, ms, peakHeapMb: (peak - base) / 1048576 };
  } finally {
    clearInterval(timer);
  }
}

export const quantile = (sorted: number[], q: number) =>
  sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] : NaN;

export const fmt = {
  int: (value: number) => Math.round(value).toLocaleString('en'),
  ms: (value: number) => (value >= 100 ? Math.round(value).toLocaleString('en') : value.toFixed(1)),
  mb: (value: number) => value.toFixed(1),
  ratio: (value: number) => `${value >= 10 ? Math.round(value) : value.toFixed(1)}×`,
};

/** Prints rows as a Markdown table with aligned columns (numbers right-aligned), ready for BENCHMARKS.md. */
export function printTable(title: string, columns: string[], rows: (string | number)[][]) {
  const cells = rows.map((row) => row.map(String));
  const numeric = columns.map(
    (_, index) =>
      cells.length > 0 && cells.every((row) => /^[-\d.,×%<>~ ]+$/.test(row[index] ?? '') || row[index] === '—')
  );
  const widths = columns.map((column, index) =>
    Math.max(column.length, 3, ...cells.map((row) => (row[index] ?? '').length))
  );
  const line = (values: string[]) =>
    `| ${values.map((value, index) => (numeric[index] ? value.padStart(widths[index]) : value.padEnd(widths[index]))).join(' | ')} |`;
  console.log(`\n${title}\n`);
  console.log(line(columns));
  console.log(
    `| ${widths.map((width, index) => (numeric[index] ? `${'-'.repeat(width - 1)}:` : '-'.repeat(width))).join(' | ')} |`
  );
  for (const row of cells) console.log(line(row));
  console.log('');
}

/** The run's context line: date, commit, machine. */
export function describeRun(): string {
  let commit = 'unknown';
  try {
    commit = execSync('git rev-parse --short HEAD', { cwd: appDir }).toString().trim();
    if (execSync('git status --porcelain --untracked-files=no', { cwd: appDir }).toString().trim())
      commit += ' (+ uncommitted changes)';
  } catch {
    // not a git checkout
  }
  const cpus = os.cpus();
  const load = os
    .loadavg()
    .map((value) => value.toFixed(1))
    .join(' ');
  return `${new Date().toISOString().slice(0, 10)}, commit ${commit}, Node ${process.version}, ${cpus.length} × ${cpus[0]?.model.trim() ?? 'unknown CPU'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, load average ${load}, ${quick ? 'QUICK' : 'full'} sizes ${JSON.stringify(sizes)}`;
}

export async function postgresVersion(strapi: Core.Strapi): Promise<string> {
  const { rows } = await knexOf(strapi).raw('show server_version');
  return `PostgreSQL ${rows[0].server_version}`;
}

/** Runs main() and exits with its outcome (Strapi's pools and timers would otherwise keep the process alive). */
export function run(main: () => Promise<void>) {
  main().then(
    () => process.exit(0),
    (error) => {
      console.error(error);
      process.exit(1);
    }
  );
}
