import crypto from 'crypto';
import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import { refuse } from '../validation/refuse';
import { evaluateConditions } from '../domain/conditions';
import { resolveZone } from '../domain/planning';
import { type Reason, reasonText } from '../domain/reasons';
import { type TargetDefinition, customerNameOf, emailRecipientOf, recipientOf, recordLabelOf } from '../domain/targets';
import { type DeliveryChannel, channelOfStep, emailKeyOf } from '../domain/channels';
import { recipientsOf, roleOf } from '../domain/recipients';
import type { DeliverySummary } from './delivery-log';
import { ConflictError } from './idempotency';
import { createOutboxTable, newDeliveryRow } from './scheduling/outbox-table';
import { enabledRules, ruleRow } from './scheduling/rule-rows';
import { planningDefaults } from './scheduling/planning-defaults';
import { type ServiceOf, getConfig, getService } from '../utils';

const SEARCH_LIMIT = 20;
/** A search reads the newest this many rows first, newest first: a common word matches among them. */
export const SEARCH_RECENT_ROWS = 2_000;
/** Past those, the ids of every older match, unordered, when there are at most this many. */
export const SEARCH_OLDER_IDS = 10_000;

/** A filter on a path, one relation away or not: "customer.name" → { customer: { name: … } }. */
const nested = (path: string, condition: unknown): Record<string, unknown> => {
  const [head, field] = path.split('.');
  return field ? { [head]: { [field]: condition } } : { [head]: condition };
};

type Found = Awaited<ReturnType<ServiceOf<'targets'>['findRecords']>>;

/**
 * The newest SEARCH_LIMIT records matching a "contains" filter. Asked newest first in one query, the
 * database walks the primary key down from the newest row until it has found enough, and a text that
 * only old records contain ("INV-0000" among a million invoices) made it read every row: seconds. So the
 * newest rows first, by the primary key; then, when they hold too few, the ids of the older matches with
 * no order, which a trigram index serves on PostgreSQL (search-indexes.ts), and the newest of those.
 */
async function newestMatches(
  targets: ServiceOf<'targets'>,
  target: TargetDefinition,
  where: Record<string, unknown>,
  find: (where: Record<string, unknown>, limit?: number) => Promise<Found>
): Promise<Found> {
  const bound = await targets.nthNewestId(target, SEARCH_RECENT_ROWS);
  if (bound === undefined) return find(where);
  const recent = await find({ $and: [where, { id: { $gte: bound } }] });
  const wanted = SEARCH_LIMIT - recent.length;
  if (!wanted) return recent;
  const olderWhere = { $and: [where, { id: { $lt: bound } }] };
  const older = await targets.findRecords(target, olderWhere, { select: [], limit: SEARCH_OLDER_IDS + 1 });
  // More than that: too many to sort here; the walk down the key, as before.
  if (older.length > SEARCH_OLDER_IDS) return [...recent, ...(await find(olderWhere, wanted))];
  const ids = older
    .map((record) => record.id)
    .sort((a, b) => b - a)
    .slice(0, wanted);
  return [...recent, ...(ids.length ? await find({ id: { $in: ids } }) : [])];
}

/** How far ahead a record's panel looks for reminders the planner has not put in the outbox yet. */
export const PLANNED_DAYS = 60;

export interface PlannedReminder {
  ruleDocumentId: string;
  ruleName: string;
  recipientRole: string;
  channel: DeliveryChannel;
  phone: string;
  email: string | null;
  sendAt: string;
  /** The zone it is timed in: the record's, else the rule's, else the plugin default. */
  timeZone: string;
  status: string;
  reason: string | null;
  reasonDetail: Reason | null;
}

/** A rule that does not apply to the record now, and why (in English, and as a key with values). */
export interface NotApplying {
  ruleDocumentId: string;
  ruleName: string;
  reason: string;
  reasonDetail: Reason;
}

