/**
 * Writes while instances die: Strapi instances serving HTTP, each with its own periodic job on the wall
 * clock, while this script creates, edits, pays, refunds, reschedules and deletes records over REST and the
 * Content Manager API, double-clicks "send now", posts delivery reports (before the message id is stored,
 * duplicated, for sends whose answer never came), and kill -9s instances at random and restarts them.
 * A request cut by a kill is sent again, to another instance when there is one, until it is answered; an
 * "Idempotency-Key" makes that safe for send now.
 *
 * What each phone must receive is read from the final state of the database: one "A" message per invoice
 * (its "instantly" rule), one more per invoice sent by hand, and one "B" message per appointment left (its
 * "1 minute before" rule, at its final start time). Then: no phone received more than that (duplicates),
 * none less unless its delivery is visibly `unknown` (lost), no report dropped (each applied to its
 * delivery, or kept and listed), the change journal empty.
 *
 * runWrites() is used by the chaos run (PostgreSQL, three instances, 100+ kills) and by the integration
 * test tests/integration/writes-under-kills.test.ts (a short run on SQLite and on PostgreSQL).
 */
import crypto from 'crypto';
import fs from 'fs';
import path from 'path';
import Database from 'better-sqlite3';
import { type FakeAfricasTalking, type FakeRequest, startFakeAfricasTalking } from '../fake-africastalking';
import { withPostgres } from '../helpers/postgres';
import { AT_API_KEY, AT_USERNAME, CALLBACK_SECRET, Worker, chaosDir, say, sleep, workerEnv } from './lib';

export interface WritesOptions {
  database: { client: 'postgres'; url: string } | { client: 'sqlite' };
  instances: number;
  invoices: number;
  appointments: number;
  /** Kills aimed at, spread over the write phase (fewer when instances take longer to restart). */
  kills: number;
  /** How long records are written for. */
  writeMs: number;
  /** Port of the first instance; the others follow. */
  basePort: number;
  log?: (message: string) => void;
}

export interface WritesSummary {
  database: string;
  instances: number;
  kills: number;
  incarnations: number;
  requests: { sent: number; cutByKill: number; retried: number };
  records: {
    invoices: number;
    appointments: number;
    rescheduled: number;
    deleted: number;
    paidAndRefunded: number;
    dueDatesMoved: number;
    sentByHand: number;
  };
  messages: {
    expected: number;
    received: number;
    duplicates: number;
    lost: number;
    unknownNotReceived: number;
    examples: string[];
  };
  reports: {
    posted: number;
    applied: number;
    kept: number;
    dropped: number;
    unknownResolved: number;
    unknownLeft: number;
  };
  journalLeft: number;
  seconds: number;
  ok: boolean;
}

const ADMIN = { firstname: 'Chaos', lastname: 'Editor', email: 'chaos@example.com', password: 'Chaos-Password-1' };
const RULE_A = 'A {{ invoice.number }}';
const RULE_B = 'B {{ appointment.title }}';
/** Rule B reminds this long before an appointment; appointments start this long after they are booked. */
const B_BEFORE_MS = 60_000;
const STARTS_AFTER_MS = 100_000;
const MOVED_BY_MS = 30_000;

const random = (below: number) => Math.floor(Math.random() * below);
const chance = (p: number) => Math.random() < p;

/** One database read for the accounting, on either database. */
type Reader = <T>(sql: string) => Promise<T[]>;

