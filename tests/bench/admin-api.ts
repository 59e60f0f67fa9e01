/**
 * The admin API over a delivery log of 1,000,000 rows, under load: p50/p95/p99 of every GET route the admin's
 * pages read (the delivery log with its filters and pages, the dashboard, rules, upcoming, the record panel,
 * the inbox, the template library, settings, targets…), with autocannon in its own process holding 10
 * connections open for 10 seconds per URL (3 in quick mode), and each route's p95 divided by the p95 of
 * Strapi's own GET /admin/users/me measured in the same run (the goal of issue #21: at most 1.2×).
 * Not a test: timings depend on the machine.
 *
 *   node -r esbuild-register tests/bench/admin-api.ts
 *   BENCH_QUICK=1 … (50,000 rows) · BENCH_DELIVERIES=… · BENCH_CONNECTIONS=10 · BENCH_SECONDS=10
 *   BENCH_ADMIN_ONLY=<regular expression>   only the routes whose name matches (the reference always runs)
 *
 * Strapi serves on a loopback port, as in production (Koa, the admin JWT, the plugin's RBAC policies);
 * the requests carry a super admin's token. The scheduler's clock is set to the data's epoch, so the
 * dashboard's last days hold the generated traffic (about 5,500 deliveries a day).
 */
import type { AddressInfo } from 'net';
import crypto from 'crypto';
import { performance } from 'perf_hooks';
import type { Core } from '@strapi/strapi';
import type { Clock } from '../../plugins/reminders/server/src/services/clock';
import { ensureDeliveries, ensureRecords, invoiceDocumentId } from './generate-data';
import { type LoadResult, runLoad } from './load-client';
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

/** A delivered delivery of the log (the `offset`-th by id): its phone for the "one phone" filter. */
export const aDelivered = async (strapi: Core.Strapi, offset: number) =>
  (await strapi.db
    .connection('reminders_deliveries')
    .where('delivery_status', 'delivered')
    .orderBy('id')
    .offset(offset)
    .first('phone', 'document_id')) as { phone: string; document_id: string };

/**
 * The load tool hangs up on the requests still waiting when its time is up, and Strapi goes on serving
 * them: wait until it has answered them all and their queries are done, so they neither slow the next
 * request measured nor are aborted (an "aborted" error each) when the pool is destroyed.
 */
function idleWaiter(strapi: Core.Strapi) {
  let serving = 0;
  strapi.server.httpServer.on('request', (_request, response) => {
    serving += 1;
    response.once('close', () => (serving -= 1));
  });
  const pool = strapi.db.connection.client.pool as { numUsed(): number; numPendingAcquires(): number };
  const busy = () => serving > 0 || pool.numUsed() > 0 || pool.numPendingAcquires() > 0;
  return async () => {
    for (let waited = 0; busy() && waited < 600_000; waited += 50) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  };
}

/** A template in the library, so that the library and one template are read as an editor reads them. */
async function aTemplate(base: string, headers: Record<string, string>): Promise<string> {
  const list = (await (await fetch(`${base}/reminders/message-templates`, { headers })).json()) as {
    data: { documentId: string }[];
  };
  if (list.data.length) return list.data[0].documentId;
  const response = await fetch(`${base}/reminders/message-templates`, {
    method: 'POST',
    headers: { ...headers, 'Content-Type': 'application/json' },
    body: JSON.stringify({
      name: 'Bench: invoice due',
      target: 'invoice',
      messages: { en: 'Hi {{ customer.name }}, invoice {{ invoice.number }} is due.' },
    }),
  });
  if (!response.ok) throw new Error(`template: ${response.status} ${await response.text()}`);
  return ((await response.json()) as { data: { documentId: string } }).data.documentId;
}

const REFERENCE = "reference: Strapi's GET /admin/users/me";
/** A route is within the goal (issue #21) when its p95 is at most this many times the reference's. */
export const ADMIN_API_GOAL = 1.2;

