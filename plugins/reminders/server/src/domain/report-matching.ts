import type { DeliveryStatus } from './delivery-status';

/**
 * Which delivery a kept delivery report is about: a report Africa's Talking posted when no delivery had its
 * message id yet. By id when a delivery has it now; else by phone, when the report can only be about one
 * send whose outcome is unknown (the SMS may have gone out, so no id was stored). Pure: no Strapi, no clock.
 */

/** A kept report, as matching reads it. */
export interface KeptReport {
  id: number;
  messageId: string;
  phone: string | null;
  receivedAt: Date;
}

/** A delivery a kept report may be about: one with a report's message id, or a send to a report's number. */
export interface MatchableDelivery {
  id: number;
  phone: string;
  status: DeliveryStatus;
  messageId: string | null;
  sendStartedAt: Date | null;
}

export interface ReportMatch<R extends KeptReport = KeptReport> {
  report: R;
  deliveryId: number;
  by: 'id' | 'phone';
}

const inOrder = (a: KeptReport, b: KeptReport) => a.receivedAt.getTime() - b.receivedAt.getTime() || a.id - b.id;

/** Whether a report received at `receivedAt` can be about a send started at `startedAt`. */
const withinWindow = (startedAt: Date, receivedAt: Date, windowMs: number) =>
  startedAt.getTime() <= receivedAt.getTime() && receivedAt.getTime() - startedAt.getTime() <= windowMs;

/**
 * The kept reports that match a delivery, in the order they were received (so a report applied later
 * never stands for one received later: the status rules see them as Africa's Talking sent them).
 *
 * A report matches by phone only when the evidence is unambiguous both ways: exactly one `unknown` send
 * to its number without a message id started in the `windowMs` before it was received; no send to that
 * number is still `sending` (its id may yet arrive and match by id); and no other unmatched message id was
 * reported for that number in that send's window (either could be it). A phone match gives the delivery
 * the report's message id, so the later reports of that message match it by id.
 */
export function matchKeptReports<R extends KeptReport>(
  reports: R[],
  deliveries: MatchableDelivery[],
  windowMs: number
): ReportMatch<R>[] {
  const byMessageId = new Map(
    deliveries.flatMap((delivery) => (delivery.messageId ? [[delivery.messageId, delivery.id] as const] : []))
  );
  const resolved = new Set<number>();
  const matches: ReportMatch<R>[] = [];

  for (const report of [...reports].sort(inOrder)) {
    const known = byMessageId.get(report.messageId);
    if (known !== undefined) {
      matches.push({ report, deliveryId: known, by: 'id' });
      continue;
    }
    const { phone } = report;
    if (!phone) continue;
    const toPhone = deliveries.filter((delivery) => delivery.phone === phone);
    if (toPhone.some((delivery) => delivery.status === 'sending')) continue;
    const candidates = toPhone.filter(
      (delivery) =>
        delivery.status === 'unknown' &&
        !delivery.messageId &&
        !resolved.has(delivery.id) &&
        delivery.sendStartedAt &&
        withinWindow(delivery.sendStartedAt, report.receivedAt, windowMs)
    );
    if (candidates.length !== 1) continue;
    const [candidate] = candidates;
    const rival = reports.some(
      (other) =>
        other.phone === phone &&
        other.messageId !== report.messageId &&
        !byMessageId.has(other.messageId) &&
        withinWindow(candidate.sendStartedAt as Date, other.receivedAt, windowMs)
    );
    if (rival) continue;
    resolved.add(candidate.id);
    byMessageId.set(report.messageId, candidate.id);
    matches.push({ report, deliveryId: candidate.id, by: 'phone' });
  }
  return matches;
}
