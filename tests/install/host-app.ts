import crypto from 'crypto';
import fs from 'fs';
import path from 'path';

/**
 * A brand-new Strapi 5.54 JavaScript app, written file by file the way `create-strapi` lays one out (no copy of
 * the repository's app): SQLite, users-permissions, an admin offering Arabic, and one content type of its own.
 */

export const STRAPI_VERSION = '5.54.0';

/** Throwaway secrets for one run, as `create-strapi` generates them into .env. */
export function generateSecrets(): Record<string, string> {
  const secret = () => crypto.randomBytes(16).toString('base64');
  return {
    APP_KEYS: [secret(), secret(), secret(), secret()].join(','),
    API_TOKEN_SALT: secret(),
    ADMIN_JWT_SECRET: secret(),
    TRANSFER_TOKEN_SALT: secret(),
    JWT_SECRET: secret(),
    ENCRYPTION_KEY: secret(),
  };
}

const write = (root: string, file: string, content: string | Buffer) => {
  const target = path.join(root, file);
  fs.mkdirSync(path.dirname(target), { recursive: true });
  fs.writeFileSync(target, content);
};

const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;

/** A 1×1 PNG for favicon.png (the strapi::favicon middleware serves the app's own). */
const FAVICON = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64'
);

export function writeHostApp(root: string, secrets: Record<string, string>) {
  write(
    root,
    'package.json',
    json({
      name: 'reminders-install-host',
      version: '0.1.0',
      private: true,
      description: 'A Strapi application',
      scripts: {
        build: 'strapi build',
        console: 'strapi console',
        deploy: 'strapi deploy',
        develop: 'strapi develop',
        start: 'strapi start',
        strapi: 'strapi',
        upgrade: 'npx @strapi/upgrade latest',
      },
      dependencies: {
        '@strapi/plugin-users-permissions': STRAPI_VERSION,
        '@strapi/strapi': STRAPI_VERSION,
        // 13 segfaults on Node 20.
        'better-sqlite3': '12.8.0',
        react: '^18.0.0',
        'react-dom': '^18.0.0',
        'react-router-dom': '^6.0.0',
        'styled-components': '^6.0.0',
      },
      devDependencies: {},
      engines: { node: '>=20.0.0 <=24.x.x', npm: '>=6.0.0' },
      strapi: { uuid: crypto.randomUUID(), telemetryDisabled: true },
    })
  );

  write(
    root,
    '.env',
    `${Object.entries({ HOST: '0.0.0.0', PORT: '1337', ...secrets })
      .map(([key, value]) => `${key}=${value}`)
      .join('\n')}\n`
  );
  write(root, '.gitignore', '.env\n.tmp\nnode_modules\ndist\nbuild\n.strapi\n');

  write(
    root,
    'config/server.js',
    `module.exports = ({ env }) => ({
  host: env('HOST', '0.0.0.0'),
  port: env.int('PORT', 1337),
  app: {
    keys: env.array('APP_KEYS'),
  },
});
`
  );
  write(
    root,
    'config/database.js',
    `const path = require('path');

module.exports = ({ env }) => ({
  connection: {
    client: 'sqlite',
    connection: {
      filename: path.join(__dirname, '..', env('DATABASE_FILENAME', '.tmp/data.db')),
    },
    useNullAsDefault: true,
  },
});
`
  );
  write(
    root,
    'config/admin.js',
    `module.exports = ({ env }) => ({
  auth: {
    secret: env('ADMIN_JWT_SECRET'),
  },
  apiToken: {
    salt: env('API_TOKEN_SALT'),
  },
  transfer: {
    token: {
      salt: env('TRANSFER_TOKEN_SALT'),
    },
  },
  secrets: {
    encryptionKey: env('ENCRYPTION_KEY'),
  },
  flags: {
    nps: env.bool('FLAG_NPS', true),
    promoteEE: env.bool('FLAG_PROMOTE_EE', true),
  },
});
`
  );
  write(
    root,
    'config/api.js',
    `module.exports = {
  rest: {
    defaultLimit: 25,
    maxLimit: 100,
    withCount: true,
  },
};
`
  );
  write(
    root,
    'config/middlewares.js',
    `module.exports = [
  'strapi::logger',
  'strapi::errors',
  'strapi::security',
  'strapi::cors',
  'strapi::poweredBy',
  'strapi::query',
  'strapi::body',
  'strapi::session',
  'strapi::favicon',
  'strapi::public',
];
`
  );
  write(root, 'config/plugins.js', 'module.exports = () => ({});\n');

  write(
    root,
    'src/index.js',
    `'use strict';

module.exports = {
  /**
   * An asynchronous register function that runs before
   * your application is initialized.
   */
  register(/* { strapi } */) {},

  /**
   * An asynchronous bootstrap function that runs before
   * your application gets started.
   */
  bootstrap(/* { strapi } */) {},
};
`
  );
  write(
    root,
    'src/admin/app.js',
    `const config = {
  locales: ['ar'],
};

const bootstrap = () => {};

export default {
  config,
  bootstrap,
};
`
  );

  // The host's own content type, next to the plugin's: a booking as the Content-Type Builder saves one, with
  // what a reminder about it needs (a reference, whom it is for, a phone, its date). The test maps it as a
  // reminder target on the plugin's Settings page.
  write(
    root,
    'src/api/booking/content-types/booking/schema.json',
    json({
      kind: 'collectionType',
      collectionName: 'bookings',
      info: { singularName: 'booking', pluralName: 'bookings', displayName: 'Booking', description: '' },
      options: { draftAndPublish: false },
      pluginOptions: {},
      attributes: {
        title: { type: 'string', required: true },
        reference: { type: 'string', unique: true },
        customerName: { type: 'string' },
        phone: { type: 'string' },
        date: { type: 'date' },
        startsAt: { type: 'datetime' },
        guests: { type: 'integer', default: 1, min: 1 },
        bookingStatus: { type: 'enumeration', enum: ['pending', 'confirmed', 'cancelled'], default: 'confirmed' },
      },
    })
  );
  const factory = (kind: 'Router' | 'Controller' | 'Service') => `'use strict';

/**
 * booking ${kind.toLowerCase()}
 */

const { factories } = require('@strapi/strapi');

module.exports = factories.createCore${kind}('api::booking.booking');
`;
  write(root, 'src/api/booking/routes/booking.js', factory('Router'));
  write(root, 'src/api/booking/controllers/booking.js', factory('Controller'));
  write(root, 'src/api/booking/services/booking.js', factory('Service'));

  write(root, 'src/extensions/.gitkeep', '');
  write(root, 'database/migrations/.gitkeep', '');
  write(root, 'public/uploads/.gitkeep', '');
  write(
    root,
    'public/robots.txt',
    '# To prevent search engines from seeing the site altogether, uncomment the next two lines:\n# User-Agent: *\n# Disallow: /\n'
  );
  write(root, 'favicon.png', FAVICON);
}

/** The plugin enabled the way its README tells a developer to, against the fake Africa's Talking. */
export function writePluginsConfig(root: string, options: { apiBaseUrl: string; publicUrl: string }) {
  write(
    root,
    'config/plugins.js',
    `module.exports = ({ env }) => ({
  reminders: {
    enabled: true,
    config: {
      // 'africastalking' rather than 'auto': a missing key fails the start instead of falling back to the outbox.
      provider: 'africastalking',
      defaultRegion: 'KE',
      defaultTimezone: 'Africa/Nairobi',
      africastalking: {
        username: 'sandbox',
        apiKey: env('AT_API_KEY'),
        apiBaseUrl: ${JSON.stringify(options.apiBaseUrl)},
      },
      publicUrl: ${JSON.stringify(options.publicUrl)},
      scheduler: {
        enabled: false,
      },
    },
  },
});
`
  );
}

/** Adds a variable to the host's .env (a key is written there, never printed). */
export function appendEnv(root: string, values: Record<string, string>) {
  fs.appendFileSync(
    path.join(root, '.env'),
    `${Object.entries(values)
      .map(([key, value]) => `${key}=${value}`)
      .join('\n')}\n`
  );
}
