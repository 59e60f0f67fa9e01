/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
import { type ChildProcess, spawn } from 'child_process';
import crypto from 'crypto';
import fs from 'fs';
import net from 'net';
import os from 'os';
import path from 'path';
import { type BrowserContext, type Page, chromium } from 'playwright-core';
import type { FakeAfricasTalking } from '../fake-africastalking';

export const APP_DIR = path.resolve(__dirname, '..', '..');
export const ARTIFACTS = path.join(__dirname, 'artifacts');
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Empties the artefacts folder, so what is there after a run is that run's. */
export function resetArtifacts() {
  fs.rmSync(ARTIFACTS, { recursive: true, force: true });
  fs.mkdirSync(ARTIFACTS, { recursive: true });
}

/** A port nobody listens on now. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export interface RunningApp {
  url: string;
  port: number;
  logFile: string;
  stop(): Promise<void>;
}

const SECRETS = {
  APP_KEYS: 'e2e-key-a,e2e-key-b',
  API_TOKEN_SALT: 'e2e-api-token-salt',
  ADMIN_JWT_SECRET: 'e2e-admin-jwt-secret',
  TRANSFER_TOKEN_SALT: 'e2e-transfer-token-salt',
  JWT_SECRET: 'e2e-jwt-secret',
  ENCRYPTION_KEY: 'e2e-encryption-key',
};

export interface StartOptions {
  /**
   * 'start' (default): the built app, production React. 'develop': `strapi develop`, what the README's
   * `npm run develop` runs, with the admin served by Vite in React's development build (its warnings on).
   */
  mode?: 'start' | 'develop';
}

/**
 * `strapi develop` deletes the built admin (dist/build) and rewrites types/generated in its own formatting:
 * both are put back when it stops, so the suites on the built app still run after it and git sees no change.
 */
function keepWhatDevelopRewrites(name: string) {
  const build = path.join(APP_DIR, 'dist', 'build');
  const aside = path.join(APP_DIR, '.tmp', 'e2e', `${name}-admin-build`);
  if (fs.existsSync(build)) fs.renameSync(build, aside);
  const typesDir = path.join(APP_DIR, 'types', 'generated');
  const types = fs.readdirSync(typesDir).map((file) => {
    const full = path.join(typesDir, file);
    return { full, text: fs.readFileSync(full, 'utf8') };
  });
  return () => {
    if (fs.existsSync(aside)) {
      fs.rmSync(build, { recursive: true, force: true });
      fs.renameSync(aside, build);
    }
    for (const { full, text } of types) fs.writeFileSync(full, text);
  };
}

/**
 * Starts the app (`strapi start`, the production build, or `strapi develop`: see StartOptions) in its own
 * process group on a throwaway SQLite file with the demo data, the periodic tick off, on a free port; resolves
 * once /_health answers (and, in develop mode, once the admin is served).
 */