/**
 * One invoice's or appointment's reminders, for the panel on its Content Manager page: what the outbox
 * holds for it, what each enabled rule will add later, and "send reminder now".
 */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const scheduler = () => getService(strapi, 'scheduler');
  const log = () => getService(strapi, 'delivery-log');
  const clock = () => getService(strapi, 'clock');
  const outbox = createOutboxTable(strapi);
  const targets = () => getService(strapi, 'targets');

  /** A target's record that counts (published, in the mapped locale), or a 404. */
  async function recordOf(target: TargetDefinition, documentId: string) {
    const record = await targets().findRecord(target, documentId);
    if (!record) throw new errors.NotFoundError(`No ${target.key} with documentId "${documentId}"`);
    return record;
  }

  /**
   * A 409 when the rule was sent to the record by hand less than `sendNowConfirmMinutes` ago (not counting
   * this request's own deliveries, there when it runs again): a double click, or two editors at once.
   */
  async function refuseRecentSend(
    target: string,
    documentId: string,
    ruleDocumentId: string,
    ownKeys: string[],
    now: Date
  ) {
    const windowMinutes = getConfig(strapi).sendNowConfirmMinutes;
    if (windowMinutes === 0) return;
    const at = await outbox.lastManualSend(
      target,
      documentId,
      ruleDocumentId,
      ownKeys,
      new Date(now.getTime() - windowMinutes * 60_000)
    );
    if (!at) return;
    const minutes = Math.floor((now.getTime() - at.getTime()) / 60_000);
    const ago = minutes < 1 ? 'less than a minute ago' : `${minutes} minute${minutes === 1 ? '' : 's'} ago`;
    throw new ConflictError(
      `A reminder from this rule was sent by hand for this ${target} ${ago} (${at.toISOString().slice(0, 16).replace('T', ' ')} UTC). To send another one, confirm it (confirm: true).`,
      { lastSentAt: at.toISOString(), windowMinutes }
    );
  }

  return {
    /**
     * At most SEARCH_LIMIT records whose number, title or customer contains `query` (any case), the newest
     * first; without a query, the newest. The record picker of the rule editor and the test send.
     */
    async search(targetKey: string, query: string) {
      const target = await targets().get(targetKey);
      const searched = [target.paths.label, target.paths.name].filter((path): path is string => path !== undefined);
      const find = (where: Record<string, unknown>, limit = SEARCH_LIMIT) =>
        targets().findRecords(target, where, { select: searched, orderBy: { id: 'desc' }, limit });
      const records =
        query && searched.length
          ? await newestMatches(
              targets(),
              target,
              { $or: searched.map((path) => nested(path, { $containsi: query })) },
              find
            )
          : await find(query ? { documentId: query } : {});
      return records.map((record) => ({
        documentId: record.documentId,
        label: recordLabelOf(target, record),
        customerName: customerNameOf(target, record),
      }));
    },

    /**
     * The record's deliveries (newest first), the reminders its enabled rules will plan over the next
     * PLANNED_DAYS days, computed by the planner's own code for this one record (nothing is written), and the
     * customer's replies about it.
     */
    async overview(targetKey: string, documentId: string) {
      const target = await targets().get(targetKey);
      const record = await recordOf(target, documentId);
      const now = clock().now();
      const deliveries: DeliverySummary[] = await log().ofRecord(targetKey, documentId);
      const rules = await enabledRules(strapi, targetKey);
      const planned: PlannedReminder[] = [];
      // A re-planned record has reminders in the outbox beyond the watermark too: each is listed once.
      const occurrenceOf = (item: {
        ruleDocumentId: string | null;
        stepIndex: number | null;
        occurrence: number | null;
        recipientRole: string;
        channel: DeliveryChannel;
      }) => `${item.ruleDocumentId}:${item.stepIndex}:${item.occurrence}:${item.recipientRole}:${item.channel}`;
      const inOutbox = new Set(deliveries.map((delivery) => `${occurrenceOf(delivery)}:${delivery.scheduledFor}`));
      const notApplying: NotApplying[] = [];
      const defaults = planningDefaults(getConfig(strapi));
      for (const rule of rules) {
        const verdict = evaluateConditions(target, rule.conditions ?? [], record);
        if (!verdict.ok) {
          notApplying.push({
            ruleDocumentId: rule.documentId,
            ruleName: rule.name,
            reason: reasonText(verdict.reason),
            reasonDetail: verdict.reason,
          });
          continue;
        }
        const from = new Date(Math.max(now.getTime(), (await scheduler().planner.plannedThrough(rule, now)).getTime()));
        const to = new Date(now.getTime() + PLANNED_DAYS * 86_400_000);
        if (from >= to) continue;
        for (const delivery of await scheduler().planner.planWindow(rule, { from, to }, now, documentId)) {
          if (inOutbox.has(`${occurrenceOf(delivery)}:${delivery.scheduledFor.toISOString()}`)) continue;
          planned.push({
            ruleDocumentId: rule.documentId,
            ruleName: rule.name,
            recipientRole: delivery.recipientRole,
            channel: delivery.channel,
            phone: delivery.phone,
            email: delivery.email ?? null,
            sendAt: delivery.notBefore.toISOString(),
            timeZone: resolveZone(target, record, rule, defaults),
            status: delivery.status,
            reason: delivery.reason ? reasonText(delivery.reason) : null,
            reasonDetail: delivery.reason ?? null,
          });
        }
      }
      planned.sort((a, b) => a.sendAt.localeCompare(b.sendAt));
      return {
        rules: rules.map((rule) => ({ documentId: rule.documentId, name: rule.name })),
        deliveries,
        planned,
        notApplying,
        // What the customer answered about this record (the inbox's replies matched to it), newest first.
        replies: await getService(strapi, 'replies').ofRecord(targetKey, documentId),
      };
    },

    /**
     * "Send reminder now": one delivery per recipient of the chosen rule, due now, then a dispatch pass of
     * those deliveries only (whatever else is due waits for the tick). The dispatcher re-checks everything as for any reminder (the rule's conditions, opt-outs, quiet
     * hours), renders with the same code and records the outcome, which this returns.
     * Keyed manual:<rule>:<record>:<recipient>:key-<digest> when the request has an Idempotency-Key (a run
     * of the same request again finds its deliveries: nothing is sent twice), else :<milliseconds>.<random>.
     * Within `sendNowConfirmMinutes` of another send-now of the rule to the record, it must be `confirmed`.
     */
    async sendNow(
      targetKey: string,
      documentId: string,
      ruleDocumentId: string,
      editor: string,
      request: { confirmed: boolean; keyDigest?: string }
    ): Promise<DeliverySummary[]> {
      const target = await targets().get(targetKey);
      const record = await recordOf(target, documentId);
      const rule = await ruleRow(strapi, ruleDocumentId);
      if (!rule || !rule.enabled || rule.target !== targetKey) {
        throw refuse([{ path: 'rule', message: `rule must be an enabled ${targetKey} rule` }]);
      }
      // A rule that does not apply (a paid invoice) is refused before anything is written: no cancelled row.
      const verdict = evaluateConditions(target, rule.conditions ?? [], record);
      if (!verdict.ok) {
        const text = reasonText(verdict.reason);
        throw new ConflictError(`The rule "${rule.name}" does not apply to this ${target.key}: ${text}.`, {
          reason: text,
          reasonDetail: verdict.reason,
        });
      }
      const now = clock().now();
      const roles = recipientsOf(rule).map(roleOf);
      const suffix = request.keyDigest
        ? `key-${request.keyDigest}`
        : `${now.getTime()}.${crypto.randomBytes(4).toString('hex')}`;
      // Sent on the rule's first step's channel; an e-mail under its SMS key with the e-mail suffix, as planned ones.
      const channel = channelOfStep(rule, rule.steps[0]);
      const keys = roles.map((role) => {
        const key = `manual:${rule.documentId}:${documentId}:${role}:${suffix}`;
        return channel === 'email' ? emailKeyOf(key) : key;
      });
      if (!request.confirmed) await refuseRecentSend(targetKey, documentId, rule.documentId, keys, now);
      const { region } = planningDefaults(getConfig(strapi));
      const rows = roles.map((role, index) => {
        const recipient = recipientOf(target, record, role, region);
        const address = emailRecipientOf(target, record, role);
        return newDeliveryRow(
          {
            idempotency_key: keys[index],
            rule_document_id: rule.documentId,
            target_type: targetKey,
            target_document_id: documentId,
            recipient_role: role,
            channel: channel === 'email' ? 'email' : 'sms',
            fallback_channel: channel === 'sms_or_email' ? 'email' : null,
            // The number or address now; the dispatcher sends to the record's at send time.
            phone: channel !== 'email' && recipient.ok ? recipient.phone : '',
            email: channel === 'email' && address.ok ? address.address : null,
            scheduled_for: now,
            not_before: now,
            delivery_status: 'queued',
            attempts: 0,
          },
          { at: now.toISOString(), status: 'queued', detail: `Send now by ${editor}` },
          now
        );
      });
      await outbox.insertNew(rows);
      await scheduler().dispatcher.dispatchKeys(now, keys);
      return Promise.all((await outbox.documentIdsOf(keys)).map((deliveryId) => log().detail(deliveryId)));
    },
  };
};
