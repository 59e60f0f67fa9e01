import { type ChildProcess, execFileSync, spawn } from 'child_process';
import fs from 'fs';
import path from 'path';

/** The repository (the demo app), the plugin package in it, and where this test leaves its logs and screenshots. */
export const REPO_ROOT = path.resolve(__dirname, '..', '..');
export const PLUGIN_DIR = path.join(REPO_ROOT, 'plugins', 'reminders');
export const ARTIFACTS = path.join(__dirname, 'artifacts');

/** A failure of one step: its reason, and the log whose tail explains it. */
export class StepFailure extends Error {
  constructor(
    message: string,
    readonly logFile?: string
  ) {
    super(message);
  }
}

export function fail(message: string, logFile?: string): never {
  throw new StepFailure(message, logFile);
}

export function check(condition: unknown, message: string, logFile?: string): asserts condition {
  if (!condition) fail(message, logFile);
}

/** The last `lines` lines of a log file, or a note that there is none. */
export function tail(file: string, lines = 40): string {
  if (!fs.existsSync(file)) return `(no log at ${file})`;
  const text = fs.readFileSync(file, 'utf8').replace(/\s+$/, '');
  return text.split('\n').slice(-lines).join('\n');
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

/**
 * The environment for a child: this process's, without what `npm run` adds (npm_* settings of the repository's
 * project, its node_modules/.bin on PATH) so that the host app resolves only its own packages and tools.
 */
export function childEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (
      /^npm_/i.test(key) ||
      key === 'INIT_CWD' ||
      key === 'NODE_ENV' ||
      key === 'JEST_WORKER_ID' ||
      key === 'NODE_OPTIONS'
    )
      continue;
    env[key] = value;
  }
  env.PATH = (process.env.PATH ?? '')
    .split(path.delimiter)
    .filter((entry) => entry && !entry.includes(`node_modules${path.sep}.bin`) && !entry.includes(`node-gyp-bin`))
    .join(path.delimiter);
  return { ...env, ...extra };
}

/** Every child process group this test started, so that each exit path can end them. */
const children = new Set<ChildProcess>();

function signalGroup(child: ChildProcess, signal: NodeJS.Signals) {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    /* the group is already gone */
  }
}

/** Ends one child's process group: SIGTERM, then SIGKILL after `graceMs`. */
export async function stopChild(child: ChildProcess, graceMs = 10_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) {
    children.delete(child);
    return;
  }
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  signalGroup(child, 'SIGTERM');
  const timer = setTimeout(() => signalGroup(child, 'SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
  // Grandchildren that outlived their parent (the group leader) still get the kill.
  try {
    process.kill(-child.pid, 'SIGKILL');
  } catch {
    /* nothing left */
  }
  children.delete(child);
}

export async function stopAllChildren(): Promise<void> {
  await Promise.all([...children].map((child) => stopChild(child)));
}

/** Last resort, synchronous (for process 'exit'): SIGKILL every group still alive. */
export function killAllChildrenNow() {
  for (const child of children) signalGroup(child, 'SIGKILL');
  children.clear();
}

/** Starts a command in its own process group with its output appended to `logFile`. */
export function startDetached(
  command: string,
  args: string[],
  options: { cwd: string; env: NodeJS.ProcessEnv; logFile: string }
): ChildProcess {
  fs.mkdirSync(path.dirname(options.logFile), { recursive: true });
  const log = fs.openSync(options.logFile, 'a');
  fs.writeSync(log, `\n$ (cd ${options.cwd} && ${[command, ...args].join(' ')})\n`);
  const child = spawn(command, args, {
    cwd: options.cwd,
    env: options.env,
    detached: true,
    stdio: ['ignore', log, log],
  });
  fs.closeSync(log);
  children.add(child);
  child.once('exit', () => children.delete(child));
  return child;
}

/** Runs a command to its end (its own process group, output to `logFile`); fails the step on a non-zero exit or a timeout. */
export async function run(
  command: string,
  args: string[],
  options: { cwd: string; env: NodeJS.ProcessEnv; logFile: string; timeoutMs: number }
): Promise<void> {
  const child = startDetached(command, args, options);
  const label = [command, ...args].join(' ');
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    void stopChild(child, 5_000);
  }, options.timeoutMs);
  const result = await new Promise<{ code: number | null; signal: NodeJS.Signals | null; error?: Error }>((resolve) => {
    child.once('error', (error) => resolve({ code: null, signal: null, error }));
    child.once('exit', (code, signal) => resolve({ code, signal }));
  });
  clearTimeout(timer);
  if (timedOut) fail(`\`${label}\` did not finish within ${seconds(options.timeoutMs)}`, options.logFile);
  if (result.error) fail(`\`${label}\` could not start: ${result.error.message}`, options.logFile);
  if (result.code !== 0) fail(`\`${label}\` exited with ${result.code ?? result.signal}`, options.logFile);
}

/** A command's standard output, for short listings (tar -tzf). */
export function output(command: string, args: string[], cwd?: string): string {
  return execFileSync(command, args, { cwd, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
}

/** Polls `probe` until it returns a value other than undefined, or fails with `what` after `timeoutMs`. */
export async function waitFor<T>(
  what: string,
  timeoutMs: number,
  probe: () => Promise<T | undefined> | T | undefined,
  intervalMs = 250,
  logFile?: string
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) fail(`${what}: not within ${seconds(timeoutMs)}`, logFile);
    await sleep(intervalMs);
  }
}

/** JSON over HTTP with an optional bearer token; the body parsed when it is JSON. */
export async function http(
  method: string,
  url: string,
  options: { token?: string; body?: unknown } = {}
): Promise<{ status: number; body: any }> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (options.token) headers.Authorization = `Bearer ${options.token}`;
  if (options.body !== undefined) headers['Content-Type'] = 'application/json';
  const response = await fetch(url, {
    method,
    headers,
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  });
  const text = await response.text();
  let body: unknown = text;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    /* not JSON: keep the text */
  }
  return { status: response.status, body };
}

/** A short description of an HTTP answer for a failure message (bodies cut, never a token). */
export const describe = (response: { status: number; body: unknown }) =>
  `HTTP ${response.status} ${JSON.stringify(response.body)
    ?.replace(/"(token|accessKey|jwt)":"[^"]*"/g, '"$1":"…"')
    .slice(0, 600)}`;
