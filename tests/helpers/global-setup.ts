import { execFileSync } from 'child_process';
import fs from 'fs';
import path from 'path';
import { compileStrapi } from '@strapi/strapi';
import { withPostgres } from './postgres';

const APP_DIR = path.resolve(__dirname, '..', '..');
const PLUGIN_DIR = path.join(APP_DIR, 'plugins', 'reminders');

/** The newest modification time of any file under `dir`, 0 if there is none. */
function newestIn(dir: string): number {
  if (!fs.existsSync(dir)) return 0;
  return fs.readdirSync(dir, { recursive: true, withFileTypes: true }).reduce((newest, entry) => {
    if (!entry.isFile()) return newest;
    return Math.max(newest, fs.statSync(path.join(entry.parentPath, entry.name)).mtimeMs);
  }, 0);
}

const isStale = () =>
  newestIn(path.join(PLUGIN_DIR, 'dist', 'server')) <
  Math.max(
    newestIn(path.join(PLUGIN_DIR, 'server', 'src')),
    newestIn(path.join(PLUGIN_DIR, 'admin', 'src')),
    fs.statSync(path.join(PLUGIN_DIR, 'package.json')).mtimeMs
  );

/**
 * The app loads the plugin's built package (plugins/reminders/dist), as any app does. The tests run
 * against it, so a plugin source newer than its build is rebuilt first, rather than tested stale. Two
 * runs at once build one at a time (a lock directory; one left by a killed run is taken after 5 minutes).
 */
function buildPluginIfStale() {
  if (!isStale()) return;
  const lock = path.join(PLUGIN_DIR, '.build-lock');
  for (;;) {
    try {
      fs.mkdirSync(lock);
      break;
    } catch {
      const held = fs.statSync(lock, { throwIfNoEntry: false });
      if (held && Date.now() - held.mtimeMs > 5 * 60_000) fs.rmSync(lock, { recursive: true, force: true });
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 1000);
    }
  }
  try {
    if (!isStale()) return;
    console.warn('\n[tests] The plugin changed since its last build: rebuilding plugins/reminders/dist.\n');
    execFileSync('npm', ['run', 'build:plugin'], { cwd: APP_DIR, stdio: 'inherit' });
  } finally {
    fs.rmSync(lock, { recursive: true, force: true });
  }
}

/**
 * Builds the plugin if it is stale and compiles the app's TypeScript (config/, src/) once per run; each
 * integration project declares this setup, so the second call finds the work done. Says plainly when the
 * PostgreSQL suite will be skipped.
 */
export default async function globalSetup() {
  if (process.env.REMINDERS_TEST_COMPILED) return;
  buildPluginIfStale();
  await compileStrapi({ appDir: APP_DIR });
  process.env.REMINDERS_TEST_COMPILED = '1';
  const postgresUrl = process.env.TEST_POSTGRES_URL;
  if (!postgresUrl) {
    console.warn('\n[tests] TEST_POSTGRES_URL is not set: the PostgreSQL integration suite is SKIPPED (see README).\n');
    return;
  }
  // The record search's trigram indexes (services/search-indexes.ts) use pg_trgm, which the plugin creates
  // where it is missing, in the schema it runs in. Each test file runs in a schema of its own and drops it at
  // the end, with what it holds: the extension lives in public instead, as a DBA would put it.
  await withPostgres(postgresUrl, (client) => client.query('CREATE EXTENSION IF NOT EXISTS pg_trgm SCHEMA public'));
}
