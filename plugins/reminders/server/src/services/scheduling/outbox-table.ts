import crypto from 'crypto';
import type { Core } from '@strapi/strapi';
import { type DeliveryEvent, type DeliveryStatus, appendEvent } from '../../domain/delivery-status';
import type { PlannedDelivery } from '../../domain/planning';
import type { MatchableDelivery } from '../../domain/report-matching';
import type { DeliveryEventSource } from '../../domain/webhook-events';
import { type Reason, reason, reasonText } from '../../domain/reasons';
import { readInstant } from '../../domain/time-zone';
import type { DeliveryFilters } from '../delivery-log';
import { isPostgres } from '../../utils';
import {
  type DeliveryChannel,
  EMAIL_KEY_SUFFIX,
  FALLBACK_FAILED_STATUSES,
  FALLBACK_SKIP_CODES,
  emailKeyOf,
} from '../../domain/channels';

/**
 * The one way to the outbox table (content-types/delivery), for every service: batched inserts under the
 * unique idempotency key, conditional updates, claims, and the indexed reads of the log, the dashboard and
 * the rules list. Every write here is one SQL statement (or one transaction), so correctness never depends
 * on which instance runs it or when.
 */
export const DELIVERIES = 'reminders_deliveries';

/** Marks a cancellation the planner may undo when the reminder applies again (a payment reversed). */
export const NO_LONGER_APPLIES = 'no_longer_applies';
/** The target type of a test send's row: an editor's check of the provider, never a customer's reminder (not counted). */
export const TEST_SEND_TARGET = 'test';
/** The target type of the plugin's own answers to a customer's reply and its staff alerts (services/replies). */
export const REPLY_TARGET = 'reply';
/** Messages outside any rule: sent at once, never retried by the dispatcher, never counted against the cap. */
export const DIRECT_TARGETS = [TEST_SEND_TARGET, REPLY_TARGET];

export const newDocumentId = () => crypto.randomBytes(12).toString('hex');
/** Many at once: one call for the random bytes (a call each costs more than the bytes). */
const newDocumentIds = (count: number) => {
  const hex = crypto.randomBytes(12 * count).toString('hex');
  return Array.from({ length: count }, (_, index) => hex.slice(index * 24, index * 24 + 24));
};

export type Knex = Core.Strapi['db']['connection'];

/** Dates come back as Date (PostgreSQL) or epoch milliseconds (SQLite); JSON as objects or text. */
export const readDate = readInstant;
export const readJson = <T>(value: unknown, fallback: T): T => {
  if (value === null || value === undefined) return fallback;
  if (typeof value !== 'string') return value as T;
  try {
    return JSON.parse(value) as T;
  } catch {
    return fallback;
  }
};

/**
 * The reason columns of a write: the English sentence the API and logs keep in `reason`, and the key with its
 * values in `reason_detail` for the admin to say in the editor's language. Every write of a reason goes
 * through here, so the two never disagree; null clears both.
 */
export const reasonColumns = (why: Reason | null | undefined) => ({
  reason: why ? reasonText(why) : null,
  reason_detail: why ? JSON.stringify(why) : null,
});

const PLANNED_ERROR_CODES: Partial<Record<DeliveryStatus, string>> = { expired: 'too_late', skipped: 'not_sendable' };

/** How far back the tick looks for an SMS whose fallback e-mail a crash left unqueued. */
const FALLBACK_SWEEP_DAYS = 7;

/** The outbox columns written in bulk, with their PostgreSQL types (for the array parameters below). */
const COLUMN_TYPES = {
  document_id: 'varchar',
  idempotency_key: 'varchar',
  rule_document_id: 'varchar',
  target_type: 'varchar',
  target_document_id: 'varchar',
  step_index: 'integer',
  occurrence: 'integer',
  recipient_role: 'varchar',
  record_event_id: 'integer',
  channel: 'varchar',
  fallback_channel: 'varchar',
  phone: 'varchar',
  email: 'varchar',
  subject: 'varchar',
  body: 'text',
  encoding: 'varchar',
  segments: 'integer',
  provider: 'varchar',
  provider_message_id: 'varchar',
  cost: 'varchar',
  scheduled_for: 'timestamp',
  not_before: 'timestamp',
  send_started_at: 'timestamp',
  lease_until: 'timestamp',
  delivery_status: 'varchar',
  attempts: 'integer',
  error_code: 'varchar',
  reason: 'text',
  reason_detail: 'jsonb',
  events: 'jsonb',
  created_at: 'timestamp',
  updated_at: 'timestamp',
  published_at: 'timestamp',
} as const;
export type OutboxColumn = keyof typeof COLUMN_TYPES;

