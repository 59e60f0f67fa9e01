import crypto from 'crypto';
import type { Core } from '@strapi/strapi';
import type { ReplyEvent, ReplyRecord, ReplyStatus } from '../../../../contracts/replies';
import { type Knex, newDocumentId, readDate, readJson } from '../scheduling/outbox-table';
import { isPostgres } from '../../utils';

/**
 * The one way to the replies table (content-types/reply): one insert per message under its unique provider
 * message id, so Africa's Talking posting a message twice (or five times at once) stores and acts on it once;
 * a claim with a lease while it is acted on, so a crash mid-way is taken over by the retry Africa's Talking
 * sends when it got no 200; conditional updates for every later change.
 */
export const REPLIES = 'reminders_replies';

/** How long a reply is its first request's to act on before a duplicate may take it over (that one crashed). */
const CLAIM_MS = 60_000;
/** A reply's history is bounded like a delivery's timeline: a flood of editor clicks cannot grow it forever. */
const MAX_EVENTS = 50;

export type StoredStatus = ReplyStatus | 'received';

/** A candidate as stored: the record, its reminder, its code, and how it was named when asked about. */
export type StoredCandidate = Omit<ReplyRecord, 'label'> & { label: string };

export interface ReplyRow {
  id: number;
  documentId: string;
  providerMessageId: string;
  phone: string;
  to: string | null;
  text: string;
  linkId: string | null;
  receivedAt: Date;
  intent: string | null;
  language: string | null;
  code: string | null;
  status: StoredStatus;
  outcome: string;
  recordTarget: string | null;
  recordDocumentId: string | null;
  deliveryDocumentId: string | null;
  candidates: StoredCandidate[];
  events: ReplyEvent[];
  handledBy: string | null;
}

type Row = Record<string, unknown>;

const rowOf = (row: Row): ReplyRow => ({
  id: Number(row.id),
  documentId: row.document_id as string,
  providerMessageId: row.provider_message_id as string,
  phone: row.phone as string,
  to: (row.to as string) ?? null,
  text: (row.text as string) ?? '',
  linkId: (row.link_id as string) ?? null,
  receivedAt: readDate(row.received_at) as Date,
  intent: (row.intent as string) ?? null,
  language: (row.language as string) ?? null,
  code: (row.code as string) ?? null,
  status: row.reply_status as StoredStatus,
  outcome: (row.outcome as string) ?? '',
  recordTarget: (row.record_target as string) ?? null,
  recordDocumentId: (row.record_document_id as string) ?? null,
  deliveryDocumentId: (row.delivery_document_id as string) ?? null,
  candidates: readJson<StoredCandidate[]>(row.candidates, []),
  events: readJson<ReplyEvent[]>(row.events, []),
  handledBy: (row.handled_by as string) ?? null,
});

export const withEvent = (events: readonly ReplyEvent[], event: ReplyEvent): ReplyEvent[] =>
  [...events, event].slice(-MAX_EVENTS);

/** What a reply's processing or an editor's action writes. */
export interface ReplyChange {
  status: StoredStatus;
  outcome: string;
  event: ReplyEvent;
  record?: { target: string; documentId: string; deliveryDocumentId: string | null } | null;
  candidates?: StoredCandidate[];
  handledBy?: string | null;
}

/** A new reply as the callback read it. */
export interface NewReply {
  providerMessageId: string;
  phone: string;
  to: string | null;
  text: string;
  linkId: string | null;
  intent: string | null;
  language: string | null;
  code: string | null;
}

