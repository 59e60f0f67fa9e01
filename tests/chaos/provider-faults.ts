/**
 * Provider faults: two Strapi instances dispatch on one PostgreSQL database, ticking together every
 * simulated minute, through a TCP proxy to the fake Africa's Talking server, which answers each request
 * with a fault drawn at random: HTTP 201 with status 500 or 502 (transient), HTTP 500 and 502, a hang past
 * the deadline, a slow answer within it and one past it, a trickling body, a connection reset, HTTP 429
 * with Retry-After; once, mid-run, 405 insufficient balance; and for a few minutes the proxy is down
 * (connection refused). Then, for every reminder, from what the fake server received and what the outbox says:
 *
 * - transient faults are retried, each retry no earlier than its backoff (1, 2, 4… minutes, or Retry-After),
 *   up to the attempts allowed (5; a status 502 from the third attempt on), then `failed`;
 * - an ambiguous answer (HTTP 5xx, timeout, reset) is never retried: the reminder stays `unknown`;
 * - an accepted message is never sent again; no reminder is accepted twice;
 * - insufficient balance pauses all sending for pauseMinutes (30) on every instance and leaves an alert;
 * - nothing is left queued or claimed at the end.
 *
 *   CHAOS_FAULT_APPOINTMENTS (800), CHAOS_FAULT_INSTANCES (2)
 */
import net from 'net';
import type { AddressInfo } from 'net';
import { type FakeReply, startFakeAfricasTalking } from '../fake-africastalking';
import {
  Worker,
  compileApp,
  ensureDatabase,
  freshSchema,
  insertAppointments,
  readOutbox,
  say,
  saveResult,
  workerEnv,
  withPg,
} from './lib';

const MINUTE = 60_000;
const T0 = Date.parse('2026-07-01T06:00:00Z');
const TIMEOUT_MS = 400;

type Fault =
  | 'ok'
  | 'slow-ok'
  | 'status-500'
  | 'status-502'
  | 'http-500'
  | 'http-502'
  | 'hang'
  | 'slow-timeout'
  | 'trickle'
  | 'reset'
  | 'http-429'
  | 'balance'
  | 'refused';
const TRANSIENT: Fault[] = ['status-500', 'status-502', 'http-429', 'refused'];
const AMBIGUOUS: Fault[] = ['http-500', 'http-502', 'hang', 'slow-timeout', 'trickle', 'reset'];

const REPLIES: Record<Exclude<Fault, 'refused'>, FakeReply> = {
  ok: { kind: 'recipient', delayMs: 5 },
  'slow-ok': { kind: 'recipient', delayMs: 250 },
  'status-500': { kind: 'recipient', statusCode: 500 },
  'status-502': { kind: 'recipient', statusCode: 502 },
  'http-500': { kind: 'http', httpStatus: 500, body: 'Internal Server Error' },
  'http-502': { kind: 'http', httpStatus: 502, body: 'Bad Gateway' },
  hang: { kind: 'hang' },
  'slow-timeout': { kind: 'recipient', delayMs: 700 },
  trickle: { kind: 'trickle', intervalMs: 40 },
  reset: { kind: 'reset', afterMs: 20 },
  'http-429': { kind: 'http', httpStatus: 429, body: 'Too Many Requests', headers: { 'Retry-After': '180' } },
  balance: { kind: 'recipient', statusCode: 405 },
};
const WEIGHTS: [Exclude<Fault, 'refused' | 'balance'>, number][] = [
  ['ok', 52],
  ['slow-ok', 6],
  ['status-500', 9],
  ['status-502', 6],
  ['http-500', 4],
  ['http-502', 3],
  ['hang', 4],
  ['slow-timeout', 3],
  ['trickle', 2],
  ['reset', 5],
  ['http-429', 6],
];

