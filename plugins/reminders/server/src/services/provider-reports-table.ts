import type { KeptReport, MatchableDelivery } from '../domain/report-matching';
import { DELIVERIES, type Knex, type OutboxTable, newDocumentId, readDate } from './scheduling/outbox-table';

/**
 * The table of delivery reports kept because no delivery had their message id when they came
 * (content-types/provider-report). Each read here is one statement over an index, whatever the number of
 * reports: by message id, by (applied, received), by (phone, received).
 */
export const PROVIDER_REPORTS = 'reminders_provider_reports';

export interface StoredReport extends KeptReport {
  reportKey: string;
  status: string;
  failureReason: string | null;
  networkCode: string | null;
  retryCount: number | null;
}

export interface NewReport {
  reportKey: string;
  messageId: string;
  phone?: string;
  status: string;
  failureReason?: string;
  networkCode?: string;
  retryCount?: number;
}

const COLUMNS = [
  'id',
  'report_key',
  'provider_message_id',
  'phone',
  'report_status',
  'failure_reason',
  'network_code',
  'retry_count',
  'received_at',
];

const storedOf = (row: Record<string, unknown>): StoredReport => ({
  id: Number(row.id),
  reportKey: row.report_key as string,
  messageId: row.provider_message_id as string,
  phone: (row.phone as string) ?? null,
  status: row.report_status as string,
  failureReason: (row.failure_reason as string) ?? null,
  networkCode: (row.network_code as string) ?? null,
  retryCount: row.retry_count === null || row.retry_count === undefined ? null : Number(row.retry_count),
  receivedAt: readDate(row.received_at) as Date,
});

/** Stores a report once: the same report again (same key) is left alone. */
export async function keepReport(knex: Knex, report: NewReport, now: Date): Promise<void> {
  await knex(PROVIDER_REPORTS)
    .insert({
      document_id: newDocumentId(),
      report_key: report.reportKey,
      provider_message_id: report.messageId,
      phone: report.phone ?? null,
      report_status: report.status,
      failure_reason: report.failureReason ?? null,
      network_code: report.networkCode ?? null,
      retry_count: report.retryCount ?? null,
      received_at: now,
      created_at: now,
      updated_at: now,
      published_at: now,
    })
    .onConflict('report_key')
    .ignore();
}

/** The kept, unapplied reports of these message ids. */
/** Marks a kept report applied to its delivery (in the transaction that applied it). */
export async function markApplied(knex: Knex, reportKey: string, deliveryDocumentId: string, now: Date): Promise<void> {
  await knex(PROVIDER_REPORTS)
    .where({ report_key: reportKey })
    .whereNull('applied_at')
    .update({ applied_at: now, delivery_document_id: deliveryDocumentId, updated_at: now });
}

export async function keptFor(knex: Knex, messageIds: string[]): Promise<StoredReport[]> {
  const rows = await knex(PROVIDER_REPORTS)
    .select(COLUMNS)
    .whereIn('provider_message_id', messageIds)
    .whereNull('applied_at');
  return rows.map(storedOf);
}

/** The message ids of the unapplied reports received since `since`. */
export async function keptIdsSince(knex: Knex, since: Date): Promise<string[]> {
  const rows = await knex(PROVIDER_REPORTS)
    .distinct('provider_message_id')
    .whereNull('applied_at')
    .andWhere('received_at', '>=', since);
  return rows.map((row: { provider_message_id: string }) => row.provider_message_id);
}

/**
 * The kept, unapplied reports received since `since` that may match now: a delivery has their message id,
 * or an unknown send to their number without one started before them (and after `earliest`). One statement;
 * the exact rules are domain/report-matching's.
 */
export async function keptMatching(knex: Knex, since: Date, earliest: Date): Promise<StoredReport[]> {
  const rows = await knex({ r: PROVIDER_REPORTS })
    .select(COLUMNS.map((column) => `r.${column}`))
    .whereNull('r.applied_at')
    .andWhere('r.received_at', '>=', since)
    .andWhere((match) =>
      match
        .whereExists(
          knex({ d: DELIVERIES }).select(knex.raw('1')).whereRaw('d.provider_message_id = r.provider_message_id')
        )
        .orWhereExists(
          knex({ d: DELIVERIES })
            .select(knex.raw('1'))
            .whereRaw('d.phone = r.phone')
            .andWhere('d.delivery_status', 'unknown')
            .whereNull('d.provider_message_id')
            .andWhere('d.send_started_at', '>=', earliest)
            .andWhereRaw('d.send_started_at <= r.received_at')
        )
    );
  return rows.map(storedOf);
}

/**
 * What matching needs to know around some kept reports, in two statements: the deliveries with their
 * message ids and the open sends to their numbers (sending, or unknown without an id since `earliest`),
 * and every other unapplied report for those numbers since `earliest` (a rival message id).
 */
export async function matchContext(
  knex: Knex,
  outbox: Pick<OutboxTable, 'matchableFor'>,
  found: StoredReport[],
  earliest: Date
): Promise<{ reports: StoredReport[]; deliveries: MatchableDelivery[] }> {
  const messageIds = [...new Set(found.map((report) => report.messageId))];
  const phones = [...new Set(found.flatMap((report) => (report.phone ? [report.phone] : [])))];
  const deliveries = await outbox.matchableFor(messageIds, phones, earliest);
  const others = phones.length
    ? (
        await knex(PROVIDER_REPORTS)
          .select(COLUMNS)
          .whereIn('phone', phones)
          .whereNull('applied_at')
          .andWhere('received_at', '>=', earliest)
      ).map(storedOf)
    : [];
  const reports = new Map([...found, ...others].map((report) => [report.id, report]));
  return { reports: [...reports.values()], deliveries };
}

/** One page of the reports that matched nothing yet, newest first, with their total. */
export async function unmatchedPage(
  knex: Knex,
  page: number,
  pageSize: number
): Promise<{ reports: StoredReport[]; total: number }> {
  const unmatched = () => knex(PROVIDER_REPORTS).whereNull('applied_at');
  const rows = await unmatched()
    .select(COLUMNS)
    .orderBy([
      { column: 'received_at', order: 'desc' },
      { column: 'id', order: 'desc' },
    ])
    .limit(pageSize)
    .offset((page - 1) * pageSize);
  const [{ count }] = (await unmatched().count({ count: '*' })) as { count: number | string }[];
  return { reports: rows.map(storedOf), total: Number(count) };
}
