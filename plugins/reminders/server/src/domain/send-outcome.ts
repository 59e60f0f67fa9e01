import type { DeliveryStatus } from './delivery-status';
import { type Reason, reason } from './reasons';

/** What a provider answers for one message, in the plugin's terms; a provider never throws for its own problems. */
export type SendOutcome =
  /** Taken by the provider; a delivery report may follow. */
  | { kind: 'accepted'; messageId: string; cost?: string; parts?: number; providerStatus: string; simulated?: boolean }
  /** Will never succeed for this number or message: not retried. `optOut` when the number refuses SMS. */
  | { kind: 'permanent'; errorCode: string; reason: string; optOut?: boolean }
  /**
   * Worth retrying later with backoff; `retryAfterMs` when the provider says when; `maxRetries` when this
   * cause is worth only a few retries whatever the dispatcher's own limit.
   */
  | { kind: 'transient'; errorCode: string; reason: string; retryAfterMs?: number; maxRetries?: number }
  /** The account cannot send (balance, sender ID, risk hold): pause sending and alert an editor. */
  | { kind: 'account'; errorCode: string; reason: string }
  /** The SMS may or may not have gone out (timeout, 5xx): never resent automatically. */
  | { kind: 'unknown'; errorCode: string; reason: string };

/** The delivery columns a provider's answer settles, when it is not retried. */
export interface SettledOutcome {
  status: Extract<DeliveryStatus, 'accepted' | 'rejected' | 'failed' | 'unknown'>;
  /** What the timeline records for this step. */
  detail: string;
  columns: {
    provider_message_id?: string;
    cost?: string | null;
    segments?: number;
    error_code: string | null;
  };
  /** Why, when there is something to say (the provider's words, or a simulated send). */
  reason: Reason | null;
}

/**
 * What a provider's answer means for a delivery that will not be retried: accepted, rejected (permanent),
 * failed (transient or account problems once retrying is over), or unknown (it may have been sent).
 */
export function settleOutcome(outcome: SendOutcome): SettledOutcome {
  switch (outcome.kind) {
    case 'accepted':
      return {
        status: 'accepted',
        detail: outcome.providerStatus,
        columns: {
          provider_message_id: outcome.messageId,
          cost: outcome.cost ?? null,
          ...(outcome.parts ? { segments: outcome.parts } : {}),
          error_code: null,
        },
        reason: outcome.simulated ? reason('simulated') : null,
      };
    default:
      return {
        status: SETTLED_STATUS[outcome.kind],
        detail: outcome.reason,
        columns: { error_code: outcome.errorCode },
        reason: reason('text', { text: outcome.reason }),
      };
  }
}

/** The status a delivery ends in for each kind of provider problem. */
const SETTLED_STATUS = {
  permanent: 'rejected',
  transient: 'failed',
  account: 'failed',
  unknown: 'unknown',
} as const satisfies Record<Exclude<SendOutcome['kind'], 'accepted'>, string>;
