import path from 'path';
import crypto from 'crypto';
import request from 'supertest';
import { createStrapi, type Core } from '@strapi/strapi';
import { withPostgres } from './postgres';

declare const __TEST_DATABASE__: 'sqlite' | 'postgres';

const appDir = path.resolve(__dirname, '..', '..');
export const testDatabase = __TEST_DATABASE__;
const postgresUrl = process.env.TEST_POSTGRES_URL;

/** The integration suite runs on SQLite always and on PostgreSQL when TEST_POSTGRES_URL points at one. */
export const describeIntegration: jest.Describe =
  testDatabase === 'postgres' && !postgresUrl ? describe.skip : describe;

const testSecrets = {
  APP_KEYS: 'test-key-a,test-key-b',
  API_TOKEN_SALT: 'test-api-token-salt',
  ADMIN_JWT_SECRET: 'test-admin-jwt-secret',
  TRANSFER_TOKEN_SALT: 'test-transfer-token-salt',
  JWT_SECRET: 'test-jwt-secret',
  ENCRYPTION_KEY: 'test-encryption-key',
};

/** A fresh, empty database for one test file: its own SQLite file, or its own PostgreSQL schema. */
async function useFreshDatabase() {
  const name = `t${process.env.JEST_WORKER_ID ?? '0'}_${process.pid}_${crypto.randomBytes(3).toString('hex')}`;
  if (testDatabase === 'sqlite') {
    Object.assign(process.env, { DATABASE_CLIENT: 'sqlite', DATABASE_FILENAME: `.tmp/test/${name}.db` });
    return;
  }
  await withPostgres(postgresUrl as string, (client) => client.query(`CREATE SCHEMA "${name}"`));
  Object.assign(process.env, { DATABASE_CLIENT: 'postgres', DATABASE_URL: postgresUrl, DATABASE_SCHEMA: name });
}

/** Removes the PostgreSQL schema a test file used (SQLite files live in the git-ignored .tmp/). */
async function dropDatabase() {
  if (testDatabase !== 'postgres') return;
  await withPostgres(postgresUrl as string, (client) =>
    client.query(`DROP SCHEMA IF EXISTS "${process.env.DATABASE_SCHEMA}" CASCADE`)
  );
}

/** Boots the real Strapi app (compiled by the global setup) on a fresh database, with its HTTP server mounted. */
export async function startStrapi(env: Record<string, string> = {}): Promise<Core.Strapi> {
  Object.assign(
    process.env,
    testSecrets,
    // The frequency cap is off for every suite but its own (frequency-cap.test.ts turns it on).
    {
      SEED_DEMO_DATA: 'false',
      LOG_LEVEL: 'error',
      REMINDERS_SCHEDULER_ENABLED: 'false',
      REMINDERS_FREQUENCY_CAP: 'off',
    },
    env
  );
  await useFreshDatabase();
  return loadStrapi();
}

async function loadStrapi(): Promise<Core.Strapi> {
  const strapi = await createStrapi({
    appDir,
    distDir: path.join(appDir, 'dist'),
    autoReload: false,
    serveAdminPanel: false,
  }).load();
  await strapi.server.mount();
  return strapi;
}

/** Stops the app and boots it again on the same database, as a deploy or a crash and restart would. */
export async function restartStrapi(strapi: Core.Strapi): Promise<Core.Strapi> {
  await strapi.destroy();
  return loadStrapi();
}

export async function stopStrapi(strapi: Core.Strapi | undefined) {
  if (!strapi) return;
  await strapi.destroy();
  await dropDatabase();
}

/** A full-access API token, the way a developer's own system calls the content API. */
export async function createFullAccessToken(strapi: Core.Strapi): Promise<string> {
  const token = await strapi.service('admin::api-token').create({
    name: `tests-${crypto.randomBytes(4).toString('hex')}`,
    type: 'full-access',
    lifespan: null,
  });
  return token.accessKey as string;
}

/** A super admin logged in to the admin API, as an editor in the admin panel would be. */
export async function createSuperAdminToken(strapi: Core.Strapi): Promise<string> {
  const email = `admin-${crypto.randomBytes(4).toString('hex')}@example.com`;
  const password = 'Test-Password-1';
  const superAdmin = await strapi.service('admin::role').getSuperAdmin();
  await strapi
    .service('admin::user')
    .create({ firstname: 'Test', lastname: 'Admin', email, password, isActive: true, roles: [superAdmin.id] });
  const response = await request(strapi.server.httpServer).post('/admin/login').send({ email, password });
  if (response.status !== 200)
    throw new Error(`admin login failed: ${response.status} ${JSON.stringify(response.body)}`);
  return response.body.data.token as string;
}
