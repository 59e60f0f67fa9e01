import { z } from '@strapi/utils';
import { documentId, optionalParam, pageQuery } from '../server/src/validation/admin-input';
import { REPLY_INTENTS, type ReplyIntent } from '../server/src/domain/reply-intents';

/**
 * The admin API's inbox routes (/reminders/replies…): every SMS a customer sent back, what the plugin understood
 * and did with it, and the actions an editor takes on it.
 */

/** What a reply asks for, whatever its language ("ndio", "OUI", "نعم" are all `confirm`): the domain's list. */
export { REPLY_INTENTS, type ReplyIntent };

/**
 * Where a reply stands:
 * - `applied`: its intent was carried out on its record (or on the opt-out list) — automatically or by an editor;
 * - `needs_review`: matched to a record, but nothing was done automatically (no intent understood, or an intent
 *   its record cannot take, such as "confirm" on an invoice, or the rule does not allow replies);
 * - `ambiguous`: several open records could be meant; the customer was asked which (a short code) and an
 *   editor can pick one;
 * - `unmatched`: no reminder went to that phone within the window;
 * - `ignored`, `handled`: closed by an editor (handled = dealt with outside the plugin, e.g. a phone call).
 */
export const REPLY_STATUSES = ['applied', 'needs_review', 'ambiguous', 'unmatched', 'ignored', 'handled'] as const;
export type ReplyStatus = (typeof REPLY_STATUSES)[number];
/** The statuses the inbox lists by default: the ones waiting for an editor. */
export const OPEN_REPLY_STATUSES: ReplyStatus[] = ['needs_review', 'ambiguous', 'unmatched'];

/** A record a reply is (or may be) about. */
export interface ReplyRecord {
  target: string;
  documentId: string;
  /** How the admin names it: "INV-1042 · Amina Njoroge", "Dental check-up · Wed 9 Dec 10:00". */
  label: string;
  /** The reminder the customer answered (the latest SMS to that phone for this record). */
  deliveryDocumentId: string | null;
  /** The short code a customer answers with when several records are open ("YES B"); null when only one. */
  code: string | null;
}

/** One line of a reply's history: received, matched, applied by the plugin or by an editor, ignored… */
export interface ReplyEvent {
  at: string;
  status: ReplyStatus | 'received';
  detail: string;
  /** The editor who acted, as the delivery log names them; null for the plugin itself. */
  by: string | null;
}

export interface ReplySummary {
  documentId: string;
  receivedAt: string;
  /** The customer's number, E.164. */
  phone: string;
  /** The number or short code they wrote to (Africa's Talking's `to`). */
  to: string | null;
  text: string;
  /** The intent understood, null when the text is anything else ("I'll come at 11"). */
  intent: ReplyIntent | null;
  /** The language whose word matched (en, fr, sw, ar…), null when no intent was understood. */
  language: string | null;
  status: ReplyStatus;
  /** One sentence saying what happened: "Appointment confirmed", "2 open appointments: asked which". */
  outcome: string;
  record: ReplyRecord | null;
  /** When ambiguous: the records the customer was asked to choose between. */
  candidates: ReplyRecord[];
  events: ReplyEvent[];
}

/** An opt-out made by a reply "CANCEL" (or الغاء) before CANCEL meant cancel: listed for an editor to review. */
export interface CancelWordOptOut {
  /** The opt-out entry (content type plugin::reminders.opt-out). */
  documentId: string;
  phone: string;
  createdAt: string;
  /** The reply that made it, as kept on the entry ("Replied \"Cancel\""). */
  note: string;
}

const replyParams = z.object({ documentId });

/** GET /replies: the inbox; `status` one or a comma-separated list, defaulting to the open ones. */
export const listReplies = {
  query: z.object({
    ...pageQuery(),
    status: optionalParam(
      z
        .string()
        .transform((raw) => raw.split(',').map((part) => part.trim()))
        .pipe(
          z
            .array(z.enum(REPLY_STATUSES, { error: `status must be any of: ${REPLY_STATUSES.join(', ')}, or all` }))
            .or(z.tuple([z.literal('all')]))
        )
    ),
  }),
};

/**
 * POST /replies/:documentId/apply: carries out an intent on a record. `intent` defaults to the one understood;
 * `record` (target + documentId) is needed for an ambiguous or unmatched reply and must be one of its candidates
 * or a record of that phone. Answered once per Idempotency-Key.
 */
export const applyReply = {
  params: replyParams,
  body: z.object({
    intent: optionalParam(z.enum(REPLY_INTENTS, { error: `intent must be one of: ${REPLY_INTENTS.join(', ')}` })),
    record: optionalParam(z.object({ target: z.string().max(40), documentId })),
  }),
  idempotent: true,
} as const;

/** POST /replies/:documentId/ignore and /handled: closes it, with an optional note (at most 500 characters). */
export const closeReply = {
  params: replyParams,
  body: z.object({ note: optionalParam(z.string().max(500, { error: 'note must be at most 500 characters' })) }),
  idempotent: true,
} as const;

export declare namespace ListReplies {
  interface Response {
    data: ReplySummary[];
    meta: {
      pagination: { page: number; pageSize: number; pageCount: number; total: number };
      /** How many replies wait for an editor (needs_review + ambiguous + unmatched), for the menu's badge. */
      open: number;
    };
  }
}
/** apply, ignore and handled answer the reply as it is now. */
export declare namespace ActOnReply {
  interface Response {
    data: ReplySummary;
  }
}
/** GET /replies/cancel-word-opt-outs: the opt-outs a "CANCEL" reply made before this version. */
export declare namespace ListCancelWordOptOuts {
  interface Response {
    data: CancelWordOptOut[];
  }
}
/** POST /replies/cancel-word-opt-outs/:documentId/restore: the number receives reminders again. */
export const restoreCancelWordOptOut = { params: replyParams, idempotent: true } as const;
