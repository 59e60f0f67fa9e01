#!/usr/bin/env node
'use strict';
/**
 * Operator CLI for the reminders scheduler, on the app's configured database:
 *   npm run reminders -- tick [--at 2026-12-01T06:00:00Z]
 *   npm run reminders -- preview --from 2026-12-01T00:00:00Z --to 2026-12-02T00:00:00Z [--json]
 *   npm run reminders -- --help
 * It boots Strapi without the periodic job, runs one command and exits. Phone numbers are masked.
 */
require('./ensure-env');
const { compileStrapi, createStrapi } = require('@strapi/strapi');

const usage = `Usage:
  npm run reminders -- tick [--at <ISO instant>]
  npm run reminders -- preview --from <ISO instant> --to <ISO instant> [--json]
  npm run reminders -- help

Commands:
  tick     run one scheduler tick (plan and send what is due) at now or --at
  preview  list the messages that would be sent between --from and --to (--json for JSON)
  help     print this text (also --help, -h)`;

function fail(message, code = 2) {
  console.error(`${message}\n\n${usage}`);
  process.exit(code);
}

function parse(argv) {
  const [command, ...rest] = argv;
  if (['help', '--help', '-h'].includes(command)) {
    console.log(usage);
    process.exit(0);
  }
  const options = {};
  for (let index = 0; index < rest.length; index += 1) {
    const name = rest[index];
    if (name === '--json') options.json = true;
    else if (['--at', '--from', '--to'].includes(name) && rest[index + 1]) options[name.slice(2)] = rest[(index += 1)];
    else fail(`Unknown or incomplete option: ${name}`);
  }
  const instant = (name) => {
    const value = options[name];
    if (value === undefined) return undefined;
    if (!/T.*(Z|[+-]\d{2}:?\d{2})$/i.test(value) || Number.isNaN(Date.parse(value)))
      fail(`--${name} must be an ISO 8601 instant with an offset, such as 2026-12-01T06:00:00Z`);
    return new Date(value);
  };
  if (command === 'tick') return { command, at: instant('at') };
  if (command === 'preview') {
    const from = instant('from');
    const to = instant('to');
    if (!from || !to) fail('preview needs --from and --to');
    if (to <= from) fail('--to must be after --from');
    return { command, from, to, json: Boolean(options.json) };
  }
  return fail(command ? `Unknown command: ${command}` : 'No command given', 1);
}

async function main() {
  const request = parse(process.argv.slice(2));
  process.env.REMINDERS_SCHEDULER_ENABLED = 'false';
  process.env.LOG_LEVEL = process.env.LOG_LEVEL || 'warn';
  const strapi = await createStrapi(await compileStrapi()).load();
  try {
    const scheduler = strapi.plugin('reminders').service('scheduler');
    if (request.command === 'tick') {
      console.log(JSON.stringify(await scheduler.tick(request.at), null, 2));
      return;
    }
    const { items } = await scheduler.preview(request.from, request.to, { maskPhones: true });
    if (request.json) {
      console.log(JSON.stringify(items, null, 2));
      return;
    }
    console.table(
      items.map((item) => ({
        sendAt: item.sendAt,
        rule: item.ruleName,
        target: `${item.targetType} ${item.targetDocumentId}`,
        to: item.phone,
        segments: item.segments,
        text: item.text.length > 60 ? `${item.text.slice(0, 57)}...` : item.text,
      }))
    );
    console.log(`${items.length} message(s) between ${request.from.toISOString()} and ${request.to.toISOString()}`);
  } finally {
    await strapi.destroy();
  }
}

main().catch((error) => {
  console.error(`reminders: ${error.message}`);
  process.exit(1);
});
