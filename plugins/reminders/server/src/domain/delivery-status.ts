/** Every state a Delivery can be in (the outbox and the log in one). */
export const DELIVERY_STATUSES = [
  'queued', // planned, waiting for its not-before time
  'sending', // claimed by a dispatcher under a lease
  'accepted', // taken by the provider; a delivery report may follow
  'delivered', // the handset got it (final)
  'failed', // the provider or network gave up (final)
  'rejected', // refused before sending: invalid or blacklisted number (final)
  'unknown', // the send may or may not have gone out; an editor resolves it
  'skipped', // not sent on purpose: conditions, opt-out, quiet hours after the event (final)
  'expired', // became due while nothing could send it, later than the rule's max lateness (final)
  'cancelled', // no longer applies: invoice paid, appointment cancelled, editor's action (final)
] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

export const FINAL_STATUSES: readonly DeliveryStatus[] = [
  'delivered',
  'failed',
  'rejected',
  'skipped',
  'expired',
  'cancelled',
];

export const isFinal = (status: DeliveryStatus) => FINAL_STATUSES.includes(status);

/**
 * Whether a delivery report (or an editor's resolution) may move a delivery from this status to another:
 * a final status never moves back, and nothing but a report or an editor touches a queued row's outcome.
 */
export function canReportMove(from: DeliveryStatus): boolean {
  if (isFinal(from)) return false;
  return from === 'accepted' || from === 'unknown' || from === 'sending';
}

/** One line of a delivery's timeline. */
export interface DeliveryEvent {
  at: string;
  status: DeliveryStatus;
  detail?: string;
}

/** The timeline with one more event, bounded so a flood of duplicate reports cannot grow a row forever. */
export function appendEvent(events: unknown, event: DeliveryEvent, limit = 50): DeliveryEvent[] {
  const list = Array.isArray(events) ? (events as DeliveryEvent[]) : [];
  return [...list, event].slice(-limit);
}
