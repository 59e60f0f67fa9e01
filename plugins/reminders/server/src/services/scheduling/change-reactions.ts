import type { Core } from '@strapi/strapi';
import { type ChangeRef, type ChangeSubject, noteChange } from './change-journal';
import { noteEvents } from './record-events-table';
import type { Scheduler } from './scheduler';
import { detectEvents, eventFieldsOf } from '../../domain/record-events';
import { UIDS } from '../../constants';
import { getService, isPostgres } from '../../utils';

/** Writes that can change what a record is reminded of: publishing a draft makes it count, unpublishing stops it. */
const WRITES = new Set(['create', 'update', 'delete', 'publish', 'unpublish', 'discardDraft']);
/** Writes that can make events (paid, moved): an update, or publishing one (a Draft & Publish type's). */
const EVENT_WRITES = new Set(['update', 'publish']);

/**
 * Reads a record's event fields before a write, and returns how to read what the write made of them. On
 * PostgreSQL its rows are locked first, so two concurrent writes making the same change (two "paid" saves)
 * see it one after the other: the second sees it already made, and only one event is kept. SQLite has one
 * writer at a time already.
 */
async function watchEvents(
  strapi: Core.Strapi,
  trx: Parameters<typeof noteEvents>[0],
  subject: string,
  documentId: string
) {
  const targets = getService(strapi, 'targets');
  const target = await targets.get(subject);
  const fields = eventFieldsOf(target);
  if (fields.length === 0) return undefined;
  if (isPostgres(strapi)) {
    const table = strapi.db.metadata.get(target.uid).tableName;
    await trx(table).select('id').where('document_id', documentId).forUpdate();
  }
  const read = async () => (await targets.findRecords(target, { documentId }, { select: fields, limit: 1 }))[0] ?? null;
  const before = await read();
  return async () => detectEvents(target, before, await read());
}

const subjectOf = async (strapi: Core.Strapi, uid: string): Promise<ChangeSubject | undefined> =>
  uid === UIDS.rule ? 'rule' : (await getService(strapi, 'targets').byUid(uid))?.key;

/**
 * Reacting to change: when an invoice is paid or voided, an appointment cancelled or moved, a host's
 * booking published or moved, or a rule edited, what is queued follows at once instead of waiting for send time. A Document Service middleware
 * sees every write path. What the write changed that rules count from (an event: paid, rescheduled) is kept
 * in the same transaction. It notes the change in the journal inside the write's transaction, so the two
 * commit together; after the commit this instance follows it at once, and if it dies first (or the
 * reaction fails), any instance's next tick does.
 */
export function registerChangeReactions(strapi: Core.Strapi, scheduler: () => Scheduler) {
  strapi.documents.use(async (context, next) => {
    if (!WRITES.has(context.action)) return next();
    const subject = await subjectOf(strapi, context.uid);
    if (!subject) return next();

    const callerTransaction = strapi.db.inTransaction();
    let ref: ChangeRef | undefined;
    const follow = () =>
      scheduler()
        .followChange(ref as ChangeRef)
        .catch((error: Error) =>
          strapi.log.error(
            `reminders: re-planning after a ${context.action} failed, the next tick retries: ${error.message}`
          )
        );

    // The write's own transaction joins this one (Strapi nests them), so the journal row (and the events it
    // made) commit with it.
    const result = await strapi.db.transaction(async ({ trx, onCommit }) => {
      const writing = (context.params as { documentId?: string }).documentId;
      const events =
        subject !== 'rule' && EVENT_WRITES.has(context.action) && typeof writing === 'string'
          ? await watchEvents(strapi, trx, subject, writing)
          : undefined;
      const written = await next();
      const documentId = (written as { documentId?: string } | null)?.documentId ?? writing;
      if (typeof documentId !== 'string') return written;
      ref = { subject, documentId };
      const now = getService(strapi, 'clock').now();
      if (events) await noteEvents(trx, subject, documentId, await events(), now);
      await noteChange(trx, ref, now);
      // Inside a caller's transaction the outbox must not be touched before that transaction commits.
      if (callerTransaction) onCommit(() => void follow());
      return written;
    });
    if (ref && !callerTransaction) await follow();
    return result;
  });
}
