'use strict';
/**
 * One Strapi instance in its own process, for tests of several instances on one database. It boots the
 * compiled app from the environment it was given, then runs a scheduler tick at each simulated instant
 * the parent sends over IPC and answers with the tick's report. The parent keeps the instances in step.
 */
const path = require('path');
const { createStrapi } = require('@strapi/strapi');

const appDir = path.resolve(__dirname, '..', '..');

async function main() {
  const strapi = await createStrapi({
    appDir,
    distDir: path.join(appDir, 'dist'),
    autoReload: false,
    serveAdminPanel: false,
  }).load();
  const scheduler = strapi.plugin('reminders').service('scheduler');
  process.on('message', async (message) => {
    if (message.stop) {
      await strapi.destroy();
      process.exit(0);
    }
    try {
      const report = await scheduler.tick(new Date(message.tick));
      process.send({ tick: message.tick, report });
    } catch (error) {
      process.send({ tick: message.tick, error: error.message });
    }
  });
  process.send({ ready: true });
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
