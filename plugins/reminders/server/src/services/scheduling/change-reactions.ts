import type { Core } from '@strapi/strapi';
import type { Target } from '../../domain/rule-definition';
import { RULE_UID, TARGET_UIDS } from './settings';
import type { Scheduler } from './scheduler';

const targetOf = Object.fromEntries(Object.entries(TARGET_UIDS).map(([target, uid]) => [uid, target as Target]));

/**
 * Reacting to change: when an invoice is paid or voided, an appointment cancelled or moved, or a rule
 * edited, what is queued follows at once instead of waiting for send time. A Document Service middleware
 * sees every write path; the reaction runs after the write is committed.
 */
export function registerChangeReactions(strapi: Core.Strapi, scheduler: () => Scheduler) {
  strapi.documents.use(async (context, next) => {
    const result = await next();
    const target = targetOf[context.uid];
    const isRule = context.uid === RULE_UID;
    if ((!target && !isRule) || !['create', 'update', 'delete'].includes(context.action)) return result;

    const documentId = ((result as { documentId?: string } | null)?.documentId ?? (context.params as { documentId?: string }).documentId) as string | undefined;
    if (!documentId) return result;
    const react = () =>
      isRule
        ? scheduler().ruleChanged(documentId)
        : scheduler().recordChanged(target, documentId, context.action === 'delete' ? 'deleted' : 'changed');
    const reportFailure = (error: Error) => strapi.log.error(`reminders: re-planning after a ${context.action} failed (the next tick retries): ${error.message}`);

    if (strapi.db.inTransaction()) {
      // Inside a caller's transaction the outbox must not be touched before it commits.
      await strapi.db.transaction(({ onCommit }) => onCommit(() => react().catch(reportFailure)));
    } else {
      await react().catch(reportFailure);
    }
    return result;
  });
}
