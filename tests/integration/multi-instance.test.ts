import path from 'path';
import { fork, type ChildProcess } from 'child_process';
import type { Core } from '@strapi/strapi';
import { describeIntegration, startStrapi, stopStrapi, testDatabase } from '../helpers/strapi';
import { TestClock, createRule, deliveriesOf, insertAppointmentRows, useClock } from '../helpers/scheduling';
import { type FakeAfricasTalking, startFakeAfricasTalking } from '../fake-africastalking';

const INSTANCES = 3;
const APPOINTMENTS = 1500;
const T0 = Date.parse('2026-05-04T00:00:00Z');
const hours = (count: number) => count * 3600_000;

interface Worker {
  process: ChildProcess;
  next(): Promise<{ tick?: string; error?: string; ready?: boolean }>;
}

/** Starts a Strapi instance in a child process on the same database, answering over IPC. */
function startWorker(env: NodeJS.ProcessEnv): Worker {
  const child = fork(path.join(__dirname, '..', 'helpers', 'scheduler-worker.js'), [], {
    env,
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  const inbox: unknown[] = [];
  const waiting: ((message: unknown) => void)[] = [];
  child.on('message', (message) => (waiting.length ? waiting.shift()!(message) : inbox.push(message)));
  return {
    process: child,
    next: () =>
      new Promise((resolve) => (inbox.length ? resolve(inbox.shift() as never) : waiting.push(resolve as never))),
  };
}

// Several instances on one database is the PostgreSQL setup; SQLite is a single-process database.
const describeOnPostgres = testDatabase === 'postgres' ? describeIntegration : describe.skip;

describeOnPostgres(`${INSTANCES} instances planning and dispatching concurrently on one PostgreSQL database`, () => {
  let strapi: Core.Strapi;
  let fake: FakeAfricasTalking;
  const workers: Worker[] = [];

  beforeAll(async () => {
    fake = await startFakeAfricasTalking({ username: 'multi', apiKey: 'multi-key' });
    strapi = await startStrapi({ AT_USERNAME: 'multi', AT_API_KEY: 'multi-key', AT_API_BASE_URL: fake.baseUrl });
  });
  afterAll(async () => {
    for (const worker of workers) worker.process.kill('SIGKILL');
    await stopStrapi(strapi);
    await fake.close();
  });

  it('sends every one of thousands of reminders exactly once', async () => {
    // Appointments starting between T0+25h and T0+30h: both reminders (24 h and 2 h before) fall inside the run.
    const now = new Date(T0);
    await insertAppointmentRows(strapi, {
      count: APPOINTMENTS,
      prefix: 'appt',
      firstPhone: 10_000_000,
      at: now,
      startsAt: (index) => new Date(T0 + hours(25) + Math.floor((index * hours(5)) / APPOINTMENTS)),
    });
    const clock = new TestClock(now);
    useClock(strapi, clock);
    await createRule(strapi, {
      target: 'appointment',
      anchor: 'starts_at',
      steps: [
        { amount: 24, unit: 'hours', direction: 'before' },
        { amount: 2, unit: 'hours', direction: 'before' },
      ],
      templates: { en: 'Reminder: {{ appointment.title }} at {{ appointment.startsAt | time }}' },
    });

    for (let index = 0; index < INSTANCES; index += 1) workers.push(startWorker(process.env));
    for (const worker of workers) expect(await worker.next()).toEqual({ ready: true });

    // Every instance ticks at every simulated instant at the same time, racing to plan and to claim.
    const errors: string[] = [];
    const claimedBy = workers.map(() => 0);
    let ticks = 0;
    for (let at = T0; at <= T0 + hours(31); at += 15 * 60_000, ticks += 1) {
      const tick = new Date(at).toISOString();
      for (const worker of workers) worker.process.send({ tick });
      const answers = await Promise.all(workers.map((worker) => worker.next()));
      answers.forEach((answer, index) => {
        if (answer.error) errors.push(answer.error);
        claimedBy[index] +=
          (answer as { report?: { dispatched: { claimed: number } } }).report?.dispatched.claimed ?? 0;
      });
    }

    const expected = APPOINTMENTS * 2;
    const perPhone = new Map<string, number>();
    for (const request of fake.requests) perPhone.set(request.fields.to, (perPhone.get(request.fields.to) ?? 0) + 1);
    const deliveries = await deliveriesOf(strapi);
    const duplicates = [...perPhone.values()].filter((count) => count > 2).length;
    const missed = expected - deliveries.filter((row) => row.deliveryStatus === 'accepted').length;
    console.log(
      `multi-instance: ${INSTANCES} instances, ${ticks} ticks, ${expected} reminders expected, ${fake.requests.length} sent (claimed per instance: ${claimedBy.join(', ')}), ${duplicates} numbers sent more than twice, ${missed} missed`
    );

    expect(errors).toEqual([]);
    expect(fake.requests).toHaveLength(expected);
    expect(perPhone.size).toBe(APPOINTMENTS);
    expect(duplicates).toBe(0);
    expect(deliveries).toHaveLength(expected);
    expect(missed).toBe(0);
    // Every send was claimed once, and the work really was shared between the instances.
    expect(claimedBy.reduce((sum, count) => sum + count, 0)).toBe(expected);
    expect(claimedBy.filter((count) => count > 0).length).toBeGreaterThan(1);
    // Three more Strapi processes boot and race 125 ticks: 27 s on a quiet machine, 117 s seen under load.
  }, 300_000);
});
