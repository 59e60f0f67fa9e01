import type { ChildProcess } from 'child_process';
import crypto from 'crypto';
import fs from 'fs';
import os from 'os';
import path from 'path';
import { type Browser, freePort } from '../e2e/harness';
import { type FakeAfricasTalking, startFakeAfricasTalking } from '../fake-africastalking';
import { withFooter } from '../helpers/footer';
import {
  arabicAdmin,
  englishAdmin,
  logIn,
  mapTargetOnSettingsPage,
  openBrowser,
  readTranslations,
  recordPanel,
} from './browser';
import { STRAPI_VERSION, appendEnv, generateSecrets, writeHostApp, writePluginsConfig } from './host-app';
import {
  ARTIFACTS,
  PLUGIN_DIR,
  StepFailure,
  check,
  childEnv,
  describe,
  fail,
  http,
  killAllChildrenNow,
  output,
  run,
  seconds,
  startDetached,
  stopAllChildren,
  stopChild,
  tail,
  waitFor,
} from './lib';

/**
 * `npm run test:install`: the plugin installed from its npm tarball into a brand-new Strapi 5.54 app, the way a
 * Strapi developer would (pack → generate app → npm install → enable → build → start → admin in English and
 * Arabic → the host's own booking type mapped as a reminder target on the Settings page → a rule on invoices and
 * one on bookings, an invoice and a booking, a tick → the SMS at a fake Africa's Talking → the booking's reminder
 * on its Content Manager page).
 *
 * Env: INSTALL_TEST_SKIP_BUILD=1 packs what plugins/reminders/dist already holds; INSTALL_TEST_TARBALL=<file.tgz>
 * checks and installs that tarball instead of packing (a release candidate); INSTALL_TEST_DIR puts the host app
 * there instead of a temp dir; INSTALL_TEST_KEEP=1 keeps the host app after a pass; CHROMIUM_PATH.
 */

const PACKAGE = 'strapi-plugin-sms-reminders';
const PHONE = '+254711000111';
const TIME_ZONE = 'Africa/Nairobi';
const TEMPLATE =
  'Hi {{ customer.name }}, invoice {{ invoice.number }} of {{ invoice.balance | money }} is due {{ invoice.dueDate | relative }}.';
const NPM_FLAGS = ['--no-audit', '--no-fund', '--prefer-offline', '--no-update-notifier'];

/** The host's own booking type (host-app.ts) as a reminder target, and its rule. */
const BOOKING_UID = 'api::booking.booking';
const BOOKING_MAPPING = {
  uid: BOOKING_UID,
  phone: 'phone',
  name: 'customerName',
  label: 'reference',
  anchors: ['date'],
  statuses: ['bookingStatus'],
};
const BOOKING_RULE = 'Install test: 1 day before the booking at 09:00';
const BOOKING_TEMPLATE = 'Hi {{ customer.name }}, your booking {{ record.reference }} is on {{ record.date | date }}.';
const BOOKING_CUSTOMER = 'Baraka Otieno';
/** As people write a Kenyan number: the plugin sends to it in E.164 (the host config's defaultRegion is KE). */
const BOOKING_PHONE_WRITTEN = '0712 345 678';
const BOOKING_PHONE = '+254712345678';
const logs = {
  pack: path.join(ARTIFACTS, 'pack.log'),
  install: path.join(ARTIFACTS, 'npm-install.log'),
  build: path.join(ARTIFACTS, 'host-build.log'),
  strapi: path.join(ARTIFACTS, 'host-strapi.log'),
};

interface Timing {
  name: string;
  ms: number;
  ok: boolean;
}

const timings: Timing[] = [];
let failedStep: string | undefined;

/** Runs one numbered step: announces it, times it, and names it when it fails. */
async function step<T>(name: string, body: () => Promise<T>): Promise<T> {
  const number = timings.length + 1;
  console.log(`\n== step ${number}: ${name}`);
  const started = Date.now();
  try {
    const result = await body();
    timings.push({ name, ms: Date.now() - started, ok: true });
    console.log(`   ok (${seconds(Date.now() - started)})`);
    return result;
  } catch (error) {
    timings.push({ name, ms: Date.now() - started, ok: false });
    failedStep = name;
    throw error;
  }
}

const note = (text: string) => console.log(`   ${text}`);

/** Nairobi's calendar date and wall-clock time of an instant (Nairobi has no daylight saving: UTC+3 all year). */
function nairobi(at: Date) {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-CA', {
      timeZone: TIME_ZONE,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    })
      .formatToParts(at)
      .map((part) => [part.type, part.value])
  );
  return { date: `${parts.year}-${parts.month}-${parts.day}`, time: `${parts.hour}:${parts.minute}` };
}

/** A calendar date (YYYY-MM-DD) `days` later (earlier when negative). */
const addDays = (date: string, days: number) =>
  new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

/** A calendar date as the template filter `date` writes it in English: "Dec 3, 2026" (plain spaces, as in an SMS). */
const mediumDate = (date: string) =>
  new Intl.DateTimeFormat('en', { dateStyle: 'medium', timeZone: 'UTC' })
    .format(new Date(`${date}T00:00:00Z`))
    .replace(/[\u00A0\u202F]/g, ' ');

