import type { Core } from '@strapi/strapi';
import { BLACKLIST_FAILURE_REASON, mapDeliveryReport } from '../domain/africastalking-status';
import { appendEvent, canReportMove, type DeliveryEvent, type DeliveryStatus } from '../domain/delivery-status';

const DELIVERY = 'plugin::reminders.delivery';

/** The fields of an Africa's Talking delivery report this plugin reads. */
export interface DeliveryReport {
  id: string;
  status: string;
  networkCode?: string;
  failureReason?: string;
}

export type ReportResult = 'updated' | 'recorded' | 'duplicate' | 'unknown-message';

/** The timeline line of a report; the same report always gives the same line, which is how duplicates are seen. */
function describe(report: DeliveryReport): string {
  const reason = report.failureReason ? ` (${report.failureReason})` : '';
  const network = report.networkCode ? `, network ${report.networkCode}` : '';
  return `Delivery report: ${report.status}${reason}${network}`;
}

/**
 * Applies Africa's Talking delivery reports to the delivery log. A report moves a delivery only the way
 * domain/delivery-status allows (a final status never moves back); every report, including one with a
 * status this plugin does not know or one that arrives late, is kept in the delivery's timeline once.
 */
export default ({ strapi }: { strapi: Core.Strapi }) => ({
  async apply(report: DeliveryReport, now = new Date()): Promise<ReportResult> {
    const mapping = mapDeliveryReport(report.status, report.failureReason);
    const detail = describe(report);

    const result = await strapi.db.transaction(async () => {
      // Locked (PostgreSQL) or serialised (SQLite) so that concurrent reports for one message each land.
      const row = (await strapi.db.entityManager
        .createQueryBuilder(DELIVERY)
        .select(['id', 'deliveryStatus', 'events', 'phone'])
        .where({ providerMessageId: report.id })
        .forUpdate()
        .first()
        .execute()) as { id: number; deliveryStatus: DeliveryStatus; events: unknown; phone: string } | null;
      if (!row) return { outcome: 'unknown-message' as const };

      const events = Array.isArray(row.events) ? (row.events as DeliveryEvent[]) : [];
      if (events.some((event) => event.detail === detail)) return { outcome: 'duplicate' as const, phone: row.phone };

      const from = row.deliveryStatus;
      const to = mapping.kind === 'unrecognised' ? from : mapping.status;
      const moves = to !== from && canReportMove(from, to);
      const status = moves ? to : from;
      const data: Record<string, unknown> = { events: appendEvent(events, { at: now.toISOString(), status, detail }), updatedAt: now };
      if (moves) {
        const failure = mapping.kind === 'final' && to !== 'delivered';
        Object.assign(data, {
          deliveryStatus: to,
          // A failure says why in words; a success clears what an earlier "unknown" said.
          errorCode: failure ? report.failureReason || report.status : null,
          reason: failure ? mapping.reason ?? null : null,
        });
      }
      await strapi.db.query(DELIVERY).update({ where: { id: row.id }, data });
      return { outcome: moves ? ('updated' as const) : ('recorded' as const), phone: row.phone };
    });

    // Also on a duplicate: adding is idempotent, and it completes an opt-out a crash may have cut short.
    if (result.outcome !== 'unknown-message' && report.failureReason === BLACKLIST_FAILURE_REASON) {
      await strapi.plugin('reminders').service('opt-outs').add(result.phone, 'blacklisted', 'Delivery report: the recipient blocked messages');
    }
    return result.outcome;
  },
});
