import type { SendOutcome } from './send-outcome';

/**
 * What an e-mail send's failure means, whatever provider Strapi's email plugin was given: nodemailer's SMTP
 * errors (`responseCode`, `code`), and HTTP-API providers' errors (SendGrid, Mailgun, SES: a status code).
 * `failureOf` reads only these fields of the error, so nothing else of it (an API key in a request's
 * headers) goes further; `classifyEmailFailure` decides, as Africa's Talking's status codes are classified.
 */
export type EmailFailure =
  /** The mail server answered with an SMTP reply code. */
  | { kind: 'smtp'; code: number; response: string }
  /** An HTTP API answered with a status. */
  | { kind: 'http'; status: number; message: string }
  /** No conversation: refused, reset, name not resolved, connection timed out. */
  | { kind: 'connection'; code: string; message: string }
  /** The SMTP server refused our login. */
  | { kind: 'auth'; message: string }
  | { kind: 'other'; message: string };

/** Retries worth spending on a failure nobody can read: a few, not the dispatcher's full allowance. */
export const UNREADABLE_FAILURE_RETRIES = 2;
/** Provider words kept in an outcome's reason: enough to read, not a whole HTML error page. */
const MAX_TEXT = 200;

/** nodemailer's error codes for a connection that never carried a message. */
const CONNECTION_CODES = new Set([
  'ECONNECTION',
  'ECONNREFUSED',
  'ECONNRESET',
  'ESOCKET',
  'EDNS',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EPIPE',
]);
/** SMTP replies that say the mailbox itself is refused (RFC 5321 §4.2.3). */
const BAD_MAILBOX = new Set([550, 551, 553]);

const text = (value: unknown) =>
  typeof value === 'string' ? value.replace(/\s+/g, ' ').trim().slice(0, MAX_TEXT) : '';
const numberIn = (value: unknown, min: number, max: number) =>
  typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max ? value : undefined;
const field = (value: unknown, key: string): unknown =>
  typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[key] : undefined;

/** The HTTP status an API provider's error carries, wherever its SDK puts it. */
function httpStatusOf(error: unknown): number | undefined {
  const response = field(error, 'response');
  return (
    numberIn(field(error, 'statusCode'), 400, 599) ?? // node-ses, got
    numberIn(field(error, 'status'), 400, 599) ?? // Mailgun (mailgun.js)
    numberIn(field(error, 'code'), 400, 599) ?? // SendGrid's ResponseError
    numberIn(field(field(error, '$metadata'), 'httpStatusCode'), 400, 599) ?? // AWS SDK v3 (SES)
    numberIn(field(response, 'status'), 400, 599) ?? // axios
    numberIn(field(response, 'statusCode'), 400, 599)
  );
}

/** The facts of a thrown send error; never the error itself. */
export function failureOf(error: unknown): EmailFailure {
  const message = text(field(error, 'message')) || text(error) || 'unknown error';
  const code = field(error, 'code');
  if (code === 'EAUTH') return { kind: 'auth', message: text(field(error, 'response')) || message };
  const smtp = numberIn(field(error, 'responseCode'), 400, 599);
  if (smtp !== undefined) return { kind: 'smtp', code: smtp, response: text(field(error, 'response')) || message };
  if (typeof code === 'string' && CONNECTION_CODES.has(code)) return { kind: 'connection', code, message };
  const status = httpStatusOf(error);
  if (status !== undefined) return { kind: 'http', status, message };
  return { kind: 'other', message };
}

/** What a failed e-mail send means for its delivery. */
export function classifyEmailFailure(failure: EmailFailure): SendOutcome {
  switch (failure.kind) {
    case 'smtp': {
      const errorCode = `smtp-${failure.code}`;
      const said = `${failure.code}${failure.response ? ` ${failure.response.replace(/^\d{3}\s*/, '')}` : ''}`;
      if (failure.code >= 500) {
        const why = BAD_MAILBOX.has(failure.code)
          ? 'The mail server refused the address'
          : 'The mail server refused the message';
        return { kind: 'permanent', errorCode, reason: `${why}: ${said}` };
      }
      return { kind: 'transient', errorCode, reason: `The mail server asked to try again later: ${said}` };
    }
    case 'http': {
      const errorCode = `http-${failure.status}`;
      const said = `HTTP ${failure.status}${failure.message ? `: ${failure.message}` : ''}`;
      if (failure.status === 401 || failure.status === 403)
        return { kind: 'account', errorCode, reason: `The e-mail provider refused our credentials (${said})` };
      if (failure.status === 429 || failure.status >= 500)
        return { kind: 'transient', errorCode, reason: `The e-mail provider could not take it now (${said})` };
      return { kind: 'permanent', errorCode, reason: `The e-mail provider refused the message (${said})` };
    }
    case 'connection':
      return {
        kind: 'transient',
        errorCode: failure.code,
        reason: `Could not reach the mail server (${failure.code}): ${failure.message}`,
      };
    case 'auth':
      return {
        kind: 'account',
        errorCode: 'smtp-auth',
        reason: `The mail server refused our login: ${failure.message}`,
      };
    case 'other':
      return {
        kind: 'transient',
        errorCode: 'email-error',
        reason: `The e-mail could not be sent: ${failure.message}`,
        maxRetries: UNREADABLE_FAILURE_RETRIES,
      };
  }
}

/** A send that took longer than `timeoutMs`: it may have gone, so it is never resent by itself. */
export const timedOut = (timeoutMs: number): SendOutcome => ({
  kind: 'unknown',
  errorCode: 'timeout',
  reason: `No answer from the e-mail provider within ${timeoutMs} ms: the e-mail may have been sent`,
});

/** What an accepted send is recorded with: the provider's message id and its words, when it gave them. */
export function acceptedOf(result: unknown, fallbackId: string): Extract<SendOutcome, { kind: 'accepted' }> {
  const messageId = text(field(result, 'messageId'));
  const response = text(field(result, 'response'));
  return { kind: 'accepted', messageId: messageId || fallbackId, providerStatus: response || 'Accepted' };
}
