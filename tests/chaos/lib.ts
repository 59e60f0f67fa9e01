/**
 * What the chaos runs share: a PostgreSQL schema per scenario, Strapi instances in child processes
 * (tests/chaos/worker.js) whose logs go to files, the fake Africa's Talking server, reading the outbox
 * with plain SQL, and the accounting of what was sent.
 *
 * Environment:
 *   CHAOS_DATABASE_URL   postgres://reminders:reminders@localhost:5432/reminders_chaos (created when missing,
 *                        through `su postgres`, when running as root)
 *   CHAOS_SKIP_COMPILE=1 do not run compileStrapi first (dist/ is current)
 */
import fs from 'fs';
import os from 'os';
import path from 'path';
import crypto from 'crypto';
import { execSync, fork, type ChildProcess } from 'child_process';
import type { Client } from 'pg';
import { withPostgres } from '../helpers/postgres';
import { compileStrapi } from '@strapi/strapi';
import type { FakeAfricasTalking } from '../fake-africastalking';

export const appDir = path.resolve(__dirname, '..', '..');
export const chaosDir = path.join(appDir, '.tmp', 'chaos');
export const logDir = path.join(chaosDir, 'logs');
export const databaseUrl =
  process.env.CHAOS_DATABASE_URL ?? 'postgres://reminders:reminders@localhost:5432/reminders_chaos';
/** The Africa's Talking key every chaos instance is configured with: the log scan looks for it. */
export const AT_API_KEY = 'atsk_chaos_key_that_must_never_be_logged_9d41';
export const AT_USERNAME = 'chaos';
export const CALLBACK_SECRET = 'chaos-callback-secret-0123456789';

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const started = Date.now();
export const say = (message: string) =>
  console.log(`[chaos +${((Date.now() - started) / 1000).toFixed(0).padStart(4)} s] ${message}`);

export const withPg = <T>(work: (client: Client) => Promise<T>): Promise<T> => withPostgres(databaseUrl, work);

/** Creates the chaos database when it does not exist yet (the role may not create databases itself). */
export async function ensureDatabase() {
  try {
    await withPg(async () => undefined);
  } catch (error) {
    if ((error as { code?: string }).code !== '3D000') throw error;
    const name = new URL(databaseUrl).pathname.slice(1);
    const owner = new URL(databaseUrl).username;
    execSync(`su postgres -c "psql -c 'CREATE DATABASE ${name} OWNER ${owner}'"`, { stdio: 'inherit' });
  }
}

let compiled = false;
export async function compileApp() {
  if (compiled || process.env.CHAOS_SKIP_COMPILE === '1') return;
  await compileStrapi({ appDir });
  compiled = true;
}

/** A fresh schema for one scenario; `drop()` removes it. */
export async function freshSchema(scenario: string) {
  const name = `chaos_${scenario.replace(/\W/g, '_')}_${crypto.randomBytes(3).toString('hex')}`;
  await withPg((client) => client.query(`CREATE SCHEMA "${name}"`));
  return { name, drop: () => withPg((client) => client.query(`DROP SCHEMA IF EXISTS "${name}" CASCADE`)) };
}

/** The environment of a chaos instance: PostgreSQL, Africa's Talking pointed at the fake, the periodic job off. */
export function workerEnv(
  schema: string,
  fake: FakeAfricasTalking,
  extra: Record<string, string> = {}
): NodeJS.ProcessEnv {
  return {
    ...process.env,
    APP_KEYS: 'chaos-key-a,chaos-key-b',
    API_TOKEN_SALT: 'chaos-api-token-salt',
    ADMIN_JWT_SECRET: 'chaos-admin-jwt-secret',
    TRANSFER_TOKEN_SALT: 'chaos-transfer-token-salt',
    JWT_SECRET: 'chaos-jwt-secret',
    ENCRYPTION_KEY: 'chaos-encryption-key',
    SEED_DEMO_DATA: 'false',
    LOG_LEVEL: 'http',
    REMINDERS_SCHEDULER_ENABLED: 'false',
    // These runs message the same numbers many times on purpose: the frequency cap would hold most back.
    REMINDERS_FREQUENCY_CAP: 'off',
    REMINDERS_CALLBACK_SECRET: CALLBACK_SECRET,
    DATABASE_CLIENT: 'postgres',
    DATABASE_URL: databaseUrl,
    DATABASE_SCHEMA: schema,
    DATABASE_POOL_MIN: '0',
    DATABASE_POOL_MAX: '4',
    AT_USERNAME,
    AT_API_KEY,
    AT_API_BASE_URL: fake.baseUrl,
    AT_TIMEOUT_MS: '5000',
    ...extra,
  };
}

