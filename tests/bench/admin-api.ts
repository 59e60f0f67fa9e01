/**
 * The admin API over a delivery log of 1,000,000 rows, under load: p50/p95/p99 of the deliveries list
 * (GET /reminders/deliveries, its filters and pages) and of the dashboard (GET /reminders/dashboard), with
 * autocannon in its own process holding 10 connections open for 10 seconds per URL (3 in quick mode).
 * Not a test: timings depend on the machine.
 *
 *   node -r esbuild-register tests/bench/admin-api.ts
 *   BENCH_QUICK=1 … (50,000 rows) · BENCH_DELIVERIES=… · BENCH_CONNECTIONS=10 · BENCH_SECONDS=10
 *
 * Strapi serves on a loopback port, as in production (Koa, the admin JWT, the plugin's RBAC policies);
 * the requests carry a super admin's token. The scheduler's clock is set to the data's epoch, so the
 * dashboard's last days hold the generated traffic (about 5,500 deliveries a day).
 */
import type { AddressInfo } from 'net';
import crypto from 'crypto';
import type { Core } from '@strapi/strapi';
import type { Clock } from '../../plugins/reminders/server/src/services/clock';
import { ensureDeliveries, ensureRecords } from './generate-data';
import { runLoad } from './load-client';
import { installBenchRules, ruleDocumentId } from './rules';
import {
  DAY_MS,
  EPOCH,
  bootStrapi,
  describeRun,
  fmt,
  postgresVersion,
  printTable,
  quantile,
  quick,
  run,
  sizes,
} from './lib';

const connections = Number(process.env.BENCH_CONNECTIONS ?? 10);
const seconds = Number(process.env.BENCH_SECONDS ?? (quick ? 3 : 10));

/** A super admin's token, logged in through the admin API like an editor in the browser. */
async function adminToken(strapi: Core.Strapi, base: string): Promise<string> {
  const email = `bench-${crypto.randomBytes(4).toString('hex')}@example.com`;
  const password = 'Bench-Password-1';
  const superAdmin = await strapi.service('admin::role').getSuperAdmin();
  await strapi
    .service('admin::user')
    .create({ firstname: 'Bench', lastname: 'Admin', email, password, isActive: true, roles: [superAdmin.id] });
  const response = await fetch(`${base}/admin/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  if (!response.ok) throw new Error(`admin login: ${response.status} ${await response.text()}`);
  return ((await response.json()) as { data: { token: string } }).data.token;
}

const iso = (ms: number) => new Date(ms).toISOString();

/**
 * Strapi serving on a loopback port with the scheduler's clock at the data's epoch (noon), and a super
 * admin's token for it.
 */
export async function serveAdmin(strapi: Core.Strapi): Promise<{ base: string; token: string }> {
  (strapi.plugin('reminders').service('clock') as Clock).set(() => new Date(EPOCH.getTime() + 12 * 3_600_000));
  await strapi.server.mount();
  await new Promise<void>((resolve) => strapi.server.httpServer.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(strapi.server.httpServer.address() as AddressInfo).port}`;
  return { base, token: await adminToken(strapi, base) };
}

/** The phone of a delivered delivery of the log (the `offset`-th by id), for the "one phone" filter. */
export const deliveredPhone = async (strapi: Core.Strapi, offset: number): Promise<string> =>
  (
    (await strapi.db
      .connection('reminders_deliveries')
      .where('delivery_status', 'delivered')
      .orderBy('id')
      .offset(offset)
      .first('phone')) as { phone: string }
  ).phone;

/**
 * The load tool hangs up on the requests still waiting when its time is up, and Strapi goes on serving
 * them: wait for their queries, so they neither slow the next request measured nor are aborted (an
 * "aborted" error each) when the pool is destroyed.
 */
async function untilPoolIdle(strapi: Core.Strapi) {
  const pool = strapi.db.connection.client.pool as { numUsed(): number; numPendingAcquires(): number };
  for (let waited = 0; (pool.numUsed() > 0 || pool.numPendingAcquires() > 0) && waited < 30_000; waited += 50) {
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

export async function adminApiBenchmark(strapi: Core.Strapi) {
  await ensureRecords(strapi);
  await ensureDeliveries(strapi);
  await installBenchRules(strapi, new Date('2026-11-01T00:00:00Z'));
  const { base, token } = await serveAdmin(strapi);
  const phone = await deliveredPhone(strapi, 1000);
  const day = EPOCH.getTime() - 10 * DAY_MS;

  const cases: [string, string][] = [
    ['deliveries, newest first (page 1 of 25)', '/reminders/deliveries?page=1&pageSize=25'],
    ['deliveries, page 200 (rows 4,976–5,000)', '/reminders/deliveries?page=200&pageSize=25'],
    ['deliveries, status=failed', '/reminders/deliveries?status=failed&pageSize=25'],
    ['deliveries, status=unknown,rejected', '/reminders/deliveries?status=unknown,rejected&pageSize=25'],
    ['deliveries, one rule', `/reminders/deliveries?rule=${ruleDocumentId(3)}&pageSize=25`],
    ['deliveries, one day (from, to)', `/reminders/deliveries?from=${iso(day)}&to=${iso(day + DAY_MS)}&pageSize=25`],
    ['deliveries, one phone', `/reminders/deliveries?phone=${encodeURIComponent(phone)}&pageSize=25`],
    [
      'deliveries, delivered + rule + a week',
      `/reminders/deliveries?status=delivered&rule=${ruleDocumentId(12)}&from=${iso(day - 7 * DAY_MS)}&to=${iso(day)}&pageSize=25`,
    ],
    ['dashboard, last 14 days', '/reminders/dashboard?days=14'],
    ['dashboard, last 90 days', '/reminders/dashboard?days=90'],
    // The floor: what any admin request costs before plugin code runs (the admin JWT, the user, the
    // ability built from the role's permissions), measured on Strapi's own cheapest route.
    ["reference: Strapi's GET /admin/users/me", '/admin/users/me'],
  ];

  const headers = { Authorization: `Bearer ${token}` };
  const rows: (string | number)[][] = [];
  for (const [name, path] of cases) {
    // One request first: the answer must be a 200 (and it warms the route).
    const check = await fetch(base + path, { headers });
    if (!check.ok) throw new Error(`${path}: ${check.status} ${await check.text()}`);
    const result = await runLoad({ url: base + path, headers, connections, durationSeconds: seconds });
    await untilPoolIdle(strapi);
    const latencies = [...result.latencies].sort((a, b) => a - b);
    rows.push([
      name,
      fmt.int(result.requests),
      fmt.int(result.requests / result.seconds),
      fmt.ms(quantile(latencies, 0.5)),
      fmt.ms(quantile(latencies, 0.95)),
      fmt.ms(quantile(latencies, 0.99)),
      result.non2xx + result.errors,
    ]);
  }
  return rows;
}

export const ADMIN_API_COLUMNS = ['request', 'requests', 'req/s', 'p50 ms', 'p95 ms', 'p99 ms', 'errors'];

if (require.main === module) {
  run(async () => {
    const strapi = await bootStrapi();
    console.log(`${describeRun()}, ${await postgresVersion(strapi)}`);
    const rows = await adminApiBenchmark(strapi);
    printTable(
      `Admin API: ${fmt.int(sizes.deliveries)} deliveries, autocannon ${connections} connections × ${seconds} s per request${quick ? ' (QUICK)' : ''}`,
      ADMIN_API_COLUMNS,
      rows
    );
    await strapi.destroy();
  });
}
