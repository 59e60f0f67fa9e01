import type { Core } from '@strapi/strapi';
import { COUNTED, type DayCountRow } from '../../domain/day-stats';
import { DELIVERIES, type Knex, TEST_SEND_TARGET } from '../scheduling/outbox-table';
import { getConfig, isPostgres } from '../../utils';

/**
 * Deliveries per local day, status and cost, kept by PostgreSQL itself (SQLite, the small demo database,
 * has none of this: its dashboard aggregates the outbox directly).
 *
 * Many code paths change a delivery's status, time or cost, several of them in raw SQL, so the counts are
 * kept by statement-level triggers on the outbox: each statement appends one row per (day, status, cost)
 * it changed, -1 for what it left and +1 for what it made, to an append-only table of changes. Appending
 * is the point: adding to a shared counter row from the trigger would lock "today / accepted / KES 0.8000"
 * in every dispatcher transaction until its commit, serialising every sender of every instance. The
 * scheduler's tick folds the changes into the counts now and then; a reader sums both, in one snapshot.
 */
export const DAY_COUNTS = 'reminders_delivery_day_counts';
export const DAY_COUNT_CHANGES = 'reminders_delivery_day_count_changes';

/** The zone the counts are kept in, read by the triggers and a rebuild; replaced only with a rebuild, in its transaction. */
const ZONE_FUNCTION = 'reminders_delivery_day_counts_zone';
const TRIGGER_PREFIX = 'reminders_delivery_day_counts';

/** pg advisory lock keys (arbitrary, constant): one installer at a time, one compaction at a time. */
const INSTALL_LOCK = 74_110_501;
const COMPACT_LOCK = 74_110_502;

/** A literal for SQL text where no binding can go (function bodies). The zone is checked as IANA already. */
const literal = (text: string) => `'${text.replace(/'/g, "''")}'`;

const countedList = COUNTED.map(literal).join(', ');
/** What the counts hold of a row: a counted status, and a customer's reminder (test sends are not traffic). */
const counted = (rows: string) =>
  `${rows}.delivery_status in (${countedList}) and ${rows}.target_type <> ${literal(TEST_SEND_TARGET)}`;
/**
 * The version of what the counts count: a counts table built under another is rebuilt at boot, like one
 * built in another zone. 2: test sends left out.
 */
const COUNTS_VERSION = 2;
const VERSION_FUNCTION = 'reminders_delivery_day_counts_version';

/** A delivery's key in the counts: its local day in the zone, its status, its cost ('' for none: a unique key treats NULLs as distinct). */
const keyColumns = (rows: string) =>
  `(${rows}.not_before at time zone 'UTC' at time zone ${ZONE_FUNCTION}())::date as day, ${rows}.delivery_status, coalesce(${rows}.cost, '') as cost`;

/** The statement a trigger runs: the transition tables' counted rows, grouped, net-zero groups dropped. */
function changesFrom(sources: { rows: 'old_rows' | 'new_rows'; sign: 1 | -1 }[]) {
  const parts = sources.map(
    ({ rows, sign }) => `select ${keyColumns(rows)}, ${sign} as deliveries from ${rows} where ${counted(rows)}`
  );
  return `insert into ${DAY_COUNT_CHANGES} (day, delivery_status, cost, deliveries)
    select day, delivery_status, cost, sum(deliveries) from (${parts.join(' union all ')}) changed
    group by day, delivery_status, cost having sum(deliveries) <> 0`;
}

/**
 * One function and trigger per event: a statement-level trigger's transition tables cannot serve several
 * events, nor an UPDATE OF column list. An INSERT … ON CONFLICT DO UPDATE fires the insert trigger for the
 * rows it inserted and the update trigger for those it updated. TRUNCATE has no transition table: it
 * empties the counts too.
 */
const TRIGGERS = [
  { event: 'insert', referencing: 'new table as new_rows', body: changesFrom([{ rows: 'new_rows', sign: 1 }]) },
  {
    event: 'update',
    referencing: 'old table as old_rows new table as new_rows',
    body: changesFrom([
      { rows: 'old_rows', sign: -1 },
      { rows: 'new_rows', sign: 1 },
    ]),
  },
  { event: 'delete', referencing: 'old table as old_rows', body: changesFrom([{ rows: 'old_rows', sign: -1 }]) },
  { event: 'truncate', referencing: '', body: `truncate ${DAY_COUNTS}, ${DAY_COUNT_CHANGES}` },
] as const;

/** The zone and version the counts were built with ("Africa/Nairobi@2"), or null before the first build. */
async function builtWith(knex: Knex): Promise<string | null> {
  const { rows } = await knex.raw(`select to_regproc(?) is not null as zone, to_regproc(?) is not null as version`, [
    ZONE_FUNCTION,
    VERSION_FUNCTION,
  ]);
  if (!rows[0].zone) return null;
  const version = rows[0].version ? (await knex.raw(`select ${VERSION_FUNCTION}() as version`)).rows[0].version : 1;
  return `${(await knex.raw(`select ${ZONE_FUNCTION}() as zone`)).rows[0].zone}@${version}`;
}

