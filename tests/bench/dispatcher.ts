/**
 * The dispatcher end to end: messages per second from the outbox to the provider and back into the log
 * (claim → re-check → render → the official Africa's Talking SDK → the fake Africa's Talking server on
 * loopback, in its own process → record the outcome), at 1, 8, 32 and 128 messages in flight, with the
 * fake answering at once and after 200 ms. Not a test: timings depend on the machine.
 *
 *   node -r esbuild-register tests/bench/dispatcher.ts
 *   BENCH_QUICK=1 … (a quarter of the messages, 50,000 invoices)
 *   BENCH_DISPATCH_CASES=0/128,reference … only these cases (latency ms / in flight; `reference`: the
 *                        provider alone and a bare HTTP POST), e.g. for a profile or an A/B
 *   BENCH_DISPATCH_MESSAGES=4000 … this many messages in every case chosen
 *   BENCH_DISPATCH_ROUNDS=5 … each case this many times, one row each (medians of an A/B)
 *
 * Each run queues N deliveries due now for N distinct unpaid invoices (of the generated million), all for
 * one rule, then times one dispatcher pass (`dispatcher.dispatch(now)`, which claims batch after batch
 * until nothing is due). It checks that every delivery was accepted, recorded once, and that the fake
 * received each message exactly once. The CPU column is this process's CPU time during the pass divided by
 * the messages (PostgreSQL and the fake are other processes): steadier than messages/s on a shared machine.
 * Two reference rows follow, 128 in flight without the outbox: the app's provider alone (the SDK) and a bare
 * keep-alive HTTP POST of the same form, what the dispatcher cannot beat while it sends through the SDK.
 */
import http from 'http';
import { performance } from 'perf_hooks';
import type { Core } from '@strapi/strapi';
import {
  type PlannedDelivery,
  type PlanningRule,
  anchorValueOf,
  idempotencyKey,
} from '../../plugins/reminders/server/src/domain/planning';
import type { AnchorValue } from '../../plugins/reminders/server/src/domain/schedule';
import { createOutboxTable } from '../../plugins/reminders/server/src/services/scheduling/outbox-table';
import type { Scheduler } from '../../plugins/reminders/server/src/services/scheduling/scheduler';
import type { SmsProvider } from '../../plugins/reminders/server/src/providers/types';
import { ensureRecords, forgetDeliveries } from './generate-data';
import { startFakeProcess, type FakeProcess } from './fake-server';
import { BENCH_RULES, installBenchRules, ruleDocumentId } from './rules';
import { bootStrapi, describeRun, fmt, measure, postgresVersion, printTable, quick, run } from './lib';
import { BUILT_IN_TARGETS } from '../../plugins/reminders/server/src/domain/targets';

export const AT = { username: 'bench', apiKey: 'atsk_bench_0000000000000000000000000000' };
const NOW = new Date('2026-12-07T07:00:00Z');

interface Case {
  latencyMs: number;
  concurrency: number;
  messages: number;
}

const scale = (count: number) => (quick ? Math.max(20, Math.round(count / 4)) : count);
const ALL_CASES: Case[] = [
  { latencyMs: 0, concurrency: 1, messages: scale(1000) },
  { latencyMs: 0, concurrency: 8, messages: scale(4000) },
  { latencyMs: 0, concurrency: 32, messages: scale(4000) },
  { latencyMs: 0, concurrency: 128, messages: scale(4000) },
  { latencyMs: 200, concurrency: 1, messages: scale(40) },
  { latencyMs: 200, concurrency: 8, messages: scale(320) },
  { latencyMs: 200, concurrency: 32, messages: scale(1280) },
  { latencyMs: 200, concurrency: 128, messages: scale(4000) },
];
const chosen = process.env.BENCH_DISPATCH_CASES?.split(',').map((name) => name.trim());
const messages = Number(process.env.BENCH_DISPATCH_MESSAGES) || undefined;
const rounds = Number(process.env.BENCH_DISPATCH_ROUNDS) || 1;
export const DISPATCH_CASES: Case[] = ALL_CASES.filter(
  ({ latencyMs, concurrency }) => !chosen || chosen.includes(`${latencyMs}/${concurrency}`)
).map((benchCase) => (messages ? { ...benchCase, messages } : benchCase));

