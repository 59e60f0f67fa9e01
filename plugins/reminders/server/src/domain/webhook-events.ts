import crypto from 'crypto';
import type { DeliveryStatus } from './delivery-status';

/**
 * The reminder events offered to Strapi's webhooks (Settings → Webhooks), by Strapi's key for them. No
 * `reminder.queued`: planning writes reminders up to a day ahead, a hundred thousand at once; the upcoming
 * preview of the public API says what will be sent instead (docs/webhooks.md).
 */
export const REMINDER_EVENTS = {
  REMINDER_SENT: 'reminder.sent',
  REMINDER_DELIVERED: 'reminder.delivered',
  REMINDER_FAILED: 'reminder.failed',
  REMINDER_OPTED_OUT: 'reminder.opted-out',
} as const;
export type ReminderEvent = (typeof REMINDER_EVENTS)[keyof typeof REMINDER_EVENTS];

/**
 * The event a delivery's new status makes, if any: taken by the provider (sent), handed to the phone
 * (delivered), refused or given up on (failed), or not sent because the number opted out.
 */
export function eventOfTransition(status: DeliveryStatus, errorCode?: unknown): ReminderEvent | null {
  if (status === 'accepted') return REMINDER_EVENTS.REMINDER_SENT;
  if (status === 'delivered') return REMINDER_EVENTS.REMINDER_DELIVERED;
  if (status === 'failed' || status === 'rejected') return REMINDER_EVENTS.REMINDER_FAILED;
  if (status === 'skipped' && errorCode === 'opted_out') return REMINDER_EVENTS.REMINDER_OPTED_OUT;
  return null;
}

/** A number with all but its last three digits hidden: +*********678. */
export function maskAllButLast3(phone: string): string {
  const plus = phone.startsWith('+') ? '+' : '';
  const digits = phone.slice(plus.length);
  if (digits.length <= 3) return plus + '*'.repeat(digits.length);
  return plus + '*'.repeat(digits.length - 3) + digits.slice(-3);
}

/** What an event says about its delivery. Strings and nulls only, so that it serialises the same everywhere. */
export interface DeliveryEventPayload {
  documentId: string;
  rule: { documentId: string | null; name: string | null };
  target: { type: string; documentId: string | null };
  recipientRole: string | null;
  channel: 'sms' | 'email';
  /** An SMS's number, all but its last three digits masked; empty for an e-mail. */
  phone: string;
  status: DeliveryStatus;
  scheduledFor: string | null;
  sentAt: string | null;
  providerMessageId: string | null;
  cost: string | null;
}

/** A delivery as the outbox has it (column names), once the transition is written. */
export interface DeliveryEventSource {
  document_id: string;
  rule_document_id?: string | null;
  target_type: string;
  target_document_id?: string | null;
  recipient_role?: string | null;
  channel?: 'sms' | 'email' | null;
  phone?: string | null;
  delivery_status: DeliveryStatus;
  error_code?: string | null;
  scheduled_for?: Date | null;
  send_started_at?: Date | null;
  provider_message_id?: string | null;
  cost?: string | null;
}

const iso = (date: Date | null | undefined) => (date ? date.toISOString() : null);

export function eventPayload(row: DeliveryEventSource, ruleName: string | null): DeliveryEventPayload {
  return {
    documentId: row.document_id,
    rule: { documentId: row.rule_document_id ?? null, name: ruleName },
    target: { type: row.target_type, documentId: row.target_document_id ?? null },
    recipientRole: row.recipient_role ?? null,
    channel: row.channel ?? 'sms',
    phone: maskAllButLast3(row.phone ?? ''),
    status: row.delivery_status,
    scheduledFor: iso(row.scheduled_for),
    sentAt: iso(row.send_started_at),
    providerMessageId: row.provider_message_id ?? null,
    cost: row.cost ?? null,
  };
}

/** What a webhook's body carries besides Strapi's own `event` and `createdAt`. */
export interface SignedEvent {
  /** Unix seconds when the event was made: a receiver refuses old ones, so a captured body cannot be replayed later. */
  timestamp: number;
  delivery: DeliveryEventPayload;
  /** `sha256=` + hex HMAC-SHA256 of `${timestamp}.${event}.${JSON.stringify(delivery)}`; absent without a secret. */
  signature?: string;
}

export const signatureOf = (secret: string, timestamp: number, event: string, delivery: DeliveryEventPayload) =>
  `sha256=${crypto
    .createHmac('sha256', secret)
    .update(`${timestamp}.${event}.${JSON.stringify(delivery)}`)
    .digest('hex')}`;

/** The event's body, signed when a secret is configured. */
export function signedEvent(
  event: ReminderEvent,
  delivery: DeliveryEventPayload,
  now: Date,
  secret: string
): SignedEvent {
  const timestamp = Math.floor(now.getTime() / 1000);
  return { timestamp, delivery, ...(secret ? { signature: signatureOf(secret, timestamp, event, delivery) } : {}) };
}