export const createRepliesTable = (strapi: Core.Strapi) => {
  const db = (): Knex => strapi.db.connection;
  const claimUntil = (now: Date) => new Date(now.getTime() + CLAIM_MS);

  const columnsOf = (change: ReplyChange, events: ReplyEvent[], now: Date): Row => ({
    reply_status: change.status,
    outcome: change.outcome,
    events: JSON.stringify(events),
    ...(change.record !== undefined
      ? {
          record_target: change.record?.target ?? null,
          record_document_id: change.record?.documentId ?? null,
          delivery_document_id: change.record?.deliveryDocumentId ?? null,
        }
      : {}),
    ...(change.candidates ? { candidates: JSON.stringify(change.candidates) } : {}),
    ...(change.handledBy !== undefined ? { handled_by: change.handledBy } : {}),
    updated_at: now,
  });

  const find = async (where: Row): Promise<ReplyRow | undefined> => {
    const row = await db()(REPLIES).where(where).first();
    return row ? rowOf(row) : undefined;
  };

  return {
    find,
    byDocumentId: (documentId: string) => find({ document_id: documentId }),

    /**
     * Stores a reply once and claims it for `owner`: true when this call inserted it. A duplicate finds it,
     * and takes it over only when it is still unprocessed and its first request's claim ran out.
     */
    async insertAndClaim(reply: NewReply, owner: string, now: Date): Promise<boolean> {
      const inserted = await db()(REPLIES)
        .insert({
          document_id: newDocumentId(),
          provider_message_id: reply.providerMessageId,
          phone: reply.phone,
          to: reply.to,
          text: reply.text,
          link_id: reply.linkId,
          received_at: now,
          intent: reply.intent,
          language: reply.language,
          code: reply.code,
          reply_status: 'received',
          outcome: 'Received',
          candidates: JSON.stringify([]),
          events: JSON.stringify([{ at: now.toISOString(), status: 'received', detail: `"${reply.text}"`, by: null }]),
          claimed_by: owner,
          lease_until: claimUntil(now),
          created_at: now,
          updated_at: now,
          published_at: now,
        })
        .onConflict('provider_message_id')
        .ignore()
        .returning('id');
      if (inserted.length === 1) return true;
      const taken = await db()(REPLIES)
        .where({ provider_message_id: reply.providerMessageId, reply_status: 'received' })
        .andWhere('lease_until', '<', now)
        .update({ claimed_by: owner, lease_until: claimUntil(now), updated_at: now });
      return taken === 1;
    },

    /** Writes the outcome of processing, only while `owner` still holds the claim. */
    async finishClaimed(providerMessageId: string, owner: string, change: ReplyChange, now: Date): Promise<boolean> {
      return db().transaction(async (trx) => {
        const query = trx(REPLIES)
          .where({ provider_message_id: providerMessageId, claimed_by: owner, reply_status: 'received' })
          .first('id', 'events');
        if (isPostgres(strapi)) query.forUpdate();
        const row = await query;
        if (!row) return false;
        const events = withEvent(readJson<ReplyEvent[]>(row.events, []), change.event);
        await trx(REPLIES)
          .where({ id: row.id })
          .update({ ...columnsOf(change, events, now), claimed_by: null, lease_until: null });
        return true;
      });
    },

    /** Moves a reply on from `from` (an editor's action, a later answer): false when it is no longer there. */
    async move(id: number, from: StoredStatus, change: ReplyChange, now: Date): Promise<boolean> {
      return db().transaction(async (trx) => {
        const query = trx(REPLIES).where({ id, reply_status: from }).first('id', 'events');
        if (isPostgres(strapi)) query.forUpdate();
        const row = await query;
        if (!row) return false;
        const events = withEvent(readJson<ReplyEvent[]>(row.events, []), change.event);
        await trx(REPLIES)
          .where({ id })
          .update(columnsOf(change, events, now));
        return true;
      });
    },

    /** The latest reply of a number still waiting for the customer to say which record (since `since`). */
    latestAmbiguous: async (phone: string, since: Date, exceptId: string): Promise<ReplyRow | undefined> => {
      const row = await db()(REPLIES)
        .where({ phone, reply_status: 'ambiguous' })
        .andWhere('received_at', '>=', since)
        .andWhereNot('provider_message_id', exceptId)
        .orderBy([
          { column: 'received_at', order: 'desc' },
          { column: 'id', order: 'desc' },
        ])
        .first();
      return row ? rowOf(row) : undefined;
    },

    /** A page of replies in `statuses`, newest first, and how many there are. */
    async page(statuses: StoredStatus[] | null, page: number, pageSize: number) {
      const matching = () => {
        const query = db()(REPLIES);
        if (statuses) query.whereIn('reply_status', statuses);
        return query;
      };
      const rows = await matching()
        .orderBy([
          { column: 'received_at', order: 'desc' },
          { column: 'id', order: 'desc' },
        ])
        .limit(pageSize)
        .offset((page - 1) * pageSize);
      const [{ count }] = (await matching().count({ count: '*' })) as { count: number | string }[];
      return { rows: (rows as Row[]).map(rowOf), total: Number(count) };
    },

    async count(statuses: StoredStatus[]): Promise<number> {
      const [{ count }] = (await db()(REPLIES).whereIn('reply_status', statuses).count({ count: '*' })) as {
        count: number | string;
      }[];
      return Number(count);
    },

    /** The replies about one record, newest first. */
    ofRecord: async (target: string, documentId: string, limit: number): Promise<ReplyRow[]> =>
      (
        (await db()(REPLIES)
          .where({ record_target: target, record_document_id: documentId })
          .orderBy([
            { column: 'received_at', order: 'desc' },
            { column: 'id', order: 'desc' },
          ])
          .limit(limit)) as Row[]
      ).map(rowOf),
  };
};

/** The key of a message Africa's Talking sent without its `id`: the same fields always make the same key. */
export const digestKey = (fields: (string | null)[]) =>
  `digest:${crypto.createHash('sha256').update(JSON.stringify(fields)).digest('hex').slice(0, 40)}`;

export type RepliesTable = ReturnType<typeof createRepliesTable>;