export interface WorkerMessage {
  id?: number;
  ready?: boolean;
  pid?: number;
  phase?: 'planning' | 'dispatching';
  report?: TickReport;
  error?: string;
  documentId?: string;
}

export interface TickReport {
  at: string;
  planned: { rules: number; written: number; failed?: number; error?: string };
  dispatched: { claimed: number; outcomes: Record<string, number>; recovered: number; paused?: string };
}

/** A Strapi instance in a child process, talking over IPC; its stdout and stderr go to a log file. */
export class Worker {
  readonly process: ChildProcess;
  readonly ready: Promise<void>;
  readonly exited: Promise<number | null>;
  readonly logFile: string;
  phase: 'booting' | 'idle' | 'planning' | 'dispatching' = 'booting';
  /** When the current phase began (Date.now()). */
  phaseSince = Date.now();
  killed = false;
  private phaseWaiters: { phase: string; resolve: () => void }[] = [];
  private nextId = 1;
  private pending = new Map<number, { resolve: (message: WorkerMessage) => void; reject: (error: Error) => void }>();

  constructor(env: NodeJS.ProcessEnv, name: string) {
    fs.mkdirSync(logDir, { recursive: true });
    this.logFile = path.join(logDir, `${name}.log`);
    const out = fs.openSync(this.logFile, 'a');
    this.process = fork(path.join(__dirname, 'worker.js'), [], { env, stdio: ['ignore', out, out, 'ipc'] });
    fs.closeSync(out);
    let markReady: () => void;
    let failBoot: (error: Error) => void;
    this.ready = new Promise<void>((resolve, reject) => {
      markReady = resolve;
      failBoot = reject;
    });
    this.ready.catch(() => undefined);
    this.process.on('message', (message: WorkerMessage) => {
      if (message.ready) {
        this.phase = 'idle';
        markReady();
        return;
      }
      if (message.phase) {
        this.enter(message.phase);
        return;
      }
      const waiter = message.id === undefined ? undefined : this.pending.get(message.id);
      if (!waiter) return;
      this.pending.delete(message.id!);
      this.enter('idle');
      waiter.resolve(message);
    });
    this.exited = new Promise((resolve) =>
      this.process.on('exit', (code) => {
        const error = new Error(this.killed ? 'killed' : `instance exited with code ${code} (see ${this.logFile})`);
        failBoot(error);
        for (const waiter of this.pending.values()) waiter.reject(error);
        this.pending.clear();
        resolve(code);
      })
    );
  }

  private enter(phase: Worker['phase']) {
    this.phase = phase;
    this.phaseSince = Date.now();
    this.phaseWaiters = this.phaseWaiters.filter((waiter) =>
      waiter.phase === phase ? (waiter.resolve(), false) : true
    );
  }

  /** Resolves when the instance enters `phase` (its tick reports planning, then dispatching). */
  waitForPhase(phase: 'planning' | 'dispatching'): Promise<void> {
    if (this.phase === phase) return Promise.resolve();
    return new Promise((resolve) => this.phaseWaiters.push({ phase, resolve }));
  }

  get pid() {
    return this.process.pid!;
  }

  get alive() {
    return this.process.exitCode === null && this.process.signalCode === null;
  }

  request(message: Record<string, unknown>): Promise<WorkerMessage> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.process.send({ ...message, id });
    });
  }

  async tick(at: Date): Promise<TickReport> {
    const answer = await this.request({ tick: at.toISOString() });
    if (answer.error) throw new Error(answer.error);
    return answer.report!;
  }

  /** kill -9: no cleanup, no goodbye, in-flight requests cut. */
  kill() {
    this.killed = true;
    this.process.kill('SIGKILL');
  }

  async stop() {
    if (!this.alive) return;
    await Promise.race([this.request({ stop: true }).catch(() => undefined), sleep(15_000)]);
    if (this.alive) this.kill();
    await this.exited;
  }
}

/** An outbox row, as the chaos accounting reads it. */
export interface OutboxRow {
  id: number;
  rule_document_id: string;
  phone: string;
  delivery_status: string;
  not_before: Date;
  claimed_by: string | null;
  attempts: number;
  error_code: string | null;
  send_started_at: Date | null;
}

export const readOutbox = (schema: string): Promise<OutboxRow[]> =>
  withPg(
    async (client) =>
      (
        await client.query(
          `SELECT id, rule_document_id, phone, delivery_status, not_before, claimed_by, attempts, error_code, send_started_at FROM "${schema}".reminders_deliveries`
        )
      ).rows
  );

