/**
 * "Instantly" from the outside: the time from a REST write of an invoice to its SMS arriving at the fake
 * Africa's Talking server, with the scheduler's defaults (the minute tick, wake-ups on). Strapi serves
 * HTTP in processes of its own (tests/bench/http-instance.ts), one, then three on one PostgreSQL with the
 * writes spread round-robin; the fake runs in its own process and records when each message arrives.
 * Latency = arrival − the start of the write that made it. Writes come at a steady rate, then as a burst
 * of 1,000 at once; one case runs with wake-ups off, to show the minute tick they replace. Not a test.
 *
 *   node -r esbuild-register tests/bench/latency.ts
 *   BENCH_QUICK=1 … (fewer writes)
 *   BENCH_LATENCY_CASES=1,3 …       only these cases (indexes in LATENCY_CASES)
 *   BENCH_CPU_PROF=<dir> …          each Strapi instance writes a .cpuprofile there when it stops
 *
 * Its own schema (`<BENCH_SCHEMA>_latency`, emptied first): the other benchmarks' rules and millions of
 * records are not what this measures, and they truncate their tables.
 */
import http from 'http';
import { readFileSync } from 'fs';
import os from 'os';
import type { FakeProcess } from './fake-server';
import { startFakeProcess } from './fake-server';
import { AT } from './dispatcher';
import { type HttpInstance, startHttpInstance } from './http-instance';
import { compileApp, describeRun, fmt, printTable, quantile, quick, run, schema, strapiEnv, withPg } from './lib';

const latencySchema = `${schema}_latency`;
/** A write's SMS not at the fake by then is counted lost: well past a minute tick. */
const GIVE_UP_MS = 90_000;

interface Load {
  /** Writes in all; `perSecond` undefined: all at once (a burst). */
  writes: number;
  perSecond?: number;
}

interface Case {
  instances: 1 | 3;
  wakeUps: boolean;
  load: Load;
}

const scale = (count: number) => (quick ? Math.max(10, Math.round(count / 5)) : count);
export const LATENCY_CASES: Case[] = [
  { instances: 1, wakeUps: false, load: { writes: scale(60), perSecond: 2 } },
  { instances: 1, wakeUps: true, load: { writes: scale(60), perSecond: 2 } },
  { instances: 1, wakeUps: true, load: { writes: scale(300), perSecond: 10 } },
  { instances: 1, wakeUps: true, load: { writes: scale(1000) } },
  { instances: 3, wakeUps: true, load: { writes: scale(300), perSecond: 10 } },
  { instances: 3, wakeUps: true, load: { writes: scale(1000) } },
];

const loadLabel = ({ writes, perSecond }: Load) =>
  perSecond ? `steady: ${fmt.int(writes)} writes at ${perSecond}/s` : `burst: ${fmt.int(writes)} writes at once`;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * At most 64 connections per instance: a burst queues in the client as it would in a caller's. No keep-alive:
 * Node's server closes an idle one after 5 s, and a write reusing it between two loads would be reset.
 */
const agent = new http.Agent({ keepAlive: false, maxSockets: 64 });

/** CPU time (user + system) a process has used so far, in ms, from /proc (Linux). */
function cpuMsOf(pid: number | undefined): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    // utime and stime, fields 14 and 15 of the line (11 and 12 after the command), in clock ticks of 10 ms.
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return NaN;
  }
}

/** POST /api/reminders/invoices; resolves with the time the answer came. */
function writeInvoice(instance: HttpInstance, token: string, data: Record<string, unknown>): Promise<number> {
  const body = JSON.stringify({ data });
  return new Promise((resolve, reject) => {
    const req = http.request(
      `${instance.baseUrl}/api/reminders/invoices`,
      {
        method: 'POST',
        agent,
        headers: {
          'Content-Type': 'application/json',
          'Content-Length': Buffer.byteLength(body),
          Authorization: `Bearer ${token}`,
        },
      },
      (res) => {
        res.resume();
        res.on('end', () =>
          res.statusCode === 201 ? resolve(Date.now()) : reject(new Error(`write answered ${res.statusCode}`))
        );
      }
    );
    req.on('error', reject);
    req.end(body);
  });
}