/**
 * Installs the functions and triggers (at every boot: a new version of the plugin replaces them), and
 * builds the counts from the outbox when they were built in another zone or never (a first boot, or an
 * install that already has deliveries). One transaction, under a lock that several booting instances
 * take in turn: the second finds the counts built.
 *
 * Why a rebuild is exact while other instances write: it first locks the outbox in SHARE ROW EXCLUSIVE
 * mode (which CREATE TRIGGER needs anyway), which waits for every transaction that changed deliveries to
 * end, their changes committed, and holds back new writes until the rebuild commits. So the rebuild's
 * SELECT sees every committed delivery, the changes it deletes were all from committed writes it counts,
 * and every later write runs with the new zone's function and lands in the changes after the commit.
 * Readers are not blocked; they see the old counts until the commit.
 */
export async function installDayCounts(strapi: Core.Strapi): Promise<{ rebuilt: boolean }> {
  if (!isPostgres(strapi)) return { rebuilt: false };
  const zone = getConfig(strapi).defaultTimezone;
  return strapi.db.connection.transaction(async (trx) => {
    await trx.raw('select pg_advisory_xact_lock(?)', [INSTALL_LOCK]);
    await trx.raw(`lock table ?? in share row exclusive mode`, [DELIVERIES]);
    const rebuild = (await builtWith(trx)) !== `${zone}@${COUNTS_VERSION}`;
    await trx.raw(
      `create or replace function ${ZONE_FUNCTION}() returns text language sql immutable parallel safe as $$ select ${literal(zone)}::text $$`
    );
    await trx.raw(
      `create or replace function ${VERSION_FUNCTION}() returns integer language sql immutable parallel safe as $$ select ${COUNTS_VERSION} $$`
    );
    for (const trigger of TRIGGERS) {
      const name = `${TRIGGER_PREFIX}_${trigger.event}`;
      // search_path: the tables are found wherever the outbox is written from (a psql session, another schema).
      await trx.raw(
        `create or replace function ${name}() returns trigger language plpgsql set search_path from current as $$ begin ${trigger.body}; return null; end $$`
      );
      await trx.raw(
        `create or replace trigger ${name} after ${trigger.event} on ?? ${trigger.referencing ? `referencing ${trigger.referencing}` : ''} for each statement execute function ${name}()`,
        [DELIVERIES]
      );
    }
    if (rebuild) await rebuildDayCounts(trx);
    return { rebuilt: rebuild };
  });
}

/**
 * The counts from the outbox as it is; in the caller's transaction, which holds the outbox locked. DELETE,
 * not TRUNCATE, so that dashboards keep reading the old counts meanwhile; no compaction runs meanwhile
 * either (it would move changes in under this DELETE's snapshot).
 */
async function rebuildDayCounts(trx: Knex) {
  await trx.raw('select pg_advisory_xact_lock(?)', [COMPACT_LOCK]);
  await trx.raw(`delete from ${DAY_COUNTS}`);
  await trx.raw(`delete from ${DAY_COUNT_CHANGES}`);
  await trx.raw(
    `insert into ${DAY_COUNTS} (day, delivery_status, cost, deliveries)
     select ${keyColumns(DELIVERIES)}, count(*) from ?? where ${counted(DELIVERIES)} group by 1, 2, 3`,
    [DELIVERIES]
  );
}

/**
 * Folds the changes into the counts, in one transaction: a reader sees either both before or both after.
 * Another instance compacting at the same moment is skipped (the try lock); changes appended meanwhile
 * are not in this DELETE's snapshot and wait for the next compaction. Returns how many counts it changed.
 */
export async function compactDayCounts(strapi: Core.Strapi): Promise<number> {
  if (!isPostgres(strapi)) return 0;
  const knex = strapi.db.connection;
  // Most ticks find nothing to fold: a one-row probe, no transaction.
  if (!(await knex(DAY_COUNT_CHANGES).first('id'))) return 0;
  return knex.transaction(async (trx) => {
    const { rows } = await trx.raw('select pg_try_advisory_xact_lock(?) as locked', [COMPACT_LOCK]);
    if (!rows[0].locked) return 0;
    const result = await trx.raw(
      `with moved as (delete from ${DAY_COUNT_CHANGES} returning day, delivery_status, cost, deliveries)
       insert into ${DAY_COUNTS} as counts (day, delivery_status, cost, deliveries)
       select day, delivery_status, cost, sum(deliveries) from moved group by day, delivery_status, cost
       on conflict (day, delivery_status, cost) do update set deliveries = counts.deliveries + excluded.deliveries`
    );
    return (result as { rowCount: number }).rowCount;
  });
}

/** Deliveries per day, status and cost for the local days [from, to]: the counts plus the changes not yet folded in. */
export async function readDayCounts(knex: Knex, from: string, to: string): Promise<DayCountRow[]> {
  const { rows } = await knex.raw(
    `select to_char(day, 'YYYY-MM-DD') as day, delivery_status as status, nullif(cost, '') as cost, sum(deliveries) as count
     from (select day, delivery_status, cost, deliveries from ${DAY_COUNTS} where day between ?::date and ?::date
           union all
           select day, delivery_status, cost, deliveries from ${DAY_COUNT_CHANGES} where day between ?::date and ?::date) counted
     group by day, delivery_status, cost having sum(deliveries) <> 0`,
    [from, to, from, to]
  );
  return rows as DayCountRow[];
}