/**
 * N deliveries due at `now` for N distinct unpaid invoices, for the first benchmark rule ("due in 3 days"),
 * keyed as the planner keys them (the dispatcher checks that a reminder's anchor is still the record's).
 * Callers empty the outbox first.
 */
export async function queueDeliveries(strapi: Core.Strapi, count: number, now: Date): Promise<number> {
  const knex = strapi.db.connection;
  const invoices = (await knex('reminders_invoices')
    .whereNot('payment_status', 'paid')
    .whereNot('invoice_status', 'void')
    .orderBy('id')
    .limit(count)
    .select('document_id', 'phone', 'due_date')) as { document_id: string; phone: string; due_date: unknown }[];
  const due = new Date(now.getTime() - 60_000);
  const rule = { documentId: ruleDocumentId(0), ...BENCH_RULES[0] } as unknown as PlanningRule;
  const planned: PlannedDelivery[] = invoices.map((invoice) => ({
    idempotencyKey: idempotencyKey(
      rule,
      { documentId: invoice.document_id },
      0,
      0,
      'customer',
      anchorValueOf(BUILT_IN_TARGETS.invoice, rule, { dueDate: invoice.due_date }) as AnchorValue
    ),
    ruleDocumentId: ruleDocumentId(0),
    targetType: 'invoice',
    targetDocumentId: invoice.document_id,
    stepIndex: 0,
    occurrence: 0,
    recipientRole: 'customer',
    channel: 'sms',
    phone: invoice.phone,
    scheduledFor: due,
    notBefore: due,
    status: 'queued',
  }));
  return createOutboxTable(strapi).insertPlanned(planned, due);
}

/** What the outbox says after a run: deliveries per status, and whether any was recorded twice by the provider. */
export async function outboxSummary(strapi: Core.Strapi) {
  const knex = strapi.db.connection;
  const statuses = (await knex('reminders_deliveries')
    .select('delivery_status')
    .count({ count: '*' })
    .groupBy('delivery_status')) as { delivery_status: string; count: string }[];
  const [{ count: messageIds }] = await knex('reminders_deliveries').countDistinct({ count: 'provider_message_id' });
  return {
    byStatus: Object.fromEntries(statuses.map((row) => [row.delivery_status, Number(row.count)])),
    distinctMessageIds: Number(messageIds),
  };
}

export async function dispatcherBenchmark(strapi: Core.Strapi, fake: FakeProcess) {
  await ensureRecords(strapi);
  await forgetDeliveries(strapi);
  await installBenchRules(strapi, new Date('2026-11-01T00:00:00Z'));
  const scheduler = strapi.plugin('reminders').service('scheduler') as Scheduler;
  const rows: (string | number)[][] = [];
  const defaultConcurrency = strapi.config.get('plugin::reminders.scheduler.concurrency');

  const runCase = async ({ latencyMs, concurrency, messages }: Case) => {
    await strapi.db.connection.raw('TRUNCATE reminders_deliveries');
    await fake.reset();
    const queued = await queueDeliveries(strapi, messages, NOW);
    if (latencyMs > 0) await fake.script(queued, latencyMs);
    strapi.config.set('plugin::reminders.scheduler.concurrency', concurrency);
    const cpu = process.cpuUsage();
    const pass = await measure(() => scheduler.dispatcher.dispatch(NOW));
    const { user, system } = process.cpuUsage(cpu);
    const outbox = await outboxSummary(strapi);
    const received = await fake.stats();
    const accepted = outbox.byStatus.accepted ?? 0;
    if (
      pass.result.claimed !== queued ||
      accepted !== queued ||
      received.requests !== queued ||
      received.maxCopies > 1 ||
      outbox.distinctMessageIds !== queued
    ) {
      throw new Error(`dispatch of ${queued}: ${JSON.stringify({ report: pass.result, outbox, received })}`);
    }
    return { queued, ms: pass.ms, cpuMs: (user + system) / 1000 };
  };

  // Warm-up: the JIT, the pool, the SDK's agent, the template cache (not measured).
  await runCase({ latencyMs: 0, concurrency: 8, messages: 200 });
  for (const benchCase of DISPATCH_CASES.flatMap((each) => Array<Case>(rounds).fill(each))) {
    const { queued, ms, cpuMs } = await runCase(benchCase);
    const perSecond = (queued / ms) * 1000;
    rows.push([
      benchCase.latencyMs === 0 ? 'at once' : `${benchCase.latencyMs} ms`,
      benchCase.concurrency,
      fmt.int(queued),
      fmt.ms(ms),
      fmt.int(perSecond),
      (cpuMs / queued).toFixed(2),
      benchCase.latencyMs ? fmt.int((benchCase.concurrency / benchCase.latencyMs) * 1000) : '—',
    ]);
  }
  strapi.config.set('plugin::reminders.scheduler.concurrency', defaultConcurrency);
  await strapi.db.connection.raw('TRUNCATE reminders_deliveries');
  if (!chosen || chosen.includes('reference')) rows.push(...(await referenceRows(strapi, fake)));
  return rows;
}

