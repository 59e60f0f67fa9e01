import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import type { CancelWordOptOut, ReplyIntent, ReplyRecord, ReplySummary } from '../../../../contracts/replies';
import type { ReplyReader } from '../../domain/reply-intents';
import type { MatchedRecord } from '../../domain/reply-matching';
import { recordLabel } from '../../domain/reply-records';
import { maskPhone } from '../../domain/phone';
import { readDate } from '../scheduling/outbox-table';
import { refuse } from '../../validation/refuse';
import type { RepliesTable, ReplyRow, StoredCandidate, StoredStatus } from './replies-table';
import { type LoadedRecord, type RecordRef, type ReplyRecords, refKey } from './reply-records';
import { UIDS } from '../../constants';

/** How the note of an opt-out made by a reply reads ("Replied \"Cancel\""): the reply's words inside. */
const REPLIED_NOTE = /^Replied "([\s\S]*)"$/;
/** Opt-outs by reply read per listing at most, newest first: a review list, not an export. */
const OPT_OUTS_READ = 5000;

/**
 * The inbox's reads: replies as the admin shows them (with their records named as they are now), the record
 * an editor applies a reply to, and the opt-outs a "CANCEL" reply made before CANCEL meant cancel.
 */
export const createInbox = (strapi: Core.Strapi, table: RepliesTable, records: ReplyRecords) => {
  const shown = (status: StoredStatus) => (status === 'received' ? 'needs_review' : status);

  /** Each record as it is now ("(deleted)" when gone), else as it was named when the customer was asked. */
  function named(ref: Omit<StoredCandidate, 'label'> & { label?: string }, loaded: Map<string, LoadedRecord>) {
    const record = loaded.get(refKey(ref));
    const label = record
      ? recordLabel(record.target, record.record, record.zone)
      : `${ref.label ?? ref.documentId} (deleted)`;
    return {
      target: ref.target,
      documentId: ref.documentId,
      label,
      deliveryDocumentId: ref.deliveryDocumentId,
      code: ref.code,
    } satisfies ReplyRecord;
  }

  async function summaries(rows: ReplyRow[]): Promise<ReplySummary[]> {
    const refs: RecordRef[] = rows.flatMap((row) => [
      ...(row.recordTarget && row.recordDocumentId
        ? [{ target: row.recordTarget, documentId: row.recordDocumentId }]
        : []),
      ...row.candidates,
    ]);
    const loaded = await records.load(refs);
    return rows.map((row) => ({
      documentId: row.documentId,
      receivedAt: row.receivedAt.toISOString(),
      phone: row.phone,
      to: row.to,
      text: row.text,
      intent: row.intent as ReplyIntent | null,
      language: row.language,
      status: shown(row.status),
      outcome: row.outcome,
      record:
        row.recordTarget && row.recordDocumentId
          ? named(
              {
                target: row.recordTarget,
                documentId: row.recordDocumentId,
                deliveryDocumentId: row.deliveryDocumentId,
                code: row.candidates.find((candidate) => candidate.documentId === row.recordDocumentId)?.code ?? null,
              },
              loaded
            )
          : null,
      candidates: row.candidates.map((candidate) => named(candidate, loaded)),
      events: row.events,
    }));
  }

  /** Opt-outs made by a reply whose first word is now a cancel word, newest first. */
  async function cancelWordOptOuts(reader: ReplyReader): Promise<CancelWordOptOut[]> {
    const entries = (await strapi.db.query(UIDS.optOut).findMany({
      where: { source: 'stop_reply', note: { $startsWith: 'Replied "' } },
      select: ['documentId', 'phone', 'note', 'createdAt'],
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      limit: OPT_OUTS_READ,
    })) as { documentId: string; phone: string | null; note: string; createdAt: unknown }[];
    return entries
      .filter((entry) => entry.phone && reader.read(REPLIED_NOTE.exec(entry.note)?.[1])?.intent === 'cancel')
      .map((entry) => ({
        documentId: entry.documentId,
        phone: entry.phone as string,
        createdAt: readDate(entry.createdAt)?.toISOString() ?? '',
        note: entry.note,
      }));
  }

  return {
    summaries,
    cancelWordOptOuts,

    /** Candidates as stored on a reply: named now, so the inbox still names them if a record is deleted. */
    storedCandidates: async (candidates: MatchedRecord[], loaded: Map<string, LoadedRecord>) =>
      candidates.map((candidate): StoredCandidate => named(candidate, loaded)),

    /**
     * The record an editor applies a reply to: the one asked for (one of its candidates, its own record, or any
     * record of the reply's number), else its own. A 400 naming `record` otherwise.
     */
    async recordFor(reply: ReplyRow, asked: RecordRef | undefined) {
      const own =
        reply.recordTarget && reply.recordDocumentId
          ? {
              target: reply.recordTarget,
              documentId: reply.recordDocumentId,
              deliveryDocumentId: reply.deliveryDocumentId,
            }
          : undefined;
      const ref = asked ?? own;
      if (!ref)
        throw refuse([
          { path: 'record', message: 'record is needed: this reply is not matched to a record, choose one' },
        ]);
      const loaded = (await records.load([ref])).get(refKey(ref));
      if (!loaded) throw refuse([{ path: 'record', message: `record: no ${ref.target} "${ref.documentId}"` }]);
      const same = (other: RecordRef | undefined) => other && refKey(other) === refKey(ref);
      const candidate = reply.candidates.find(same);
      if (!candidate && !same(own) && !records.phoneIs(loaded, reply.phone))
        throw refuse([
          {
            path: 'record',
            message: `record must be one of the reply's candidates or a record of ${reply.phone}`,
          },
        ]);
      const deliveryDocumentId =
        candidate?.deliveryDocumentId ?? (same(own) ? (own?.deliveryDocumentId ?? null) : null);
      return { record: { target: ref.target, documentId: ref.documentId, deliveryDocumentId }, loaded };
    },

    /** Deletes one listed opt-out (a 404 for any other entry), logging who restored the number. */
    async restore(reader: ReplyReader, documentId: string, editor: string) {
      const entry = (await cancelWordOptOuts(reader)).find((listed) => listed.documentId === documentId);
      if (!entry) throw new errors.NotFoundError(`No opt-out made by a cancel reply with documentId "${documentId}"`);
      await strapi.documents(UIDS.optOut).delete({ documentId });
      strapi.log.info(
        `reminders: ${editor} restored ${maskPhone(entry.phone)} to SMS reminders (opted out by a cancel reply: ${entry.note})`
      );
      return { ...entry, restoredBy: editor };
    },
  };
};
