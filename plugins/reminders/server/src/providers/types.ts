/**
 * The one interface every SMS provider implements (one folder per provider under providers/).
 * A provider sends one message and classifies what happened; it never throws for a provider-side problem.
 */
export interface SmsMessage {
  /** E.164, already normalised. */
  to: string;
  body: string;
  /** Sender ID or short code; the provider's default when absent. */
  from?: string;
}

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

export interface ProviderStatus {
  name: string;
  /** Whether it can send real messages. */
  live: boolean;
  /** Safe to show an editor: keys masked. */
  details: Record<string, string>;
}

export interface SmsProvider {
  readonly name: string;
  send(message: SmsMessage): Promise<SendOutcome>;
  status(): ProviderStatus;
}

/** Where a provider writes its lines (Strapi's logger fits). Never handed a secret. */
export interface ProviderLog {
  info(message: string): void;
  warn(message: string): void;
}