/** The columns the planner writes. */
const PLANNED_COLUMNS = [
  'document_id',
  'idempotency_key',
  'rule_document_id',
  'target_type',
  'target_document_id',
  'step_index',
  'occurrence',
  'recipient_role',
  'record_event_id',
  'channel',
  'fallback_channel',
  'phone',
  'email',
  'scheduled_for',
  'not_before',
  'delivery_status',
  'attempts',
  'error_code',
  'reason',
  'reason_detail',
  'events',
  'created_at',
  'updated_at',
  'published_at',
] as const satisfies readonly OutboxColumn[];
/** One array parameter per column, typed: `?::varchar[]`. */
const arrayParameters = (columns: readonly OutboxColumn[]) =>
  columns.map((column) => `?::${COLUMN_TYPES[column]}[]`).join(', ');

type PlannedColumn = (typeof PLANNED_COLUMNS)[number];
type PlannedRow = Record<PlannedColumn, unknown>;

type Row = Record<string, unknown>;
/** Values for some of a row's columns: a WHERE, or a SET. */
export type OutboxValues = Partial<Record<OutboxColumn | 'id' | 'claimed_by', unknown>>;

/**
 * A new outbox row: its own document id, its first timeline event, Strapi's timestamps; `columns` says
 * the rest. The one place rows are built: by the planner, a send now and a test send.
 */
export const newDeliveryRow = <C extends OutboxValues>(
  columns: C,
  event: DeliveryEvent,
  now: Date,
  documentId = newDocumentId()
) => ({
  document_id: documentId,
  ...columns,
  events: JSON.stringify(appendEvent([], event)),
  created_at: now,
  updated_at: now,
  published_at: now,
});

/** A claimed outbox row, as the claim statement returns it. */
export interface ClaimedRow {
  id: number;
  /** The claim: an instance and its dispatch pass. Writes to the row are fenced by it. */
  claimed_by: string;
  idempotency_key: string;
  step_index: number | null;
  occurrence: number | null;
  rule_document_id: string;
  target_type: string;
  target_document_id: string;
  recipient_role: string;
  record_event_id: number | null;
  /** Null on rows written before e-mail existed: SMS. */
  channel: DeliveryChannel | null;
  /** 'email' for the SMS of a "SMS, else e-mail" step. */
  fallback_channel: 'email' | null;
  not_before: unknown;
  scheduled_for: unknown;
  attempts: number;
  events: unknown;
}

const CLAIMED_COLUMNS = [
  'id',
  'claimed_by',
  'idempotency_key',
  'step_index',
  'occurrence',
  'rule_document_id',
  'target_type',
  'target_document_id',
  'recipient_role',
  'record_event_id',
  'channel',
  'fallback_channel',
  'not_before',
  'scheduled_for',
  'attempts',
  'events',
] as const satisfies readonly (keyof ClaimedRow)[];

/** Deliveries that count against a number's frequency cap once their send started: they (may) have reached it. */
const CAP_COUNTED: DeliveryStatus[] = ['sending', 'accepted', 'delivered', 'unknown'];

/** New values for one claimed row, and the claim it was taken under. */
export interface ClaimedRowUpdate {
  id: number;
  claimedBy: string;
  set: Partial<Record<OutboxColumn, unknown>>;
}

/** What a delivery report reads of its delivery. */
export interface ReportedRow {
  id: number;
  documentId: string;
  status: DeliveryStatus;
  events: DeliveryEvent[];
  phone: string;
}