/** JSON with its keys sorted, to compare objects whatever the order of their keys. */
const canonical = (value: unknown): string =>
  JSON.stringify(value, (_key, inner: unknown) =>
    inner && typeof inner === 'object' && !Array.isArray(inner)
      ? Object.fromEntries(Object.entries(inner).sort(([a], [b]) => a.localeCompare(b)))
      : inner
  );

/** A 400's field errors as "path: message". */
const fieldErrors = (response: { body: any }) =>
  ((response.body?.error?.details?.errors ?? []) as { path: (string | number)[]; message: string }[]).map(
    (problem) => ({ path: problem.path.join('.'), message: problem.message })
  );

function printTimings() {
  const width = Math.max(...timings.map((timing) => timing.name.length), 4);
  console.log(`\n ${'step'.padStart(4)}  ${'name'.padEnd(width)}  ${'time'.padStart(8)}   result`);
  timings.forEach((timing, index) => {
    console.log(
      ` ${String(index + 1).padStart(4)}  ${timing.name.padEnd(width)}  ${seconds(timing.ms).padStart(8)}   ${timing.ok ? 'ok' : 'FAILED'}`
    );
  });
  console.log(
    ` ${''.padStart(4)}  ${'total'.padEnd(width)}  ${seconds(timings.reduce((sum, timing) => sum + timing.ms, 0)).padStart(8)}`
  );
}

