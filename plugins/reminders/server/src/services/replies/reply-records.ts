import type { Core, UID } from '@strapi/strapi';
import type { SentReminder } from '../../domain/reply-matching';
import { type StatusChange, isOpenRecord, statusChangeFor } from '../../domain/reply-records';
import { type TargetDefinition, recipientOf, valueAt } from '../../domain/targets';
import { buildTemplateContext } from '../../domain/templates';
import { DELIVERIES, DIRECT_TARGETS, readDate } from '../scheduling/outbox-table';
import { planningDefaults } from '../scheduling/planning-defaults';
import { UIDS } from '../../constants';
import { getConfig, getService } from '../../utils';

/** Deliveries that (may) have reached the customer: a reply can answer them. */
const SENT_STATUSES = ['accepted', 'delivered', 'unknown'];
/** The reminders read per reply at most: far more than a number receives in a window. */
const SENT_LIMIT = 200;

/** A reminded record, read as it is now, with the zone its times are told in. */
export interface LoadedRecord {
  target: TargetDefinition;
  record: Record<string, unknown> & { documentId: string };
  zone: string;
  /** Its language field's value, when it has one. */
  language: string | null;
}

export interface RecordRef {
  target: string;
  documentId: string;
}
export const refKey = (ref: RecordRef) => `${ref.target}:${ref.documentId}`;
/** A record and the reminder a reply answered about it (null when an editor chose a record none was sent for). */
export type AnsweredRecord = RecordRef & { deliveryDocumentId: string | null };

/** What a reminder's rule says of replies, for the reminders matched. */
export interface ReplyRule {
  name: string;
  allowReplies: boolean;
}

/**
 * The records side of replies: which reminders went to a number, the records they were about as they are now,
 * and the writes a reply makes to a record (through the Document Service, so the plugin's own reactions run:
 * a cancelled appointment's pending reminders are cancelled and its "cancelled" rules fire).
 */