/** The outbox gateway of one Strapi instance. */
export const createOutboxTable = (strapi: Core.Strapi) => {
  const db = (): Knex => strapi.db.connection;
  const postgres = () => isPostgres(strapi);

  /**
   * PostgreSQL: one INSERT per chunk whatever its size, with one array parameter per column
   * (`SELECT … FROM unnest($1::varchar[], …)`), instead of a parameter per value. A 500-row multi-VALUES
   * insert has 9,500 parameters to bind and plan; at a hundred thousand reminders that was most of a tick.
   * A chunk is one rule's reminders planned at one time: a column every row has alike (the rule, the status,
   * the timestamps, the first event, most nulls) is one parameter, not an array of thousands of copies, which
   * pg serialised value by value (a sixth of a fees run's tick).
   */
  async function insertArrays(rows: PlannedRow[], conflict: string, bindings: unknown[]): Promise<number> {
    const comparable = (value: unknown) => (value instanceof Date ? value.getTime() : value);
    const alike = (column: PlannedColumn) =>
      rows.every((row) => comparable(row[column]) === comparable(rows[0][column]));
    // Each row's own document id keeps one array at least: unnest then makes one row per reminder.
    const shared = new Set(PLANNED_COLUMNS.filter((column) => column !== 'document_id' && alike(column)));
    const varying = PLANNED_COLUMNS.filter((column) => !shared.has(column));
    const select = PLANNED_COLUMNS.map((column) =>
      shared.has(column) ? `?::${COLUMN_TYPES[column]}` : 'planned.??'
    ).join(', ');
    const result = await db().raw(
      `INSERT INTO ?? (${PLANNED_COLUMNS.map(() => '??').join(', ')}) SELECT ${select}
       FROM unnest(${arrayParameters(varying)}) AS planned(${varying.map(() => '??').join(', ')}) ${conflict}`,
      [
        DELIVERIES,
        ...PLANNED_COLUMNS,
        ...PLANNED_COLUMNS.map((column) => (shared.has(column) ? rows[0][column] : column)),
        ...varying.map((column) => rows.map((row) => row[column])),
        ...varying,
        ...bindings,
      ]
    );
    // Rows inserted, or updated by the ON CONFLICT clause (a revived cancellation); skipped ones do not count.
    return (result as { rowCount: number }).rowCount;
  }

  /**
   * SQLite: one multi-row VALUES insert per chunk. Not Knex's insert builder: for several rows it writes
   * INSERT … SELECT … UNION ALL and drops an ON CONFLICT … WHERE, so a sent reminder planned again came back
   * to the queue and went twice.
   */
  async function insertValues(rows: PlannedRow[], conflict: string, bindings: unknown[]): Promise<number> {
    const columns = PLANNED_COLUMNS;
    const values = rows.map(() => `(${columns.map(() => '?').join(', ')})`).join(', ');
    const inserted = await db().raw(
      `INSERT INTO ?? (${columns.map(() => '??').join(', ')}) VALUES ${values} ${conflict} RETURNING id`,
      [DELIVERIES, ...columns, ...rows.flatMap((row) => columns.map((column) => row[column])), ...bindings]
    );
    // Rows inserted, or updated by the ON CONFLICT clause (a revived cancellation); skipped ones are not returned.
    return (inserted as unknown[]).length;
  }

  const insertRows = (rows: PlannedRow[], conflict: string, bindings: unknown[]) =>
    postgres() ? insertArrays(rows, conflict, bindings) : insertValues(rows, conflict, bindings);

  /**
   * Inserts planned deliveries in batches; an existing key is left alone, except a row cancelled because it
   * no longer applied, which comes back to the queue with its new time. Returns how many rows were written.
   */
  async function insertPlanned(
    planned: PlannedDelivery[],
    now: Date,
    chunkSize = postgres() ? 5000 : 500
  ): Promise<number> {
    let written = 0;
    for (let start = 0; start < planned.length; start += chunkSize) {
      const chunk = planned.slice(start, start + chunkSize);
      const documentIds = newDocumentIds(chunk.length);
      const rows: PlannedRow[] = chunk.map((delivery, index) =>
        newDeliveryRow(
          {
            idempotency_key: delivery.idempotencyKey,
            rule_document_id: delivery.ruleDocumentId,
            target_type: delivery.targetType,
            target_document_id: delivery.targetDocumentId,
            step_index: delivery.stepIndex,
            occurrence: delivery.occurrence,
            recipient_role: delivery.recipientRole,
            record_event_id: delivery.eventId ?? null,
            channel: delivery.channel,
            fallback_channel: delivery.fallbackChannel ?? null,
            phone: delivery.phone,
            email: delivery.email ?? null,
            scheduled_for: delivery.scheduledFor,
            not_before: delivery.notBefore,
            delivery_status: delivery.status,
            attempts: 0,
            error_code: PLANNED_ERROR_CODES[delivery.status] ?? null,
            ...reasonColumns(delivery.reason),
          },
          {
            at: now.toISOString(),
            status: delivery.status,
            detail: delivery.reason ? reasonText(delivery.reason) : 'Planned',
          },
          now,
          documentIds[index]
        )
      );
      const queued = rows.filter((row) => row.delivery_status === 'queued');
      const decided = rows.filter((row) => row.delivery_status !== 'queued');
      if (queued.length) {
        written += await insertRows(
          queued,
          `ON CONFLICT (idempotency_key) DO UPDATE SET delivery_status = excluded.delivery_status, not_before = excluded.not_before,
             scheduled_for = excluded.scheduled_for, phone = excluded.phone, error_code = NULL, reason = NULL, reason_detail = NULL, updated_at = ?
           WHERE ??.delivery_status = 'cancelled' AND ??.error_code = ?`,
          [now, DELIVERIES, DELIVERIES, NO_LONGER_APPLIES]
        );
      }
      if (decided.length) written += await insertRows(decided, 'ON CONFLICT (idempotency_key) DO NOTHING', []);
    }
    return written;
  }

  /**
   * Writes each row's own values, only where its claim still holds it in one of `statuses` (a lease lost to
   * a recovery, even one that another pass of the same instance then claimed again, leaves the row alone);
   * returns the ids written. PostgreSQL: one UPDATE … FROM
   * unnest(…) per set of columns, so many rows cost one round trip and one commit. SQLite: one
   * transaction, so one commit (it has no round trips to save).
   */
  async function updateClaimed(updates: ClaimedRowUpdate[], statuses: DeliveryStatus[]): Promise<Set<number>> {
    const written = new Set<number>();
    if (!postgres()) {
      await db().transaction(async (trx) => {
        for (const { id, claimedBy, set } of updates) {
          if (
            await trx(DELIVERIES).where({ id, claimed_by: claimedBy }).whereIn('delivery_status', statuses).update(set)
          )
            written.add(id);
        }
      });
      return written;
    }
    const bySignature = new Map<string, ClaimedRowUpdate[]>();
    for (const update of updates) {
      const signature = Object.keys(update.set).sort().join(',');
      bySignature.set(signature, [...(bySignature.get(signature) ?? []), update]);
    }
    for (const [signature, group] of bySignature) {
      const columns = signature.split(',') as OutboxColumn[];
      const result = await db().raw(
        `UPDATE ?? AS d SET ${columns.map(() => '?? = v.??').join(', ')}
         FROM unnest(?::integer[], ?::varchar[], ${arrayParameters(columns)}) AS v(id, claimed_by, ${columns.map(() => '??').join(', ')})
         WHERE d.id = v.id AND d.claimed_by = v.claimed_by AND d.delivery_status IN (${statuses.map(() => '?').join(', ')})
         RETURNING d.id`,
        [
          DELIVERIES,
          ...columns.flatMap((column) => [column, column]),
          group.map((update) => update.id),
          group.map((update) => update.claimedBy),
          ...columns.map((column) => group.map((update) => update.set[column] ?? null)),
          ...columns,
          ...statuses,
        ]
      );
      for (const row of (result as { rows: { id: number }[] }).rows) written.add(row.id);
    }
    return written;
  }

  /** The WHERE of a filtered list: each filter is an equality or a range the outbox indexes serve. */
  function matching(filters: DeliveryFilters) {
    const query = db()(DELIVERIES);
    if (filters.statuses?.length) query.whereIn('delivery_status', filters.statuses);
    if (filters.ruleDocumentId) query.where('rule_document_id', filters.ruleDocumentId);
    if (filters.phone) query.where('phone', filters.phone);
    // Rows written before e-mail existed have no channel: SMS.
    if (filters.channel === 'email') query.where('channel', 'email');
    else if (filters.channel === 'sms') query.where((sms) => sms.where('channel', 'sms').orWhereNull('channel'));
    if (filters.targetType) query.where('target_type', filters.targetType);
    if (filters.targetDocumentId) query.where('target_document_id', filters.targetDocumentId);
    if (filters.from) query.where('not_before', '>=', filters.from);
    if (filters.to) query.where('not_before', '<', filters.to);
    return query;
  }

  /**
   * For each rule, the earliest or latest `not_before` of its deliveries in each edge's status: one statement
   * of scalar subqueries, each an index lookup on (rule, status, not before), whatever the number of rules.
   */
  async function ruleEdges<Edge extends string>(
    ruleDocumentIds: string[],
    edges: Record<Edge, { status: DeliveryStatus; order: 'asc' | 'desc' }>
  ): Promise<Map<string, Record<Edge, Date | undefined>>> {
    const result = new Map<string, Record<Edge, Date | undefined>>();
    if (ruleDocumentIds.length === 0) return result;
    const knex = db();
    const names = Object.keys(edges) as Edge[];
    const rowOf = (ruleDocumentId: string) =>
      knex.select(
        knex.raw('? as rule_document_id', [ruleDocumentId]),
        ...names.map((name) =>
          knex(DELIVERIES)
            .where({ rule_document_id: ruleDocumentId, delivery_status: edges[name].status })
            .orderBy('not_before', edges[name].order)
            .limit(1)
            .select('not_before')
            .as(name)
        )
      );
    const [first, ...rest] = ruleDocumentIds;
    const rows = (await (rest.length ? rowOf(first).unionAll(rest.map(rowOf)) : rowOf(first))) as Record<
      string,
      unknown
    >[];
    for (const row of rows)
      result.set(
        row.rule_document_id as string,
        Object.fromEntries(names.map((name) => [name, readDate(row[name])])) as Record<Edge, Date | undefined>
      );
    return result;
  }

  /**
   * Starts a claimed row's send (writes `set`, which holds its phone) only if the frequency cap allows one
   * more SMS to that number now. `allowedAt` is given the send times to the number since `since` (test sends
   * aside), plus `now` once for every due row to the number that ranks ahead of this one (scheduled earlier,
   * then created earlier) and has not started: the earlier reminder wins a slot both want. Decided and written
   * in one transaction under a lock on the number (PostgreSQL: an advisory lock; SQLite has one writer), so
   * passes on several instances never both take the last slot.
   */
  async function startSendWithinCap(
    update: ClaimedRowUpdate & { set: { phone: string } },
    row: Pick<ClaimedRow, 'scheduled_for'>,
    since: Date,
    now: Date,
    allowedAt: (sent: Date[]) => Date
  ): Promise<{ started: boolean; allowedAt: Date }> {
    const { id, claimedBy, set } = update;
    const scheduledFor = readDate(row.scheduled_for) as Date;
    return db().transaction(async (trx) => {
      if (postgres()) await trx.raw('SELECT pg_advisory_xact_lock(hashtext(?))', [`reminders:phone:${set.phone}`]);
      const toPhone = () =>
        trx(DELIVERIES).where({ phone: set.phone }).whereNot({ id }).whereNotIn('target_type', DIRECT_TARGETS);
      const sent = (await toPhone()
        .whereIn('delivery_status', CAP_COUNTED)
        .andWhere('send_started_at', '>=', since)
        .select('send_started_at')) as { send_started_at: unknown }[];
      const ahead = (await toPhone()
        .whereIn('delivery_status', ['queued', 'sending'])
        .whereNull('send_started_at')
        .andWhere('not_before', '<=', now)
        .andWhere((query) =>
          query
            .where('scheduled_for', '<', scheduledFor)
            .orWhere((same) => same.where('scheduled_for', scheduledFor).andWhere('id', '<', id))
        )
        .count({ count: '*' })) as { count: number | string }[];
      const times = [
        ...sent.map((entry) => readDate(entry.send_started_at) as Date),
        ...Array.from({ length: Number(ahead[0].count) }, () => now),
      ];
      const at = allowedAt(times);
      if (at > now) return { started: false, allowedAt: at };
      const written = await trx(DELIVERIES)
        .where({ id, claimed_by: claimedBy, delivery_status: 'sending' })
        .update(set);
      return { started: written > 0, allowedAt: at };
    });
  }

  /**
   * The e-mails of "SMS, else e-mail" SMS that ended where an e-mail must follow (channels.ts
   * fallsBackToEmail): one queued e-mail each, due now, under the SMS's key with the e-mail suffix, so an
   * SMS never gets two. With `ids`, those SMS only (the dispatcher, a delivery report, right after the
   * write); without, every such SMS settled in the last FALLBACK_SWEEP_DAYS that has none yet (the tick: what
   * a crash between the two writes left). Returns how many e-mails were queued.
   */
  async function queueEmailFallbacks(now: Date, ids?: number[]): Promise<number> {
    const query = db()(`${DELIVERIES} as d`)
      .where('d.fallback_channel', 'email')
      .andWhere((status) =>
        status
          .whereIn('d.delivery_status', [...FALLBACK_FAILED_STATUSES])
          .orWhere((skipped) =>
            skipped.where('d.delivery_status', 'skipped').whereIn('d.error_code', [...FALLBACK_SKIP_CODES])
          )
      )
      .whereNotExists((twin) =>
        twin
          .select(db().raw('1'))
          .from(`${DELIVERIES} as e`)
          .where('e.idempotency_key', db().raw('d.idempotency_key || ?', [EMAIL_KEY_SUFFIX]))
      )
      .select(
        'd.idempotency_key',
        'd.rule_document_id',
        'd.target_type',
        'd.target_document_id',
        'd.step_index',
        'd.occurrence',
        'd.recipient_role',
        'd.record_event_id',
        'd.scheduled_for'
      );
    if (ids) query.whereIn('d.id', ids);
    else query.andWhere('d.updated_at', '>=', new Date(now.getTime() - FALLBACK_SWEEP_DAYS * 86_400_000)).limit(1000);
    const sms: Row[] = await query;
    if (!sms.length) return 0;
    const documentIds = newDocumentIds(sms.length);
    const rows = sms.map(
      (row, index) =>
        newDeliveryRow(
          {
            idempotency_key: emailKeyOf(row.idempotency_key as string),
            rule_document_id: row.rule_document_id,
            target_type: row.target_type,
            target_document_id: row.target_document_id,
            step_index: row.step_index,
            occurrence: row.occurrence,
            recipient_role: row.recipient_role,
            record_event_id: row.record_event_id,
            channel: 'email',
            fallback_channel: null,
            phone: '',
            email: null,
            scheduled_for: readDate(row.scheduled_for),
            not_before: now,
            delivery_status: 'queued',
            attempts: 0,
            error_code: null,
            ...reasonColumns(reason('emailFallback')),
          },
          { at: now.toISOString(), status: 'queued', detail: reasonText(reason('emailFallback')) },
          now,
          documentIds[index]
        ) as PlannedRow
    );
    return insertRows(rows, 'ON CONFLICT (idempotency_key) DO NOTHING', []);
  }

  return {
    insertPlanned,
    updateClaimed,
    startSendWithinCap,
    queueEmailFallbacks,

    /** New rows (a send now, a test send); a key already there is left alone. How many were inserted. */
    insertNew: async (rows: Row[]): Promise<number> =>
      (await db()(DELIVERIES).insert(rows).onConflict('idempotency_key').ignore().returning('id')).length,

    /**
     * One more line on a delivery's timeline (a customer's reply to it), its status unchanged; locked while
     * written on PostgreSQL so a delivery report landing at once keeps its own line. Whether it was there.
     */
    noteOnTimeline: (documentId: string, detail: string, now: Date): Promise<boolean> =>
      db().transaction(async (trx) => {
        const query = trx(DELIVERIES).where({ document_id: documentId }).first('id', 'delivery_status', 'events');
        if (postgres()) query.forUpdate();
        const row = await query;
        if (!row) return false;
        const event = { at: now.toISOString(), status: row.delivery_status as DeliveryStatus, detail };
        await trx(DELIVERIES)
          .where({ id: row.id })
          .update({ events: JSON.stringify(appendEvent(readJson(row.events, []), event)), updated_at: now });
        return true;
      }),

    /** Writes `set` to the rows matching `where`; how many were written. */
    update: (where: OutboxValues, set: OutboxValues): Promise<number> => db()(DELIVERIES).where(where).update(set),

    /** Cancels queued deliveries matching `where` because they no longer apply; the planner may revive them. */
    cancelQueued: (where: OutboxValues, why: Reason, now: Date): Promise<number> =>
      db()(DELIVERIES)
        .where({ ...where, delivery_status: 'queued' })
        .update({
          delivery_status: 'cancelled',
          error_code: NO_LONGER_APPLIES,
          ...reasonColumns(why),
          updated_at: now,
        }),

    /** Rows whose claim's lease ran out: back to the queue if their send never started, else unknown. */
    async recoverExpiredLeases(now: Date): Promise<number> {
      const expired = () => db()(DELIVERIES).where({ delivery_status: 'sending' }).andWhere('lease_until', '<', now);
      const requeued = await expired()
        .whereNull('send_started_at')
        .update({ delivery_status: 'queued', lease_until: null, claimed_by: null, updated_at: now });
      const unknown = await expired()
        .whereNotNull('send_started_at')
        .update({
          delivery_status: 'unknown',
          error_code: 'lease_expired',
          ...reasonColumns(reason('leaseExpired')),
          updated_at: now,
        });
      return requeued + unknown;
    },

    /**
     * Claims at most `limit` queued rows due at `now` (only those with these idempotency keys, when given)
     * for `claimedBy` until `leaseUntil`, in one statement (FOR UPDATE SKIP LOCKED on PostgreSQL; SQLite
     * serialises writers): two claims never take the same row.
     */
    claimDue(
      now: Date,
      limit: number,
      claimedBy: string,
      leaseUntil: Date,
      keys?: string[],
      channel?: DeliveryChannel
    ): Promise<ClaimedRow[]> {
      const knex = db();
      const due = knex(DELIVERIES)
        .select('id')
        .where({ delivery_status: 'queued' })
        .andWhere('not_before', '<=', now)
        .orderBy('not_before')
        .limit(limit);
      if (keys) due.whereIn('idempotency_key', keys);
      // One channel only (e-mails while SMS sending is paused): the index on (channel, status, not before).
      if (channel) due.where('channel', channel);
      if (postgres()) due.forUpdate().skipLocked();
      // A materialised CTE runs the LIMIT … SKIP LOCKED once. As a plain `IN (subquery)` PostgreSQL may plan a
      // nested loop that runs it again for every row it scans, each run locking the next rows: one claim
      // then took every due row, whatever the limit.
      return knex(DELIVERIES)
        .withMaterialized('due', due)
        .whereIn('id', knex('due').select('id'))
        .andWhere({ delivery_status: 'queued' })
        .update({
          delivery_status: 'sending',
          claimed_by: claimedBy,
          lease_until: leaseUntil,
          attempts: knex.raw('attempts + 1'),
          updated_at: now,
        })
        .returning([...CLAIMED_COLUMNS]);
    },

    /** One row by `where`, all its columns. */
    find: (where: OutboxValues): Promise<Row | undefined> => db()(DELIVERIES).where(where).first(),

    /** What the reminder events say of these deliveries, with their rule's name, as committed. */
    async eventSources(ids: number[]): Promise<(DeliveryEventSource & { id: number; rule_name: string | null })[]> {
      const rows: Record<string, unknown>[] = await db()(`${DELIVERIES} as d`)
        .leftJoin('reminders_rules as r', 'r.document_id', 'd.rule_document_id')
        .whereIn('d.id', ids)
        .orderBy('d.id')
        .select(
          'd.id',
          'd.document_id',
          'd.rule_document_id',
          'd.target_type',
          'd.target_document_id',
          'd.recipient_role',
          'd.channel',
          'd.phone',
          'd.delivery_status',
          'd.error_code',
          'd.scheduled_for',
          'd.send_started_at',
          'd.provider_message_id',
          'd.cost',
          'r.name as rule_name'
        );
      return rows.map((row) => ({
        ...(row as unknown as DeliveryEventSource & { rule_name: string | null }),
        id: Number(row.id),
        scheduled_for: readDate(row.scheduled_for) ?? null,
        send_started_at: readDate(row.send_started_at) ?? null,
      }));
    },

    /** One delivery's phone number as stored. */
    phoneOf: async (id: number) => (await db()(DELIVERIES).where({ id }).first('phone'))?.phone as string | undefined,

    /**
     * The delivery a delivery report is about, in the report's transaction: by its message id, or the unknown
     * send (no message id yet) it was matched to by phone. Locked until `trx` ends on PostgreSQL (SQLite
     * serialises writers), so that concurrent reports for one message each land.
     */
    async lockForReport(
      trx: Knex,
      about: { messageId: string } | { unknownSendId: number }
    ): Promise<ReportedRow | null> {
      const query = trx(DELIVERIES).first('id', 'document_id', 'delivery_status', 'events', 'phone');
      if ('messageId' in about) query.where({ provider_message_id: about.messageId });
      else query.where({ id: about.unknownSendId, delivery_status: 'unknown' }).whereNull('provider_message_id');
      if (postgres()) query.forUpdate();
      const row = await query;
      if (!row) return null;
      const events = readJson<unknown>(row.events, []);
      return {
        id: row.id,
        documentId: row.document_id,
        status: row.delivery_status,
        events: Array.isArray(events) ? (events as DeliveryEvent[]) : [],
        phone: row.phone,
      };
    },

    /**
     * What matching kept reports needs of the outbox: the deliveries with these message ids, and the open sends
     * to these numbers (sending, or unknown without a message id since `earliest`).
     */
    async matchableFor(messageIds: string[], phones: string[], earliest: Date): Promise<MatchableDelivery[]> {
      const rows = await db()(DELIVERIES)
        .select('id', 'phone', 'delivery_status', 'provider_message_id', 'send_started_at')
        .whereIn('provider_message_id', messageIds)
        .orWhere((open) =>
          open
            .whereIn('phone', phones)
            .andWhere((status) =>
              status
                .where('delivery_status', 'sending')
                .orWhere((unknown) =>
                  unknown
                    .where('delivery_status', 'unknown')
                    .whereNull('provider_message_id')
                    .andWhere('send_started_at', '>=', earliest)
                )
            )
        );
      return rows.map((row: Record<string, unknown>) => ({
        id: Number(row.id),
        phone: row.phone as string,
        status: row.delivery_status as DeliveryStatus,
        messageId: (row.provider_message_id as string) ?? null,
        sendStartedAt: readDate(row.send_started_at) ?? null,
      }));
    },

    /** Writes what a report changed on the row `lockForReport` returned, in the same transaction. */
    writeReported: (trx: Knex, id: number, events: DeliveryEvent[], set: OutboxValues, now: Date): Promise<number> =>
      trx(DELIVERIES)
        .where({ id })
        .update({ ...set, events: JSON.stringify(events), updated_at: now }),

    /** The document ids of the rows with these keys, in the order they were inserted. */
    documentIdsOf: async (keys: string[]): Promise<string[]> =>
      (
        (await db()(DELIVERIES).whereIn('idempotency_key', keys).orderBy('id').select('document_id')) as {
          document_id: string;
        }[]
      ).map((row) => row.document_id),

    /** When the rule was last sent to the record by hand since `since`, other than with `exceptKeys`. */
    async lastManualSend(
      target: string,
      documentId: string,
      ruleDocumentId: string,
      exceptKeys: string[],
      since: Date
    ): Promise<Date | undefined> {
      const latest = (await db()(DELIVERIES)
        .where({ target_type: target, target_document_id: documentId, rule_document_id: ruleDocumentId })
        .andWhere('idempotency_key', 'like', 'manual:%')
        .whereNotIn('idempotency_key', exceptKeys)
        .andWhere('created_at', '>', since)
        .max({ at: 'created_at' })
        .first()) as { at: unknown } | undefined;
      return readDate(latest?.at);
    },

    /**
     * When a rule first planned a delivery to a record for one anchor value (keys end with it): the record
     * had that anchor at least since then, whatever was written to it later.
     */
    async firstPlannedFor(
      where: { target_type: string; target_document_id: string; rule_document_id: string },
      anchorKey: string
    ): Promise<Date | undefined> {
      const first = (await db()(DELIVERIES)
        .where(where)
        .andWhere('idempotency_key', 'like', `%:${anchorKey}`)
        .min({ at: 'created_at' })
        .first()) as { at: unknown } | undefined;
      return readDate(first?.at);
    },

    /** The queued rows due in (from, to]. */
    queuedBetween: (from: Date, to: Date) =>
      db()(DELIVERIES)
        .where({ delivery_status: 'queued' })
        .andWhere('not_before', '>', from)
        .andWhere('not_before', '<=', to)
        .select(
          'idempotency_key',
          'rule_document_id',
          'target_type',
          'target_document_id',
          'recipient_role',
          'step_index',
          'record_event_id',
          'channel',
          'not_before'
        ) as Promise<
        {
          idempotency_key: string;
          record_event_id: number | null;
          channel: DeliveryChannel;
          rule_document_id: string;
          step_index: number | null;
          target_type: string;
          target_document_id: string;
          recipient_role: ClaimedRow['recipient_role'];
          not_before: unknown;
        }[]
      >,

    /** The keys of these rules' rows due after `since`. */
    /** Which of these idempotency keys the outbox holds, in any status. */
    keysAmong: async (keys: string[]): Promise<Set<string>> =>
      new Set(
        (await db()(DELIVERIES).whereIn('idempotency_key', keys).select('idempotency_key')).map(
          (row: { idempotency_key: string }) => row.idempotency_key
        )
      ),

    matching,

    /** How many rows match, counted up to `cap` + 1 at most. */
    async countMatching(filters: DeliveryFilters, cap: number): Promise<number> {
      // A constant, not a column: the filter's index alone answers (an index-only scan), no table page is read.
      const counted = await db()
        .count({ count: '*' })
        .from(
          matching(filters)
            .select(db().raw('1 as one'))
            .limit(cap + 1)
            .as('capped')
        );
      return Number((counted[0] as { count: number | string }).count);
    },

    /** How many deliveries wait in the queue. */
    async countQueued(): Promise<number> {
      const queued = (await db()(DELIVERIES).where('delivery_status', 'queued').count({ count: '*' })) as {
        count: number | string;
      }[];
      return Number(queued[0].count);
    },

    /** Deliveries in `statuses` per status, cost and period of `periodMs` (from the epoch) due in [from, to): SQLite's dashboard. */
    periodCounts: (statuses: readonly DeliveryStatus[], from: Date, to: Date, periodMs: number) =>
      db()(DELIVERIES)
        .whereIn('delivery_status', statuses)
        .andWhereNot('target_type', TEST_SEND_TARGET)
        .andWhere('not_before', '>=', from)
        .andWhere('not_before', '<', to)
        .select({ status: 'delivery_status' }, db().raw(`cast(not_before / ${periodMs} as integer) as period`), 'cost')
        .count({ count: '*' })
        .groupBy('delivery_status', 'period', 'cost') as Promise<
        { status: DeliveryStatus; period: number; cost: string | null; count: number | string }[]
      >,

    /** One channel's deliveries in `statuses` due in [from, to), per status: the index on (channel, status, not before). */
    channelCounts: (channel: DeliveryChannel, statuses: readonly DeliveryStatus[], from: Date, to: Date) =>
      db()(DELIVERIES)
        .where('channel', channel)
        .whereIn('delivery_status', statuses)
        .andWhere('not_before', '>=', from)
        .andWhere('not_before', '<', to)
        .select({ status: 'delivery_status' })
        .count({ count: '*' })
        .groupBy('delivery_status') as Promise<{ status: DeliveryStatus; count: number | string }[]>,

    /** These rules' deliveries in `statuses` due since `since`, per rule and status, in one statement. */
    ruleCounts: (ruleDocumentIds: string[], statuses: DeliveryStatus[], since: Date) =>
      db()(DELIVERIES)
        .whereIn('rule_document_id', ruleDocumentIds)
        .whereIn('delivery_status', statuses)
        .andWhere('not_before', '>=', since)
        .groupBy('rule_document_id', 'delivery_status')
        .select('rule_document_id', 'delivery_status')
        .count({ count: '*' }) as Promise<
        { rule_document_id: string; delivery_status: DeliveryStatus; count: number | string }[]
      >,

    ruleEdges,

    /**
     * When the first of these deliveries (by idempotency key, or of this rule) that still wait in the queue
     * is due, or the first queued delivery due after `after` (a wake-up timer's time); null when none is.
     */
    async earliestQueued({
      keys,
      rule,
      after,
    }: {
      keys?: string[];
      rule?: string;
      after?: Date;
    }): Promise<Date | null> {
      const query = db()(DELIVERIES).where('delivery_status', 'queued');
      if (keys) query.whereIn('idempotency_key', keys);
      if (rule) query.andWhere('rule_document_id', rule);
      if (after) query.andWhere('not_before', '>', after);
      const first = await query.orderBy('not_before').first('not_before');
      return readDate(first?.not_before) ?? null;
    },
  };
};

export type OutboxTable = ReturnType<typeof createOutboxTable>;