/**
 * What the dispatcher cannot beat, on the same fake and numbers at 128 in flight, without the outbox: the
 * app's own provider alone (the official SDK: its validation, phone check and axios), and a bare keep-alive
 * HTTP POST of the same form (the transport alone).
 */
async function referenceRows(strapi: Core.Strapi, fake: FakeProcess) {
  const count = messages ?? scale(4000);
  const phones = (
    (await strapi.db.connection('reminders_invoices').orderBy('id').limit(count).select('phone')) as { phone: string }[]
  ).map((row) => row.phone);
  const body =
    'Dear Wanjiku Kamau, invoice INV-2026-000123 of KES 12,500.00 is due on 10 Dec 2026. Reply STOP to opt out.';
  const provider = (strapi.plugin('reminders').service('provider') as { get(): SmsProvider }).get();
  const agent = new http.Agent({ keepAlive: true });
  const url = new URL(`${fake.baseUrl}/messaging`);
  const post = (to: string) =>
    new Promise<void>((resolve, reject) => {
      const form = new URLSearchParams({ username: AT.username, to, message: body }).toString();
      const headers = {
        apikey: AT.apiKey,
        Accept: 'application/json',
        'Content-Type': 'application/x-www-form-urlencoded',
        'Content-Length': Buffer.byteLength(form),
      };
      http
        .request(url, { method: 'POST', agent, headers }, (response) => response.resume().on('end', resolve))
        .on('error', reject)
        .end(form);
    });
  const timed = async (label: string, send: (to: string) => Promise<unknown>) => {
    await fake.reset();
    let next = 0;
    const cpu = process.cpuUsage();
    const started = performance.now();
    await Promise.all(
      Array.from({ length: 128 }, async () => {
        while (next < phones.length) await send(phones[(next += 1) - 1]);
      })
    );
    const ms = performance.now() - started;
    const { user, system } = process.cpuUsage(cpu);
    if ((await fake.stats()).requests !== phones.length) throw new Error(`${label}: not every request arrived`);
    return [
      label,
      128,
      fmt.int(phones.length),
      fmt.ms(ms),
      fmt.int((phones.length / ms) * 1000),
      ((user + system) / 1000 / phones.length).toFixed(2),
      '—',
    ];
  };
  const sdk = async (to: string) => {
    const outcome = await provider.send({ to, body });
    if (outcome.kind !== 'accepted') throw new Error(`the SDK alone: ${outcome.kind} ${outcome.reason}`);
  };
  await timed('warm-up', sdk);
  const result = [];
  for (let round = 0; round < rounds; round += 1) {
    result.push(await timed('at once, the SDK alone (no outbox)', sdk));
    result.push(await timed('at once, a bare HTTP POST (no SDK)', post));
  }
  agent.destroy();
  return result;
}

export const DISPATCHER_COLUMNS = [
  'fake answers',
  'concurrency',
  'messages',
  'ms',
  'messages/s',
  'CPU ms per message (this process)',
  'ceiling (concurrency ÷ latency)',
];

if (require.main === module) {
  run(async () => {
    const fake = await startFakeProcess(AT);
    const strapi = await bootStrapi({ AT_USERNAME: AT.username, AT_API_KEY: AT.apiKey, AT_API_BASE_URL: fake.baseUrl });
    console.log(`${describeRun()}, ${await postgresVersion(strapi)}`);
    const rows = await dispatcherBenchmark(strapi, fake);
    printTable(
      `Dispatcher: claim → render → Africa's Talking SDK → fake server (own process) → record${quick ? ' (QUICK)' : ''}`,
      DISPATCHER_COLUMNS,
      rows
    );
    await strapi.destroy();
    await fake.close();
  });
}
