/**
 * Two Strapi instances on one PostgreSQL database against one: the same queue of due reminders sent by one
 * instance, then by two ticking at the same moment (each a separate process, tests/helpers/
 * scheduler-worker.js, driven over IPC), with the fake Africa's Talking answering at once and after
 * 200 ms. Combined throughput, and proof that nothing went out twice. Not a test: timings depend on the
 * machine (two instances, PostgreSQL and the fake share its cores).
 *
 *   node -r esbuild-register tests/bench/multi-instance.ts
 *   BENCH_QUICK=1 … (a quarter of the messages)
 *
 * The instances run the plugin's defaults (8 messages in flight each, claims of 100); the planner has
 * nothing to do (every rule planned ahead), so a tick is the dispatcher sending until nothing is due.
 */
import path from 'path';
import { fork, type ChildProcess } from 'child_process';
import { performance } from 'perf_hooks';
import type { Core } from '@strapi/strapi';
import { ensureRecords, forgetDeliveries } from './generate-data';
import { startFakeProcess, type FakeProcess } from './fake-server';
import { AT, outboxSummary, queueDeliveries } from './dispatcher';
import { installBenchRules, setWatermarks } from './rules';
import {
  HOUR_MS,
  appDir,
  bootStrapi,
  describeRun,
  fmt,
  postgresVersion,
  printTable,
  quick,
  run,
  strapiEnv,
} from './lib';

const NOW = new Date('2026-12-07T07:00:00Z');

interface Instance {
  child: ChildProcess;
  next(): Promise<{ ready?: boolean; tick?: string; report?: { dispatched: { claimed: number } }; error?: string }>;
}

/** A Strapi instance in its own process on the benchmark database, answering ticks over IPC. */
function startInstance(env: Record<string, string>): Instance {
  const { JEST_WORKER_ID: _jest, ...parentEnv } = process.env;
  const child = fork(path.join(appDir, 'tests', 'helpers', 'scheduler-worker.js'), [], {
    env: { ...parentEnv, ...env },
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  const inbox: unknown[] = [];
  const waiting: ((message: unknown) => void)[] = [];
  child.on('message', (message) => (waiting.length ? waiting.shift()!(message) : inbox.push(message)));
  return {
    child,
    next: () =>
      new Promise((resolve) => (inbox.length ? resolve(inbox.shift() as never) : waiting.push(resolve as never))),
  };
}

const scale = (count: number) => (quick ? Math.round(count / 4) : count);
export const MULTI_CASES = [
  { latencyMs: 0, messages: scale(4000) },
  { latencyMs: 200, messages: scale(1200) },
];

export async function multiInstanceBenchmark(strapi: Core.Strapi, fake: FakeProcess) {
  await ensureRecords(strapi);
  await forgetDeliveries(strapi);
  const ruleIds = await installBenchRules(strapi, new Date('2026-11-01T00:00:00Z'));
  // Every rule planned through now + horizon: a tick plans nothing and only dispatches.
  await setWatermarks(strapi, ruleIds, new Date(NOW.getTime() + 24 * HOUR_MS));
  const env = strapiEnv({ AT_USERNAME: AT.username, AT_API_KEY: AT.apiKey, AT_API_BASE_URL: fake.baseUrl });
  const instances = [startInstance(env), startInstance(env)];
  try {
    for (const instance of instances) {
      const ready = await instance.next();
      if (!ready.ready) throw new Error(`instance did not start: ${JSON.stringify(ready)}`);
    }
    const rows: (string | number)[][] = [];
    for (const { latencyMs, messages } of MULTI_CASES) {
      const perSecond: number[] = [];
      for (const count of [1, 2]) {
        await strapi.db.connection.raw('TRUNCATE reminders_deliveries');
        await fake.reset();
        const queued = await queueDeliveries(strapi, messages, NOW);
        if (latencyMs > 0) await fake.script(queued, latencyMs);
        const ticking = instances.slice(0, count);
        const started = performance.now();
        for (const instance of ticking) instance.child.send({ tick: NOW.toISOString() });
        const answers = await Promise.all(ticking.map((instance) => instance.next()));
        const ms = performance.now() - started;
        const failed = answers.find((answer) => answer.error);
        if (failed) throw new Error(`tick failed: ${failed.error}`);
        const claimed = answers.map((answer) => answer.report?.dispatched.claimed ?? 0);
        const outbox = await outboxSummary(strapi);
        const received = await fake.stats();
        const duplicates = received.requests - received.distinct;
        const accepted = outbox.byStatus.accepted ?? 0;
        if (
          accepted !== queued ||
          received.requests !== queued ||
          duplicates !== 0 ||
          claimed.reduce((sum, value) => sum + value, 0) !== queued
        ) {
          throw new Error(`${count} instance(s): ${JSON.stringify({ queued, claimed, outbox, received })}`);
        }
        perSecond.push((queued / ms) * 1000);
        rows.push([
          latencyMs ? `${latencyMs} ms` : 'at once',
          count,
          fmt.int(queued),
          claimed.map(fmt.int).join(' + '),
          fmt.ms(ms),
          fmt.int(perSecond[perSecond.length - 1]),
          count === 2 ? fmt.ratio(perSecond[1] / perSecond[0]) : '—',
          duplicates,
        ]);
      }
    }
    await strapi.db.connection.raw('TRUNCATE reminders_deliveries');
    return rows;
  } finally {
    for (const instance of instances) instance.child.kill('SIGKILL');
  }
}

export const MULTI_COLUMNS = [
  'fake answers',
  'instances',
  'messages',
  'claimed by each',
  'ms',
  'messages/s',
  'vs one',
  'sent twice',
];

if (require.main === module) {
  run(async () => {
    const fake = await startFakeProcess(AT);
    const strapi = await bootStrapi();
    console.log(`${describeRun()}, ${await postgresVersion(strapi)}`);
    const rows = await multiInstanceBenchmark(strapi, fake);
    printTable(`Two instances on one PostgreSQL (8 in flight each)${quick ? ' (QUICK)' : ''}`, MULTI_COLUMNS, rows);
    await strapi.destroy();
    await fake.close();
  });
}
