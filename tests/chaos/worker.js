'use strict';
/**
 * One Strapi instance in its own process, for the chaos runs (tests/chaos). It boots the compiled app from
 * the environment it was given (with the plugin's built package, as every instance), applies the scheduler options in CHAOS_SCHEDULER (JSON) and answers the parent over IPC:
 *
 *   { id, tick: iso }            plan, then dispatch, at that simulated instant; reports { phase } before each
 *                                step and answers { id, report } (the same two steps as scheduler.tick())
 *   { id, createRule, at }       creates a rule through the Document Service with the clock at `at`
 *   { id, cron: { simStart, realStart, speed } }
 *                                starts the scheduler's own periodic job (REMINDERS_TICK_CRON) on a simulated
 *                                clock: sim = simStart + (now − realStart) × speed
 *   { id, stop: true }           stops cleanly
 *
 * With CHAOS_SERVE=1 it also serves HTTP on PORT, like `strapi start`, and keeps the wall clock: the
 * writes scenario talks to it over REST and lets its own periodic job (REMINDERS_TICK_CRON) run.
 *
 * The parent kills it with SIGKILL whenever it likes: that is the point.
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
  // Only the chaos run ends its instances (kill -9, or { stop }): a stray SIGTERM or SIGINT from a broad
  // pkill elsewhere on the machine must not shut Strapi down in the middle of a measured run.
  for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP']) {
    process.removeAllListeners(signal);
    process.on(signal, () =>
      console.error(`chaos worker ${process.pid}: ${signal} ignored (the chaos run stops its instances itself)`)
    );
  }
  const overrides = JSON.parse(process.env.CHAOS_SCHEDULER || '{}');
  for (const [key, value] of Object.entries(overrides)) strapi.config.set(`plugin::reminders.scheduler.${key}`, value);
  const scheduler = strapi.plugin('reminders').service('scheduler');
  const clock = strapi.plugin('reminders').service('clock');
  if (process.env.CHAOS_SERVE === '1') await strapi.listen();
  let simulated = null;
  clock.set(() => simulated ?? new Date());
  const answer = (message) => process.connected && process.send(message);

  process.on('message', async (message) => {
    const { id } = message;
    try {
      if (message.stop) {
        await scheduler.stop();
        await strapi.destroy();
        answer({ id, stopped: true });
        process.exit(0);
      } else if (message.tick) {
        const now = new Date(message.tick);
        simulated = now;
        answer({ id, phase: 'planning' });
        const planned = await scheduler.planner
          .plan(now)
          .catch((error) => ({ rules: 0, written: 0, failed: 0, error: error.message }));
        answer({ id, phase: 'dispatching' });
        const dispatched = await scheduler.dispatcher.dispatch(now);
        answer({ id, report: { at: now.toISOString(), planned, dispatched } });
      } else if (message.createRule) {
        simulated = new Date(message.at);
        const rule = await strapi.documents('plugin::reminders.reminder-rule').create({ data: message.createRule });
        answer({ id, documentId: rule.documentId });
      } else if (message.cron) {
        const { simStart, realStart, speed } = message.cron;
        simulated = null;
        clock.set(() => new Date(simStart + (Date.now() - realStart) * speed));
        strapi.config.set('plugin::reminders.scheduler.enabled', true);
        scheduler.start();
        answer({ id, started: true });
      }
    } catch (error) {
      answer({ id, error: error && error.message ? error.message : String(error) });
    }
  });
  answer({ ready: true, pid: process.pid });
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
