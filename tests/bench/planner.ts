/**
 * The planner at scale: one scheduler tick with the 20 benchmark rules enabled over 1,000,000 invoices and
 * 200,000 appointments, when nothing, about a thousand and about a hundred thousand reminders fall in the
 * planning step; and in the same run the same work written the way a Strapi developer naively would
 * (the Document Service page by page over every record, filtering and computing occurrences in
 * JavaScript with the same domain functions), as a ratio. Not a test: timings depend on the machine.
 *
 *   node --expose-gc -r esbuild-register tests/bench/planner.ts
 *   BENCH_QUICK=1 … (50,000 invoices) · BENCH_INVOICES=… · BENCH_NAIVE=0 skips the naive baseline
 *
 * Each scenario starts from an empty outbox with every rule planned up to one planning step (60 minutes)
 * before now + horizon (24 hours), which is where the planner stands on every tick that plans: the
 * tick plans the last step, (plannedThrough, now + 24 h]. Time is the whole tick (plan, then dispatch,
 * which finds nothing due), timed several times from the same start: the median and the range; peak heap
 * is the JS heap's highest point above where a tick started (with --expose-gc, after a collection), the
 * highest of the ticks. The naive baseline runs once (minutes each).
 */
import type { Core } from '@strapi/strapi';
import { evaluateConditions } from '../../plugins/reminders/server/src/domain/conditions';
import { type PlannedDelivery, planRecord } from '../../plugins/reminders/server/src/domain/planning';
import { createOutboxTable } from '../../plugins/reminders/server/src/services/scheduling/outbox-table';
import type { Scheduler } from '../../plugins/reminders/server/src/services/scheduling/scheduler';
import { planningDefaults } from '../../plugins/reminders/server/src/services/scheduling/planning-defaults';
import type { RuleRow } from '../../plugins/reminders/server/src/services/scheduling/rule-rows';
import { UIDS } from '../../plugins/reminders/server/src/constants';
import { getConfig } from '../../plugins/reminders/server/src/utils';
import { ensureRecords, forgetDeliveries } from './generate-data';
import { installBenchRules, setWatermarks } from './rules';
import {
  HOUR_MS,
  bootStrapi,
  describeRun,
  fmt,
  measure,
  postgresVersion,
  printTable,
  quantile,
  quick,
  run,
  sizes,
} from './lib';
import { BUILT_IN_TARGETS } from '../../plugins/reminders/server/src/domain/targets';

const TARGETS = { invoice: 'plugin::reminders.invoice', appointment: 'plugin::reminders.appointment' } as const;

export interface Scenario {
  name: string;
  /** The tick's now. */
  now: string;
  /** Where every rule's plan stands before the tick: the tick plans (plannedThrough, now + 24 h]. */
  plannedThrough?: string;
  /** Ticks timed, each from the same starting point: one tick alone is at the mercy of a shared machine. */
  repeats: number;
}

/** now + 24 h − 60 min: the tick plans one 60-minute step. */
const stepBefore = (now: string) => new Date(Date.parse(now) + 23 * HOUR_MS).toISOString();

export const SCENARIOS: Scenario[] = [
  // Most ticks: the plan is less than a step behind, nothing is read.
  {
    name: 'within the planning step (59 of 60 ticks)',
    now: '2026-12-07T23:30:00Z',
    plannedThrough: '2026-12-08T23:00:00Z',
    repeats: 15,
  },
  // A step at night: no reminder is sent between 23:00 and 00:00 UTC (02:00–03:00 in Nairobi).
  { name: 'a step with nothing due (23:00–00:00 UTC)', now: '2026-12-08T00:00:00Z', repeats: 15 },
  // A step in the afternoon: appointment reminders only.
  { name: 'a step with ~1,000 due (11:00–12:00 UTC)', now: '2026-12-08T12:00:00Z', repeats: 9 },
  // The school-fees run (a tenth of the invoices, due 2026-12-17): "due in 3 days" at 09:00 Nairobi on 12-14.
  { name: 'a step with ~100,000 due (fees run, 05:30–06:30 UTC)', now: '2026-12-13T06:30:00Z', repeats: 3 },
];

/**
 * The naive version: what a developer writes with the Document Service alone. Every enabled rule, every
 * record of its target page by page (1,000 at a time), the conditions and the occurrences computed in
 * JavaScript with the plugin's own domain functions, then the same batched insert and watermark moves as
 * the plugin (so the comparison is about finding the work, not writing it).
 */
