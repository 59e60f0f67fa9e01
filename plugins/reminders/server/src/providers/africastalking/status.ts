import { DateTime } from 'luxon';
import type { ReportMapping } from '../../domain/delivery-report';
import type { DeliveryStatus } from '../../domain/delivery-status';
import type { SendOutcome } from '../../domain/send-outcome';

/**
 * What Africa's Talking's answers mean for a reminder (the official SDK 0.8.3 and its API): the
 * per-recipient status code of a send, the HTTP outcome when there is no such code, and the statuses and
 * failure reasons of delivery reports, in words an editor understands. Pure: no Strapi, no SDK, no clock.
 */

type Failure = Exclude<SendOutcome, { kind: 'accepted' }>;
/** A failure without its code (added from the answer); `dnd` computes the retry time from the clock. */
type FailureRule = (Failure extends infer F
  ? F extends Failure
    ? Omit<F, 'errorCode' | 'retryAfterMs'>
    : never
  : never) & { dnd?: true };

/** The name Africa's Talking gives each per-recipient status code. */
export const SEND_STATUS_NAMES: Readonly<Record<number, string>> = {
  100: 'Processed',
  101: 'Success',
  102: 'Queued',
  401: 'RiskHold',
  402: 'InvalidSenderId',
  403: 'InvalidPhoneNumber',
  404: 'UnsupportedNumberType',
  405: 'InsufficientBalance',
  406: 'UserInBlacklist',
  407: 'CouldNotRoute',
  409: 'DoNotDisturbRejection',
  500: 'InternalServerError',
  501: 'GatewayError',
  502: 'RejectedByGateway',
};

const ACCEPTED_CODES = new Set([100, 101, 102]);

/** Do-not-disturb refusals (Nigeria, promotional 20:00–08:00) are retried at the next 08:00 in Lagos. */
const DND_ZONE = 'Africa/Lagos';
const DND_ENDS_AT_HOUR = 8;

/** The provider's own words, quoted short and on one line. */
const quote = (text: string | undefined) => (text ? ` ("${text.replace(/\s+/g, ' ').trim().slice(0, 160)}")` : '');

/** A status code that is only worth a few retries (RejectedByGateway). */
const FEW_RETRIES = 2;

const SEND_STATUS_RULES: Record<number, FailureRule> = {
  401: {
    kind: 'account',
    reason: "Africa's Talking put the account on a risk hold; sending is paused until their support lifts it.",
  },
  402: {
    kind: 'account',
    reason: "The sender ID is not registered or approved for this Africa's Talking account; sending is paused.",
  },
  403: { kind: 'permanent', reason: 'The phone number is not valid for SMS.' },
  404: { kind: 'permanent', reason: 'This kind of number (for example a landline) cannot receive SMS.' },
  405: {
    kind: 'account',
    reason: "The Africa's Talking account has too little credit; sending is paused until it is topped up.",
  },
  406: {
    kind: 'permanent',
    optOut: true,
    reason: 'The recipient has blocked messages (blacklisted); the number is now on the opt-out list.',
  },
  407: { kind: 'permanent', reason: "Africa's Talking cannot route messages to this number's network." },
  409: {
    kind: 'transient',
    dnd: true,
    reason:
      'The network refuses promotional SMS at this hour (do not disturb); it will be retried after 08:00 Lagos time.',
  },
  500: { kind: 'transient', reason: "Africa's Talking had an internal error; it will be retried." },
  501: { kind: 'transient', reason: "The mobile network's gateway failed; it will be retried." },
  502: {
    kind: 'transient',
    maxRetries: FEW_RETRIES,
    reason: "The mobile network's gateway rejected the message; it will be retried a few times at most.",
  },
};

