/**
 * Sustained runs: three Strapi instances on one PostgreSQL database, each running the scheduler's own
 * periodic job (node-schedule, every real second) on a simulated clock running 60 times faster than real
 * time, so that each real second is one production minute: the production setup, compressed. Thousands of
 * reminders fall due over the run; the instances race to plan and send them, with no coordination but the
 * database.
 *
 * - `multi-instance`: nothing else happens. Every reminder must be sent exactly once, none lost, none unknown.
 * - `database-faults`: PostgreSQL is restarted (pg_ctlcluster … restart) several times mid-run. The
 *   instances must recover by themselves: afterwards everything is sent, nothing twice, nothing lost (a send
 *   whose outcome could not be written is `unknown`: visible, counted).
 *
 * The lease is 600 simulated seconds (10 real ones): in production a tick lasts a few seconds against a
 * 120-second lease, and the ratio is kept roughly so on a busy two-core machine.
 *
 *   CHAOS_SUSTAINED_APPOINTMENTS (3000; two rules: 2 reminders each), CHAOS_SUSTAINED_MINUTES (240),
 *   CHAOS_DB_RESTARTS (3), CHAOS_PG_CLUSTER ("15 main")
 */
import fs from 'fs';
import { execSync } from 'child_process';
import { type FakeAfricasTalking, startFakeAfricasTalking } from '../fake-africastalking';
import {
  Worker,
  account,
  compileApp,
  ensureDatabase,
  freshSchema,
  insertAppointments,
  phoneOf,
  readOutbox,
  say,
  saveResult,
  sleep,
  workerEnv,
  withPg,
} from './lib';

const MINUTE = 60_000;
const SPEED = 60;
const T0 = Date.parse('2026-08-03T05:00:00Z');

async function pgIsUp() {
  try {
    await withPg((client) => client.query('SELECT 1'));
    return true;
  } catch {
    return false;
  }
}

async function restartPostgres(cluster: string) {
  const started = Date.now();
  execSync(`pg_ctlcluster ${cluster} restart`, { stdio: 'ignore' });
  while (!(await pgIsUp())) await sleep(200);
  return Date.now() - started;
}