export async function runWrites(options: WritesOptions): Promise<WritesSummary> {
  const log = options.log ?? say;
  const began = Date.now();
  const fake: FakeAfricasTalking = await startFakeAfricasTalking({ username: AT_USERNAME, apiKey: AT_API_KEY });
  const tag = crypto.randomBytes(3).toString('hex');
  let read: Reader;
  let dropDatabase: () => Promise<void>;
  let databaseEnv: Record<string, string>;
  if (options.database.client === 'postgres') {
    const { url } = options.database;
    const schema = `chaos_writes_${tag}`;
    await withPostgres(url, (client) => client.query(`CREATE SCHEMA "${schema}"`));
    databaseEnv = { DATABASE_CLIENT: 'postgres', DATABASE_URL: url, DATABASE_SCHEMA: schema };
    read = (sql) =>
      withPostgres(url, async (client) => (await client.query(sql.replaceAll('{schema}.', `"${schema}".`))).rows);
    dropDatabase = () =>
      withPostgres(url, (client) => client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`)).then(() => undefined);
  } else {
    const file = path.join(chaosDir, `writes-${tag}.db`);
    fs.mkdirSync(chaosDir, { recursive: true });
    databaseEnv = {
      DATABASE_CLIENT: 'sqlite',
      DATABASE_FILENAME: path.relative(path.resolve(__dirname, '..', '..'), file),
    };
    read = async (sql) => {
      const db = new Database(file, { readonly: true, fileMustExist: true });
      try {
        return db.prepare(sql.replaceAll('{schema}.', '')).all() as never[];
      } finally {
        db.close();
      }
    };
    dropDatabase = async () => fs.rmSync(file, { force: true });
  }

  const env = (port: number) =>
    workerEnv('unused', fake, {
      ...databaseEnv,
      CHAOS_SERVE: '1',
      PORT: String(port),
      HOST: '127.0.0.1',
      REMINDERS_SCHEDULER_ENABLED: 'true',
      REMINDERS_TICK_CRON: '*/2 * * * * *',
      DATABASE_POOL_MAX: '10',
      AT_TIMEOUT_MS: '3000',
      // A dead instance's claims come back after 10 s, not 2 minutes: the run is short.
      CHAOS_SCHEDULER: JSON.stringify({ leaseSeconds: 10 }),
    });
  let incarnation = 0;
  const spawn = (slot: number) =>
    new Worker(env(options.basePort + slot), `writes-${tag}-${String(incarnation++).padStart(3, '0')}`);
  const slots: Worker[] = [spawn(0)];
  await slots[0].ready; // the first instance creates the schema alone
  for (let slot = 1; slot < options.instances; slot += 1) slots.push(spawn(slot));
  await Promise.all(slots.map((worker) => worker.ready));

  // ---- HTTP, to whichever instance is up; a request cut by a kill is sent again until it is answered.
  const counters = { sent: 0, cutByKill: 0, retried: 0 };
  const live = () =>
    slots.map((worker, slot) => ({ worker, slot })).filter(({ worker }) => worker.alive && worker.phase !== 'booting');
  type Answer = { status: number; body: any };
  /**
   * `found`, for a create: asked before the request goes again after a cut, since the cut one may have
   * committed (an appointment has nothing unique to refuse a second one with).
   */
  async function call(
    method: string,
    url: string,
    init: {
      token?: string;
      body?: unknown;
      form?: Record<string, string>;
      headers?: Record<string, string>;
      found?: () => Promise<Answer | null>;
    } = {}
  ): Promise<Answer> {
    for (let attempt = 0; ; attempt += 1) {
      if (attempt > 0) {
        counters.retried += 1;
        const earlier = await init.found?.();
        if (earlier) return earlier;
      }
      const up = live();
      if (up.length === 0) {
        await sleep(200);
        continue;
      }
      const { slot } = up[random(up.length)];
      counters.sent += 1;
      try {
        const response = await fetch(`http://127.0.0.1:${options.basePort + slot}${url}`, {
          method,
          headers: {
            ...(init.form
              ? { 'Content-Type': 'application/x-www-form-urlencoded' }
              : init.body !== undefined
                ? { 'Content-Type': 'application/json' }
                : {}),
            ...(init.token ? { Authorization: `Bearer ${init.token}` } : {}),
            ...init.headers,
          },
          body: init.form
            ? new URLSearchParams(init.form).toString()
            : init.body !== undefined
              ? JSON.stringify(init.body)
              : undefined,
          // Only a kill cuts a request: one that is slow is waited for, never sent a second time.
          signal: AbortSignal.timeout(600_000),
        });
        const text = await response.text();
        if (response.status >= 500) throw new Error(`${method} ${url}: ${response.status} ${text.slice(0, 300)}`);
        return { status: response.status, body: text ? JSON.parse(text) : null };
      } catch (error) {
        if ((error as Error).message.includes(': 5')) throw error; // a 500 is a bug, not a kill
        counters.cutByKill += 1;
        if (attempt > 200) throw new Error(`${method} ${url}: no instance answered (${(error as Error).message})`);
        await sleep(100);
      }
    }
  }
  const expectOk = (what: string, answer: { status: number; body: any }, ok = [200, 201]) => {
    if (!ok.includes(answer.status))
      throw new Error(`${what}: ${answer.status} ${JSON.stringify(answer.body).slice(0, 300)}`);
    return answer.body;
  };

  // ---- Setup over HTTP, as a developer would: the first admin, an API token, two rules.
  const admin = expectOk('register admin', await call('POST', '/admin/register-admin', { body: ADMIN })).data
    .token as string;
  const apiToken = expectOk(
    'API token',
    await call('POST', '/admin/api-tokens', {
      token: admin,
      body: { name: 'chaos writes', type: 'full-access', lifespan: null },
    })
  ).data.accessKey as string;
  const rule = (body: Record<string, unknown>) =>
    call('POST', '/reminders/rules', { token: admin, body: { timezone: 'UTC', ...body } }).then(
      (answer) => expectOk('rule', answer).data.documentId as string
    );
  const ruleA = await rule({ name: 'chaos A', target: 'invoice', anchor: 'instantly', templates: { en: RULE_A } });
  await rule({
    name: 'chaos B',
    target: 'appointment',
    anchor: 'starts_at',
    steps: [{ amount: 1, unit: 'minutes', direction: 'before' }],
    templates: { en: RULE_B },
  });

  // ---- Killer: kill -9 at random moments, restart on the same port; exactly `kills` of them, however slow
  // the machine boots Strapi (the last ones may fall after the writes, while reminders are still going out).
  let kills = 0;
  const killer = (async () => {
    const every = options.writeMs / Math.max(1, options.kills);
    while (kills < options.kills) {
      await sleep(every * (0.5 + Math.random()));
      // On PostgreSQL one instance stays up; SQLite has one instance, and writes wait for its restart.
      while (live().length < Math.min(2, options.instances)) await sleep(200);
      const up = live();
      const { worker, slot } = up[random(up.length)];
      worker.kill();
      kills += 1;
      await worker.exited;
      slots[slot] = spawn(slot);
    }
  })();

  // ---- Delivery reports: "Sent" as soon as the fake answers (often before the message id is stored),
  // "Success" a moment later, some twice; for a send whose answer never came, a report by phone only.
  const posted: { id: string; phone: string; status: string }[] = [];
  const reportsPosting: Promise<unknown>[] = [];
  const postReport = (id: string, phone: string, status: string, afterMs: number) => {
    reportsPosting.push(
      sleep(afterMs).then(async () => {
        expectOk(
          'delivery report',
          await call('POST', `/api/reminders/callbacks/${CALLBACK_SECRET}/delivery-reports`, {
            form: { id, status, phoneNumber: phone, networkCode: '63902' },
          })
        );
        posted.push({ id, phone, status });
      })
    );
  };
  const hanging = new Set<string>();
  let watched = 0;
  let watching = true;
  // A request is looked at until the fake has read it and answered (its message ids), or hangs on purpose.
  const unanswered: { request: FakeRequest; seenAt: number }[] = [];
  const reporter = (async () => {
    while (watching || watched < fake.requests.length || unanswered.length > 0) {
      for (; watched < fake.requests.length; watched += 1)
        unanswered.push({ request: fake.requests[watched], seenAt: Date.now() });
      for (const item of [...unanswered]) {
        const { request } = item;
        const phone = request.fields.to;
        if (request.messageIds.length > 0) {
          for (const id of request.messageIds) {
            postReport(id, phone, 'Sent', 0);
            postReport(id, phone, 'Success', 500 + random(2500));
            if (chance(0.15)) postReport(id, phone, 'Success', 1000 + random(3000));
          }
        } else if (phone && hanging.has(phone)) {
          postReport(`ATXid_hung_${crypto.randomBytes(6).toString('hex')}`, phone, 'Success', 5000);
        } else if (Date.now() - item.seenAt < 15_000) {
          continue; // not answered yet; after 15 s it never will be (its connection was cut)
        }
        unanswered.splice(unanswered.indexOf(item), 1);
      }
      await sleep(20);
    }
  })();

  // ---- Writes: each record's story runs on its own, started at a random moment of the write phase.
  const stats = { rescheduled: 0, deleted: 0, paidAndRefunded: 0, dueDatesMoved: 0, sentByHand: 0 };
  const byHand = new Map<string, number>(); // phone → sends by hand that answered 200
  const rest = (method: string, url: string, body?: unknown, found?: () => Promise<Answer | null>) =>
    call(method, url, { token: apiToken, body, found });
  /** The record a cut create may have made: the first one whose `field` is `value`, as a create's answer. */
  const existing = (plural: string, field: string, value: string) => async (): Promise<Answer | null> => {
    const [record] = expectOk(
      `find ${plural}`,
      await rest('GET', `/api/reminders/${plural}?filters[${field}][$eq]=${encodeURIComponent(value)}`)
    ).data;
    return record ? { status: 200, body: { data: record } } : null;
  };
  const phone = (kind: 1 | 2, index: number) => `+2547${kind}${String(1_000_000 + index).slice(-7)}`;

  async function invoiceStory(index: number) {
    const number = `INV-${tag}-${index}`;
    const invoicePhone = phone(1, index);
    const plan = random(100);
    if (plan >= 94) {
      hanging.add(invoicePhone);
      fake.replyTo(invoicePhone, { kind: 'hang' });
    }
    const created = await rest(
      'POST',
      '/api/reminders/invoices',
      {
        data: {
          number,
          customerName: `Customer ${index}`,
          phone: invoicePhone,
          currency: 'KES',
          total: '100',
          issueDate: '2026-12-01',
          dueDate: '2026-12-20',
        },
      },
      existing('invoices', 'number', number)
    );
    const documentId: string = expectOk('invoice', created).data.documentId;
    await sleep(random(3000));
    if (plan < 30) {
      stats.dueDatesMoved += 1;
      if (chance(0.5))
        expectOk(
          'move due date',
          await rest('PUT', `/api/reminders/invoices/${documentId}`, { data: { dueDate: '2026-12-27' } })
        );
      else
        expectOk(
          'move due date (Content Manager)',
          await call('PUT', `/content-manager/collection-types/plugin::reminders.invoice/${documentId}`, {
            token: admin,
            body: { dueDate: '2026-12-27' },
          })
        );
    } else if (plan < 50) {
      stats.paidAndRefunded += 1;
      expectOk('pay', await rest('PUT', `/api/reminders/invoices/${documentId}`, { data: { amountPaid: '100' } }));
      await sleep(random(2000));
      expectOk('refund', await rest('PUT', `/api/reminders/invoices/${documentId}`, { data: { amountPaid: '0' } }));
    } else if (plan < 65) {
      // A double click: the same key twice at once, each sent again (same key) until it is answered.
      stats.sentByHand += 1;
      const key = crypto.randomUUID();
      const click = async () => {
        for (;;) {
          const answer = await call('POST', `/reminders/records/invoice/${documentId}/send-now`, {
            token: admin,
            body: { rule: ruleA },
            headers: { 'Idempotency-Key': key },
          });
          // 409 on the key: the other click (or a killed instance's attempt) is still running; ask again.
          if (answer.status !== 409 || answer.body?.error?.details?.header !== 'Idempotency-Key') return answer;
          await sleep(1000);
        }
      };
      const answers = await Promise.all([click(), click()]);
      answers.forEach((answer) => expectOk('send now', answer));
      byHand.set(invoicePhone, 1);
    }
  }

  /** When a reschedule or delete was answered: it had committed by then. */
  const superseded = new Map<string, { answeredAt: number }>();
  const timed = async (appointmentPhone: string, work: () => Promise<unknown>) => {
    await work();
    superseded.set(appointmentPhone, { answeredAt: Date.now() });
  };

  async function appointmentStory(index: number) {
    const appointmentPhone = phone(2, index);
    const startsAt = new Date(Date.now() + STARTS_AFTER_MS);
    const title = `Visit ${tag}-${index}`;
    const created = expectOk(
      'appointment',
      await rest(
        'POST',
        '/api/reminders/appointments',
        { data: { title, customerName: `Guest ${index}`, phone: appointmentPhone, startsAt: startsAt.toISOString() } },
        existing('appointments', 'title', title)
      )
    );
    const documentId: string = created.data.documentId;
    await sleep(2000 + random(8000));
    const plan = random(100);
    if (plan < 30) {
      stats.rescheduled += 1;
      await timed(appointmentPhone, async () =>
        expectOk(
          'reschedule',
          await rest('PUT', `/api/reminders/appointments/${documentId}`, {
            data: { startsAt: new Date(startsAt.getTime() + MOVED_BY_MS).toISOString() },
          })
        )
      );
    } else if (plan < 40) {
      stats.deleted += 1;
      await timed(appointmentPhone, async () =>
        expectOk('delete', await rest('DELETE', `/api/reminders/appointments/${documentId}`), [200, 204, 404])
      );
    }
  }

  const stories: Promise<void>[] = [];
  const storyFailures: string[] = [];
  const start = (story: () => Promise<void>) =>
    stories.push(story().catch((error: Error) => void storyFailures.push(error.message)));
  const total = options.invoices + options.appointments;
  const kinds = [...Array(options.invoices).fill('invoice'), ...Array(options.appointments).fill('appointment')].sort(
    () => Math.random() - 0.5
  );
  let invoices = 0;
  let appointments = 0;
  for (const [position, kind] of kinds.entries()) {
    await sleep(Math.max(0, began + ((position + 1) * options.writeMs) / total - Date.now()));
    start(kind === 'invoice' ? () => invoiceStory(invoices++) : () => appointmentStory(appointments++));
  }
  await Promise.all(stories);
  await killer;
  log(
    `writes: ${total} records written, ${kills} kills, ${counters.cutByKill} requests cut; waiting for the last reminders`
  );

  // ---- Quiet: every instance up, the last reminder due, nothing queued or in flight, the journal empty.
  const lastDue = Date.now() + STARTS_AFTER_MS + MOVED_BY_MS - B_BEFORE_MS;
  for (const [slot, worker] of slots.entries()) if (!worker.alive) slots[slot] = spawn(slot);
  await Promise.all(slots.map((worker) => worker.ready));
  const settled = async () => {
    const [{ busy }] = await read<{ busy: number }>(
      `SELECT COUNT(*) AS busy FROM {schema}.reminders_deliveries WHERE delivery_status IN ('queued', 'sending') AND not_before <= ${options.database.client === 'postgres' ? 'now()' : Date.now()}`
    );
    const [{ changes }] = await read<{ changes: number }>(
      'SELECT COUNT(*) AS changes FROM {schema}.reminders_record_changes'
    );
    return Number(busy) === 0 && Number(changes) === 0;
  };
  while (Date.now() < lastDue + 5000 || !(await settled())) {
    if (Date.now() > lastDue + 120_000) break;
    await sleep(1000);
  }
  watching = false;
  await reporter;
  await Promise.all(reportsPosting);
  await sleep(5000); // two ticks: kept reports whose message id came late are applied

  // ---- Accounting from the final state.
  const finalInvoices = await read<{ phone: string }>('SELECT phone FROM {schema}.reminders_invoices');
  const finalAppointments = await read<{ phone: string; starts_at: unknown }>(
    'SELECT phone, starts_at FROM {schema}.reminders_appointments'
  );
  const deliveries = await read<{
    phone: string;
    delivery_status: string;
    provider_message_id: string | null;
    scheduled_for: unknown;
    send_started_at: unknown;
    events: unknown;
    target_type: string;
  }>(
    'SELECT phone, delivery_status, provider_message_id, scheduled_for, send_started_at, events, target_type FROM {schema}.reminders_deliveries'
  );
  const instant = (value: unknown) =>
    value === null || value === undefined ? NaN : new Date(value as string | number).getTime();
  const expected = new Map<string, number>();
  const examples: string[] = [];
  for (const row of finalInvoices) expected.set(row.phone, 1 + (byHand.get(row.phone) ?? 0));
  // An appointment gets the reminder of its final start time; a reminder of a time it was moved from (or
  // of an appointment deleted since) only when it went out before the move could have committed.
  const startOf = new Map(finalAppointments.map((row) => [row.phone, instant(row.starts_at)]));
  for (const row of finalAppointments) expected.set(row.phone, 1);
  for (const row of deliveries) {
    if (row.target_type !== 'appointment' || !['accepted', 'delivered', 'unknown'].includes(row.delivery_status))
      continue;
    if (instant(row.scheduled_for) === (startOf.get(row.phone) ?? NaN) - B_BEFORE_MS) continue;
    const move = superseded.get(row.phone);
    if (move && instant(row.send_started_at) <= move.answeredAt)
      expected.set(row.phone, (expected.get(row.phone) ?? 0) + 1);
    else
      examples.push(
        `${row.phone}: a reminder for a start time it no longer had went out at ${new Date(instant(row.send_started_at)).toISOString()}`
      );
  }
  const received = new Map<string, number>();
  for (const request of fake.requests) received.set(request.fields.to, (received.get(request.fields.to) ?? 0) + 1);
  const unknownPhones = new Set(deliveries.filter((row) => row.delivery_status === 'unknown').map((row) => row.phone));
  let duplicates = 0;
  let lost = 0;
  let unknownNotReceived = 0;
  for (const phoneNumber of new Set([...expected.keys(), ...received.keys()])) {
    const want = expected.get(phoneNumber) ?? 0;
    const got = received.get(phoneNumber) ?? 0;
    if (got > want) {
      duplicates += 1;
      examples.push(`${phoneNumber}: received ${got}, expected ${want}`);
    } else if (got < want && unknownPhones.has(phoneNumber)) unknownNotReceived += 1;
    else if (got < want) {
      lost += 1;
      examples.push(`${phoneNumber}: received ${got}, expected ${want}`);
    }
  }

  // Reports: each applied to its delivery (by id; a hung send's by phone), or kept and listed.
  const kept = await read<{ provider_message_id: string }>(
    'SELECT provider_message_id FROM {schema}.reminders_provider_reports WHERE applied_at IS NULL'
  );
  const keptIds = new Set(kept.map((row) => row.provider_message_id));
  const byMessageId = new Map(
    deliveries.filter((row) => row.provider_message_id).map((row) => [row.provider_message_id as string, row])
  );
  const postedIds = new Set(posted.map((report) => report.id));
  let applied = 0;
  let dropped = 0;
  for (const id of postedIds) {
    const delivery = byMessageId.get(id);
    if (delivery && delivery.delivery_status === 'delivered') applied += 1;
    else if (keptIds.has(id)) continue;
    else {
      dropped += 1;
      examples.push(`report ${id}: neither applied (${delivery?.delivery_status ?? 'no delivery'}) nor kept`);
    }
  }
  const unknownResolved = deliveries.filter((row) =>
    JSON.stringify(row.events ?? '').includes('Resolved by a delivery report')
  ).length;
  const [{ changes: journalLeft }] = await read<{ changes: number }>(
    'SELECT COUNT(*) AS changes FROM {schema}.reminders_record_changes'
  );

  const summary: WritesSummary = {
    database: options.database.client,
    instances: options.instances,
    kills,
    incarnations: incarnation,
    requests: counters,
    records: { invoices: finalInvoices.length, appointments: finalAppointments.length, ...stats },
    messages: {
      expected: [...expected.values()].reduce((sum, count) => sum + count, 0),
      received: fake.requests.length,
      duplicates,
      lost,
      unknownNotReceived,
      examples: [...storyFailures, ...examples].slice(0, 10),
    },
    reports: {
      posted: posted.length,
      applied,
      kept: keptIds.size,
      dropped,
      unknownResolved,
      unknownLeft: unknownPhones.size,
    },
    journalLeft: Number(journalLeft),
    seconds: Math.round((Date.now() - began) / 1000),
    ok: false,
  };
  summary.ok =
    storyFailures.length === 0 &&
    examples.length === 0 &&
    duplicates === 0 &&
    lost === 0 &&
    dropped === 0 &&
    summary.journalLeft === 0;
  log(`writes: ${JSON.stringify(summary)}`);

  await Promise.all(slots.map((worker) => worker.stop()));
  await fake.close();
  if (summary.ok) await dropDatabase();
  return summary;
}
