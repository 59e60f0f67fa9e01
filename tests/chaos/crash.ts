/**
 * Crashes: several Strapi instances plan and dispatch on one PostgreSQL database, on a simulated clock,
 * while this script kill -9s one of them at a random moment of a tick (during planning or dispatching),
 * again and again, and restarts it. Each kill is followed by a tick 15 simulated minutes later, past the
 * lease (120 s), so a surviving or restarted instance recovers the dead one's claims.
 *
 * After every tick: nothing sent twice, and every reminder due before the previous tick is settled (accepted,
 * or unknown for a send that was in flight), except what the instance killed in this very tick holds.
 * At the end: each reminder accepted and received once, or unknown (received by the fake server or not,
 * both counted), never duplicated, never lost.
 *
 *   CHAOS_KILLS (120), CHAOS_INSTANCES (3), CHAOS_APPOINTMENTS (2000; two rules: 2 reminders each)
 */
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
} from './lib';

const STEP_MS = 15 * 60_000;
const T0 = Date.parse('2026-06-01T00:00:00Z');

export async function runCrash() {
  const kills = Number(process.env.CHAOS_KILLS ?? 120);
  const instances = Number(process.env.CHAOS_INSTANCES ?? 3);
  const appointments = Number(process.env.CHAOS_APPOINTMENTS ?? 2000);
  const ticks = Math.ceil(kills / 0.85) + 8;
  const schema = await freshSchema('crash');
  const fake: FakeAfricasTalking = await startFakeAfricasTalking({
    username: 'chaos',
    apiKey: 'atsk_chaos_key_that_must_never_be_logged_9d41',
  });
  const env = workerEnv(schema.name, fake, {
    CHAOS_SCHEDULER: JSON.stringify({
      horizonMinutes: 180,
      planStepMinutes: 15,
      planBatchSize: 100,
      dispatchBatchSize: 20,
      concurrency: 4,
    }),
  });
  say(
    `crash: ${instances} instances, ${appointments} appointments × 2 rules, ${ticks} ticks of 15 simulated minutes, aiming at ${kills} kills; schema ${schema.name}`
  );

  let incarnation = 0;
  const spawn = () => new Worker(env, `crash-${String(incarnation++).padStart(3, '0')}`);
  const slots: Worker[] = [spawn()];
  await slots[0].ready; // the first instance creates the schema alone
  for (let index = 1; index < instances; index += 1) slots.push(spawn());

  // Appointments whose reminders (2 h and 30 min before) all fall between the first tick and the last.
  const first = T0 + 2 * 3600_000 + STEP_MS;
  const last = T0 + (ticks - 4) * STEP_MS;
  const startsAt = Array.from(
    { length: appointments },
    (_, index) => new Date(first + Math.floor((index * (last - first)) / appointments))
  );
  await insertAppointments(schema.name, startsAt, new Date(T0));
  // Every answer a little slow, so that kills find sends in flight.
  startsAt.forEach((_, index) => fake.replyTo(phoneOf(index), { kind: 'recipient', delayMs: 5 + ((index * 37) % 60) }));
  const ruleLetter = new Map<string, string>();
  for (const [letter, amount, unit] of [
    ['A', 2, 'hours'],
    ['B', 30, 'minutes'],
  ] as const) {
    const answer = await slots[0].request({
      at: new Date(T0).toISOString(),
      createRule: {
        name: `chaos ${letter}`,
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

  const killLog: { tick: number; phase: string; delayMs: number }[] = [];
  const violations: string[] = [];
  const tickErrors: string[] = [];
  const unexpectedExits: string[] = [];
  const typical = { planMs: 300, dispatchMs: 300 };
  let claimedTotal = 0;
  let previousAt: Date | null = null;

  for (let tick = 0; tick < ticks; tick += 1) {
    const at = new Date(T0 + tick * STEP_MS);
    // At least two instances up (one to kill, one to survive), all of them when nothing is left to kill.
    const needed = killLog.length < kills ? Math.min(2, instances) : instances;
    for (;;) {
      const ready = slots.filter((worker) => worker.phase === 'idle');
      if (ready.length >= needed) break;
      for (const [index, worker] of slots.entries()) {
        if (!worker.alive) {
          if (!worker.killed) unexpectedExits.push(`${worker.logFile}: exited by itself`);
          slots[index] = spawn();
        }
      }
      await sleep(100);
    }
    const running = slots.filter((worker) => worker.phase === 'idle');
    // How long each phase takes on the instances that are not killed: where the next kills are aimed.
    const durations: { planMs: number; dispatchMs: number }[] = [];
    const answers = running.map((worker) => {
      const begun = Date.now();
      let planMs = 0;
      worker.waitForPhase('dispatching').then(() => (planMs = Date.now() - begun));
      return worker.tick(at).then(
        (report) => {
          claimedTotal += report.dispatched.claimed;
          durations.push({ planMs, dispatchMs: Date.now() - begun - planMs });
          if (report.planned.error) tickErrors.push(`tick ${tick}: planning: ${report.planned.error}`);
          return true;
        },
        (error: Error) => {
          if (!worker.killed) tickErrors.push(`tick ${tick}: ${error.message}`);
          return false;
        }
      );
    });

    let victim: Worker | undefined;
    if (killLog.length < kills && running.length >= 2) {
      // A random instance, at a random moment of the phase picked at random: planning or dispatching.
      const candidate = running[Math.floor(Math.random() * running.length)];
      const target = Math.random() < 0.5 ? 'planning' : 'dispatching';
      const done = answers[running.indexOf(candidate)];
      if (target === 'dispatching') await Promise.race([candidate.waitForPhase('dispatching'), done]);
      const delayMs = Math.floor(Math.random() * (target === 'planning' ? typical.planMs : typical.dispatchMs));
      await Promise.race([sleep(delayMs), done]);
      // Only a kill in the middle of a tick counts: planning or dispatching, not after it answered.
      if (candidate.phase === 'planning' || candidate.phase === 'dispatching') {
        killLog.push({ tick, phase: candidate.phase, delayMs });
        candidate.kill();
        victim = candidate;
      }
    }
    await Promise.all(answers);
    for (const { planMs, dispatchMs } of durations) {
      typical.planMs = 0.8 * typical.planMs + 0.2 * Math.max(1, planMs);
      typical.dispatchMs = 0.8 * typical.dispatchMs + 0.2 * Math.max(1, dispatchMs);
    }
    for (const [index, worker] of slots.entries()) if (worker === victim) slots[index] = spawn();

    // Invariants after every tick.
    const rows = await readOutbox(schema.name);
    const perKey = new Map<string, number>();
    for (const request of fake.requests) {
      const key = `${request.fields.to}|${request.fields.message?.[0]}`;
      perKey.set(key, (perKey.get(key) ?? 0) + 1);
    }
    for (const [key, count] of perKey) if (count > 1) violations.push(`tick ${tick}: ${key} received ${count} times`);
    if (previousAt) {
      const victimTag = victim ? `:${victim.pid}:` : null;
      for (const row of rows) {
        if (row.not_before > previousAt || row.delivery_status === 'accepted' || row.delivery_status === 'unknown')
          continue;
        if (row.delivery_status === 'sending' && victimTag && row.claimed_by?.includes(victimTag)) continue;
        violations.push(
          `tick ${tick}: reminder ${row.id} due ${row.not_before.toISOString()} still ${row.delivery_status}`
        );
      }
    }
    previousAt = at;
    if (tick % 10 === 0 || tick === ticks - 1)
      say(
        `crash: tick ${tick}/${ticks}, ${killLog.length} kills, ${fake.requests.length} requests, ${violations.length} violations, typical planning ${Math.round(typical.planMs)} ms, dispatching ${Math.round(typical.dispatchMs)} ms`
      );
  }

  // Recovery: past the last lease, every instance ticks twice more.
  for (let extra = 1; extra <= 2; extra += 1) {
    const at = new Date(T0 + ticks * STEP_MS + extra * STEP_MS);
    await Promise.all(slots.map((worker) => worker.ready));
    await Promise.all(
      slots.map((worker) => worker.tick(at).then((report) => (claimedTotal += report.dispatched.claimed)))
    );
  }
  const rows = await readOutbox(schema.name);
  const result = account(rows, fake, expected, ruleLetter);
  const byPhase = killLog.reduce<Record<string, number>>(
    (tally, kill) => ({ ...tally, [kill.phase]: (tally[kill.phase] ?? 0) + 1 }),
    {}
  );
  const closedInFlight = fake.requests.filter((request) => request.closedByClientAt !== undefined).length;
  const leaseExpired = rows.filter((row) => row.error_code === 'lease_expired').length;
  const summary = {
    instances,
    ticks: ticks + 2,
    kills: killLog.length,
    killsByPhase: byPhase,
    incarnations: incarnation,
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
    requestsCutByKill: closedInFlight,
    unknownByLease: leaseExpired,
    byStatus: result.byStatus,
    claims: claimedTotal,
    invariantViolations: violations.length,
    violationExamples: violations.slice(0, 10),
    tickErrors: tickErrors.length,
    tickErrorExamples: tickErrors.slice(0, 10),
    unexpectedExits,
    ok:
      result.duplicates === 0 &&
      result.lost === 0 &&
      result.acceptedNotReceived === 0 &&
      result.strays === 0 &&
      violations.length === 0 &&
      unexpectedExits.length === 0 &&
      killLog.length >= kills,
  };
  say(`crash: ${JSON.stringify(summary)}`);
  saveResult('crash', summary);

  await Promise.all(slots.map((worker) => worker.stop()));
  await fake.close();
  if (summary.ok) await schema.drop();
  else say(`crash: schema ${schema.name} kept for inspection`);
  return summary;
}

if (require.main === module) {
  ensureDatabase()
    .then(compileApp)
    .then(runCrash)
    .then(
      (summary) => process.exit(summary.ok ? 0 : 1),
      (error) => {
        console.error(error);
        process.exit(1);
      }
    );
}
