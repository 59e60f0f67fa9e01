import { fallsBackToEmail } from '../domain/channels';
import crypto from 'crypto';
import type { Core } from '@strapi/strapi';
import type { DeliveryReport } from '../domain/delivery-report';
import { appendEvent, canReportMove } from '../domain/delivery-status';
import { maskPhone } from '../domain/phone';
import { reason } from '../domain/reasons';
import { matchKeptReports } from '../domain/report-matching';
import {
  type StoredReport,
  keepReport,
  keptFor,
  keptIdsSince,
  keptMatching,
  markApplied,
  matchContext,
  unmatchedPage,
} from './provider-reports-table';
import { createRecentKeptReports } from './recent-kept-reports';
import { type OutboxValues, createOutboxTable, reasonColumns } from './scheduling/outbox-table';
import { getConfig, getService } from '../utils';

/** `kept`: no delivery has its message id (yet); it is stored and applied when one matches. */
export type ReportResult = 'updated' | 'recorded' | 'duplicate' | 'kept';
type Applied = Exclude<ReportResult, 'kept'>;

/** A kept report matched by phone to an unknown send: what its timeline says about the match. */
interface PhoneMatch {
  deliveryId: number;
  receivedAt: Date;
}

/** An unmatched report as the admin lists it. */
export interface UnmatchedReport {
  messageId: string;
  phone: string | null;
  status: string;
  failureReason: string | null;
  networkCode: string | null;
  retryCount: number | null;
  receivedAt: string;
}

/** The timeline line of a report; the same report always gives the same line, which is how duplicates are seen. */
function describe(report: DeliveryReport): string {
  const reason = report.failureReason ? ` (${report.failureReason})` : '';
  const network = report.networkCode ? `, network ${report.networkCode}` : '';
  return `Delivery report: ${report.status}${reason}${network}`;
}

/** The same report always gives the same key, so a kept report is stored once however often it comes. */
const keyOf = (report: DeliveryReport) =>
  crypto
    .createHash('sha256')
    .update(`${report.messageId}\n${describe(report)}`)
    .digest('hex');

const reportOf = (stored: StoredReport): DeliveryReport => ({
  messageId: stored.messageId,
  status: stored.status,
  ...(stored.phone ? { phone: stored.phone } : {}),
  ...(stored.networkCode ? { networkCode: stored.networkCode } : {}),
  ...(stored.failureReason ? { failureReason: stored.failureReason } : {}),
});

const hoursOrMinutes = (minutes: number) => (minutes % 60 === 0 ? `${minutes / 60} h` : `${minutes} min`);

