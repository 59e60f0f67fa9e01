import type { Core } from '@strapi/strapi';
import { conditionFieldsOf, evaluateConditions, conditionsToFilter } from '../../domain/conditions';
import { type AnchorSlice, anchorSlices } from '../../domain/anchor-slices';
import {
  type PlannedDelivery,
  type PlanningDefaults,
  type Window,
  anchorField,
  anchorKey,
  anchorRange,
  anchorValueOf,
  fieldsReadBy,
  isEventAnchor,
  planRecord,
} from '../../domain/planning';
import { reason } from '../../domain/reasons';
import type { TargetDefinition } from '../../domain/targets';
import { createOutboxTable, readDate } from './outbox-table';
import { eventsIn } from './record-events-table';
import { type RuleRow, enabledRules, ruleRow } from './rule-rows';
import { type WatermarkMove, createWatermarksTable } from './watermarks-table';
import { getConfig, getService } from '../../utils';

const minutes = (count: number) => count * 60_000;
/** Planned deliveries written per statement. */
const INSERT_BATCH = 5000;
/** Insert statements of one rule in flight at once. */
const WRITES_IN_FLIGHT = 2;
/** Rules a tick plans at once: a few of the pool's connections (the pool also serves requests). */
const RULES_IN_FLIGHT = 4;

/** How far ahead a re-plan reports what it queued: the next tick is nearer (it runs every minute by default). */
const SOON_MS = minutes(60);

const keysDueWithin = (planned: PlannedDelivery[], until: number) =>
  planned
    .filter((delivery) => delivery.status === 'queued' && delivery.notBefore.getTime() <= until)
    .map((delivery) => delivery.idempotencyKey);

/** `work` on every item, at most `lanes` at once; the results in the items' order. */
async function mapInLanes<T, R>(items: T[], lanes: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const lane = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(lanes, items.length) }, lane));
  return results;
}

/**
 * Records in a slice's time zones (null: records without their own zone, which use the rule's or the
 * default). A target without a time zone field has only those.
 */
const zoneFilter = (target: TargetDefinition, zones: AnchorSlice['zones']): Record<string, unknown>[] => {
  const field = target.paths.timezone;
  if (zones === 'any' || !field) return [];
  const named = zones.filter((zone): zone is string => zone !== null);
  const withoutZone = zones.includes(null) ? [{ [field]: { $null: true } }, { [field]: '' }] : [];
  return [{ $or: [...withoutZone, ...(named.length ? [{ [field]: { $in: named } }] : [])] }];
};

/** What a tick has already read for every rule it plans. */
interface TickReads {
  watermark?: Date;
  zonesOf?: (target: TargetDefinition) => Promise<string[]>;
  defaults?: () => Promise<PlanningDefaults>;
}

/** What planning one rule wrote, and its watermark move when it was planned. */
interface RuleOutcome {
  written: number;
  move?: WatermarkMove;
}

export interface PlanWindowOptions {
  /** The time zones the target's records use, when the caller already read them (one tick, many rules). */
  zones?: string[];
  /** Receives each batch's deliveries instead of the returned list, so a big window never sits in memory. */
  sink?: (planned: PlannedDelivery[]) => Promise<void>;
  /** When the record was written, for minimum notice (planRecord); else each record's updatedAt. */
  writtenAt?: Date;
  /** The planning defaults, when the caller already read them (one tick, many rules). */
  defaults?: PlanningDefaults;
}

/**
 * The planner: puts every occurrence of every enabled rule into the outbox ahead of time, once.
 * Each rule has a watermark (plannedThrough); a tick plans the window from the watermark to now + horizon
 * with indexed range queries in batches, then moves the watermark by compare-and-set. Planning a window
 * twice (two instances, or a crash before the watermark moved) writes nothing new: the idempotency key is
 * unique in the database.
 */
