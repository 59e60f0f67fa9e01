import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import { evaluateConditions } from '../domain/conditions';
import { appendEvent } from '../domain/delivery-status';
import type { Target } from '../domain/rule-definition';
import type { DeliveryLog, DeliverySummary } from './delivery-log';
import { DELIVERIES, newDocumentId } from './scheduling/outbox-table';
import type { Scheduler } from './scheduling/scheduler';
import { RULE_UID, type StoredRule, TARGET_UIDS, enabledRules } from './scheduling/settings';

const SEARCH_LIMIT = 20;

/** How far ahead a record's panel looks for reminders the planner has not put in the outbox yet. */
export const PLANNED_DAYS = 60;

export interface PlannedReminder {
  ruleDocumentId: string;
  ruleName: string;
  recipientRole: string;
  phone: string;
  sendAt: string;
  status: string;
  reason: string | null;
}

/**
 * One invoice's or appointment's reminders, for the panel on its Content Manager page: what the outbox
 * holds for it, what each enabled rule will add later, and "send reminder now".
 */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const scheduler = () => strapi.plugin('reminders').service('scheduler') as Scheduler;
  const log = () => strapi.plugin('reminders').service('delivery-log') as DeliveryLog;

  async function recordOf(target: Target, documentId: string) {
    const record = (await strapi.db.query(TARGET_UIDS[target]).findOne({ where: { documentId } })) as (Record<string, unknown> & { documentId: string }) | null;
    if (!record) throw new errors.NotFoundError(`No ${target} with documentId "${documentId}"`);
    return record;
  }

  return {
    /**
     * At most SEARCH_LIMIT records whose number, title or customer contains `query` (any case), the newest
     * first; without a query, the newest. The record picker of the rule editor and the test send.
     */
    async search(target: Target, query: string) {
      const label = target === 'invoice' ? 'number' : 'title';
      const where = query ? { $or: [{ [label]: { $containsi: query } }, { customerName: { $containsi: query } }] } : {};
      const records = (await strapi.db.query(TARGET_UIDS[target]).findMany({ where, select: ['documentId', label, 'customerName'], orderBy: { id: 'desc' }, limit: SEARCH_LIMIT })) as Record<string, string>[];
      return records.map((record) => ({ documentId: record.documentId, label: String(record[label]), customerName: record.customerName ?? null }));
    },

    /**
     * The record's deliveries (newest first) and the reminders its enabled rules will plan over the next
     * PLANNED_DAYS days, computed by the planner's own code for this one record (nothing is written).
     */
    async overview(target: Target, documentId: string) {
      const record = await recordOf(target, documentId);
      const now = scheduler().now();
      const deliveries: DeliverySummary[] = await log().ofRecord(target, documentId);
      const rules = await enabledRules(strapi, target);
      const planned: PlannedReminder[] = [];
      const notApplying: { ruleDocumentId: string; ruleName: string; reason: string }[] = [];
      for (const rule of rules) {
        const verdict = evaluateConditions(rule.target, rule.conditions ?? [], record);
        if (!verdict.ok) {
          notApplying.push({ ruleDocumentId: rule.documentId, ruleName: rule.name, reason: verdict.reason });
          continue;
        }
        const from = new Date(Math.max(now.getTime(), (await scheduler().planner.plannedThrough(rule, now)).getTime()));
        const to = new Date(now.getTime() + PLANNED_DAYS * 86_400_000);
        if (from >= to) continue;
        for (const delivery of await scheduler().planner.planWindow(rule, { from, to }, now, documentId)) {
          planned.push({
            ruleDocumentId: rule.documentId,
            ruleName: rule.name,
            recipientRole: delivery.recipientRole,
            phone: delivery.phone,
            sendAt: delivery.notBefore.toISOString(),
            status: delivery.status,
            reason: delivery.reason ?? null,
          });
        }
      }
      planned.sort((a, b) => a.sendAt.localeCompare(b.sendAt));
      return {
        rules: rules.map((rule) => ({ documentId: rule.documentId, name: rule.name })),
        deliveries,
        planned,
        notApplying,
      };
    },

    /**
     * "Send reminder now": one delivery per recipient of the chosen rule, keyed
     * manual:<rule>:<record>:<recipient>:<milliseconds>, due now, then one dispatch pass. The dispatcher
     * re-checks everything as for any reminder (the rule's conditions, opt-outs, quiet hours), renders with
     * the same code and records the outcome, which this returns.
     */
    async sendNow(target: Target, documentId: string, ruleDocumentId: string, editor: string): Promise<DeliverySummary[]> {
      const record = await recordOf(target, documentId);
      const rule = (await strapi.db.query(RULE_UID).findOne({ where: { documentId: ruleDocumentId } })) as StoredRule | null;
      if (!rule || !rule.enabled || rule.target !== target) {
        throw new errors.ValidationError(`rule must be an enabled ${target} rule`, { errors: [{ path: ['rule'], message: `rule must be an enabled ${target} rule`, name: 'ValidationError' }] });
      }
      const now = scheduler().now();
      const roles = rule.recipient === 'both' ? ['customer', 'staff'] : [rule.recipient ?? 'customer'];
      const rows = roles.map((role) => ({
        document_id: newDocumentId(),
        idempotency_key: `manual:${rule.documentId}:${documentId}:${role}:${now.getTime()}`,
        rule_document_id: rule.documentId,
        target_type: target,
        target_document_id: documentId,
        recipient_role: role,
        // The number now; the dispatcher sends to the record's number at send time.
        phone: String((role === 'staff' ? record.staffPhone : record.phone) ?? ''),
        scheduled_for: now,
        not_before: now,
        delivery_status: 'queued',
        attempts: 0,
        events: JSON.stringify(appendEvent([], { at: now.toISOString(), status: 'queued', detail: `Send now by ${editor}` })),
        created_at: now,
        updated_at: now,
        published_at: now,
      }));
      await strapi.db.connection(DELIVERIES).insert(rows);
      await scheduler().dispatcher.dispatch(now);
      return Promise.all(rows.map((row) => log().detail(row.document_id)));
    },
  };
};
