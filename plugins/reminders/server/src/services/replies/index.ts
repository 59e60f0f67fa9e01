import crypto from 'crypto';
import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import { OPEN_REPLY_STATUSES, type ReplyStatus, type ReplySummary } from '../../../../contracts/replies';
import { type ReplyIntent, type ReplyReader, createReplyReader } from '../../domain/reply-intents';
import { candidateOf, latestPerRecord, matchRecord } from '../../domain/reply-matching';
import { refuse } from '../../validation/refuse';
import { ConflictError } from '../idempotency';
import { type ReplyChange, type ReplyRow, type StoredStatus, createRepliesTable, digestKey } from './replies-table';
import { type Decision, createReplyActions } from './reply-actions';
import { type AnsweredRecord, type LoadedRecord, type RecordRef, createReplyRecords, refKey } from './reply-records';
import { createInbox } from './inbox';
import { getConfig, getService } from '../../utils';

/** A message as Africa's Talking posted it, its fields read by the callback controller. */
export interface IncomingReply {
  phone: string;
  to: string | null;
  text: string;
  id: string | null;
  linkId: string | null;
  date: string | null;
}

/** What the callback answers: the same for a duplicate as for the first post. */
export interface ReceivedReply {
  intent: ReplyIntent | null;
  status: ReplyStatus;
}

/** How long a duplicate post waits for the first one's outcome before answering what there is. */
const DUPLICATE_WAIT_MS = 5000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
/** A reply being acted on reads as waiting for an editor: it is, should its processing have died. */
export const shownStatus = (status: StoredStatus): ReplyStatus => (status === 'received' ? 'needs_review' : status);
const OPEN: StoredStatus[] = [...OPEN_REPLY_STATUSES, 'received'];