export async function adminApiBenchmark(strapi: Core.Strapi) {
  await ensureRecords(strapi);
  await ensureDeliveries(strapi);
  await installBenchRules(strapi, new Date('2026-11-01T00:00:00Z'));
  const { base, token } = await serveAdmin(strapi);
  const untilIdle = idleWaiter(strapi);
  const headers = { Authorization: `Bearer ${token}` };
  const { phone, document_id: delivery } = await aDelivered(strapi, 1000);
  const template = await aTemplate(base, headers);
  const day = EPOCH.getTime() - 10 * DAY_MS;
  const week = `from=${iso(EPOCH.getTime())}&to=${iso(EPOCH.getTime() + 7 * DAY_MS)}`;

  const plugin: [string, string][] = [
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
    ['one delivery (its text and timeline)', `/reminders/deliveries/${delivery}`],
    ['unmatched delivery reports', '/reminders/deliveries/unmatched-reports?page=1&pageSize=20'],
    ['dashboard, last 14 days', '/reminders/dashboard?days=14'],
    ['dashboard, last 90 days', '/reminders/dashboard?days=90'],
    ['rules list', '/reminders/rules'],
    ['rule options (targets, fields, languages)', '/reminders/rules/options'],
    ['one rule', `/reminders/rules/${ruleDocumentId(3)}`],
    ['upcoming, next 7 days', `/reminders/scheduler/preview?${week}`],
    ['upcoming, one rule, 7 days', `/reminders/scheduler/preview?${week}&rule=${ruleDocumentId(3)}`],
    ["record panel (an invoice's reminders)", `/reminders/records/invoice/${invoiceDocumentId(1000)}/reminders`],
    ['record search (invoice, "INV-0000")', '/reminders/records/invoice?q=INV-0000'],
    ['record search (invoice, one number)', '/reminders/records/invoice?q=FEES-00543210'],
    ['inbox (open replies)', '/reminders/replies?page=1&pageSize=20'],
    ['inbox count badge (open replies, 1 row)', '/reminders/replies?page=1&pageSize=1'],
    ['opt-outs by a CANCEL reply', '/reminders/replies/cancel-word-opt-outs'],
    ['template library', '/reminders/message-templates'],
    ['one template', `/reminders/message-templates/${template}`],
    ['settings (protection, spending cap, footer, pause)', '/reminders/settings'],
    ['settings: targets', '/reminders/settings/targets'],
    ['targets (summaries)', '/reminders/targets'],
    ['field options', '/reminders/field-options'],
    ['e-mail settings', '/reminders/email'],
  ];
  const only = process.env.BENCH_ADMIN_ONLY ? new RegExp(process.env.BENCH_ADMIN_ONLY) : undefined;
  const chosen = plugin.filter(([name]) => !only || only.test(name));
  // The floor: what any admin request costs before plugin code runs (the admin JWT, the user, the ability
  // built from the role's permissions), measured on Strapi's own cheapest route at the start, the middle and
  // the end of the run, so that the ratios do not depend on when the machine was busier.
  const middle = Math.ceil(chosen.length / 2);
  const cases: [string, string][] = [
    [REFERENCE, '/admin/users/me'],
    ...chosen.slice(0, middle),
    [REFERENCE, '/admin/users/me'],
    ...chosen.slice(middle),
    [REFERENCE, '/admin/users/me'],
  ];

  const measured: { name: string; result: LoadResult; p50: number; p95: number; p99: number }[] = [];
  for (const [name, path] of cases) {
    // One request first: the answer must be a 200 (and it warms the route).
    const started = performance.now();
    const check = await fetch(base + path, { headers, signal: AbortSignal.timeout(60_000) });
    if (!check.ok) throw new Error(`${path}: ${check.status} ${await check.text()}`);
    await check.arrayBuffer();
    console.error(`${name}: first request ${fmt.ms(performance.now() - started)} ms, measuring…`);
    const result = await runLoad({ url: base + path, headers, connections, durationSeconds: seconds });
    await untilIdle();
    const latencies = [...result.latencies].sort((a, b) => a - b);
    const [p50, p95, p99] = [0.5, 0.95, 0.99].map((q) => quantile(latencies, q));
    measured.push({ name, result, p50, p95, p99 });
  }
  const references = measured.filter((entry) => entry.name === REFERENCE).map((entry) => entry.p95);
  const reference = [...references].sort((a, b) => a - b)[1];
  const when = ['start', 'middle', 'end'].values();
  const rows = measured.map(({ name, result, p50, p95, p99 }) => {
    const isReference = name === REFERENCE;
    const ratio = p95 / reference;
    return [
      isReference ? `${name} (${when.next().value})` : name,
      fmt.int(result.requests),
      fmt.int(result.requests / result.seconds),
      fmt.ms(p50),
      fmt.ms(p95),
      fmt.ms(p99),
      result.non2xx + result.errors,
      `${ratio.toFixed(2)}×`,
      isReference ? '—' : ratio <= ADMIN_API_GOAL ? 'yes' : 'NO',
    ];
  });
  const within = measured.filter((entry) => entry.name !== REFERENCE && entry.p95 / reference <= ADMIN_API_GOAL);
  const verdict = `${within.length} of ${measured.length - references.length} plugin routes within ${ADMIN_API_GOAL}× the reference p95 (${fmt.ms(reference)} ms, the median of ${references.map(fmt.ms).join(', ')})`;
  return { rows, verdict };
}

export const ADMIN_API_COLUMNS = [
  'request',
  'requests',
  'req/s',
  'p50 ms',
  'p95 ms',
  'p99 ms',
  'errors',
  'p95 ÷ reference',
  `≤ ${ADMIN_API_GOAL}×`,
];

if (require.main === module) {
  run(async () => {
    const strapi = await bootStrapi();
    console.log(`${describeRun()}, ${await postgresVersion(strapi)}`);
    const { rows, verdict } = await adminApiBenchmark(strapi);
    printTable(
      `Admin API: ${fmt.int(sizes.deliveries)} deliveries, autocannon ${connections} connections × ${seconds} s per request${quick ? ' (QUICK)' : ''}`,
      ADMIN_API_COLUMNS,
      rows
    );
    console.log(verdict);
    await strapi.destroy();
  });
}
