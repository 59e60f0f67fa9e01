import { type DetectedEvent, type RecordEvent, changeContext } from '../../domain/record-events';
import type { TargetDefinition } from '../../domain/targets';
import { type Knex, newDocumentId, readDate } from './outbox-table';

/**
 * The events table: what writes changed that rules count from (paid, rescheduled, cancelled), one row per
 * event, written in the write's own transaction (so a committed write never loses its event, and a rolled
 * back one never leaves one). Rows are kept: an event rule's reminders are planned from them, each once
 * (the event's id is in their idempotency key), by whichever instance plans first.
 */
export const EVENTS = 'reminders_record_events';

interface EventRow {
  id: number;
  target_document_id: string;
  anchor: string;
  change_from: string | null;
  change_to: string | null;
  occurred_at: unknown;
}

const toEvent = (row: EventRow): RecordEvent & { documentId: string } => ({
  id: row.id,
  documentId: row.target_document_id,
  anchor: row.anchor,
  from: row.change_from,
  to: row.change_to,
  occurredAt: readDate(row.occurred_at) as Date,
});

/** Keeps the events one write made, inside its transaction. */
export async function noteEvents(
  trx: Knex,
  target: string,
  documentId: string,
  events: DetectedEvent[],
  now: Date
): Promise<void> {
  if (events.length === 0) return;
  await trx(EVENTS).insert(
    events.map((event) => ({
      document_id: newDocumentId(),
      target_type: target,
      target_document_id: documentId,
      anchor: event.anchor,
      change_from: event.from,
      change_to: event.to,
      occurred_at: now,
      created_at: now,
      updated_at: now,
      published_at: now,
    }))
  );
}

export interface EventQuery {
  target: string;
  anchor: string;
  /** Only events becoming this value ("status changed to…"). */
  to?: string | null;
  /** When they happened: from `since` through `until`. */
  since: Date;
  until: Date;
  documentId?: string;
  afterId: number;
  limit: number;
}

/** A page of the events of one anchor that happened in a range, by id. */
export async function eventsIn(knex: Knex, query: EventQuery): Promise<(RecordEvent & { documentId: string })[]> {
  const rows: EventRow[] = await knex(EVENTS)
    .select('id', 'target_document_id', 'anchor', 'change_from', 'change_to', 'occurred_at')
    .where({ target_type: query.target, anchor: query.anchor })
    .andWhere('occurred_at', '>=', query.since)
    .andWhere('occurred_at', '<=', query.until)
    .andWhere('id', '>', query.afterId)
    .modify((builder) => {
      if (query.to) builder.andWhere('change_to', query.to);
      if (query.documentId) builder.andWhere('target_document_id', query.documentId);
    })
    .orderBy('id')
    .limit(query.limit);
  return rows.map(toEvent);
}

/** What {{ change.* }} shows in a reminder of an event (none without one). */
export async function changeOfEvent(
  knex: Knex,
  target: TargetDefinition,
  eventId: number | null | undefined
): Promise<Record<string, string | null> | undefined> {
  if (!eventId) return undefined;
  const row: EventRow | undefined = await knex(EVENTS)
    .first('id', 'target_document_id', 'anchor', 'change_from', 'change_to', 'occurred_at')
    .where({ id: eventId });
  return row ? changeContext(target, row.anchor, toEvent(row)) : undefined;
}