/** Milliseconds from `now` to the next 08:00 in Lagos (never zero). */
export function untilDndEnds(now: Date): number {
  const local = DateTime.fromJSDate(now, { zone: DND_ZONE });
  let end = local.set({ hour: DND_ENDS_AT_HOUR, minute: 0, second: 0, millisecond: 0 });
  if (end <= local) end = end.plus({ days: 1 });
  return end.toMillis() - now.getTime();
}

/** One recipient of an SMSMessageData answer, as Africa's Talking sends it. */
export interface RecipientResult {
  statusCode: number;
  status?: string;
  messageId?: string;
  cost?: string;
  messageParts?: number;
}

/** The outcome of one recipient's per-recipient status code. */
export function classifyRecipient(recipient: RecipientResult, now: Date): SendOutcome {
  const { statusCode, status = SEND_STATUS_NAMES[statusCode] ?? 'Unknown' } = recipient;
  if (ACCEPTED_CODES.has(statusCode)) {
    if (!recipient.messageId) {
      return {
        kind: 'unknown',
        errorCode: `${statusCode} ${status}`,
        reason: "Africa's Talking accepted the message but gave no message id.",
      };
    }
    return {
      kind: 'accepted',
      messageId: recipient.messageId,
      providerStatus: status,
      ...(recipient.cost ? { cost: recipient.cost } : {}),
      ...(typeof recipient.messageParts === 'number' ? { parts: recipient.messageParts } : {}),
    };
  }
  const errorCode = `${statusCode} ${status}`;
  const rule = SEND_STATUS_RULES[statusCode];
  if (!rule) {
    return {
      kind: 'unknown',
      errorCode,
      reason: `Africa's Talking answered with status ${errorCode}, which this plugin does not know; the SMS may or may not have been sent.`,
    };
  }
  const { dnd, ...outcome } = rule;
  return { ...outcome, errorCode, ...(dnd ? { retryAfterMs: untilDndEnds(now) } : {}) } as Failure;
}

/**
 * The outcome of an answer without recipients: Africa's Talking then names the problem in its summary
 * (`{"Message": "InvalidSenderId", "Recipients": []}`). A summary naming no status is ambiguous.
 */
export function classifySummary(message: string, now: Date): SendOutcome {
  const code = Object.keys(SEND_STATUS_NAMES)
    .map(Number)
    .find((candidate) => SEND_STATUS_NAMES[candidate] === message.trim());
  if (code !== undefined && !ACCEPTED_CODES.has(code)) return classifyRecipient({ statusCode: code }, now);
  return {
    kind: 'unknown',
    errorCode: 'no-recipient',
    reason: `Africa's Talking answered without a result for the number${quote(message)}; the SMS may or may not have been sent.`,
  };
}

/** Why a send got no per-recipient status: what the provider saw of the HTTP exchange, nothing more. */
export type TransportFailure =
  /** Our deadline passed before an answer. */
  | { kind: 'timeout'; timeoutMs: number }
  /** A socket-level error (ECONNRESET, ECONNREFUSED, ENOTFOUND...). */
  | { kind: 'network'; code: string }
  /** An HTTP answer other than 201; `message` is the provider's own short text, if any. */
  | { kind: 'http'; status: number; message?: string; retryAfterMs?: number }
  /** The SDK refused the request before sending anything (its own checks). */
  | { kind: 'refused'; message: string };

/** Errors that happen before the request reaches the server: nothing can have been sent. */
const NOT_CONNECTED = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);