async function main() {
  fs.rmSync(ARTIFACTS, { recursive: true, force: true });
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  const keep = process.env.INSTALL_TEST_KEEP === '1';
  const packDir = fs.mkdtempSync(path.join(os.tmpdir(), 'reminders-pack-'));
  let hostDir = '';
  let fake: FakeAfricasTalking | undefined;
  let strapi: ChildProcess | undefined;
  let browser: Browser | undefined;
  let passed = false;

  const cleanup = async () => {
    await browser?.close().catch(() => undefined);
    if (strapi) await stopChild(strapi);
    await stopAllChildren();
    await fake?.close().catch(() => undefined);
    fs.rmSync(packDir, { recursive: true, force: true });
    if (hostDir && passed && !keep) fs.rmSync(hostDir, { recursive: true, force: true });
    else if (hostDir) note(`host app kept at ${hostDir}`);
  };
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      console.error(`\n${signal}: stopping`);
      cleanup().finally(() => process.exit(130));
    });
  }
  process.once('exit', killAllChildrenNow);

  try {
    // ── 1 ────────────────────────────────────────────────────────────────────────────────────────────────
    const tarball = await step('pack', async () => {
      const manifest = JSON.parse(fs.readFileSync(path.join(PLUGIN_DIR, 'package.json'), 'utf8')) as {
        name: string;
        exports?: Record<string, unknown>;
      };
      check(manifest.name === PACKAGE, `plugins/reminders/package.json is named ${manifest.name}, not ${PACKAGE}`);
      const env = childEnv();
      const given = process.env.INSTALL_TEST_TARBALL;
      if (given) {
        note(
          `INSTALL_TEST_TARBALL: checking and installing ${given} instead of building and packing plugins/reminders`
        );
        fs.copyFileSync(path.resolve(given), path.join(packDir, path.basename(given)));
      } else {
        if (process.env.INSTALL_TEST_SKIP_BUILD === '1')
          note('INSTALL_TEST_SKIP_BUILD=1: packing the dist/ already there');
        else await run('npm', ['run', 'build'], { cwd: PLUGIN_DIR, env, logFile: logs.pack, timeoutMs: 300_000 });
        await run('npm', ['pack', '--pack-destination', packDir], {
          cwd: PLUGIN_DIR,
          env,
          logFile: logs.pack,
          timeoutMs: 120_000,
        });
      }
      const packed = fs.readdirSync(packDir).filter((file) => file.endsWith('.tgz'));
      check(packed.length === 1, `npm pack left ${packed.length} tarballs in ${packDir}`, logs.pack);
      const file = path.join(packDir, packed[0]);
      const entries = output('tar', ['-tzf', file]).split('\n').filter(Boolean);
      const sources = entries.filter((entry) => /\.tsx?$/.test(entry) && !entry.endsWith('.d.ts'));
      const tests = entries.filter((entry) => entry.includes('__tests__') || entry.includes('.test.'));
      const required = [
        'package/package.json',
        'package/README.md',
        'package/LICENSE',
        'package/dist/server/index.js',
        'package/dist/admin/index.mjs',
      ];
      const missing = required.filter((entry) => !entries.includes(entry));
      // Every file package.json's exports name must be in the tarball (`source` points at the unshipped sources, by design).
      const packedManifest = JSON.parse(output('tar', ['-xzOf', file, 'package/package.json'])) as {
        exports?: unknown;
      };
      const targets: string[] = [];
      const collect = (value: unknown, condition: string) => {
        if (typeof value === 'string') {
          if (condition !== 'source') targets.push(value);
        } else if (value && typeof value === 'object') {
          for (const [key, inner] of Object.entries(value)) collect(inner, key);
        }
      };
      collect(packedManifest.exports, '');
      const unresolved = targets.filter((target) => !entries.includes(path.posix.join('package', target)));
      const problems = [
        !packedManifest.exports && 'package.json has no exports',
        unresolved.length && `package.json exports name files the tarball lacks: ${unresolved.join(', ')}`,
        sources.length &&
          `TypeScript sources: ${sources.slice(0, 10).join(', ')}${sources.length > 10 ? ` (+${sources.length - 10})` : ''}`,
        tests.length && `tests: ${tests.slice(0, 10).join(', ')}${tests.length > 10 ? ` (+${tests.length - 10})` : ''}`,
        missing.length && `missing: ${missing.join(', ')}`,
      ].filter(Boolean);
      fs.writeFileSync(path.join(ARTIFACTS, 'tarball-files.txt'), `${entries.join('\n')}\n`);
      check(
        problems.length === 0,
        `the tarball ${packed[0]} is not fit to publish: ${problems.join('; ')} (its listing: tests/install/artifacts/tarball-files.txt)`
      );
      note(`${packed[0]}: ${entries.length} files, ${(fs.statSync(file).size / 1024).toFixed(1)} KiB`);
      return file;
    });

    // ── 2 ────────────────────────────────────────────────────────────────────────────────────────────────
    const secrets = generateSecrets();
    hostDir = await step('generate host app', async () => {
      let dir: string;
      const requested = process.env.INSTALL_TEST_DIR;
      if (requested) {
        dir = path.resolve(requested);
        const marker = path.join(dir, '.reminders-install-test');
        if (fs.existsSync(dir) && fs.readdirSync(dir).length > 0) {
          check(
            fs.existsSync(marker),
            `INSTALL_TEST_DIR ${dir} is not empty and was not made by this test: give an empty or new directory`
          );
          fs.rmSync(dir, { recursive: true, force: true });
        }
        fs.mkdirSync(dir, { recursive: true });
        fs.writeFileSync(marker, 'made by tests/install/run.ts\n');
      } else {
        dir = fs.mkdtempSync(path.join(os.tmpdir(), 'reminders-host-'));
      }
      writeHostApp(dir, secrets);
      note(`Strapi ${STRAPI_VERSION} JavaScript app at ${dir}`);
      return dir;
    });

    // ── 3 ────────────────────────────────────────────────────────────────────────────────────────────────
    await step('npm install', async () => {
      const env = childEnv();
      await run('npm', ['install', ...NPM_FLAGS], { cwd: hostDir, env, logFile: logs.install, timeoutMs: 480_000 });
      await run('npm', ['install', tarball, ...NPM_FLAGS], {
        cwd: hostDir,
        env,
        logFile: logs.install,
        timeoutMs: 300_000,
      });
      const installed = path.join(hostDir, 'node_modules', PACKAGE);
      check(fs.existsSync(installed), `node_modules/${PACKAGE} is missing after npm install`, logs.install);
      const stat = fs.lstatSync(installed);
      check(
        !stat.isSymbolicLink() && stat.isDirectory(),
        `node_modules/${PACKAGE} is a ${stat.isSymbolicLink() ? 'symlink' : 'file'}, not a directory installed from the tarball`,
        logs.install
      );
      check(
        fs.existsSync(path.join(installed, 'dist', 'server', 'index.js')),
        `node_modules/${PACKAGE}/dist/server/index.js is missing`,
        logs.install
      );
      const host = JSON.parse(fs.readFileSync(path.join(hostDir, 'package.json'), 'utf8')) as {
        dependencies: Record<string, string>;
      };
      note(`dependency added: "${PACKAGE}": "${host.dependencies[PACKAGE]}"`);
      const version = JSON.parse(
        fs.readFileSync(path.join(hostDir, 'node_modules', '@strapi', 'strapi', 'package.json'), 'utf8')
      ).version as string;
      check(version === STRAPI_VERSION, `@strapi/strapi ${version} installed, not ${STRAPI_VERSION}`, logs.install);
    });

    // ── 4 ────────────────────────────────────────────────────────────────────────────────────────────────
    const atKey = `atsk_${crypto.randomBytes(24).toString('hex')}`;
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    await step('enable the plugin', async () => {
      fake = await startFakeAfricasTalking({ username: 'sandbox', apiKey: atKey });
      writePluginsConfig(hostDir, { apiBaseUrl: fake.baseUrl, publicUrl: url });
      appendEnv(hostDir, { AT_API_KEY: atKey });
      note(
        `config/plugins.js: reminders enabled, provider africastalking (username sandbox), fake Africa's Talking at ${fake.baseUrl}, publicUrl ${url}, scheduler off`
      );
    });
    const strapiEnv = childEnv({
      ...secrets,
      AT_API_KEY: atKey,
      NODE_ENV: 'production',
      HOST: '127.0.0.1',
      PORT: String(port),
      STRAPI_TELEMETRY_DISABLED: 'true',
      BROWSER: 'none',
    });

    // ── 5 ────────────────────────────────────────────────────────────────────────────────────────────────
    await step('strapi build', async () => {
      await run('npx', ['strapi', 'build'], { cwd: hostDir, env: strapiEnv, logFile: logs.build, timeoutMs: 420_000 });
    });

    // ── 6 ────────────────────────────────────────────────────────────────────────────────────────────────
    await step('strapi start', async () => {
      strapi = startDetached(path.join(hostDir, 'node_modules', '.bin', 'strapi'), ['start'], {
        cwd: hostDir,
        env: strapiEnv,
        logFile: logs.strapi,
      });
      const child = strapi;
      await waitFor(
        'GET /_health answering 204',
        180_000,
        async () => {
          if (child.exitCode !== null || child.signalCode !== null)
            fail(`strapi start exited with ${child.exitCode ?? child.signalCode}`, logs.strapi);
          const response = await fetch(`${url}/_health`).catch(() => undefined);
          return response?.status === 204 ? true : undefined;
        },
        500,
        logs.strapi
      );
      // Strapi's log lines read "[time] error: …", the level coloured (ANSI codes stripped here).
      const errors = fs
        .readFileSync(logs.strapi, 'utf8')
        // eslint-disable-next-line no-control-regex -- ANSI colour codes start with ESC
        .replace(/\x1b\[[0-9;]*m/g, '')
        .split('\n')
        .filter((line) => /^\[[^\]]+\]\s+(error|fatal):/i.test(line));
      check(errors.length === 0, `Strapi logged ${errors.length} error(s) while starting: ${errors[0]}`, logs.strapi);
      note(`listening at ${url}`);
    });

    // ── 7 ────────────────────────────────────────────────────────────────────────────────────────────────
    const admin = {
      firstname: 'Imani',
      lastname: 'Installer',
      email: `installer-${crypto.randomBytes(3).toString('hex')}@example.com`,
      password: `Install-${crypto.randomBytes(6).toString('hex')}-9Z`,
    };
    const adminToken = await step('register the first admin', async () => {
      const registered = await http('POST', `${url}/admin/register-admin`, { body: admin });
      check(
        registered.status === 200 || registered.status === 201,
        `POST /admin/register-admin: ${describe(registered)}`,
        logs.strapi
      );
      let token = registered.body?.data?.token as string | undefined;
      if (!token) {
        const login = await http('POST', `${url}/admin/login`, {
          body: { email: admin.email, password: admin.password },
        });
        check(login.status === 200, `POST /admin/login: ${describe(login)}`, logs.strapi);
        token = login.body.data.token as string;
      }
      const me = await http('GET', `${url}/admin/users/me`, { token });
      check(me.status === 200, `GET /admin/users/me: ${describe(me)}`, logs.strapi);
      note(`super admin ${admin.email} registered, JWT obtained`);
      return token;
    });

    // ── 8 ────────────────────────────────────────────────────────────────────────────────────────────────
    const messages = readTranslations(PLUGIN_DIR);
    const page = await step('browser, English', async () => {
      browser = await openBrowser();
      const tab = await browser.context.newPage();
      tab.setDefaultTimeout(30_000);
      try {
        const seen = await englishAdmin(tab, url, admin, messages);
        note(
          `main menu link "${messages.en['plugin.name']}"; plugin home page shows "${seen.shown}" (reminders.${seen.key})`
        );
      } catch (error) {
        await tab.screenshot({ path: path.join(ARTIFACTS, 'failed-en.png') }).catch(() => undefined);
        throw error instanceof StepFailure
          ? error
          : new StepFailure(
              `${(error as Error).message.split('\n')[0]} (screenshot: tests/install/artifacts/failed-en.png)`,
              logs.strapi
            );
      }
      return tab;
    });

    // ── 9 ────────────────────────────────────────────────────────────────────────────────────────────────
    await step('browser, Arabic', async () => {
      try {
        const seen = await arabicAdmin(page, url, adminToken, admin.email, messages);
        note(
          `switched through ${seen.how}; menu link "${seen.menu}"; plugin home page shows "${seen.shown}" (reminders.${seen.key}), not its English`
        );
        const { html, plugin, attribute } = seen.direction;
        note(`direction: <html dir="${html}">; the plugin's text computes to ${plugin}, inside dir="${attribute}"`);
        check(
          plugin === 'rtl' && attribute === 'rtl',
          `the plugin's page is not right to left in Arabic: its text computes to ${plugin} inside dir="${attribute}" (see 04-ar-plugin.png)`
        );
        if (html !== 'rtl') {
          // Strapi 5.54's admin sets <html lang> when the language changes, never <html dir> (@strapi/admin's
          // reducer setLocale and App), so the plugin sets the direction of its own page, checked above.
          note(`NOTE: document.documentElement.dir is ${JSON.stringify(html)}: Strapi's own shell stays left to right`);
        }
      } catch (error) {
        await page.screenshot({ path: path.join(ARTIFACTS, 'failed-ar.png') }).catch(() => undefined);
        throw error instanceof StepFailure
          ? error
          : new StepFailure(
              `${(error as Error).message.split('\n')[0]} (screenshot: tests/install/artifacts/failed-ar.png)`,
              logs.strapi
            );
      }
      await browser?.close();
      browser = undefined;
    });

    // ── 10 ───────────────────────────────────────────────────────────────────────────────────────────────
    // The host's own booking type as a reminder target: a mapping that cannot work is refused naming the field,
    // then an admin maps the type on the plugin's Settings page, as the README tells.
    const tab = await step('booking type mapped on the Settings page', async () => {
      // Step 9 left the admin's profile in Arabic: back to English for the pages below.
      const language = await http('PUT', `${url}/admin/users/me`, {
        token: adminToken,
        body: { preferedLanguage: 'en' },
      });
      check(language.status === 200, `PUT /admin/users/me {preferedLanguage: 'en'}: ${describe(language)}`);

      const refused = await http('PUT', `${url}/reminders/settings/targets/booking`, {
        token: adminToken,
        body: { ...BOOKING_MAPPING, anchors: ['reference'] },
      });
      const problems = fieldErrors(refused);
      const anchorProblem = problems.find((problem) => problem.path === 'anchors[0]');
      check(
        refused.status === 400 && anchorProblem && /"reference"/.test(anchorProblem.message),
        `PUT /reminders/settings/targets/booking with anchors ["reference"] (a text field) is not a 400 naming anchors[0]: ${describe(refused)}`,
        logs.strapi
      );
      note(`anchors ["reference"] refused: 400, anchors[0]: ${anchorProblem.message}`);
      const before = await http('GET', `${url}/reminders/settings/targets`, { token: adminToken });
      check(before.status === 200, `GET /reminders/settings/targets: ${describe(before)}`, logs.strapi);
      const listedBefore = before.body.data as {
        targets: { key: string }[];
        contentTypes: { uid: string; displayName: string; fields: Record<string, string[]> }[];
      };
      check(
        !listedBefore.targets.some((target) => target.key === 'booking'),
        `the refused mapping was saved: GET /reminders/settings/targets lists "booking": ${JSON.stringify(listedBefore.targets)}`
      );
      const type = listedBefore.contentTypes.find((candidate) => candidate.uid === BOOKING_UID);
      check(
        type,
        `GET /reminders/settings/targets does not offer ${BOOKING_UID}: ${JSON.stringify(listedBefore.contentTypes).slice(0, 600)}`
      );
      check(
        canonical(type.fields.anchors) === canonical(['date', 'startsAt']),
        `${BOOKING_UID}'s fields to count from are ${JSON.stringify(type.fields.anchors)}, not its date and date-time fields ["date","startsAt"]`
      );

      browser = await openBrowser();
      const opened = await browser.context.newPage();
      opened.setDefaultTimeout(30_000);
      try {
        await logIn(opened, url, admin);
        const seen = await mapTargetOnSettingsPage(opened, url, messages, {
          key: 'booking',
          uid: BOOKING_UID,
          displayName: type.displayName,
          phone: BOOKING_MAPPING.phone,
          name: BOOKING_MAPPING.name,
          label: BOOKING_MAPPING.label,
          anchors: BOOKING_MAPPING.anchors,
          statuses: BOOKING_MAPPING.statuses,
        });
        check(
          canonical(seen.offeredAnchors) === canonical(type.fields.anchors),
          `the form offers ${JSON.stringify(seen.offeredAnchors)} to count from, not ${JSON.stringify(type.fields.anchors)}`
        );
        note(`the form offered ${seen.offeredAnchors.join(', ')} to count from (not reference, a text field)`);
        note(`saved without a date to count from: the form shows "${seen.refusal}" (05-target-form-refused.png)`);
        note(`listed: "${seen.card.slice(0, 200)}" (06-settings-targets.png)`);
      } catch (error) {
        await opened.screenshot({ path: path.join(ARTIFACTS, 'failed-settings.png') }).catch(() => undefined);
        throw error instanceof StepFailure
          ? error
          : new StepFailure(
              `${(error as Error).message.split('\n')[0]} (screenshot: tests/install/artifacts/failed-settings.png)`,
              logs.strapi
            );
      }

      const after = await http('GET', `${url}/reminders/settings/targets`, { token: adminToken });
      check(after.status === 200, `GET /reminders/settings/targets: ${describe(after)}`, logs.strapi);
      const mapped = (
        after.body.data.targets as { key: string; source: string; mapping: unknown; problems: string[] }[]
      ).find((target) => target.key === 'booking');
      check(mapped, `GET /reminders/settings/targets does not list "booking" after the form saved it`);
      check(
        mapped.source === 'settings' && mapped.problems.length === 0,
        `the booking target is ${mapped.source} with problems ${JSON.stringify(mapped.problems)}, not settings with none`
      );
      check(
        canonical(mapped.mapping) === canonical(BOOKING_MAPPING),
        `the form saved the mapping ${JSON.stringify(mapped.mapping)}, not ${JSON.stringify(BOOKING_MAPPING)}`
      );
      note(`GET /reminders/settings/targets: booking (settings) ${JSON.stringify(mapped.mapping)}`);
      return opened;
    });

    // ── 11 ───────────────────────────────────────────────────────────────────────────────────────────────
    // Due now: the rule sends "on the due date" at a Nairobi time five minutes ago, and the invoice is due today.
    const sendAt = nairobi(new Date(Date.now() - 5 * 60_000));
    const rule = await step('rule through the admin API', async () => {
      const body = {
        name: 'Install test: unpaid invoices on the due date',
        target: 'invoice',
        anchor: 'due_date',
        steps: [{ amount: 0, unit: 'days', direction: 'before' }],
        sendAt: sendAt.time,
        timezone: TIME_ZONE,
        conditions: [{ field: 'paymentStatus', operator: 'in', value: ['unpaid'] }],
        templates: { en: TEMPLATE },
      };
      const created = await http('POST', `${url}/reminders/rules`, { token: adminToken, body });
      check(created.status === 201, `POST /reminders/rules: ${describe(created)}`, logs.strapi);
      note(`rule ${created.body.data.documentId}: on the due date at ${sendAt.time} ${TIME_ZONE}`);
      return created.body.data as { documentId: string };
    });

    // ── 12 ───────────────────────────────────────────────────────────────────────────────────────────────
    // A date anchor: 1 day before the booking's date at 09:00 in the plugin's default time zone (Nairobi, from
    // the host's config/plugins.js; the rule names none and the type has no time zone field).
    const bookingRule = await step('booking rule through the admin API', async () => {
      const body = {
        name: BOOKING_RULE,
        target: 'booking',
        anchor: 'date',
        steps: [{ amount: 1, unit: 'days', direction: 'before' }],
        sendAt: '09:00',
        conditions: [{ field: 'bookingStatus', operator: 'in', value: ['confirmed'] }],
        templates: { en: BOOKING_TEMPLATE },
        defaultLanguage: 'en',
        // The booking below is dated so that its 09:00 is the latest one past (the clock of a started Strapi
        // cannot be moved from outside): up to 24 hours late, a little more if the minute turns in between.
        maxLatenessMinutes: 1500,
      };
      const created = await http('POST', `${url}/reminders/rules`, { token: adminToken, body });
      check(created.status === 201, `POST /reminders/rules (booking): ${describe(created)}`, logs.strapi);
      const rule = created.body.data as { documentId: string; target: string; anchor: string; sendAt: string };
      check(
        rule.target === 'booking' && rule.anchor === 'date' && rule.sendAt === '09:00',
        `the booking rule is stored as target ${rule.target}, anchor ${rule.anchor}, sendAt ${rule.sendAt}`
      );
      note(`rule ${rule.documentId}: 1 day before the booking's date at 09:00 ${TIME_ZONE}, confirmed bookings only`);
      return rule;
    });

    // ── 13 ───────────────────────────────────────────────────────────────────────────────────────────────
    const { invoice, booking } = await step('invoice and booking through the REST API', async () => {
      const issued = await http('POST', `${url}/admin/api-tokens`, {
        token: adminToken,
        body: {
          name: 'install test',
          description: 'full access for the install test',
          type: 'full-access',
          lifespan: null,
        },
      });
      check(issued.status === 201 || issued.status === 200, `POST /admin/api-tokens: ${describe(issued)}`, logs.strapi);
      const apiToken = issued.body.data.accessKey as string;
      check(
        typeof apiToken === 'string' && apiToken.length > 0,
        'POST /admin/api-tokens answered without an accessKey'
      );

      // The host's own content type works next to the plugin's, and a booking is a reminder target now. Dated
      // so that "1 day before at 09:00 Nairobi" is the latest 09:00 past: tomorrow's booking after 09:00
      // Nairobi, today's before (due within the rule's maximum lateness, sent by the next tick).
      const local = nairobi(new Date());
      const date = local.time >= '09:00' ? addDays(local.date, 1) : local.date;
      const bookingData = {
        title: 'Install check',
        reference: `BK-INST-${crypto.randomBytes(3).toString('hex').toUpperCase()}`,
        customerName: BOOKING_CUSTOMER,
        phone: BOOKING_PHONE_WRITTEN,
        date,
        // 10:00 in Nairobi on that day.
        startsAt: `${date}T07:00:00.000Z`,
        guests: 2,
        bookingStatus: 'confirmed',
      };
      const booked = await http('POST', `${url}/api/bookings`, { token: apiToken, body: { data: bookingData } });
      check(
        booked.status === 201 || booked.status === 200,
        `POST /api/bookings (the host's own content type): ${describe(booked)}`,
        logs.strapi
      );
      const booking = booked.body.data as { documentId: string; reference: string; phone: string; date: string };
      check(
        booking.phone === BOOKING_PHONE_WRITTEN && booking.date === date,
        `the booking is stored with phone ${JSON.stringify(booking.phone)} and date ${booking.date}, not as given (${JSON.stringify(BOOKING_PHONE_WRITTEN)}, ${date})`
      );

      const data = {
        number: `INV-INST-${crypto.randomBytes(3).toString('hex').toUpperCase()}`,
        customerName: 'Amina Wanjiru',
        phone: PHONE,
        currency: 'KES',
        total: '1250',
        issueDate: sendAt.date,
        dueDate: sendAt.date,
        paymentStatus: 'unpaid',
        invoiceStatus: 'sent',
        language: 'en',
      };
      // Bad input is a 400 naming the field, so the plugin's errors are the host's @strapi/utils errors (a second
      // copy of that package would turn them into 500s), and nothing is saved: the same number is created next.
      const refused = await http('POST', `${url}/api/reminders/invoices`, {
        token: apiToken,
        body: { data: { ...data, phone: '12' } },
      });
      const paths = ((refused.body?.error?.details?.errors ?? []) as { path: string[] }[]).map((problem) =>
        problem.path.join('.')
      );
      check(
        refused.status === 400 && paths.includes('phone'),
        `POST /api/reminders/invoices with phone "12" is not a 400 naming phone: ${describe(refused)}`,
        logs.strapi
      );
      const created = await http('POST', `${url}/api/reminders/invoices`, { token: apiToken, body: { data } });
      check(
        created.status === 201 || created.status === 200,
        `POST /api/reminders/invoices: ${describe(created)}`,
        logs.strapi
      );
      const stored = created.body.data as { documentId: string; number: string; phone: string; balance: unknown };
      check(stored.phone === PHONE, `the invoice's phone is stored as ${stored.phone}, not ${PHONE}`);
      note(`invoice ${stored.number} (${stored.documentId}): KES 1250 due ${data.dueDate}, ${PHONE}, unpaid`);
      note(
        `booking ${booking.reference} (${booking.documentId}) in ${BOOKING_UID}: ${date}, "${BOOKING_PHONE_WRITTEN}", confirmed (now ${local.date} ${local.time} in ${TIME_ZONE})`
      );
      return { invoice: stored, booking };
    });

    // ── 14 ───────────────────────────────────────────────────────────────────────────────────────────────
    await step('tick', async () => {
      const ticked = await http('POST', `${url}/reminders/scheduler/tick`, { token: adminToken });
      check(ticked.status === 200, `POST /reminders/scheduler/tick: ${describe(ticked)}`, logs.strapi);
      note(`tick: ${JSON.stringify(ticked.body.data)}`);
    });

    // ── 15 ───────────────────────────────────────────────────────────────────────────────────────────────
    await step("SMS at the fake Africa's Talking", async () => {
      const at = fake as FakeAfricasTalking;
      const toPhone = () => at.requests.filter((request) => request.fields.to === PHONE);
      await waitFor(
        `a request to ${PHONE} at the fake Africa's Talking (it got ${at.requests.length} in all)`,
        30_000,
        () => (toPhone().length ? true : undefined),
        250,
        logs.strapi
      );
      // A second tick must not send it again.
      const again = await http('POST', `${url}/reminders/scheduler/tick`, { token: adminToken });
      check(again.status === 200, `the second POST /reminders/scheduler/tick: ${describe(again)}`, logs.strapi);
      const sent = toPhone();
      check(
        sent.length === 1,
        `${sent.length} requests to ${PHONE} at the fake Africa's Talking, not exactly one`,
        logs.strapi
      );
      const [request] = sent;
      check(
        request.apiKey === atKey,
        "the apiKey header sent to Africa's Talking is not the configured key",
        logs.strapi
      );
      check(
        request.fields.username === 'sandbox',
        `username ${JSON.stringify(request.fields.username)} sent to Africa's Talking, not "sandbox"`,
        logs.strapi
      );
      const message = request.fields.message ?? '';
      check(
        message.includes(invoice.number),
        `the SMS does not name invoice ${invoice.number}: ${JSON.stringify(message)}`
      );
      check(
        /KES\s?1,250\.00/.test(message),
        `the SMS does not give the amount KES 1,250.00: ${JSON.stringify(message)}`
      );
      note(`SMS to ${request.fields.to}: "${message}" (username sandbox, apiKey header = the configured key)`);

      const deliveries = await http('GET', `${url}/reminders/deliveries?phone=${encodeURIComponent(PHONE)}`, {
        token: adminToken,
      });
      check(deliveries.status === 200, `GET /reminders/deliveries: ${describe(deliveries)}`, logs.strapi);
      const rows = deliveries.body.data as {
        documentId: string;
        status: string;
        ruleDocumentId: string | null;
        targetDocumentId: string | null;
      }[];
      const ours = rows.filter(
        (row) => row.ruleDocumentId === rule.documentId && row.targetDocumentId === invoice.documentId
      );
      check(
        ours.length === 1,
        `${ours.length} deliveries of the rule for the invoice in GET /reminders/deliveries, not one: ${JSON.stringify(rows).slice(0, 600)}`
      );
      check(
        ['accepted', 'delivered'].includes(ours[0].status),
        `the delivery ${ours[0].documentId} is ${ours[0].status}, not sent (accepted)`
      );
      note(`delivery ${ours[0].documentId}: ${ours[0].status}`);
    });

    // ── 16 ───────────────────────────────────────────────────────────────────────────────────────────────
    // The booking's reminder: due at 09:00 Nairobi (06:00Z) the day before its date, to the number in E.164,
    // rendered, once.
    const dueAt = `${addDays(booking.date, -1)}T06:00:00.000Z`;
    // A rule's SMS to a customer ends with the opt-out footer (on by default).
    const bookingMessage = withFooter(
      `Hi ${BOOKING_CUSTOMER}, your booking ${booking.reference} is on ${mediumDate(booking.date)}.`
    );
    const bookingDelivery = await step("booking's SMS at the fake Africa's Talking", async () => {
      const at = fake as FakeAfricasTalking;
      const toPhone = () => at.requests.filter((request) => request.fields.to === BOOKING_PHONE);
      await waitFor(
        `a request to ${BOOKING_PHONE} at the fake Africa's Talking (it got ${at.requests.length} in all: ${at.requests.map((request) => request.fields.to).join(', ')})`,
        30_000,
        () => (toPhone().length ? true : undefined),
        250,
        logs.strapi
      );
      const again = await http('POST', `${url}/reminders/scheduler/tick`, { token: adminToken });
      check(again.status === 200, `the third POST /reminders/scheduler/tick: ${describe(again)}`, logs.strapi);
      const sent = toPhone();
      check(
        sent.length === 1,
        `${sent.length} requests to ${BOOKING_PHONE} at the fake Africa's Talking, not exactly one`,
        logs.strapi
      );
      const [request] = sent;
      check(request.apiKey === atKey, "the booking's SMS did not carry the configured apiKey header", logs.strapi);
      const message = request.fields.message ?? '';
      check(
        message === bookingMessage,
        `the booking's SMS reads ${JSON.stringify(message)}, not ${JSON.stringify(bookingMessage)}`
      );
      note(`SMS to ${request.fields.to} (written "${BOOKING_PHONE_WRITTEN}"): "${message}"; one, after another tick`);

      const log = await http(
        'GET',
        `${url}/reminders/deliveries?target=booking&record=${encodeURIComponent(booking.documentId)}`,
        { token: adminToken }
      );
      check(log.status === 200, `GET /reminders/deliveries?target=booking&record=…: ${describe(log)}`, logs.strapi);
      const rows = log.body.data as {
        documentId: string;
        status: string;
        notBefore: string | null;
        scheduledFor: string | null;
        phone: string;
        ruleDocumentId: string | null;
        targetType: string;
        targetDocumentId: string | null;
        record: { label: string; customerName: string | null } | null;
      }[];
      check(
        rows.length === 1,
        `${rows.length} deliveries for the booking in GET /reminders/deliveries, not one: ${JSON.stringify(rows).slice(0, 600)}`
      );
      const [row] = rows;
      const wrong = [
        row.ruleDocumentId !== bookingRule.documentId && `rule ${row.ruleDocumentId}, not ${bookingRule.documentId}`,
        (row.targetType !== 'booking' || row.targetDocumentId !== booking.documentId) &&
          `record ${row.targetType} ${row.targetDocumentId}, not booking ${booking.documentId}`,
        !['accepted', 'delivered'].includes(row.status) && `status ${row.status}, not sent (accepted)`,
        row.phone !== BOOKING_PHONE && `phone ${row.phone}, not ${BOOKING_PHONE}`,
        row.scheduledFor !== dueAt && `scheduledFor ${row.scheduledFor}, not ${dueAt}`,
        row.notBefore !== dueAt && `notBefore ${row.notBefore}, not ${dueAt}`,
        (row.record?.label !== booking.reference || row.record?.customerName !== BOOKING_CUSTOMER) &&
          `record shown as ${JSON.stringify(row.record)}, not ${booking.reference} of ${BOOKING_CUSTOMER}`,
      ].filter(Boolean);
      check(wrong.length === 0, `the booking's delivery ${row.documentId}: ${wrong.join('; ')}`);
      note(
        `delivery ${row.documentId}: ${row.status}, scheduledFor = notBefore = ${dueAt} (09:00 ${TIME_ZONE} on ${addDays(booking.date, -1)})`
      );

      const panel = await http(
        'GET',
        `${url}/reminders/records/booking/${encodeURIComponent(booking.documentId)}/reminders`,
        { token: adminToken }
      );
      check(panel.status === 200, `GET /reminders/records/booking/…/reminders: ${describe(panel)}`, logs.strapi);
      const overview = panel.body.data as {
        rules: { documentId: string }[];
        deliveries: { documentId: string }[];
        planned: unknown[];
        notApplying: unknown[];
      };
      check(
        canonical(overview.deliveries.map((delivery) => delivery.documentId)) === canonical([row.documentId]) &&
          overview.planned.length === 0 &&
          overview.notApplying.length === 0 &&
          overview.rules.some((rule) => rule.documentId === bookingRule.documentId),
        `GET /reminders/records/booking/…/reminders is not the sent reminder alone, nothing planned: ${JSON.stringify(overview).slice(0, 600)}`
      );
      note('GET /reminders/records/booking/…/reminders: that delivery, nothing else planned');
      return row;
    });

    // ── 17 ───────────────────────────────────────────────────────────────────────────────────────────────
    await step("booking's reminder on its Content Manager page", async () => {
      try {
        const seen = await recordPanel(
          tab,
          url,
          messages,
          { uid: BOOKING_UID, documentId: booking.documentId, reference: booking.reference },
          { notBefore: dueAt, status: bookingDelivery.status, ruleName: BOOKING_RULE }
        );
        note(
          `the reminders panel lists it: sent ${seen.shownAt} (browser in ${TIME_ZONE}), "${seen.panel.slice(0, 160)}"`
        );
      } catch (error) {
        await tab.screenshot({ path: path.join(ARTIFACTS, 'failed-content-manager.png') }).catch(() => undefined);
        throw error instanceof StepFailure
          ? error
          : new StepFailure(
              `${(error as Error).message.split('\n')[0]} (screenshot: tests/install/artifacts/failed-content-manager.png)`,
              logs.strapi
            );
      }
      await browser?.close();
      browser = undefined;
    });

    passed = true;
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    console.error(`\nINSTALL TEST FAILED at step "${failedStep ?? 'setup'}": ${reason}`);
    const logFile = error instanceof StepFailure ? error.logFile : undefined;
    if (logFile)
      console.error(`\n--- last lines of ${path.relative(process.cwd(), logFile)} ---\n${tail(logFile)}\n---`);
    else if (!(error instanceof StepFailure) && error instanceof Error && error.stack) console.error(error.stack);
  } finally {
    await cleanup();
  }

  printTimings();
  console.log(`\nLogs and screenshots: ${path.relative(process.cwd(), ARTIFACTS) || ARTIFACTS}`);
  if (!passed) process.exit(1);
  console.log('\nINSTALL TEST PASSED');
  process.exit(0);
}

main().catch((error) => {
  console.error(error);
  killAllChildrenNow();
  process.exit(1);
});
