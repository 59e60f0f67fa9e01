import type { Core } from '@strapi/strapi';
import { type Knex, newDocumentId } from './outbox-table';

/**
 * The one way to the spend table (content-types/spend-period): one row per local day and month, with what
 * was spent and what sends in flight reserved, in ten-thousandths of the account currency. Every statement
 * is atomic on its own (no transaction spans two). A reservation is a single-row UPDATE; a settle writes
 * several periods in one statement, always in the order of their keys, so two statements never wait for
 * each other's rows (no deadlock between instances). The cap's guard is in the WHERE of the reservation,
 * which PostgreSQL re-checks on the row's newest version after waiting for its lock, and SQLite runs one
 * writer at a time.
 */
export const SPEND = 'reminders_spend';

/** Amounts are bound as numbers: exact up to 2^53 ten-thousandths (9 × 10^11 of a currency), far over any cap. */
const bind = (units: bigint) => Number(units);
/** PostgreSQL answers bigint as text, SQLite as a number. */
const read = (value: unknown): bigint => BigInt((value as string | number | null) ?? 0);
const readOrNull = (value: unknown): bigint | null => (value === null || value === undefined ? null : read(value));

/** A period's row after a write. */
export interface SpendRow {
  spent: bigint;
  reserved: bigint;
  warnedCap: bigint | null;
  stoppedCap: bigint | null;
}

const COLUMNS = ['period', 'spent', 'reserved', 'warned_cap', 'stopped_cap'];
const rowOf = (row: Record<string, unknown>): SpendRow => ({
  spent: read(row.spent),
  reserved: read(row.reserved),
  warnedCap: readOrNull(row.warned_cap),
  stoppedCap: readOrNull(row.stopped_cap),
});

/** A period's first row: nothing spent or reserved (unless `values` says what was spent). */
const newRow = (period: string, now: Date, values: { spent?: number } = {}) => ({
  document_id: newDocumentId(),
  period,
  spent: 0,
  reserved: 0,
  ...values,
  created_at: now,
  updated_at: now,
  published_at: now,
});

export const createSpendTable = (strapi: Core.Strapi) => {
  const db = (): Knex => strapi.db.connection;
  /** Periods known to have their row: it is never deleted, so each instance inserts a period's row once at most. */
  const known = new Set<string>();

  async function ensure(periods: string[], now: Date) {
    const missing = periods.filter((period) => !known.has(period));
    if (missing.length === 0) return;
    await db()(SPEND)
      .insert(missing.map((period) => newRow(period, now)))
      .onConflict('period')
      .ignore();
    if (known.size > 1000) known.clear();
    missing.forEach((period) => known.add(period));
  }

  return {
    ensure,

    /** Reserves `amount` in `period` only if spent + reserved + amount stays within `limit` (null: no limit). */
    async reserve(period: string, amount: bigint, limit: bigint | null, now: Date): Promise<boolean> {
      const attempt = async () => {
        const query = db()(SPEND).where({ period });
        if (limit !== null) query.andWhereRaw('spent + reserved + ? <= ?', [bind(amount), bind(limit)]);
        return (await query.update({ reserved: db().raw('reserved + ?', [bind(amount)]), updated_at: now })) > 0;
      };
      if (await attempt()) return true;
      // Refused, or the row this instance knew of is gone (a cleaned table): made again, and asked once more.
      known.delete(period);
      await ensure([period], now);
      return attempt();
    },

    /**
     * Reservations end: `reserved` is given back and `spent` (what the sends cost; 0 if nothing) counted, for
     * several periods in one statement (each period once). An upsert, so a period whose row is gone still
     * counts what was spent. The rows after the write, by period.
     */
    async settle(
      unordered: { period: string; reserved: bigint; spent: bigint }[],
      now: Date
    ): Promise<Map<string, SpendRow>> {
      // Rows are locked in the order given: the same order in every statement of every instance.
      const changes = [...unordered].sort((a, b) => (a.period < b.period ? -1 : a.period > b.period ? 1 : 0));
      // Each row's own amount, picked by its period: ON CONFLICT's `excluded` holds only the inserted values.
      const plus = (name: 'reserved' | 'spent') =>
        db().raw(`?? + CASE excluded.period ${changes.map(() => 'WHEN ? THEN CAST(? AS BIGINT)').join(' ')} END`, [
          `${SPEND}.${name}`,
          ...changes.flatMap((change) => [change.period, bind(name === 'spent' ? change.spent : -change.reserved)]),
        ]);
      const rows: Record<string, unknown>[] = await db()(SPEND)
        .insert(changes.map((change) => newRow(change.period, now, { spent: bind(change.spent) })))
        .onConflict('period')
        .merge({ reserved: plus('reserved'), spent: plus('spent'), updated_at: now })
        .returning(COLUMNS);
      return new Map(rows.map((row) => [row.period as string, rowOf(row)]));
    },

    /**
     * Notes that `column` (a warning, a stop) was raised for this limit in `period`; true only for the one
     * write that changed it, so one instance raises the alert once per period and limit value.
     */
    async mark(column: 'warned_cap' | 'stopped_cap', period: string, limit: bigint, now: Date): Promise<boolean> {
      const written = await db()(SPEND)
        .where({ period })
        .andWhere((unset) => unset.whereNull(column).orWhereNot(column, bind(limit)))
        .update({ [column]: bind(limit), updated_at: now });
      return written > 0;
    },

    /** The rows of these periods, by period (a period nothing was sent in has none). */
    async read(periods: string[]): Promise<Map<string, SpendRow>> {
      const rows: Record<string, unknown>[] = await db()(SPEND).whereIn('period', periods).select(COLUMNS);
      return new Map(rows.map((row) => [row.period as string, rowOf(row)]));
    },
  };
};

export type SpendTable = ReturnType<typeof createSpendTable>;