/** Appointments inserted by SQL in batches (as a bulk import would), each with its own phone number. */
export async function insertAppointments(schema: string, startsAt: Date[], now: Date) {
  await withPg(async (client) => {
    for (let start = 0; start < startsAt.length; start += 500) {
      const batch = startsAt.slice(start, start + 500);
      const values: unknown[] = [];
      const rows = batch.map((at, offset) => {
        const index = start + offset;
        values.push(
          `chaos${String(index).padStart(8, '0')}`,
          `Visit ${index}`,
          `Customer ${index}`,
          phoneOf(index),
          at,
          now
        );
        const base = offset * 6;
        return `($${base + 1}, $${base + 2}, $${base + 3}, $${base + 4}, $${base + 5}, 'scheduled', 'en', $${base + 6}, $${base + 6}, $${base + 6})`;
      });
      await client.query(
        `INSERT INTO "${schema}".reminders_appointments (document_id, title, customer_name, phone, starts_at, appointment_status, language, created_at, updated_at, published_at) VALUES ${rows.join(', ')}`,
        values
      );
    }
  });
}

/** The phone number of appointment `index`: a valid Kenyan mobile number, one per appointment. */
export const phoneOf = (index: number) => `+2547${String(10_000_000 + index)}`;

/**
 * The accounting: every expected reminder (appointment × rule) against the outbox and what the fake server
 * received. A reminder is `sent` (accepted, received once), `unknown` (its send was in flight when its
 * instance died: the server may or may not have received it, both are counted), `lost` (anything else:
 * missing, still queued or claimed, failed), or a duplicate (received more than once).
 */
export function account(
  rows: OutboxRow[],
  fake: FakeAfricasTalking,
  expected: Map<string, string>,
  ruleLetter: Map<string, string>
) {
  const received = new Map<string, number>();
  for (const request of fake.requests) {
    const key = `${request.fields.to}|${request.fields.message?.[0]}`;
    received.set(key, (received.get(key) ?? 0) + 1);
  }
  const byStatus: Record<string, number> = {};
  const seen = new Set<string>();
  let sent = 0;
  let unknownReceived = 0;
  let unknownNotReceived = 0;
  let duplicates = 0;
  let acceptedNotReceived = 0;
  const lost: string[] = [];
  for (const row of rows) {
    byStatus[row.delivery_status] = (byStatus[row.delivery_status] ?? 0) + 1;
    const key = `${row.phone}|${ruleLetter.get(row.rule_document_id)}`;
    seen.add(key);
    const count = received.get(key) ?? 0;
    if (count > 1) duplicates += 1;
    if (row.delivery_status === 'accepted') {
      if (count === 0) acceptedNotReceived += 1;
      else sent += 1;
    } else if (row.delivery_status === 'unknown') {
      if (count === 0) unknownNotReceived += 1;
      else unknownReceived += 1;
    } else {
      lost.push(`${key} ${row.delivery_status} (${row.error_code ?? ''})`);
    }
  }
  for (const key of expected.keys()) if (!seen.has(key)) lost.push(`${key} never planned`);
  const strays = [...received.keys()].filter((key) => !expected.has(key)).length;
  return {
    expected: expected.size,
    rows: rows.length,
    byStatus,
    sent,
    unknown: unknownReceived + unknownNotReceived,
    unknownReceived,
    unknownNotReceived,
    duplicates,
    acceptedNotReceived,
    lost: lost.length,
    lostExamples: lost.slice(0, 10),
    strays,
    requests: fake.requests.length,
  };
}
export type Accounting = ReturnType<typeof account>;

/** The commit the run is on, and whether the code it runs differs from it. */
export function currentCommit() {
  const commit = execSync('git rev-parse --short HEAD', { cwd: appDir }).toString().trim();
  const dirty =
    execSync('git status --porcelain -- plugins tests config src', { cwd: appDir }).toString().trim() !== '';
  return dirty ? `${commit} + uncommitted changes` : commit;
}

/** Writes one scenario's figures where the report (tests/chaos/run.ts) reads them. */
export function saveResult(scenario: string, result: Record<string, unknown>) {
  fs.mkdirSync(path.join(chaosDir, 'results'), { recursive: true });
  const record = { scenario, finishedAt: new Date().toISOString(), commit: currentCommit(), ...result };
  fs.writeFileSync(path.join(chaosDir, 'results', `${scenario}.json`), JSON.stringify(record, null, 2));
}

/** A scenario's figures from an earlier run, when this run does not repeat it. */
export function loadResult(scenario: string): Record<string, unknown> | undefined {
  const file = path.join(chaosDir, 'results', `${scenario}.json`);
  return fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, 'utf8')) : undefined;
}

export const machine = () =>
  `${os.cpus().length} × ${os.cpus()[0]?.model.trim()}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}, ${os.platform()} ${os.release()}`;
