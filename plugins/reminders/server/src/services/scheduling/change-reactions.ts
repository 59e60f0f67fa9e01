import type { Core } from '@strapi/strapi';
import { type ChangeRef, type ChangeSubject, noteChange } from './change-journal';
import type { Scheduler } from './scheduler';
import { UIDS } from '../../constants';
import { getService } from '../../utils';

/** Writes that can change what a record is reminded of: publishing a draft makes it count, unpublishing stops it. */
const WRITES = new Set(['create', 'update', 'delete', 'publish', 'unpublish', 'discardDraft']);

const subjectOf = async (strapi: Core.Strapi, uid: string): Promise<ChangeSubject | undefined> =>
  uid === UIDS.rule ? 'rule' : (await getService(strapi, 'targets').byUid(uid))?.key;

/**
 * Reacting to change: when an invoice is paid or voided, an appointment cancelled or moved, a host's
 * booking published or moved, or a rule edited, what is queued follows at once instead of waiting for send time. A Document Service middleware
 * sees every write path. It notes the change in the journal inside the write's transaction, so the two
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

    // The write's own transaction joins this one (Strapi nests them), so the journal row commits with it.
    const result = await strapi.db.transaction(async ({ trx, onCommit }) => {
      const written = await next();
      const documentId =
        (written as { documentId?: string } | null)?.documentId ??
        (context.params as { documentId?: string }).documentId;
      if (typeof documentId !== 'string') return written;
      ref = { subject, documentId };
      await noteChange(trx, ref, getService(strapi, 'clock').now());
      // Inside a caller's transaction the outbox must not be touched before that transaction commits.
      if (callerTransaction) onCommit(() => void follow());
      return written;
    });
    if (ref && !callerTransaction) await follow();
    return result;
  });
}
