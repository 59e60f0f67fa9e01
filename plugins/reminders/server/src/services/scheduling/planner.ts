import type { Core } from '@strapi/strapi';
import { evaluateConditions, conditionsToFilter } from '../../domain/conditions';
import { type PlannedDelivery, type Window, anchorField, anchorRange, isDateAnchor, planRecord } from '../../domain/planning';
import type { Target } from '../../domain/rule-definition';
import { SCHEDULES, cancelQueued, insertPlanned, readDate } from './outbox-table';
import { RULE_UID, type StoredRule, TARGET_UIDS, enabledRules, planningDefaults, pluginConfig } from './settings';

const minutes = (count: number) => count * 60_000;
const day = (date: Date) => date.toISOString().slice(0, 10);

/**
 * The planner: puts every occurrence of every enabled rule into the outbox ahead of time, once.
 * Each rule has a watermark (plannedThrough); a tick plans the window from the watermark to now + horizon
 * with indexed range queries in batches, then moves the watermark by compare-and-set. Planning a window
 * twice (two instances, or a crash before the watermark moved) writes nothing new: the idempotency key is
 * unique in the database.
 */
export const createPlanner = (strapi: Core.Strapi) => {
  const knex = () => strapi.db.connection;

  const storedWatermark = async (rule: StoredRule): Promise<Date | undefined> =>
    readDate((await knex()(SCHEDULES).where({ rule_document_id: rule.documentId }).first('planned_through'))?.planned_through);

  async function watermarkOf(rule: StoredRule, now: Date): Promise<Date> {
    const stored = await storedWatermark(rule);
    if (stored) return stored;
    await setWatermark(rule, readDate(rule.backfillFrom) ?? now, now, false);
    return (await storedWatermark(rule)) as Date;
  }

  /** Sets where a rule's planning starts: now for a new or edited rule, earlier only when the editor asks. */
  async function setWatermark(rule: { documentId: string }, plannedThrough: Date, now: Date, overwrite: boolean) {
    const row = { document_id: rule.documentId, rule_document_id: rule.documentId, planned_through: plannedThrough, created_at: now, updated_at: now, published_at: now };
    const insert = knex()(SCHEDULES).insert(row).onConflict('rule_document_id');
    await (overwrite ? insert.merge({ planned_through: plannedThrough, updated_at: now }) : insert.ignore());
  }

  /** Plans one rule over one window: batches of candidate records by id, exact times in memory. */
  async function planWindow(rule: StoredRule, window: Window, now: Date, onlyDocumentId?: string): Promise<PlannedDelivery[]> {
    const config = pluginConfig(strapi);
    const defaults = planningDefaults(config);
    const field = anchorField(rule);
    const range = anchorRange(rule, window);
    const anchorFilter = isDateAnchor(rule)
      ? { [field]: { $gte: day(range.from), $lte: day(range.to) } }
      : { [field]: { $gte: range.from, $lte: range.to } };
    const filters = [anchorFilter, ...conditionsToFilter(rule.target, rule.conditions ?? []), ...(onlyDocumentId ? [{ documentId: onlyDocumentId }] : [])];
    const batchSize = config.scheduler.planBatchSize;
    const planned: PlannedDelivery[] = [];
    for (let lastId = 0; ; ) {
      const batch = (await strapi.db.query(TARGET_UIDS[rule.target]).findMany({
        where: { $and: [...filters, { id: { $gt: lastId } }] },
        orderBy: { id: 'asc' },
        limit: batchSize,
      })) as (Record<string, unknown> & { id: number; documentId: string })[];
      if (batch.length === 0) break;
      lastId = batch[batch.length - 1].id;
      const rows = batch
        .filter((record) => evaluateConditions(rule.target, rule.conditions ?? [], record).ok)
        .flatMap((record) => planRecord(rule, record, window, now, defaults));
      planned.push(...rows);
      if (batch.length < batchSize) break;
    }
    return planned;
  }

  /** Extends one rule's plan to now + horizon when it has fallen at least one planning step behind. */
  async function planRule(rule: StoredRule, now: Date): Promise<number> {
    const { horizonMinutes, planStepMinutes } = pluginConfig(strapi).scheduler;
    const until = new Date(now.getTime() + minutes(horizonMinutes));
    const plannedThrough = await watermarkOf(rule, now);
    if (until.getTime() - plannedThrough.getTime() < minutes(planStepMinutes)) return 0;
    const written = await insertPlanned(knex(), await planWindow(rule, { from: plannedThrough, to: until }, now), now);
    // Compare-and-set: if another instance moved the watermark meanwhile, its plan and ours are the same rows.
    await knex()(SCHEDULES).where({ rule_document_id: rule.documentId, planned_through: plannedThrough }).update({ planned_through: until, updated_at: now });
    return written;
  }

  return {
    planWindow,

    /** Where planning of a rule stands, without writing: planned through its watermark, else from now. */
    plannedThrough: async (rule: StoredRule, now: Date) => (await storedWatermark(rule)) ?? readDate(rule.backfillFrom) ?? now,

    /**
     * One planner pass over every enabled rule. Returns how many deliveries it wrote, and how many rules
     * failed: one rule that cannot be planned (its error is logged, the next tick tries again) must not stop
     * the others from being planned, nor anything from being sent.
     */
    async plan(now: Date): Promise<{ rules: number; written: number; failed: number }> {
      const rules = await enabledRules(strapi);
      let written = 0;
      let failed = 0;
      for (const rule of rules) {
        try {
          written += await planRule(rule, now);
        } catch (error) {
          failed += 1;
          strapi.log.error(`reminders: planning rule ${rule.documentId} ("${rule.name}") failed, the next tick retries: ${(error as Error).message}`);
        }
      }
      return { rules: rules.length, written, failed };
    },

    /**
     * A record was created, changed or deleted: its queued reminders are cancelled and planned again from
     * its current state, within each rule's maximum lateness up to the rule's watermark (later occurrences
     * are the planner's as usual).
     */
    async replanRecord(target: Target, documentId: string, now: Date, change: 'changed' | 'deleted') {
      const where = { target_type: target, target_document_id: documentId };
      const record = change === 'deleted' ? null : ((await strapi.db.query(TARGET_UIDS[target]).findOne({ where: { documentId } })) as Record<string, unknown> | null);
      if (!record) {
        await cancelQueued(knex(), where, `The ${target} was deleted`, now);
        return;
      }
      const defaults = planningDefaults(pluginConfig(strapi));
      for (const rule of await enabledRules(strapi, target)) {
        const verdict = evaluateConditions(rule.target, rule.conditions ?? [], record);
        const reason = verdict.ok ? `The ${target} changed; re-planned from its new state` : `No longer applies: ${verdict.reason}`;
        await cancelQueued(knex(), { ...where, rule_document_id: rule.documentId }, reason, now);
        if (!verdict.ok) continue;
        const to = await watermarkOf(rule, now);
        const from = new Date(now.getTime() - minutes(rule.maxLatenessMinutes ?? defaults.maxLatenessMinutes) - 1);
        if (from < to) await insertPlanned(knex(), await planWindow(rule, { from, to }, now, documentId), now);
      }
    },

    /**
     * A rule was saved or deleted: what it had queued is cancelled, and an enabled rule is planned again at
     * once from now (or from its backfill date), so an edit neither blasts the past nor resends.
     */
    async ruleChanged(documentId: string, now: Date) {
      const rule = (await strapi.db.query(RULE_UID).findOne({ where: { documentId } })) as StoredRule | null;
      const reason = !rule ? 'The rule was deleted' : !rule.enabled ? 'The rule was disabled' : 'The rule was edited; re-planned';
      await cancelQueued(knex(), { rule_document_id: documentId }, reason, now);
      if (!rule || !rule.enabled) {
        await knex()(SCHEDULES).where({ rule_document_id: documentId }).delete();
        return;
      }
      await setWatermark(rule, readDate(rule.backfillFrom) ?? now, now, true);
      await planRule(rule, now);
    },
  };
};

export type Planner = ReturnType<typeof createPlanner>;