async function naiveTick(strapi: Core.Strapi, now: Date) {
  const knex = strapi.db.connection;
  const { horizonMinutes } = getConfig(strapi).scheduler;
  const until = new Date(now.getTime() + horizonMinutes * 60_000);
  const defaults = planningDefaults(getConfig(strapi));
  const rules = (await strapi.documents(UIDS.rule).findMany({ filters: { enabled: true } })) as unknown as RuleRow[];
  const windows = new Map<string, Date>();
  for (const rule of rules) {
    const row = await knex('reminders_rule_schedules')
      .where({ rule_document_id: rule.documentId })
      .first('planned_through');
    windows.set(rule.documentId, new Date(row.planned_through));
  }
  let written = 0;
  let read = 0;
  for (const [target, uid] of Object.entries(TARGETS)) {
    const targetRules = rules.filter((rule) => rule.target === target);
    if (targetRules.length === 0) continue;
    const planned: PlannedDelivery[] = [];
    for (let start = 0; ; start += 1000) {
      const page = (await strapi
        .documents(uid)
        .findMany({ start, limit: 1000, sort: 'id:asc' } as never)) as unknown as (Record<string, unknown> & {
        documentId: string;
      })[];
      read += page.length;
      for (const record of page) {
        for (const rule of targetRules) {
          const target = BUILT_IN_TARGETS[rule.target as keyof typeof BUILT_IN_TARGETS];
          if (!evaluateConditions(target, rule.conditions ?? [], record).ok) continue;
          planned.push(
            ...planRecord(
              target,
              rule,
              record,
              { from: windows.get(rule.documentId) as Date, to: until },
              now,
              defaults
            )
          );
        }
      }
      if (page.length < 1000) break;
    }
    written += await createOutboxTable(strapi).insertPlanned(planned, now);
  }
  for (const rule of rules) {
    await knex('reminders_rule_schedules')
      .where({ rule_document_id: rule.documentId })
      .update({ planned_through: until, updated_at: now });
  }
  return { written, read };
}

/** An empty outbox, and every rule's plan where the scenario says. */
export async function prepare(strapi: Core.Strapi, ruleIds: string[], scenario: Scenario) {
  await strapi.db.connection.raw('TRUNCATE reminders_deliveries');
  await setWatermarks(strapi, ruleIds, new Date(scenario.plannedThrough ?? stepBefore(scenario.now)));
}

export async function plannerBenchmark(strapi: Core.Strapi, options: { naive?: boolean } = {}) {
  const naive = options.naive ?? process.env.BENCH_NAIVE !== '0';
  await ensureRecords(strapi);
  await forgetDeliveries(strapi);
  const scheduler = strapi.plugin('reminders').service('scheduler') as Scheduler;
  const ruleIds = await installBenchRules(strapi, new Date('2026-11-01T00:00:00Z'));

  // Warm-up: the JIT, the pool's connections, PostgreSQL's caches, Luxon's zones (not measured).
  await prepare(strapi, ruleIds, SCENARIOS[2]);
  await scheduler.tick(new Date(SCENARIOS[2].now));

  const rows: (string | number)[][] = [];
  for (const scenario of SCENARIOS) {
    const now = new Date(scenario.now);
    const ticks = [];
    for (let repeat = 0; repeat < scenario.repeats; repeat += 1) {
      await prepare(strapi, ruleIds, scenario);
      ticks.push(await measure(() => scheduler.tick(now)));
    }
    const times = ticks.map((tick) => tick.ms).sort((a, b) => a - b);
    const median = quantile(times, 0.5);
    const written = ticks[0].result.planned.written;
    if (ticks.some((tick) => tick.result.planned.written !== written))
      throw new Error(`${scenario.name}: the ticks wrote different numbers of reminders`);
    let naiveCells = ['—', '—', '—', '—'];
    if (naive && scenario.plannedThrough === undefined) {
      await prepare(strapi, ruleIds, scenario);
      const baseline = await measure(() => naiveTick(strapi, now));
      if (baseline.result.written !== written)
        throw new Error(`the naive tick wrote ${baseline.result.written} reminders, the planner ${written}`);
      naiveCells = [
        fmt.ms(baseline.ms),
        fmt.mb(baseline.peakHeapMb),
        fmt.int(baseline.result.read),
        fmt.ratio(baseline.ms / median),
      ];
    }
    const range = `${fmt.ms(times[0])}–${fmt.ms(times[times.length - 1])}`;
    rows.push([
      scenario.name,
      fmt.int(written),
      scenario.repeats,
      fmt.ms(median),
      range,
      fmt.mb(Math.max(...ticks.map((tick) => tick.peakHeapMb))),
      ...naiveCells,
    ]);
  }
  await strapi.db.connection.raw('TRUNCATE reminders_deliveries, reminders_rule_schedules');
  return rows;
}

export const PLANNER_COLUMNS = [
  'scenario',
  'reminders written',
  'ticks',
  'tick ms (median)',
  'tick ms (range)',
  'peak heap MB',
  'naive ms',
  'naive peak heap MB',
  'naive records read',
  'naive ÷ planner',
];

if (require.main === module) {
  run(async () => {
    const strapi = await bootStrapi();
    console.log(`${describeRun()}, ${await postgresVersion(strapi)}`);
    const rows = await plannerBenchmark(strapi);
    printTable(
      `Planner: one tick, 20 rules, ${fmt.int(sizes.invoices)} invoices and ${fmt.int(sizes.appointments)} appointments${quick ? ' (QUICK)' : ''}`,
      PLANNER_COLUMNS,
      rows
    );
    await strapi.destroy();
  });
}