export function classifyTransportFailure(failure: TransportFailure): Failure {
  switch (failure.kind) {
    case 'timeout':
      return {
        kind: 'unknown',
        errorCode: 'timeout',
        reason: `Africa's Talking did not answer within ${failure.timeoutMs} ms; the SMS may or may not have been sent.`,
      };
    case 'network':
      if (NOT_CONNECTED.has(failure.code)) {
        return {
          kind: 'transient',
          errorCode: failure.code,
          reason: `Could not reach Africa's Talking (${failure.code}); nothing was sent and it will be retried.`,
        };
      }
      return {
        kind: 'unknown',
        errorCode: failure.code,
        reason: `The connection to Africa's Talking broke (${failure.code}) before an answer; the SMS may or may not have been sent.`,
      };
    case 'refused':
      return {
        kind: 'permanent',
        errorCode: 'refused',
        reason: `The Africa's Talking SDK refused the message before sending it${quote(failure.message)}.`,
      };
    case 'http': {
      const { status, message } = failure;
      const errorCode = `HTTP ${status}`;
      if (status === 408 || status === 429) {
        return {
          kind: 'transient',
          errorCode,
          reason: `Africa's Talking asked to slow down (HTTP ${status}); it will be retried.`,
          ...(failure.retryAfterMs !== undefined ? { retryAfterMs: failure.retryAfterMs } : {}),
        };
      }
      if (status === 401 || status === 403) {
        return {
          kind: 'account',
          errorCode,
          reason: `Africa's Talking refused the credentials (HTTP ${status}${quote(message)}): check AT_USERNAME and AT_API_KEY. Sending is paused.`,
        };
      }
      if (status >= 400 && status < 500) {
        return {
          kind: 'account',
          errorCode,
          reason: `Africa's Talking refused the request (HTTP ${status}${quote(message)}): check the account and sender ID settings. Sending is paused.`,
        };
      }
      return {
        kind: 'unknown',
        errorCode,
        reason: `Africa's Talking answered HTTP ${status}${quote(message)}; the SMS may or may not have been sent.`,
      };
    }
  }
}

/** Delivery-report statuses that say the message is on its way. */
const INTERMEDIATE_REPORTS = new Set(['Sent', 'Submitted', 'Buffered']);

const FINAL_REPORTS: Record<string, { status: DeliveryStatus; reason?: string }> = {
  Success: { status: 'delivered' },
  Rejected: { status: 'rejected', reason: 'The mobile network rejected the message.' },
  Failed: { status: 'failed', reason: 'The mobile network could not deliver the message.' },
  AbsentSubscriber: {
    status: 'failed',
    reason: 'The phone was switched off or out of coverage until the network gave up.',
  },
  Expired: { status: 'failed', reason: 'The message expired before the phone could be reached.' },
};

const FAILURE_REASONS: Record<string, string> = {
  InsufficientCredit: 'The recipient does not have enough airtime for this message.',
  InvalidLinkId: 'The message answered an incoming message that is unknown or too old (invalid link id).',
  UserIsInactive: "The recipient's line is inactive on the mobile network.",
  UserInBlackList: 'The recipient has blocked messages from this sender; the number is now on the opt-out list.',
  UserAccountSuspended: "The recipient's mobile account is suspended.",
  NotNetworkSubcriber: 'The number does not belong to the mobile network the message was sent through.',
  UserNotSubscribedToProduct: 'The recipient is not subscribed to this service.',
  UserDoesNotExist: 'The number does not exist on the mobile network.',
  DeliveryFailure: 'The mobile network could not deliver the message.',
  DoNotDisturbRejection: "The recipient's do-not-disturb setting refused the message.",
};

/** A failure reason that means the number refuses messages for good. */
export const BLACKLIST_FAILURE_REASON = 'UserInBlackList';

/** A failure reason code in words; one we do not know is quoted as it came. */
export function describeFailureReason(code: string): string {
  return FAILURE_REASONS[code] ?? `Africa's Talking gave the reason "${code.slice(0, 100)}".`;
}

/** What a delivery report's status (and failure reason) means for the delivery log. */
export function mapDeliveryReport(status: string, failureReason?: string): ReportMapping {
  if (INTERMEDIATE_REPORTS.has(status)) return { kind: 'intermediate', status: 'accepted' };
  const final = FINAL_REPORTS[status];
  if (!final) return { kind: 'unrecognised' };
  const reason = failureReason ? describeFailureReason(failureReason) : final.reason;
  return { kind: 'final', status: final.status, ...(reason ? { reason } : {}) };
}
