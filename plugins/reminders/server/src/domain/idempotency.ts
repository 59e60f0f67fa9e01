import crypto from 'crypto';
import type { FieldError } from './field-errors';

/**
 * Idempotent editor actions (send now, retry, cancel, resolve, test send): the rules, without the database. A
 * request carrying an `Idempotency-Key` header claims the key in its scope (the action and the editor);
 * the same key again gets the first answer instead of a second action. services/idempotency.ts stores it.
 */

/** The header's de-facto standard name (IETF draft-ietf-httpapi-idempotency-key-header, Stripe, PayPal). */
export const IDEMPOTENCY_HEADER = 'Idempotency-Key';

export type IdempotentAction =
  | 'send-now'
  | 'retry'
  | 'cancel'
  | 'resolve'
  | 'test-send'
  | 'test-email'
  | 'reply-apply'
  | 'reply-ignore'
  | 'reply-handled'
  | 'opt-out-restore';

/**
 * How long a request holds its key before another may take it over (its process died), in dispatcher
 * leases: longer than any action takes, a send-now's dispatch pass included (5 minutes at the default
 * lease of 120 s).
 */
export const LEASES_PER_REQUEST = 2.5;
/** How long a duplicate waits for the first request's answer, and how often it looks. */
export const WAIT_MS = 10_000;
export const POLL_MS = 100;
/** Keys are forgotten after this long: the same key later is a new request. */
export const RETENTION_MS = 24 * 60 * 60_000;

const PRINTABLE_ASCII = /^[\x20-\x7e]{1,128}$/;

/** The header's value from a request's headers (names in lower case), undefined when absent; when not 1–128 printable ASCII characters, a problem naming the header. */
export function readIdempotencyKey(headers: Record<string, unknown>, problems: FieldError[]): string | undefined {
  const value = headers[IDEMPOTENCY_HEADER.toLowerCase()];
  if (value === undefined) return undefined;
  if (typeof value === 'string' && PRINTABLE_ASCII.test(value)) return value;
  problems.push({
    path: IDEMPOTENCY_HEADER,
    message: `the ${IDEMPOTENCY_HEADER} header must be 1 to 128 printable ASCII characters, such as a UUID`,
  });
  return undefined;
}

/** Whose key it is: two editors (or two actions) using the same key string never meet. */
export const scopeOf = (action: IdempotentAction, editorId: string | number | undefined) =>
  `${action}:${editorId ?? 'anonymous'}`;

/** A short, fixed-length name of a key in its scope, for what is derived from it (a delivery's own key). */
export const keyDigest = (scope: string, key: string) =>
  crypto.createHash('sha256').update(`${scope}\n${key}`).digest('hex').slice(0, 32);

/** The value with every object's keys sorted, so that the same JSON written in another order is the same. */
function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(
    Object.keys(value)
      .sort()
      .map((key) => [key, canonical((value as Record<string, unknown>)[key])])
  );
}

/** What makes two requests the same request: method, path and body (no body reads as an empty one). */
export const fingerprintOf = (request: { method: string; path: string; body: unknown }) =>
  crypto
    .createHash('sha256')
    .update(JSON.stringify([request.method.toUpperCase(), request.path, canonical(request.body ?? {})]))
    .digest('hex');

/** A key as stored: which request claimed it, and whether its answer is there yet. */
export interface ClaimedKey {
  fingerprint: string;
  state: 'in_progress' | 'done';
  /** The token of the request holding it while in progress. */
  owner: string | null;
  leaseUntil: Date | null;
}

/**
 * What a request does with the key it tried to claim:
 * - `conflict`: the key was used for another request (another method, path or body): refused;
 * - `replay`: the first request's answer is stored: answered again;
 * - `run`: this request claimed it: it acts;
 * - `wait`: another request holds it: wait for its answer;
 * - `take-over`: the request holding it let its lease run out (its process died): this one may act.
 */
export type KeyDecision = 'conflict' | 'replay' | 'run' | 'wait' | 'take-over';

export function decide(claimed: ClaimedKey, request: { fingerprint: string; owner: string; now: Date }): KeyDecision {
  if (claimed.fingerprint !== request.fingerprint) return 'conflict';
  if (claimed.state === 'done') return 'replay';
  if (claimed.owner === request.owner) return 'run';
  return claimed.leaseUntil && claimed.leaseUntil > request.now ? 'wait' : 'take-over';
}

/**
 * A 4xx is the action's answer to this request (bad input, a delivery in the wrong status): kept and
 * replayed. A 5xx is a failure of the server, not an answer: the key is released so a retry acts again.
 */
export const keepsAnswer = (status: number) => status < 500;
