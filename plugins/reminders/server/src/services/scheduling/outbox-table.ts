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

/**
 * Inserts planned deliveries in batches; an existing key is left alone, except a row cancelled because it
 * no longer applied, which comes back to the queue with its new time. Returns how many rows were written.
 */
export async function insertPlanned(knex: Knex, planned: PlannedDelivery[], now: Date, chunkSize = 500): Promise<number> {
  let written = 0;
  for (let start = 0; start < planned.length; start += chunkSize) {
    const rows = planned.slice(start, start + chunkSize).map((delivery) => ({
      document_id: newDocumentId(),
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
    if (queued.length) {
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
    if (decided.length) {
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