/**
 * Customer replies (docs/replies.md): stored once per message, read for an intent, matched to the record
 * the customer was reminded of, and acted on; the inbox's list and editor actions.
 */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const table = createRepliesTable(strapi);
  const records = createReplyRecords(strapi);
  const actions = createReplyActions(strapi, records);
  const inbox = createInbox(strapi, table, records);
  const clock = () => getService(strapi, 'clock').now();
  let reader: ReplyReader | undefined;
  const readerOf = () => (reader ??= createReplyReader(getConfig(strapi).replies.keywords));
  const windowStart = (now: Date) => new Date(now.getTime() - getConfig(strapi).replies.windowDays * 86_400_000);

  const event = (status: StoredStatus, detail: string, by: string | null = null) => ({
    at: clock().toISOString(),
    status: status === 'received' ? ('needs_review' as const) : status,
    detail,
    by,
  });
  const changeOf = (decision: Decision, by: string | null = null): ReplyChange => {
    const { detail, ...change } = decision;
    return { ...change, event: event(decision.status, detail ?? decision.outcome, by) };
  };

  /** The record a reply is about: the one its code picks from an earlier question, else by the reminders sent. */
  async function resolve(reply: ReplyRow, now: Date) {
    const since = windowStart(now);
    if (reply.code) {
      const asked = await table.latestAmbiguous(reply.phone, since, reply.providerMessageId);
      const chosen = asked && candidateOf(asked.candidates, reply.code);
      const loaded = chosen && (await records.load([chosen])).get(refKey(chosen));
      if (asked && chosen && loaded) return { kind: 'one' as const, record: chosen, loaded, asked };
    }
    const sent = await records.sentTo(reply.phone, since);
    const latest = latestPerRecord(sent, reply.to);
    const loaded = await records.load(latest);
    const existing = latest.filter((reminder) => loaded.has(refKey(reminder)));
    const match = matchRecord(existing, (reminder) => records.isOpen(loaded.get(refKey(reminder)) as LoadedRecord));
    if (match.kind === 'one')
      return { ...match, loaded: loaded.get(refKey(match.record)) as LoadedRecord, asked: undefined };
    return { ...match, all: loaded };
  }

  /** Decides and does what a newly received reply asks. */
  async function handle(reply: ReplyRow, now: Date): Promise<ReplyChange> {
    const intent = reply.intent as ReplyIntent | null;
    if (intent === 'opt-out' || intent === 'opt-in') return changeOf(await actions.optInOut(reply, intent));
    const resolved = await resolve(reply, now);
    if (resolved.kind === 'none') {
      const alert = await actions.alertStaff(reply, { kind: 'unmatched', phone: reply.phone, text: reply.text });
      const outcome = `No reminder went to this number in the last ${getConfig(strapi).replies.windowDays} days`;
      return changeOf({ status: 'unmatched', outcome, detail: `${outcome}. ${alert}`, record: null });
    }
    if (resolved.kind === 'several') {
      if (intent !== null) return changeOf(await actions.ask(reply, intent, resolved.candidates, resolved.all));
      const candidates = await inbox.storedCandidates(
        resolved.candidates.map((candidate) => ({ ...candidate, code: null })),
        resolved.all
      );
      const outcome = `No request understood; ${candidates.length} open records could be meant`;
      return changeOf({ status: 'needs_review', outcome, candidates, record: null });
    }
    const rule = await records.ruleOfDelivery(resolved.record.deliveryDocumentId);
    const allowed = intent === null || rule?.allowReplies === true;
    const decision = allowed
      ? await actions.act(reply, intent, resolved.record, resolved.loaded, null)
      : await notAllowed(reply, resolved.record, rule?.name);
    if (resolved.asked) await answered(resolved.asked, reply, resolved.record);
    return changeOf(decision);
  }

  async function notAllowed(
    reply: ReplyRow,
    record: AnsweredRecord & { code: string | null },
    ruleName: string | undefined
  ): Promise<Decision> {
    const outcome = `The rule "${ruleName ?? 'deleted'}" does not let replies act: for an editor to apply`;
    await actions.noteOnReminder(
      record.deliveryDocumentId,
      `Customer replied "${reply.text.slice(0, 60)}": needs review`
    );
    const { code: _code, ...ref } = record;
    return { status: 'needs_review', outcome, record: ref };
  }

  /** The earlier reply that asked which record is answered by this one: closed, pointing at the record chosen. */
  async function answered(asked: ReplyRow, reply: ReplyRow, chosen: AnsweredRecord & { code: string | null }) {
    const { code: _code, ...record } = chosen;
    await table.move(
      asked.id,
      'ambiguous',
      {
        status: 'handled',
        outcome: `The customer answered "${reply.text.slice(0, 60)}"`,
        event: event('handled', `The customer chose ${chosen.code} by replying "${reply.text.slice(0, 60)}"`),
        record,
      },
      clock()
    );
  }

  /** A duplicate post: the first one's outcome, once it has one (or what there is after a while). */
  async function outcomeOf(providerMessageId: string): Promise<ReceivedReply> {
    const deadline = Date.now() + DUPLICATE_WAIT_MS;
    for (;;) {
      const row = (await table.find({ provider_message_id: providerMessageId })) as ReplyRow;
      if (row.status !== 'received' || Date.now() > deadline)
        return { intent: row.intent as ReplyIntent | null, status: shownStatus(row.status) };
      await sleep(100);
    }
  }

  async function reply(documentId: string): Promise<ReplyRow> {
    const found = await table.byDocumentId(documentId);
    if (!found) throw new errors.NotFoundError(`No reply with documentId "${documentId}"`);
    return found;
  }

  /** Refuses an action on a reply that is no longer waiting for an editor. */
  function mustBeOpen(found: ReplyRow, action: string) {
    if (OPEN.includes(found.status)) return;
    throw new errors.ApplicationError(
      `This reply is ${found.status.replace('_', ' ')}: only a reply that needs review, is ambiguous or unmatched can be ${action}.`,
      { status: found.status }
    );
  }

  /** Writes an editor's change, if nobody changed the reply meanwhile; answers it as it is now. */
  async function moveByEditor(found: ReplyRow, change: ReplyChange): Promise<ReplySummary> {
    if (!(await table.move(found.id, found.status, change, clock())))
      throw new ConflictError('This reply changed while you were looking at it: reload it and try again.');
    return (await inbox.summaries([await reply(found.documentId)]))[0];
  }

  return {
    readerOf,

    /**
     * Stores an incoming message once (its Africa's Talking id, else a digest of from, to, text and date) and
     * acts on it once, however many times and however concurrently it is posted. A failure while acting leaves
     * it for an editor (needs review, with the error), so the callback still answers 200.
     */
    async receive(incoming: IncomingReply): Promise<ReceivedReply> {
      const now = clock();
      const read = readerOf().read(incoming.text);
      const providerMessageId =
        incoming.id ??
        (incoming.date
          ? digestKey([incoming.phone, incoming.to, incoming.text, incoming.date])
          : `none:${crypto.randomUUID()}`);
      const owner = crypto.randomBytes(12).toString('hex');
      const stored = {
        providerMessageId,
        phone: incoming.phone,
        to: incoming.to,
        text: incoming.text,
        linkId: incoming.linkId,
        intent: read?.intent ?? null,
        language: read?.language ?? null,
        code: read?.code ?? null,
      };
      if (!(await table.insertAndClaim(stored, owner, now))) return outcomeOf(providerMessageId);
      const row = (await table.find({ provider_message_id: providerMessageId })) as ReplyRow;
      let change: ReplyChange;
      try {
        change = await handle(row, now);
      } catch (error) {
        strapi.log.error(`reminders: acting on reply ${row.documentId} failed: ${(error as Error).message}`);
        const outcome = `Could not be acted on automatically: ${(error as Error).message}`.slice(0, 300);
        change = changeOf({ status: 'needs_review', outcome });
      }
      await table.finishClaimed(providerMessageId, owner, change, clock());
      return { intent: stored.intent, status: shownStatus(change.status) };
    },

    /** GET /replies: a page of the inbox, newest first, and how many replies wait for an editor. */
    async list(statuses: ReplyStatus[] | ['all'] | undefined, page: number, pageSize: number) {
      const chosen = statuses?.[0] === 'all' ? null : ((statuses as ReplyStatus[] | undefined) ?? OPEN_REPLY_STATUSES);
      // A reply still being acted on shows as needing review, so it is listed with those.
      const wanted: StoredStatus[] | null =
        chosen && (chosen.includes('needs_review') ? [...chosen, 'received'] : chosen);
      const { rows, total } = await table.page(wanted, page, pageSize);
      return {
        data: await inbox.summaries(rows),
        meta: {
          pagination: { page, pageSize, pageCount: Math.max(1, Math.ceil(total / pageSize)), total },
          open: await table.count(OPEN),
        },
      };
    },

    /**
     * An editor carries out an intent (the one understood, or another) on the reply's record, or on one of its
     * candidates or of its number's records. Refused (400, nothing written) when the record cannot take it.
     */
    async apply(
      documentId: string,
      request: { intent?: ReplyIntent; record?: RecordRef },
      editor: string
    ): Promise<ReplySummary> {
      const found = await reply(documentId);
      mustBeOpen(found, 'applied');
      const intent = request.intent ?? (found.intent as ReplyIntent | null);
      if (!intent)
        throw refuse([{ path: 'intent', message: 'intent is needed: the reply was not understood as any request' }]);
      if (intent === 'opt-out' || intent === 'opt-in')
        return moveByEditor(found, { ...changeOf(await actions.optInOut(found, intent), editor), handledBy: editor });
      const chosen = await inbox.recordFor(found, request.record);
      const decision = await actions.act(found, intent, chosen.record, chosen.loaded, editor);
      if (decision.status !== 'applied')
        throw refuse([{ path: request.intent ? 'intent' : 'record', message: decision.outcome }]);
      return moveByEditor(found, { ...changeOf(decision, editor), handledBy: editor });
    },

    /** Closes a reply: ignored, or handled outside the plugin (a phone call), with an optional note. */
    async close(documentId: string, to: 'ignored' | 'handled', note: string | undefined, editor: string) {
      const found = await reply(documentId);
      mustBeOpen(found, to);
      const outcome = `${to === 'ignored' ? 'Ignored' : 'Handled'} by ${editor}`;
      return moveByEditor(found, {
        status: to,
        outcome: note ? `${outcome}: ${note}` : outcome,
        event: event(to, note ?? outcome, editor),
        handledBy: editor,
      });
    },

    /** The replies about one record, for its panel. */
    ofRecord: async (target: string, documentId: string, limit = 20) =>
      inbox.summaries(await table.ofRecord(target, documentId, limit)),

    cancelWordOptOuts: () => inbox.cancelWordOptOuts(readerOf()),

    /** Takes a number made opted out by a "CANCEL" reply off the list; who did it is logged. */
    async restore(documentId: string, editor: string) {
      return inbox.restore(readerOf(), documentId, editor);
    },
  };
};
