import type { Core } from '@strapi/strapi';
import { type Knex, readDate } from './outbox-table';
import { isPostgres } from '../../utils';

/**
 * The one way to the planner's watermarks (content-types/rule-schedule): each rule is planned through its
 * `planned_through`, moved only by compare-and-set, so two instances planning the same step agree.
 */
export const SCHEDULES = 'reminders_rule_schedules';

/** A rule planned from `from` through `to`. */
export interface WatermarkMove {
  ruleDocumentId: string;
  from: Date;
  to: Date;
}

/** A new watermark row, keyed by its rule (its document id is the rule's). */
const newScheduleRow = (ruleDocumentId: string, plannedThrough: Date, now: Date) => ({
  document_id: ruleDocumentId,
  rule_document_id: ruleDocumentId,
  planned_through: plannedThrough,
  created_at: now,
  updated_at: now,
  published_at: now,
});

export const createWatermarksTable = (strapi: Core.Strapi) => {
  const db = (): Knex => strapi.db.connection;

  return {
    /** Where a rule is planned through; undefined before it was ever planned. */
    of: async (ruleDocumentId: string): Promise<Date | undefined> =>
      readDate(
        (await db()(SCHEDULES).where({ rule_document_id: ruleDocumentId }).first('planned_through'))?.planned_through
      ),

    /** Every one of these rules' watermarks, in one query. */
    async ofRules(ruleDocumentIds: string[]): Promise<Map<string, Date | undefined>> {
      const rows = await db()(SCHEDULES)
        .whereIn('rule_document_id', ruleDocumentIds)
        .select('rule_document_id', 'planned_through');
      return new Map(
        rows.map((row: { rule_document_id: string; planned_through: unknown }) => [
          row.rule_document_id,
          readDate(row.planned_through),
        ])
      );
    },

    /** Sets a rule's watermark: only where it has none, or over the one it has (`overwrite`). */
    async set(ruleDocumentId: string, plannedThrough: Date, now: Date, overwrite: boolean) {
      const insert = db()(SCHEDULES)
        .insert(newScheduleRow(ruleDocumentId, plannedThrough, now))
        .onConflict('rule_document_id');
      await (overwrite ? insert.merge({ planned_through: plannedThrough, updated_at: now }) : insert.ignore());
    },

    /**
     * Moves watermarks by compare-and-set, in one transaction: if another instance moved one meanwhile, its
     * plan and ours are the same rows. Losing this write in a crash only plans the step again (the same
     * keys): on PostgreSQL it does not wait for the disk, which on a tick that plans nothing was most of the
     * time. One UPDATE per distinct (from, to): the rules a tick plans usually share both, and an UPDATE per
     * rule was a round trip each, a sixth of such a tick.
     */
    async advance(moves: WatermarkMove[], now: Date) {
      if (moves.length === 0) return;
      const sameMove = new Map<string, WatermarkMove[]>();
      for (const move of moves) {
        const key = `${move.from.getTime()}-${move.to.getTime()}`;
        sameMove.set(key, [...(sameMove.get(key) ?? []), move]);
      }
      await db().transaction(async (trx) => {
        if (isPostgres(strapi)) await trx.raw('SET LOCAL synchronous_commit TO OFF');
        for (const group of sameMove.values()) {
          const { from, to } = group[0];
          await trx(SCHEDULES)
            .whereIn(
              'rule_document_id',
              group.map((move) => move.ruleDocumentId)
            )
            .andWhere({ planned_through: from })
            .update({ planned_through: to, updated_at: now });
        }
      });
    },

    /** Forgets a rule's watermark (a disabled or deleted rule): planned again from scratch if it comes back. */
    async remove(ruleDocumentId: string) {
      await db()(SCHEDULES).where({ rule_document_id: ruleDocumentId }).delete();
    },
  };
};

export type WatermarksTable = ReturnType<typeof createWatermarksTable>;