export async function runSustained(mode: 'multi-instance' | 'database-faults') {
  const instances = 3;
  const appointments = Number(process.env.CHAOS_SUSTAINED_APPOINTMENTS ?? 3000);
  const minutes = Number(process.env.CHAOS_SUSTAINED_MINUTES ?? 240);
  const restarts = mode === 'database-faults' ? Number(process.env.CHAOS_DB_RESTARTS ?? 3) : 0;
  const cluster = process.env.CHAOS_PG_CLUSTER ?? '15 main';
  const schema = await freshSchema(mode);
  const fake: FakeAfricasTalking = await startFakeAfricasTalking({
    username: 'chaos',
    apiKey: 'atsk_chaos_key_that_must_never_be_logged_9d41',
  });
  const env = workerEnv(schema.name, fake, {
    REMINDERS_TICK_CRON: '* * * * * *',
    CHAOS_SCHEDULER: JSON.stringify({ leaseSeconds: 600 }),
  });
  say(
    `${mode}: ${instances} instances with their own periodic job, ${appointments} appointments × 2 rules over ${minutes} simulated minutes (${SPEED}× real time), ${restarts} PostgreSQL restarts; schema ${schema.name}`
  );

  const workers = [new Worker(env, `${mode}-0`)];
  await workers[0].ready;
  for (let index = 1; index < instances; index += 1) workers.push(new Worker(env, `${mode}-${index}`));
  await Promise.all(workers.map((worker) => worker.ready));

  // Reminders 2 hours and 30 minutes before each appointment, all due between minute 1 and the end.
  const first = T0 + 2 * 60 * MINUTE + MINUTE;
  const last = T0 + minutes * MINUTE;
  const startsAt = Array.from(
    { length: appointments },
    (_, index) => new Date(first + Math.floor((index * (last - first)) / appointments))
  );
  await insertAppointments(schema.name, startsAt, new Date(T0));
  startsAt.forEach((_, index) => fake.replyTo(phoneOf(index), { kind: 'recipient', delayMs: (index * 13) % 40 }));
  const ruleLetter = new Map<string, string>();
  for (const [letter, amount, unit] of [
    ['A', 2, 'hours'],
    ['B', 30, 'minutes'],
  ] as const) {
    const answer = await workers[0].request({
      at: new Date(T0).toISOString(),
      createRule: {
        name: `sustained ${letter}`,
        target: 'appointment',
        anchor: 'starts_at',
        steps: [{ amount, unit, direction: 'before' }],
        templates: { en: `${letter} {{ appointment.title }} at {{ appointment.startsAt | time }}` },
      },
    });
    if (answer.error) throw new Error(answer.error);
    ruleLetter.set(answer.documentId!, letter);
  }
  const expected = new Map<string, string>();
  startsAt.forEach((_, index) => ['A', 'B'].forEach((letter) => expected.set(`${phoneOf(index)}|${letter}`, letter)));

  // Every instance's job on the same simulated clock: simulated = T0 + (now − realStart) × 60.
  const realStart = Date.now() + 1000;
  await Promise.all(workers.map((worker) => worker.request({ cron: { simStart: T0, realStart, speed: SPEED } })));
  const simNow = () => T0 + (Date.now() - realStart) * SPEED;
  const drainMinutes = 30;
  const endSim = last + drainMinutes * MINUTE;

  // PostgreSQL restarts at random moments between 15 % and 75 % of the run, at least a lease apart.
  const restartAt = Array.from(
    { length: restarts },
    (_, index) =>
      T0 + Math.floor(minutes * MINUTE * (0.15 + (0.6 * (index + Math.random() * 0.6)) / Math.max(1, restarts)))
  );
  const restartLog: { simMinute: number; downMs: number; acceptedBefore: number }[] = [];
  let lastReport = 0;
  const exits: string[] = [];
  workers.forEach((worker) =>
    worker.exited.then((code) => !worker.killed && code !== 0 && exits.push(`${worker.logFile}: exited with ${code}`))
  );
  while (simNow() < endSim) {
    if (restartAt.length && simNow() >= restartAt[0]) {
      restartAt.shift();
      const acceptedBefore = (await readOutbox(schema.name)).filter((row) => row.delivery_status === 'accepted').length;
      const downMs = await restartPostgres(cluster);
      restartLog.push({ simMinute: Math.round((simNow() - T0) / MINUTE), downMs, acceptedBefore });
      say(
        `${mode}: PostgreSQL restarted at simulated minute ${restartLog.at(-1)!.simMinute} (${downMs} ms until it answered again)`
      );
    }
    if (Date.now() - lastReport > 20_000) {
      lastReport = Date.now();
      const rows = await readOutbox(schema.name).catch(() => []);
      const accepted = rows.filter((row) => row.delivery_status === 'accepted').length;
      say(
        `${mode}: simulated minute ${Math.round((simNow() - T0) / MINUTE)}/${minutes + drainMinutes}, ${rows.length} planned, ${accepted} accepted, ${fake.requests.length} requests`
      );
    }
    await sleep(250);
  }
  await Promise.all(workers.map((worker) => worker.stop()));

  const rows = await readOutbox(schema.name);
  const result = account(rows, fake, expected, ruleLetter);
  // A claim is named `<instance>:<pass>`: the instance is everything before the last colon.
  const instanceOf = (claimedBy: string) => claimedBy.slice(0, claimedBy.lastIndexOf(':'));
  const claimsPerInstance = Object.values(
    rows.reduce<Record<string, number>>(
      (counts, row) =>
        row.claimed_by
          ? { ...counts, [instanceOf(row.claimed_by)]: (counts[instanceOf(row.claimed_by)] ?? 0) + 1 }
          : counts,
      {}
    )
  );
  const logText = workers.map((worker) => fs.readFileSync(worker.logFile, 'utf8')).join('\n');
  const tickFailures = (logText.match(/reminders: tick failed/g) ?? []).length;
  const planningFailures = (logText.match(/reminders: planning (rule .* )?failed/g) ?? []).length;
  const summary = {
    instances,
    simulatedMinutes: minutes + drainMinutes,
    realSeconds: Math.round((Date.now() - realStart) / 1000),
    reminders: result.expected,
    sentOnce: result.sent,
    unknown: result.unknown,
    unknownReceived: result.unknownReceived,
    unknownNotReceived: result.unknownNotReceived,
    duplicates: result.duplicates,
    lost: result.lost,
    lostExamples: result.lostExamples,
    acceptedNotReceived: result.acceptedNotReceived,
    strays: result.strays,
    requests: result.requests,
    byStatus: result.byStatus,
    lastClaimPerInstance: claimsPerInstance,
    postgresRestarts: restartLog,
    tickFailuresLogged: tickFailures,
    planningFailuresLogged: planningFailures,
    unexpectedExits: exits,
    ok:
      result.duplicates === 0 &&
      result.lost === 0 &&
      result.acceptedNotReceived === 0 &&
      result.strays === 0 &&
      exits.length === 0 &&
      restartLog.length === restarts &&
      (mode === 'database-faults' || result.unknown === 0),
  };
  say(`${mode}: ${JSON.stringify(summary)}`);
  saveResult(mode, summary);
  await fake.close();
  if (summary.ok) await schema.drop();
  else say(`${mode}: schema ${schema.name} kept for inspection`);
  return summary;
}

if (require.main === module) {
  const mode = process.argv[2] === 'database-faults' ? 'database-faults' : 'multi-instance';
  ensureDatabase()
    .then(compileApp)
    .then(() => runSustained(mode))
    .then(
      (summary) => process.exit(summary.ok ? 0 : 1),
      (error) => {
        console.error(error);
        process.exit(1);
      }
    );
}
