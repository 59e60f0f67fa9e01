import crypto from 'crypto';
import type { Core } from '@strapi/strapi';
import type { DeliveryEvent, DeliveryStatus } from '../../domain/delivery-status';
import type { PlannedDelivery } from '../../domain/planning';
import { readInstant } from '../../domain/time-zone';

/**
 * Direct access to the outbox table for what the Document Service cannot express atomically: batched
 * inserts under the unique idempotency key, conditional updates, claims. Every statement here is one
 * SQL statement, so correctness never depends on which instance runs it or when.
 */
export const DELIVERIES = 'reminders_deliveries';
export const SCHEDULES = 'reminders_rule_schedules';

/** Marks a cancellation the planner may undo when the reminder applies again (a payment reversed). */
export const NO_LONGER_APPLIES = 'no_longer_applies';

export const newDocumentId = () => crypto.randomBytes(12).toString('hex');
/** Many at once: one call for the random bytes (a call each costs more than the bytes). */
const newDocumentIds = (count: number) => {
  const hex = crypto.randomBytes(12 * count).toString('hex');
  return Array.from({ length: count }, (_, index) => hex.slice(index * 24, index * 24 + 24));
};

export type Knex = Core.Strapi['db']['connection'];

export const isPostgres = (strapi: Core.Strapi) => strapi.db.dialect.client === 'postgres';

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

const eventsJson = (events: DeliveryEvent[]) => JSON.stringify(events);

const PLANNED_ERROR_CODES: Partial<Record<DeliveryStatus, string>> = { expired: 'too_late', skipped: 'not_sendable' };

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
  phone: 'varchar',
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
  'phone',
  'scheduled_for',
  'not_before',
  'delivery_status',
  'attempts',
  'error_code',
  'reason',
  'events',
  'created_at',
  'updated_at',
  'published_at',
] as const satisfies readonly OutboxColumn[];
/** One array parameter per column, typed: `?::varchar[]`. */
const arrayParameters = (columns: readonly OutboxColumn[]) => columns.map((column) => `?::${COLUMN_TYPES[column]}[]`).join(', ');

type PlannedRow = Record<(typeof PLANNED_COLUMNS)[number], unknown>;

const usesPostgres = (knex: Knex) => (knex.client as { dialect?: string }).dialect === 'postgresql';

/**
 * PostgreSQL: one INSERT per chunk whatever its size, with one array parameter per column
 * (`SELECT * FROM unnest($1::varchar[], …)`), instead of a parameter per value. A 500-row multi-VALUES
 * insert has 9,500 parameters to bind and plan; at a hundred thousand reminders that was most of a tick.
 */
async function insertArrays(knex: Knex, rows: PlannedRow[], conflict: string, bindings: unknown[]): Promise<number> {
  const columns = PLANNED_COLUMNS;
  const result = await knex.raw(
    `INSERT INTO ?? (${columns.map(() => '??').join(', ')}) SELECT * FROM unnest(${arrayParameters(columns)}) ${conflict}`,
    [DELIVERIES, ...columns, ...columns.map((column) => rows.map((row) => row[column])), ...bindings]
  );
  // Rows inserted, or updated by the ON CONFLICT clause (a revived cancellation); skipped ones do not count.
  return (result as { rowCount: number }).rowCount;
}

/**
 * Inserts planned deliveries in batches; an existing key is left alone, except a row cancelled because it
 * no longer applied, which comes back to the queue with its new time. Returns how many rows were written.
 */
