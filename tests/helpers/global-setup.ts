import path from 'path';
import { compileStrapi } from '@strapi/strapi';

/**
 * Compiles the app's TypeScript (config/, src/) once per run; each integration project declares this
 * setup, so the second call finds the work done. Says plainly when the PostgreSQL suite will be skipped.
 */
export default async function globalSetup() {
  if (process.env.REMINDERS_TEST_COMPILED) return;
  await compileStrapi({ appDir: path.resolve(__dirname, '..', '..') });
  process.env.REMINDERS_TEST_COMPILED = '1';
  if (!process.env.TEST_POSTGRES_URL) {
    console.warn('\n[tests] TEST_POSTGRES_URL is not set: the PostgreSQL integration suite is SKIPPED (see README).\n');
  }
}