export const createReplyRecords = (strapi: Core.Strapi) => {
  const targets = () => getService(strapi, 'targets');

  return {
    /** The reminder SMS sent to `phone` (as the customer) since `since`, newest first, with their senders. */
    async sentTo(phone: string, since: Date): Promise<SentReminder[]> {
      const rows = (await strapi.db
        .connection(DELIVERIES)
        .where({ phone, recipient_role: 'customer' })
        .whereIn('delivery_status', SENT_STATUSES)
        .whereNotNull('rule_document_id')
        .whereNotIn('target_type', DIRECT_TARGETS)
        .andWhere((sms) => sms.where('channel', 'sms').orWhereNull('channel'))
        .andWhere('send_started_at', '>=', since)
        .orderBy('send_started_at', 'desc')
        .limit(SENT_LIMIT)
        .select('document_id', 'rule_document_id', 'target_type', 'target_document_id', 'send_started_at')) as Record<
        string,
        unknown
      >[];
      const ruleIds = [...new Set(rows.map((row) => row.rule_document_id as string))];
      const ruleRows = ruleIds.length
        ? ((await strapi.db.query(UIDS.rule).findMany({
            where: { documentId: { $in: ruleIds } },
            select: ['documentId', 'senderId'],
          })) as { documentId: string; senderId: string | null }[])
        : [];
      const rules = new Map(ruleRows.map((rule) => [rule.documentId, rule]));
      const accountSender = getConfig(strapi).africastalking?.senderId || null;
      return rows.map((row) => ({
        deliveryDocumentId: row.document_id as string,
        target: row.target_type as string,
        documentId: row.target_document_id as string,
        sentAt: readDate(row.send_started_at) as Date,
        sender: rules.get(row.rule_document_id as string)?.senderId || accountSender,
      }));
    },

    /** The rule of one delivery, as far as replies go; null when the delivery or its rule is gone. */
    async ruleOfDelivery(deliveryDocumentId: string | null): Promise<ReplyRule | null> {
      if (!deliveryDocumentId) return null;
      const delivery = await strapi.db
        .connection(DELIVERIES)
        .where({ document_id: deliveryDocumentId })
        .first('rule_document_id');
      if (!delivery?.rule_document_id) return null;
      const rule = await strapi.db
        .query(UIDS.rule)
        .findOne({ where: { documentId: delivery.rule_document_id }, select: ['name', 'allowReplies'] });
      return rule ? { name: rule.name, allowReplies: rule.allowReplies === true } : null;
    },

    /** The records that still exist (and count: published, in the mapped locale), by refKey. */
    async load(refs: readonly RecordRef[]): Promise<Map<string, LoadedRecord>> {
      const all = await targets().all();
      const { timeZone } = planningDefaults(getConfig(strapi));
      const loaded = new Map<string, LoadedRecord>();
      for (const key of new Set(refs.map((ref) => ref.target))) {
        if (!Object.hasOwn(all, key)) continue;
        const target = all[key];
        const ids = [...new Set(refs.filter((ref) => ref.target === key).map((ref) => ref.documentId))];
        for (const record of await targets().findRecords(target, { documentId: { $in: ids } })) {
          const zone = valueAt(record, target.paths.timezone);
          const language = valueAt(record, target.paths.language);
          loaded.set(refKey({ target: key, documentId: record.documentId }), {
            target,
            record,
            zone: typeof zone === 'string' && zone ? zone : timeZone,
            language: typeof language === 'string' && language ? language : null,
          });
        }
      }
      return loaded;
    },

    isOpen: (loaded: LoadedRecord) => isOpenRecord(loaded.target, loaded.record),

    /** Whether the record's customer number is `phone`: an editor may apply a reply to any record of its sender. */
    phoneIs(loaded: LoadedRecord, phone: string): boolean {
      const recipient = recipientOf(
        loaded.target,
        loaded.record,
        'customer',
        planningDefaults(getConfig(strapi)).region
      );
      return recipient.ok && recipient.phone === phone;
    },

    /** The record's staff member's number, when it has one. */
    staffPhoneOf(loaded: LoadedRecord): string | null {
      const recipient = recipientOf(loaded.target, loaded.record, 'staff', planningDefaults(getConfig(strapi)).region);
      return loaded.target.paths.staffPhone && recipient.ok ? recipient.phone : null;
    },

    /** The record's reschedule link (config links.reschedule), or null when none is configured for its type. */
    rescheduleLinkOf(loaded: LoadedRecord): string | null {
      const config = getConfig(strapi);
      if (!config.links.reschedule) return null;
      try {
        const context = buildTemplateContext(
          loaded.target,
          loaded.record,
          { companyName: config.companyName, links: config.links, timeZone: loaded.zone, locale: 'en' },
          new Date()
        ) as { links?: { reschedule?: string | null } };
        return context.links?.reschedule ?? null;
      } catch {
        return null; // a record its templates cannot render (a bad currency) has no link either
      }
    },

    /**
     * Confirms or cancels the record (what statusChangeFor decides), through the Document Service: a Draft &
     * Publish type's document is published again so the change counts. Already so: nothing is written.
     */
    async changeStatus(loaded: LoadedRecord, intent: 'confirm' | 'cancel'): Promise<StatusChange> {
      const change = statusChangeFor(loaded.target, loaded.record, intent);
      if (!change.ok || change.already) return change;
      const documents = strapi.documents(loaded.target.uid as UID.ContentType);
      const scope = {
        documentId: loaded.record.documentId,
        ...(loaded.target.locale ? { locale: loaded.target.locale } : {}),
      };
      await documents.update({ ...scope, data: { [change.field]: change.value } } as never);
      if (loaded.target.publishedOnly) await documents.publish(scope as never);
      return change;
    },
  };
};

export type ReplyRecords = ReturnType<typeof createReplyRecords>;