export async function insertPlanned(knex: Knex, planned: PlannedDelivery[], now: Date, chunkSize = usesPostgres(knex) ? 5000 : 500): Promise<number> {
  let written = 0;
  for (let start = 0; start < planned.length; start += chunkSize) {
    const chunk = planned.slice(start, start + chunkSize);
    const documentIds = newDocumentIds(chunk.length);
    const rows: PlannedRow[] = chunk.map((delivery, index) => ({
      document_id: documentIds[index],
      idempotency_key: delivery.idempotencyKey,
      rule_document_id: delivery.ruleDocumentId,
      target_type: delivery.targetType,
      target_document_id: delivery.targetDocumentId,
      step_index: delivery.stepIndex,
      occurrence: delivery.occurrence,
      recipient_role: delivery.recipientRole,
      phone: delivery.phone,
      scheduled_for: delivery.scheduledFor,
      not_before: delivery.notBefore,
      delivery_status: delivery.status,
      attempts: 0,
      error_code: PLANNED_ERROR_CODES[delivery.status] ?? null,
      reason: delivery.reason ?? null,
      events: eventsJson([{ at: now.toISOString(), status: delivery.status, detail: delivery.reason ?? 'Planned' }]),
      created_at: now,
      updated_at: now,
      published_at: now,
    }));
    const queued = rows.filter((row) => row.delivery_status === 'queued');
    const decided = rows.filter((row) => row.delivery_status !== 'queued');
    if (queued.length && usesPostgres(knex)) {
      written += await insertArrays(
        knex,
        queued,
        `ON CONFLICT (idempotency_key) DO UPDATE SET delivery_status = excluded.delivery_status, not_before = excluded.not_before,
           scheduled_for = excluded.scheduled_for, phone = excluded.phone, error_code = NULL, reason = NULL, updated_at = ?
         WHERE ??.delivery_status = 'cancelled' AND ??.error_code = ?`,
        [now, DELIVERIES, DELIVERIES, NO_LONGER_APPLIES]
      );
    } else if (queued.length) {
      const revived = await knex(DELIVERIES)
        .insert(queued)
        .onConflict('idempotency_key')
        .merge({
          delivery_status: knex.raw('excluded.delivery_status'),
          not_before: knex.raw('excluded.not_before'),
          scheduled_for: knex.raw('excluded.scheduled_for'),
          phone: knex.raw('excluded.phone'),
          error_code: null,
          reason: null,
          updated_at: now,
        })
        .where(`${DELIVERIES}.delivery_status`, 'cancelled')
        .andWhere(`${DELIVERIES}.error_code`, NO_LONGER_APPLIES)
        .returning('id');
      written += revived.length;
    }
    if (decided.length && usesPostgres(knex)) {
      written += await insertArrays(knex, decided, 'ON CONFLICT (idempotency_key) DO NOTHING', []);
    } else if (decided.length) {
      const inserted = await knex(DELIVERIES).insert(decided).onConflict('idempotency_key').ignore().returning('id');
      written += inserted.length;
    }
  }
  return written;
}

/** Cancels queued deliveries matching `where` because they no longer apply; the planner may revive them. */
export async function cancelQueued(knex: Knex, where: Record<string, unknown>, reason: string, now: Date): Promise<number> {
  return knex(DELIVERIES)
    .where({ ...where, delivery_status: 'queued' })
    .update({ delivery_status: 'cancelled', error_code: NO_LONGER_APPLIES, reason, updated_at: now });
}

/** New values for one claimed row, and the claim it was taken under. */
export interface ClaimedRowUpdate {
  id: number;
  claimedBy: string;
  set: Partial<Record<OutboxColumn, unknown>>;
}

/**
 * Writes each row's own values, only where its claim still holds it in one of `statuses` (a lease lost to
 * a recovery, even one that another pass of the same instance then claimed again, leaves the row alone);
 * returns the ids written. PostgreSQL: one UPDATE … FROM
 * unnest(…) per set of columns, so many rows cost one round trip and one commit. SQLite: one
 * transaction, so one commit (it has no round trips to save).
 */
export async function updateClaimed(knex: Knex, updates: ClaimedRowUpdate[], statuses: DeliveryStatus[]): Promise<Set<number>> {
  const written = new Set<number>();
  if (!usesPostgres(knex)) {
    await knex.transaction(async (trx) => {
      for (const { id, claimedBy, set } of updates) {
        if (await trx(DELIVERIES).where({ id, claimed_by: claimedBy }).whereIn('delivery_status', statuses).update(set)) written.add(id);
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
    const result = await knex.raw(
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