/**
 * Applies delivery reports to the delivery log, meant as the provider's report reader says. A report moves a
 * delivery only the way domain/delivery-status allows (a final status never moves back); every report,
 * including one with a status this plugin does not know or one that arrives late, is kept in the
 * delivery's timeline once.
 *
 * A report no delivery has the message id of is kept (content-types/provider-report), never dropped: it
 * came before the dispatcher wrote the id (applied right after that write), or it is about a send whose
 * outcome is unknown (matched by phone, domain/report-matching). The tick retries what is still kept.
 */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const knex = () => strapi.db.connection;
  const outbox = createOutboxTable(strapi);
  /** The clock service's, so that "received" and "send started" are read on the same clock. */
  const clock = (): Date => getService(strapi, 'clock').now();
  const windowMinutes = () => getConfig(strapi).reportMatchWindowMinutes;
  const minutesBefore = (date: Date, minutes: number) => new Date(date.getTime() - minutes * 60_000);
  const recent = createRecentKeptReports(
    (since) => keptIdsSince(knex(), since),
    () => 2 * getConfig(strapi).scheduler.leaseSeconds * 1000
  );

  /**
   * Applies one report to its delivery: the one with its message id, or the unknown send it was matched to
   * by phone (which then takes the message id, with the evidence in its timeline). A kept report is marked
   * applied in the same transaction. Null when that delivery is not there (or no longer unknown).
   */
  async function settle(
    report: DeliveryReport,
    now: Date,
    kept?: { key: string; byPhone?: PhoneMatch }
  ): Promise<Applied | null> {
    const meaning = getService(strapi, 'provider').reportReader().meaning(report);
    const detail = describe(report);
    const byPhone = kept?.byPhone;

    const result = await strapi.db.transaction(async ({ trx }) => {
      const row = await outbox.lockForReport(
        trx,
        byPhone ? { unknownSendId: byPhone.deliveryId } : { messageId: report.messageId }
      );
      if (!row) return null;
      if (kept) await markApplied(trx, kept.key, row.documentId, now);

      let events = row.events;
      if (!byPhone && events.some((event) => event.detail === detail))
        return { outcome: 'duplicate' as const, phone: row.phone, id: row.id, moved: null };

      const from = row.status;
      const to = meaning.kind === 'unrecognised' ? from : meaning.status;
      const moves = to !== from && canReportMove(from);
      const status = moves ? to : from;
      const set: OutboxValues = {};
      if (byPhone) {
        const evidence = `Resolved by a delivery report for ${maskPhone(row.phone)} received at ${byPhone.receivedAt.toISOString()}, message id ${report.messageId}: the only send with an unknown outcome to this number in the ${hoursOrMinutes(windowMinutes())} before it`;
        events = appendEvent(events, { at: now.toISOString(), status: from, detail: evidence });
        set.provider_message_id = report.messageId;
      }
      if (moves) {
        const failure = meaning.kind === 'final' && to !== 'delivered';
        Object.assign(set, {
          delivery_status: to,
          // A failure says why in words; a success clears what an earlier "unknown" said.
          error_code: failure ? meaning.errorCode : null,
          ...reasonColumns(failure && meaning.reason ? reason('text', { text: meaning.reason }) : null),
        });
      }
      await outbox.writeReported(trx, row.id, appendEvent(events, { at: now.toISOString(), status, detail }), set, now);
      return {
        outcome: moves ? ('updated' as const) : ('recorded' as const),
        phone: row.phone,
        id: row.id,
        moved: moves ? { status: to, errorCode: set.error_code } : null,
      };
    });
    // Committed: the transition's event (delivered, failed), once, from the instance that made it.
    if (result?.moved) await getService(strapi, 'reminder-events').transitioned([{ id: result.id, ...result.moved }]);
    // An SMS of a "SMS, else e-mail" step that failed for good: its e-mail (the tick queues it after a crash).
    if (result?.moved && fallsBackToEmail(result.moved.status, result.moved.errorCode as string | null))
      if (await outbox.queueEmailFallbacks(now, [result.id])) getService(strapi, 'scheduler').queued(now);

    // Also on a duplicate: adding is idempotent, and it completes an opt-out a crash may have cut short.
    if (result && meaning.optOut) {
      await getService(strapi, 'opt-outs').add(
        result.phone,
        'blacklisted',
        'Delivery report: the recipient blocked messages'
      );
    }
    return result?.outcome ?? null;
  }

  /** Applies the kept reports among `found` (and the others for their numbers) that match a delivery now, oldest first. */
  async function applyKept(found: StoredReport[], now: Date): Promise<Map<string, Applied>> {
    const outcomes = new Map<string, Applied>();
    if (found.length === 0) return outcomes;
    const window = windowMinutes();
    const oldest = found.reduce(
      (first, report) => (report.receivedAt < first ? report.receivedAt : first),
      found[0].receivedAt
    );
    const { reports, deliveries } = await matchContext(knex(), outbox, found, minutesBefore(oldest, window));
    for (const { report, deliveryId, by } of matchKeptReports(reports, deliveries, window * 60_000)) {
      const byPhone = by === 'phone' ? { deliveryId, receivedAt: report.receivedAt } : undefined;
      const outcome = await settle(reportOf(report), now, { key: report.reportKey, byPhone });
      if (outcome) outcomes.set(report.reportKey, outcome);
    }
    return outcomes;
  }

  return {
    /** A report from the callback: applied to its delivery, or kept until one matches. */
    async apply(report: DeliveryReport, now = clock()): Promise<ReportResult> {
      const applied = await settle(report, now);
      if (applied) return applied;
      const key = keyOf(report);
      const { messageId } = report;
      await keepReport(knex(), { ...report, reportKey: key }, now);
      recent.kept(messageId);
      // Tried again once kept (and known to the dispatcher, which looks after its write, as this looks after
      // its own): the id may have been written meanwhile, or the report settles an unknown send by phone.
      const outcomes = await applyKept(await keptFor(knex(), [messageId]), now);
      return outcomes.get(key) ?? 'kept';
    },

    /** The dispatcher wrote these message ids: the reports kept for them are applied (no query when none was kept lately). */
    async applyRecorded(messageIds: string[], now = clock()): Promise<number> {
      const waiting = await recent.among(messageIds, now);
      return waiting.length ? (await applyKept(await keptFor(knex(), waiting), now)).size : 0;
    },

    /** The tick's safety net: every kept report of the last window that matches a delivery now. */
    async applyMatching(now = clock()): Promise<number> {
      const since = minutesBefore(now, windowMinutes());
      return (await applyKept(await keptMatching(knex(), since, minutesBefore(since, windowMinutes())), now)).size;
    },

    /** The reports no delivery matched yet, newest first. */
    async unmatched(page: number, pageSize: number) {
      const { reports, total } = await unmatchedPage(knex(), page, pageSize);
      const data: UnmatchedReport[] = reports.map(
        ({ messageId, phone, status, failureReason, networkCode, retryCount, receivedAt }) => ({
          messageId,
          phone,
          status,
          failureReason,
          networkCode,
          retryCount,
          receivedAt: receivedAt.toISOString(),
        })
      );
      return { data, pagination: { page, pageSize, total, pageCount: Math.max(1, Math.ceil(total / pageSize)) } };
    },
  };
};