/** A TCP proxy to the fake server that can be switched off: connections are then refused. */
async function startProxy(target: URL) {
  const sockets = new Set<net.Socket>();
  let server: net.Server | null = null;
  let port = 0;
  const listen = () =>
    new Promise<void>((resolve) => {
      server = net.createServer((client) => {
        const upstream = net.connect(Number(target.port), target.hostname);
        for (const socket of [client, upstream]) {
          sockets.add(socket);
          socket.on('close', () => sockets.delete(socket));
          socket.on('error', () => undefined);
        }
        client.pipe(upstream).pipe(client);
        client.on('close', () => upstream.destroy());
        upstream.on('close', () => client.destroy());
      });
      server.listen(port, '127.0.0.1', () => {
        port = (server!.address() as AddressInfo).port;
        resolve();
      });
    });
  await listen();
  return {
    url: () => `http://127.0.0.1:${port}${target.pathname}`,
    up: listen,
    down: () => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())),
    close: async () => {
      sockets.forEach((socket) => socket.destroy());
      await new Promise<void>((resolve) => (server?.listening ? server.close(() => resolve()) : resolve()));
    },
  };
}

export async function runProviderFaults() {
  const appointments = Number(process.env.CHAOS_FAULT_APPOINTMENTS ?? 800);
  const instances = Number(process.env.CHAOS_FAULT_INSTANCES ?? 2);
  const spreadMinutes = 120;
  const schema = await freshSchema('faults');
  const fake = await startFakeAfricasTalking({
    username: 'chaos',
    apiKey: 'atsk_chaos_key_that_must_never_be_logged_9d41',
  });
  const proxy = await startProxy(new URL(fake.baseUrl));
  const env = workerEnv(
    schema.name,
    { ...fake, baseUrl: proxy.url() },
    { AT_TIMEOUT_MS: String(TIMEOUT_MS), CHAOS_SCHEDULER: JSON.stringify({ concurrency: 4, dispatchBatchSize: 25 }) }
  );
  say(
    `provider faults: ${instances} instances, ${appointments} reminders over ${spreadMinutes} simulated minutes, deadline ${TIMEOUT_MS} ms; schema ${schema.name}`
  );

  const workers = [new Worker(env, 'faults-0')];
  await workers[0].ready;
  for (let index = 1; index < instances; index += 1) workers.push(new Worker(env, `faults-${index}`));
  await Promise.all(workers.map((worker) => worker.ready));

  // One reminder per appointment, due every few seconds over two hours.
  const startsAt = Array.from(
    { length: appointments },
    (_, index) => new Date(T0 + 61 * MINUTE + Math.floor((index * spreadMinutes * MINUTE) / appointments))
  );
  await insertAppointments(schema.name, startsAt, new Date(T0));
  const created = await workers[0].request({
    at: new Date(T0).toISOString(),
    createRule: {
      name: 'faults',
      target: 'appointment',
      anchor: 'starts_at',
      steps: [{ amount: 1, unit: 'hours', direction: 'before' }],
      templates: { en: 'R {{ appointment.title }}' },
    },
  });
  if (created.error) throw new Error(created.error);

  // The fault each request gets, in arrival order: drawn at random, with one insufficient balance a third of the way.
  const total = WEIGHTS.reduce((sum, [, weight]) => sum + weight, 0);
  const draw = (): Exclude<Fault, 'refused' | 'balance'> => {
    let roll = Math.random() * total;
    for (const [fault, weight] of WEIGHTS) if ((roll -= weight) < 0) return fault;
    return 'ok';
  };
  const faults: Fault[] = Array.from({ length: appointments * 4 }, draw);
  const balanceAt = Math.floor(appointments / 3);
  faults[balanceAt] = 'balance';
  fake.reply(...faults.map((fault) => REPLIES[fault as Exclude<Fault, 'refused'>]));

  // Lockstep ticks, one simulated minute apart; the proxy is down for five minutes at 60 % of the spread.
  const minuteOfRequest: number[] = [];
  const refusedAt: { minute: number; phones: string[] }[] = [];
  const tickErrors: string[] = [];
  const lastMinute = 60 + spreadMinutes + 90;
  const downFrom = Math.floor(spreadMinutes * 0.6);
  for (let minute = 0; minute <= lastMinute; minute += 1) {
    if (minute === downFrom) await proxy.down();
    if (minute === downFrom + 5) await proxy.up();
    const at = new Date(T0 + minute * MINUTE);
    const before = await readOutbox(schema.name);
    const reports = await Promise.all(
      workers.map((worker) =>
        worker.tick(at).catch((error: Error) => (tickErrors.push(`minute ${minute}: ${error.message}`), null))
      )
    );
    while (minuteOfRequest.length < fake.requests.length) minuteOfRequest.push(minute);
    if (minute >= downFrom && minute < downFrom + 5) {
      // Refused connections reach no server: find them in the outbox (attempts moved, error ECONNREFUSED).
      const after = new Map((await readOutbox(schema.name)).map((row) => [row.id, row]));
      const phones = before
        .filter(
          (row) => (after.get(row.id)?.attempts ?? 0) > row.attempts && after.get(row.id)?.error_code === 'ECONNREFUSED'
        )
        .map((row) => row.phone);
      refusedAt.push({ minute, phones });
    }
    if (minute % 30 === 0)
      say(
        `provider faults: minute ${minute}/${lastMinute}, ${fake.requests.length} requests, claimed this minute ${reports.map((report) => report?.dispatched.claimed ?? 'x').join('/')}`
      );
  }

  // Per reminder (phone): its requests in order, with the fault each got and the minute it was made.
  const rows = await readOutbox(schema.name);
  const timeline = new Map<string, { fault: Fault; minute: number }[]>();
  fake.requests.forEach((request, index) => {
    const list = timeline.get(request.fields.to) ?? [];
    list.push({ fault: faults[index], minute: minuteOfRequest[index] });
    timeline.set(request.fields.to, list);
  });
  for (const { minute, phones } of refusedAt) {
    for (const phone of phones) {
      const list = timeline.get(phone) ?? [];
      list.push({ fault: 'refused', minute });
      list.sort((a, b) => a.minute - b.minute);
      timeline.set(phone, list);
    }
  }

  const problems: string[] = [];
  const tally: Record<string, number> = {};
  let retries = 0;
  let backoffChecked = 0;
  const balanceMinute = minuteOfRequest[balanceAt];
  const pauseEnd = balanceMinute + 30;
  for (const row of rows) {
    const events = timeline.get(row.phone) ?? [];
    events.forEach((event) => (tally[event.fault] = (tally[event.fault] ?? 0) + 1));
    const accepted = events.filter((event) => event.fault === 'ok' || event.fault === 'slow-ok').length;
    if (accepted > 1) problems.push(`${row.phone}: accepted ${accepted} times (duplicate)`);
    events.forEach((event, index) => {
      const next = events[index + 1];
      if (!next) return;
      retries += 1;
      if (!TRANSIENT.includes(event.fault) && event.fault !== 'balance')
        problems.push(`${row.phone}: sent again after ${event.fault}`);
      if (TRANSIENT.includes(event.fault) && event.fault !== 'refused') {
        const attempt = index + 1;
        const backoff = event.fault === 'http-429' ? 3 : Math.min(60, 2 ** (attempt - 1));
        backoffChecked += 1;
        if (next.minute - event.minute < backoff)
          problems.push(
            `${row.phone}: retried ${next.minute - event.minute} min after ${event.fault} on attempt ${attempt}, backoff is ${backoff}`
          );
      }
    });
    const last = events.at(-1);
    const expectedStatus = !last
      ? 'none'
      : last.fault === 'ok' || last.fault === 'slow-ok'
        ? 'accepted'
        : AMBIGUOUS.includes(last.fault)
          ? 'unknown'
          : 'failed';
    if (row.delivery_status !== expectedStatus)
      problems.push(
        `${row.phone}: ${row.delivery_status} after ${events.map((event) => `${event.fault}@${event.minute}`).join(', ')} (expected ${expectedStatus})`
      );
    if (expectedStatus === 'failed' && last && !events.some((event) => event.fault === 'balance')) {
      // A status 502 ends the retries from the third attempt on, whatever faults came before it; the others at the fifth.
      const allowed = last.fault === 'status-502' ? events.length >= 3 && events.length <= 5 : events.length === 5;
      if (!allowed)
        problems.push(
          `${row.phone}: failed after ${events.length} attempts (${events.map((event) => event.fault).join(', ')}), expected ${last.fault === 'status-502' ? '3 to 5' : 5}`
        );
      const retried502 = events
        .slice(0, -1)
        .findIndex((event, index) => event.fault === 'status-502' && index + 1 >= 3);
      if (retried502 >= 0) problems.push(`${row.phone}: retried after a status 502 on attempt ${retried502 + 1}`);
    }
  }
  // The pause: nothing sent by anyone for 30 minutes after the minute of the 405, and an alert for the editors.
  const duringPause = minuteOfRequest.filter((minute) => minute > balanceMinute && minute < pauseEnd).length;
  if (duringPause)
    problems.push(`${duringPause} requests during the pause (minutes ${balanceMinute + 1}–${pauseEnd - 1})`);
  const alerts = await withPg(
    async (client) =>
      (
        await client.query(
          `SELECT value FROM "${schema.name}".strapi_core_store_settings WHERE key = 'plugin_reminders_alerts'`
        )
      ).rows
  );
  const alertList = alerts.length ? (JSON.parse(alerts[0].value) as { errorCode: string; reason: string }[]) : [];
  if (!alertList.some((alert) => /credit/i.test(alert.reason))) problems.push('no insufficient-balance alert');
  const resumedAfter = minuteOfRequest.filter((minute) => minute >= pauseEnd).length;
  if (!resumedAfter) problems.push('sending never resumed after the pause');
  const leftOver = rows.filter((row) => row.delivery_status === 'queued' || row.delivery_status === 'sending').length;
  if (leftOver) problems.push(`${leftOver} reminders still queued or claimed at the end`);
  if (rows.length !== appointments) problems.push(`${rows.length} reminders in the outbox, ${appointments} expected`);

  const byStatus = rows.reduce<Record<string, number>>(
    (counts, row) => ({ ...counts, [row.delivery_status]: (counts[row.delivery_status] ?? 0) + 1 }),
    {}
  );
  const duplicates = problems.filter(
    (problem) => problem.includes('duplicate') || problem.includes('sent again')
  ).length;
  const summary = {
    instances,
    reminders: appointments,
    minutes: lastMinute + 1,
    requests: fake.requests.length,
    refusedConnections: refusedAt.reduce((sum, { phones }) => sum + phones.length, 0),
    faults: tally,
    retries,
    backoffChecked,
    pause: {
      at: balanceMinute,
      until: pauseEnd,
      requestsDuringPause: duringPause,
      alerts: alertList.length,
      resumedRequests: resumedAfter,
    },
    byStatus,
    duplicates,
    lost: leftOver + Math.max(0, appointments - rows.length),
    problems: problems.length,
    problemExamples: problems.slice(0, 15),
    tickErrors: tickErrors.length,
    tickErrorExamples: tickErrors.slice(0, 5),
    ok: problems.length === 0 && tickErrors.length === 0,
  };
  say(`provider faults: ${JSON.stringify(summary)}`);
  saveResult('provider-faults', summary);

  await Promise.all(workers.map((worker) => worker.stop()));
  await proxy.close();
  await fake.close();
  if (summary.ok) await schema.drop();
  else say(`provider faults: schema ${schema.name} kept for inspection`);
  return summary;
}

if (require.main === module) {
  ensureDatabase()
    .then(compileApp)
    .then(runProviderFaults)
    .then(
      (summary) => process.exit(summary.ok ? 0 : 1),
      (error) => {
        console.error(error);
        process.exit(1);
      }
    );
}
