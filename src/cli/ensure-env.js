#!/usr/bin/env node
'use strict';
/**
 * First-run convenience: Strapi refuses to start without its secrets. Any that are missing from both the
 * environment and .env are generated here, once, into .env (git-ignored), so a fresh clone runs with no
 * manual step and keeps its sessions across restarts. Secrets are never printed.
 */
const { randomBytes } = require('crypto');
const fs = require('fs');
const path = require('path');

const envFile = path.join(__dirname, '..', '..', '.env');
const secret = () => randomBytes(24).toString('base64');
const generators = {
  APP_KEYS: () => [secret(), secret(), secret(), secret()].join(','),
  API_TOKEN_SALT: secret,
  ADMIN_JWT_SECRET: secret,
  TRANSFER_TOKEN_SALT: secret,
  JWT_SECRET: secret,
  ENCRYPTION_KEY: secret,
  // Part of the public callback URLs Africa's Talking posts to, so URL-safe.
  REMINDERS_CALLBACK_SECRET: () => randomBytes(24).toString('base64url'),
};

const existing = fs.existsSync(envFile) ? fs.readFileSync(envFile, 'utf8') : '';
const definedInFile = new Set(
  existing
    .split(/\r?\n/)
    .map((line) => /^\s*([A-Z0-9_]+)\s*=/.exec(line)?.[1])
    .filter(Boolean)
);
const missing = Object.keys(generators).filter((name) => !process.env[name] && !definedInFile.has(name));

if (missing.length > 0) {
  const lines = missing.map((name) => `${name}=${generators[name]()}`);
  const prefix =
    existing === '' ? '# Generated on first start; keep private, never commit.\n' : existing.endsWith('\n') ? '' : '\n';
  fs.writeFileSync(envFile, existing + prefix + lines.join('\n') + '\n', { mode: 0o600 });
  console.log(`Generated ${missing.join(', ')} into .env`);
}