export async function startApp(env: Record<string, string> = {}, options: StartOptions = {}): Promise<RunningApp> {
  const develop = options.mode === 'develop';
  const port = Number(env.PORT ?? (await freePort()));
  const url = `http://127.0.0.1:${port}`;
  const name = `e2e-${process.pid}-${crypto.randomBytes(3).toString('hex')}`;
  fs.mkdirSync(path.join(APP_DIR, '.tmp', 'e2e'), { recursive: true });
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  const logFile = path.join(ARTIFACTS, 'strapi.log');
  const log = fs.openSync(logFile, 'w');
  const restore = develop ? keepWhatDevelopRewrites(name) : () => undefined;
  const child: ChildProcess = spawn(
    path.join(APP_DIR, 'node_modules', '.bin', 'strapi'),
    [develop ? 'develop' : 'start'],
    {
      cwd: APP_DIR,
      detached: true,
      stdio: ['ignore', log, log],
      env: {
        ...process.env,
        ...SECRETS,
        NODE_ENV: develop ? 'development' : 'production',
        HOST: '127.0.0.1',
        PORT: String(port),
        PUBLIC_URL: url,
        DATABASE_CLIENT: 'sqlite',
        DATABASE_FILENAME: `.tmp/e2e/${name}.db`,
        SEED_DEMO_DATA: 'true',
        REMINDERS_SCHEDULER_ENABLED: 'false',
        // The frequency cap is off unless a suite turns it on (REMINDERS_FREQUENCY_CAP: 'on').
        REMINDERS_FREQUENCY_CAP: 'off',
        LOG_LEVEL: 'info',
        STRAPI_TELEMETRY_DISABLED: 'true',
        ...env,
      },
    }
  );
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const stop = async () => {
    if (child.exitCode !== null || child.pid === undefined) return restore();
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch {
      return restore();
    }
    const timer = setTimeout(() => {
      try {
        process.kill(-(child.pid as number), 'SIGKILL');
      } catch {
        /* already gone */
      }
    }, 10_000);
    await exited;
    clearTimeout(timer);
    for (const suffix of ['', '-wal', '-shm', '-journal'])
      fs.rmSync(path.join(APP_DIR, '.tmp', 'e2e', `${name}.db${suffix}`), { force: true });
    restore();
  };

  // develop compiles the app's TypeScript first; its admin is Vite's, mounted once the server listens.
  const seconds = develop ? 240 : 120;
  const deadline = Date.now() + seconds * 1000;
  for (;;) {
    if (child.exitCode !== null) {
      restore();
      throw new Error(
        `strapi exited with ${child.exitCode}; see ${logFile}:\n${fs.readFileSync(logFile, 'utf8').slice(-2000)}`
      );
    }
    try {
      const response = await fetch(`${url}/_health`);
      if (response.status === 204 || response.ok) {
        if (!develop) break;
        const admin = await fetch(`${url}/admin`);
        if (admin.ok && (await admin.text()).includes('/@vite/client')) break;
      }
    } catch {
      /* not listening yet */
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`Strapi did not answer within ${seconds} s; see ${logFile}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return { url, port, logFile, stop };
}

export interface Browser {
  context: BrowserContext;
  close(): Promise<void>;
}

/** Debian's Chromium through playwright-core, headless, with a fresh profile, in the browser zone `timezoneId`. */
export async function launchBrowser(locale = 'en-GB', timezoneId = 'Africa/Nairobi'): Promise<Browser> {
  if (!fs.existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium`);
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'reminders-e2e-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    locale,
    timezoneId,
    viewport: { width: 1440, height: 1000 },
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  return {
    context,
    async close() {
      await context.close();
      fs.rmSync(profile, { recursive: true, force: true });
    },
  };
}

/**
 * A screenshot of the whole page saved as a test artefact. The admin scrolls inside its own containers, so
 * the viewport is stretched to the tallest one for the picture, then put back.
 */
export async function screenshot(page: Page, name: string) {
  const file = path.join(ARTIFACTS, `${name}.png`);
  const viewport = page.viewportSize() ?? { width: 1440, height: 1000 };
  const height = await page.evaluate(() =>
    Math.max(
      document.documentElement.scrollHeight,
      ...[...document.querySelectorAll('*')].map((element) =>
        element.scrollHeight > element.clientHeight + 1 && getComputedStyle(element).overflowY !== 'visible'
          ? element.scrollHeight + element.getBoundingClientRect().top
          : 0
      )
    )
  );
  await page.setViewportSize({
    width: viewport.width,
    height: Math.min(Math.max(viewport.height, Math.ceil(height) + 40), 6000),
  });
  await page.waitForTimeout(300);
  await page.screenshot({ path: file });
  await page.setViewportSize(viewport);
  return file;
}

/** Strapi's own "new Media Library" announcement, out of the screenshots' way (best effort: it may not show). */
/** Strapi's guided tour of the Content Manager, out of the way of clicks and screenshots (it may not show). */
export async function skipGuidedTour(page: Page) {
  await page
    .getByRole('button', { name: 'Skip' })
    .click({ timeout: 5_000 })
    .catch(() => undefined);
}

export async function dismissAnnouncement(page: Page) {
  await page
    .getByText('Introducing the new Media Library')
    .locator('xpath=ancestor::*[.//button][1]')
    .getByRole('button')
    .last()
    .click({ timeout: 3_000 })
    .catch(() => undefined);
}

/** The admin API with a token, for what the test sets up outside the pages (roles, users, records). */
export function adminApi(url: string, token: string) {
  const call = async (method: string, pathname: string, body?: unknown) => {
    const response = await fetch(`${url}${pathname}`, {
      method,
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : null };
  };
  return {
    get: (pathname: string) => call('GET', pathname),
    post: (pathname: string, body?: unknown) => call('POST', pathname, body),
    put: (pathname: string, body?: unknown) => call('PUT', pathname, body),
    del: (pathname: string) => call('DELETE', pathname),
  };
}

export async function login(url: string, email: string, password: string): Promise<string> {
  const response = await fetch(`${url}/admin/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  const body = (await response.json()) as { data?: { token: string } };
  if (!body.data?.token) throw new Error(`login failed for ${email}: ${response.status} ${JSON.stringify(body)}`);
  return body.data.token;
}

/** The first administrator of a fresh app, registered through the admin's own form. */
export const FIRST_ADMIN = {
  firstname: 'Ada',
  lastname: 'Admin',
  email: 'ada@example.com',
  password: 'E2e-Password-1',
};

/** Registers FIRST_ADMIN on the register page, waits for the admin home and dismisses its announcement; resolves with an admin API token. */
export async function registerFirstAdmin(page: Page, url: string): Promise<string> {
  await page.goto(`${url}/admin/auth/register-admin`);
  await page.fill('input[name=firstname]', FIRST_ADMIN.firstname);
  await page.fill('input[name=lastname]', FIRST_ADMIN.lastname);
  await page.fill('input[name=email]', FIRST_ADMIN.email);
  await page.fill('input[name=password]', FIRST_ADMIN.password);
  await page.fill('input[name=confirmPassword]', FIRST_ADMIN.password);
  await page.getByRole('button', { name: "Let's start" }).click();
  await page.waitForURL((next) => !next.pathname.includes('/auth/'), { timeout: 60_000 });
  await page.getByRole('link', { name: 'SMS Reminders' }).waitFor();
  const token = await login(url, FIRST_ADMIN.email, FIRST_ADMIN.password);
  await dismissAnnouncement(page);
  return token;
}

export interface AdminSession {
  app: RunningApp;
  browser: Browser;
  page: Page;
  /** An admin API token of FIRST_ADMIN. */
  token: string;
  close(): Promise<void>;
}

/**
 * A suite's start: the app (`env` and `start` as startApp takes them), Chromium (`locale`, browser zone `timezoneId`)
 * with one page, the first administrator registered and logged in there. `onPage` runs on the page before
 * anything loads (console listeners).
 */
export async function openAdmin(
  options: {
    env?: Record<string, string>;
    start?: StartOptions;
    locale?: string;
    timezoneId?: string;
    onPage?: (page: Page) => void;
  } = {}
): Promise<AdminSession> {
  const app = await startApp(options.env, options.start);
  const browser = await launchBrowser(options.locale, options.timezoneId);
  const page = await browser.context.newPage();
  page.setDefaultTimeout(30_000);
  options.onPage?.(page);
  const token = await registerFirstAdmin(page, app.url);
  return {
    app,
    browser,
    page,
    token,
    async close() {
      await browser.close();
      await app.stop();
    },
  };
}

/** Picks an option of a design-system select by the select's label. */
export async function choose(page: Page, label: string, option: string | RegExp) {
  await page.getByRole('combobox', { name: label, exact: true }).first().click();
  await page.getByRole('option', { name: option }).first().click();
}

/** Opens the rule editor on a new rule and gives it its name, target and anchor (each by its words). */
export async function newRule(
  page: Page,
  url: string,
  rule: { name: string; target: string; anchor: string | RegExp }
) {
  await page.goto(`${url}/admin/plugins/reminders/rules/new`);
  await page.getByRole('textbox', { name: 'Name', exact: true }).fill(rule.name);
  await choose(page, 'Target', rule.target);
  await choose(page, 'Anchor', rule.anchor);
}

/** Saves the rule in the editor; resolves with its documentId once the editor shows the saved rule. */
export async function saveRule(page: Page): Promise<string> {
  await page.getByRole('button', { name: 'Save' }).click();
  await page.waitForURL(/\/rules\/[a-z0-9]{10,}$/);
  return page.url().split('/').pop() as string;
}

/** The messages the fake Africa's Talking server was asked to send to `phone`, in order. */
export const messagesTo = (fake: FakeAfricasTalking, phone: string) =>
  fake.requests.filter((request) => request.fields.to === phone).map((request) => request.fields.message);