export const createPlanner = (strapi: Core.Strapi) => {
  const outbox = createOutboxTable(strapi);
  const watermarks = createWatermarksTable(strapi);
  const targets = () => getService(strapi, 'targets');

  /** Where a rule's planning stands; a new rule starts now, or earlier only when the editor asks (backfill). */
  async function watermarkOf(rule: RuleRow, now: Date): Promise<Date> {
    const stored = await watermarks.of(rule.documentId);
    if (stored) return stored;
    await watermarks.set(rule.documentId, readDate(rule.backfillFrom) ?? now, now, false);
    return (await watermarks.of(rule.documentId)) as Date;
  }

  /**
   * Every time zone the records of a target carry: a walk down the index on timezone, one probe per zone
   * (a recursive query; PostgreSQL and SQLite have no skip scan of their own).
   */
  async function zonesOf(target: TargetDefinition): Promise<string[]> {
    if (!target.paths.timezone) return [];
    const meta = strapi.db.metadata.get(target.uid);
    const column =
      (meta.attributes[target.paths.timezone] as { columnName?: string } | undefined)?.columnName ??
      target.paths.timezone;
    const result = await strapi.db.connection.raw(
      `WITH RECURSIVE zones(zone) AS (
         SELECT MIN(??) FROM ?? WHERE ?? > ''
         UNION ALL
         SELECT (SELECT MIN(??) FROM ?? WHERE ?? > zones.zone) FROM zones WHERE zones.zone IS NOT NULL
       ) SELECT zone FROM zones WHERE zone IS NOT NULL`,
      [column, meta.tableName, column, column, meta.tableName, column]
    );
    return ((Array.isArray(result) ? result : result.rows) as { zone: string }[]).map((row) => row.zone);
  }

  /**
   * Plans one rule over one window: the records whose anchor can put an occurrence in the window, zone by
   * zone (anchorSlices), in batches by id; exact times in memory.
   */
  async function planWindow(
    rule: RuleRow,
    window: Window,
    now: Date,
    onlyDocumentId?: string,
    options: PlanWindowOptions = {}
  ): Promise<PlannedDelivery[]> {
    const config = getConfig(strapi);
    const defaults = options.defaults ?? (await getService(strapi, 'protection').planningDefaults());
    const target = await targets().get(rule.target);
    if (isEventAnchor(target, rule))
      return planFromEvents(rule, target, window, now, defaults, { ...options, documentId: onlyDocumentId });
    const field = anchorField(target, rule);
    const slices = anchorSlices(target, rule, window, options.zones ?? (await zonesOf(target)), defaults);
    if (slices.length === 0) return [];
    const anchorFilter = {
      $or: slices.map((slice) => ({
        $and: [
          ...zoneFilter(target, slice.zones),
          { $or: slice.ranges.map((range) => ({ [field]: { $gte: range.from, $lte: range.to } })) },
        ],
      })),
    };
    const filters = [
      anchorFilter,
      ...conditionsToFilter(rule.conditions),
      ...(onlyDocumentId ? [{ documentId: onlyDocumentId }] : []),
    ];
    const batchSize = config.scheduler.planBatchSize;
    // Only the columns planning reads: a record row is wide, and over a hundred thousand records reading
    // the rest was a third of the time.
    const conditionFields = conditionFieldsOf(rule.conditions);
    const select = [...fieldsReadBy(target, rule), ...conditionFields];
    // First the ids of every record in the window, in one query without a LIMIT: PostgreSQL then reads
    // them by the anchor's index. Batches of "id > last ORDER BY id LIMIT n" over the whole filter were
    // planned as a walk down the primary key, filtering: at 10,000,000 invoices a second per batch, the
    // whole table over a window. Then the records by id, a batch at a time, the filters checked again.
    const ids = (await targets().findRecords(target, { $and: filters }, { select: [], orderBy: { id: 'asc' } })).map(
      (record) => record.id
    );
    const read = (start: number) =>
      start >= ids.length
        ? Promise.resolve([])
        : targets().findRecords(
            target,
            { $and: [...filters, { id: { $in: ids.slice(start, start + batchSize) } }] },
            { select, orderBy: { id: 'asc' } }
          );
    const planned: PlannedDelivery[] = [];
    // The next batch is read while this one is planned and written: the database and JavaScript overlap.
    let writing: Promise<void> = Promise.resolve();
    for (let start = 0, batch = await read(0); start < ids.length;) {
      start += batchSize;
      const reading = start < ids.length ? read(start) : null;
      reading?.catch(() => undefined); // awaited below; not an unhandled rejection meanwhile
      const rows = batch
        .filter((record) => evaluateConditions(target, rule.conditions ?? [], record).ok)
        .flatMap((record) => planRecord(target, rule, record, window, now, defaults, options.writtenAt));
      await writing;
      if (options.sink) {
        writing = options.sink(rows);
        writing.catch(() => undefined); // awaited before the next write and at the end
      } else planned.push(...rows);
      if (!reading) break;
      batch = await reading;
    }
    await writing;
    return planned;
  }

  /**
   * Plans an event rule over one window: the events of its anchor whose reminders can fall in the window,
   * in batches by id, each with its record as it is now (conditions hold on it, as for any rule).
   */
  async function planFromEvents(
    rule: RuleRow,
    target: TargetDefinition,
    window: Window,
    now: Date,
    defaults: PlanningDefaults,
    options: PlanWindowOptions & { documentId?: string }
  ): Promise<PlannedDelivery[]> {
    const batchSize = getConfig(strapi).scheduler.planBatchSize;
    const range = anchorRange(target, rule, window);
    const conditions = rule.conditions ?? [];
    const select = [...fieldsReadBy(target, rule), ...conditionFieldsOf(conditions)];
    const planned: PlannedDelivery[] = [];
    for (let afterId = 0; ;) {
      const events = await eventsIn(strapi.db.connection, {
        target: target.key,
        anchor: rule.anchor,
        to: rule.eventTo,
        since: range.from,
        until: range.to,
        documentId: options.documentId,
        afterId,
        limit: batchSize,
      });
      if (events.length === 0) break;
      const documentIds = [...new Set(events.map((event) => event.documentId))];
      const records = new Map(
        (
          await targets().findRecords(
            target,
            { $and: [{ documentId: { $in: documentIds } }, ...conditionsToFilter(conditions)] },
            { select }
          )
        ).map((record) => [record.documentId, record])
      );
      const rows = events.flatMap((event) => {
        const record = records.get(event.documentId);
        return record && evaluateConditions(target, conditions, record).ok
          ? planRecord(target, rule, record, window, now, defaults, options.writtenAt, event)
          : [];
      });
      if (options.sink) await options.sink(rows);
      else planned.push(...rows);
      if (events.length < batchSize) break;
      afterId = events[events.length - 1].id;
    }
    return planned;
  }

  /**
   * Extends one rule's plan to now + horizon when it has fallen at least one planning step behind; returns
   * what it wrote and the watermark move for the caller to make (after the writes, never before).
   */
  async function planRule(rule: RuleRow, now: Date, tick: TickReads = {}): Promise<RuleOutcome> {
    const { horizonMinutes, planStepMinutes } = getConfig(strapi).scheduler;
    const until = new Date(now.getTime() + minutes(horizonMinutes));
    const plannedThrough = tick.watermark ?? (await watermarkOf(rule, now));
    if (until.getTime() - plannedThrough.getTime() < minutes(planStepMinutes)) return { written: 0 };
    const zones = await tick.zonesOf?.(await targets().get(rule.target));
    const defaults = await tick.defaults?.();
    let written = 0;
    // Deliveries go into the outbox as they are planned, a few thousand at a time: memory stays bounded
    // whatever the window holds, and big windows are written in few statements. Two statements may be in
    // flight: PostgreSQL inserts one batch (its indexes are most of that) while it parses the next, and
    // the planning goes on meanwhile. Their order does not matter: each key is unique, the watermark moves
    // after all of them.
    let pending: PlannedDelivery[] = [];
    const inFlight: Promise<void>[] = [];
    const flush = async () => {
      const rows = pending;
      pending = [];
      const write = outbox.insertPlanned(rows, now).then((count) => {
        written += count;
      });
      write.catch(() => undefined); // awaited below; not an unhandled rejection meanwhile
      inFlight.push(write);
      if (inFlight.length >= WRITES_IN_FLIGHT) await inFlight.shift();
    };
    await planWindow(rule, { from: plannedThrough, to: until }, now, undefined, {
      zones,
      defaults,
      sink: async (planned) => {
        pending.push(...planned);
        if (pending.length >= INSERT_BATCH) await flush();
      },
    });
    await flush();
    await Promise.all(inFlight);
    return { written, move: { ruleDocumentId: rule.documentId, from: plannedThrough, to: until } };
  }

  /**
   * When the record got its current anchor, for minimum notice: this write, unless the rule already planned
   * for the same anchor value earlier (an edit of another field is not a new booking).
   */
  async function anchorWrittenAt(
    target: TargetDefinition,
    rule: RuleRow,
    record: Record<string, unknown>,
    where: { target_type: string; target_document_id: string },
    writtenAt: Date
  ): Promise<Date | undefined> {
    if (!rule.steps.some((step) => step.minimumNotice)) return undefined;
    const anchor = anchorValueOf(target, rule, record);
    if (!anchor) return undefined;
    const planned = await outbox.firstPlannedFor({ ...where, rule_document_id: rule.documentId }, anchorKey(anchor));
    return planned && planned < writtenAt ? planned : writtenAt;
  }

  return {
    planWindow,

    /** Where planning of a rule stands, without writing: planned through its watermark, else from now. */
    plannedThrough: async (rule: RuleRow, now: Date) =>
      (await watermarks.of(rule.documentId)) ?? readDate(rule.backfillFrom) ?? now,

    /**
     * One planner pass over every enabled rule. Returns how many deliveries it wrote, and how many rules
     * failed: one rule that cannot be planned (its error is logged, the next tick tries again) must not stop
     * the others from being planned, nor anything from being sent.
     */
    async plan(now: Date): Promise<{ rules: number; written: number; failed: number }> {
      // A rule whose target is no longer mapped waits to be disabled (targets.reconcile) without being planned.
      const known = await targets().all();
      const rules = (await enabledRules(strapi)).filter((rule) => Object.hasOwn(known, rule.target));
      // Every rule's watermark in one query, and the zones the records use once per target: a tick that
      // plans nothing costs a few round trips, not a few per rule.
      const stored = await watermarks.ofRules(rules.map((rule) => rule.documentId));
      // Read once per target, and only when a rule of it is planned (most ticks plan nothing).
      const zones = new Map<string, Promise<string[]>>();
      const zonesOfTarget = (target: TargetDefinition) => {
        if (!zones.has(target.key)) zones.set(target.key, zonesOf(target));
        return zones.get(target.key) as Promise<string[]>;
      };
      // The business calendar is in Strapi's store: read once per tick, and only when a rule is planned.
      let defaults: Promise<PlanningDefaults> | undefined;
      const defaultsOfTick = () => (defaults ??= getService(strapi, 'protection').planningDefaults());
      let failed = 0;
      const planOne = async (rule: RuleRow): Promise<RuleOutcome> => {
        try {
          return await planRule(rule, now, {
            watermark: stored.get(rule.documentId),
            zonesOf: zonesOfTarget,
            defaults: defaultsOfTick,
          });
        } catch (error) {
          failed += 1;
          strapi.log.error(
            `reminders: planning rule ${rule.documentId} ("${rule.name}") failed, the next tick retries: ${(error as Error).message}`
          );
          return { written: 0 };
        }
      };
      // A rule's time is mostly round trips and waiting for them: a few rules at once overlap them.
      const outcomes = await mapInLanes(rules, RULES_IN_FLIGHT, planOne);
      const written = outcomes.reduce((sum, outcome) => sum + outcome.written, 0);
      // Every watermark moves at the end, after every rule's writes, in the rules' order.
      const moves = outcomes.flatMap((outcome) => (outcome.move ? [outcome.move] : []));
      await watermarks.advance(moves, now);
      return { rules: rules.length, written, failed };
    },

    /**
     * A record was created, changed or deleted (its first un-followed write at `since`): its queued
     * reminders are cancelled and planned again from its current state. Occurrences from the rule's maximum
     * lateness before that write are planned (what fell due while nobody followed the write is sent, or
     * recorded as expired), through the horizon: a tick planning the same window concurrently may have read
     * the record before the write; its rows for the old state are caught at send time. Returns when the
     * first reminder it queued within the hour is due (null: none), so a due one is sent at once (wake-ups.ts).
     */
    async replanRecord(targetKey: string, documentId: string, now: Date, since: Date = now): Promise<Date | null> {
      const where = { target_type: targetKey, target_document_id: documentId };
      const target = (await targets().all())[targetKey] as TargetDefinition | undefined;
      if (!target) {
        await outbox.cancelQueued(where, reason('targetGone', { target: targetKey }), now);
        return null;
      }
      const record = await targets().findRecord(target, documentId);
      if (!record) {
        const gone = reason(target.publishedOnly ? 'recordUnpublished' : 'recordDeleted', { target: targetKey });
        await outbox.cancelQueued(where, gone, now);
        return null;
      }
      const config = getConfig(strapi);
      const defaults = await getService(strapi, 'protection').planningDefaults();
      const horizonEnd = new Date(
        now.getTime() + minutes(config.scheduler.horizonMinutes + config.scheduler.planStepMinutes)
      );
      const changedAt = Math.min(since.getTime(), now.getTime());
      const soon: string[] = [];
      for (const rule of await enabledRules(strapi, targetKey)) {
        const verdict = evaluateConditions(target, rule.conditions ?? [], record);
        const why = verdict.ok ? reason('recordChanged', { target: targetKey }) : verdict.reason;
        await outbox.cancelQueued({ ...where, rule_document_id: rule.documentId }, why, now);
        if (!verdict.ok) continue;
        const watermark = await watermarkOf(rule, now);
        const to = new Date(Math.max(watermark.getTime(), horizonEnd.getTime()));
        const from = new Date(changedAt - minutes(rule.maxLatenessMinutes ?? defaults.maxLatenessMinutes) - 1);
        const writtenAt = await anchorWrittenAt(target, rule, record, where, new Date(changedAt));
        const planned = await planWindow(rule, { from, to }, now, documentId, { writtenAt });
        await outbox.insertPlanned(planned, now);
        soon.push(...keysDueWithin(planned, now.getTime() + SOON_MS));
      }
      // Planned is not queued: a key that was there already (sent before this write) was left alone.
      return soon.length ? outbox.earliestQueued({ keys: soon }) : null;
    },

    /**
     * A rule was saved or deleted: what it had queued is cancelled, and an enabled rule is planned again at
     * once from now (or from its backfill date), so an edit neither blasts the past nor resends. Returns
     * when the first reminder it now has queued is due (null: none).
     */
    async ruleChanged(documentId: string, now: Date): Promise<Date | null> {
      const rule = await ruleRow(strapi, documentId);
      const why = reason(!rule ? 'ruleDeleted' : !rule.enabled ? 'ruleDisabled' : 'ruleEdited');
      await outbox.cancelQueued({ rule_document_id: documentId }, why, now);
      if (!rule || !rule.enabled) {
        await watermarks.remove(documentId);
        return null;
      }
      await watermarks.set(rule.documentId, readDate(rule.backfillFrom) ?? now, now, true);
      const { move } = await planRule(rule, now);
      await watermarks.advance(move ? [move] : [], now);
      return outbox.earliestQueued({ rule: documentId });
    },
  };
};

export type Planner = ReturnType<typeof createPlanner>;