/** One run of writes; the row of the table. */
async function measureCase(
  label: string,
  instances: HttpInstance[],
  token: string,
  fake: FakeProcess,
  { instances: count, wakeUps, load }: Case
): Promise<(string | number)[]> {
  await fake.reset();
  const cpuBefore = instances.map((instance) => cpuMsOf(instance.child.pid));
  const started = new Map<string, { start: number; answered?: number }>();
  const writes: Promise<void>[] = [];
  const firstStart = Date.now();
  for (let index = 0; index < load.writes; index += 1) {
    if (load.perSecond) {
      const due = firstStart + (index * 1000) / load.perSecond;
      if (due > Date.now()) await sleep(due - Date.now());
    }
    const number = `${label}-${index}`;
    const timing: { start: number; answered?: number } = { start: Date.now() };
    started.set(`Invoice ${number} received.`, timing);
    writes.push(
      writeInvoice(instances[index % instances.length], token, {
        number,
        customerName: 'Wanjiku',
        phone: `0711${String(index).padStart(6, '0')}`,
        currency: 'KES',
        total: '100',
        issueDate: '2026-12-01',
        dueDate: '2027-01-31',
      }).then((answered) => void (timing.answered = answered))
    );
  }
  await Promise.all(writes);
  const giveUpAt = Date.now() + GIVE_UP_MS;
  let arrivals = await fake.arrivals();
  while (new Set(arrivals.map((arrival) => arrival.message)).size < load.writes && Date.now() < giveUpAt) {
    await sleep(250);
    arrivals = await fake.arrivals();
  }
  await sleep(1000); // a second copy of a message would come now
  arrivals = await fake.arrivals();
  const cpuMs = instances.reduce((sum, instance, index) => sum + cpuMsOf(instance.child.pid) - cpuBefore[index], 0);

  const first = new Map<string, number>();
  for (const { message, at } of arrivals) if (!first.has(message)) first.set(message, at);
  const fromWrite: number[] = [];
  const fromAnswer: number[] = [];
  for (const [message, at] of first) {
    const timing = started.get(message);
    if (!timing) continue;
    fromWrite.push(at - timing.start);
    fromAnswer.push(at - (timing.answered ?? timing.start));
  }
  fromWrite.sort((a, b) => a - b);
  fromAnswer.sort((a, b) => a - b);
  const ms = (value: number) => (Number.isNaN(value) ? '—' : fmt.int(value));
  return [
    count,
    wakeUps ? 'on' : 'off',
    loadLabel(load),
    fmt.int(first.size),
    ms(quantile(fromWrite, 0.5)),
    ms(quantile(fromWrite, 0.95)),
    ms(quantile(fromWrite, 0.99)),
    ms(fromWrite[fromWrite.length - 1] ?? NaN),
    ms(quantile(fromAnswer, 0.95)),
    fmt.ms(cpuMs / load.writes),
    arrivals.length - first.size,
    load.writes - first.size,
  ];
}

export async function latencyBenchmark(fake: FakeProcess): Promise<(string | number)[][]> {
  await compileApp();
  await withPg(async (client) => {
    await client.query(`DROP SCHEMA IF EXISTS "${latencySchema}" CASCADE`);
    await client.query(`CREATE SCHEMA "${latencySchema}"`);
  });
  const { JEST_WORKER_ID: _jest, ...parentEnv } = process.env;
  const envFor = (wakeUps: boolean) => ({
    ...parentEnv,
    ...strapiEnv({
      AT_USERNAME: AT.username,
      AT_API_KEY: AT.apiKey,
      AT_API_BASE_URL: fake.baseUrl,
      DATABASE_SCHEMA: latencySchema,
      // The defaults a user's app runs with.
      REMINDERS_SCHEDULER_ENABLED: 'true',
      REMINDERS_TICK_CRON: '* * * * *',
      REMINDERS_WAKE_UPS: String(wakeUps),
    }),
  });
  const rows: (string | number)[][] = [];
  let running: HttpInstance[] = [];
  let token = '';
  const stopAll = async () => {
    await Promise.all(running.map((instance) => instance.stop()));
    running = [];
  };
  try {
    let wakeUpsOfRunning: boolean | undefined;
    const only = process.env.BENCH_LATENCY_CASES?.split(',').map(Number);
    for (const [index, test] of LATENCY_CASES.entries()) {
      if (only && !only.includes(index)) continue;
      if (wakeUpsOfRunning !== test.wakeUps || running.length > test.instances) await stopAll();
      wakeUpsOfRunning = test.wakeUps;
      // One after the other: the first creates the tables the others then find.
      while (running.length < test.instances) running.push(await startHttpInstance(envFor(test.wakeUps)));
      if (!token) {
        token = await running[0].token();
        await running[0].rule({
          name: 'Invoice received',
          target: 'invoice',
          anchor: 'instantly',
          conditions: [],
          optOutFooter: false,
          templates: { en: 'Invoice {{ invoice.number }} received.' },
        });
      }
      const row = await measureCase(`L${index}`, running, token, fake, test);
      rows.push(row);
      console.log(`latency: ${row.join(' | ')} (load average ${os.loadavg()[0].toFixed(1)})`);
    }
  } finally {
    await stopAll();
    agent.destroy();
  }
  return rows;
}

export const LATENCY_COLUMNS = [
  'instances',
  'wake-ups',
  'load',
  'messages',
  'p50 ms',
  'p95 ms',
  'p99 ms',
  'max ms',
  'p95 ms after the 201',
  'Strapi CPU ms a write',
  'sent twice',
  'lost',
];

export const LATENCY_TITLE =
  'Latency: REST write of an invoice → its "instantly" SMS at the fake Africa\'s Talking (default scheduler settings)';

if (require.main === module) {
  run(async () => {
    const fake = await startFakeProcess(AT);
    console.log(describeRun());
    const rows = await latencyBenchmark(fake);
    printTable(`${LATENCY_TITLE}${quick ? ' (QUICK)' : ''}`, LATENCY_COLUMNS, rows);
    await fake.close();
  });
}
