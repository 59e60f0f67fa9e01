import type { Core } from '@strapi/strapi';
import type { Target } from '../../domain/rule-definition';
import { type ChangeRef, type ChangeSubject, noteChange } from './change-journal';
import type { Scheduler } from './scheduler';
import { TARGET_UIDS, UIDS } from '../../constants';
import { getService } from '../../utils';

const subjectOf: Record<string, ChangeSubject> = {
  ...Object.fromEntries(Object.entries(TARGET_UIDS).map(([target, uid]) => [uid, target as Target])),
  [UIDS.rule]: 'rule',
};
const WRITES = new Set(['create', 'update', 'delete']);

/**
 * Reacting to change: when an invoice is paid or voided, an appointment cancelled or moved, or a rule
 * edited, what is queued follows at once instead of waiting for send time. A Document Service middleware
 * sees every write path. It notes the change in the journal inside the write's transaction, so the two
 * commit together; after the commit this instance follows it at once, and if it dies first (or the
 * reaction fails), any instance's next tick does.
 */
export function registerChangeReactions(strapi: Core.Strapi, scheduler: () => Scheduler) {
  strapi.documents.use(async (context, next) => {
    const subject = subjectOf[context.uid];
    if (!subject || !WRITES.has(context.action)) return next();

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
