import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import { type DeliveryEvent, type DeliveryStatus, appendEvent } from '../domain/delivery-status';
import { type Reason, readReason, reason } from '../domain/reasons';
import { customerNameOf, recordLabelOf, valueAt } from '../domain/targets';
import {
  DIRECT_TARGETS,
  REPLY_TARGET,
  TEST_SEND_TARGET,
  createOutboxTable,
  readDate,
  readJson,
  reasonColumns,
} from './scheduling/outbox-table';
import { getConfig, getService } from '../utils';
import { UIDS } from '../constants';
import type { DeliveryChannel } from '../domain/channels';

/**
 * The delivery log as editors read and act on it: a filtered, server-side paginated list, one delivery in
 * full, and the editor's actions (retry, cancel, resolve an unknown). Every read is an indexed range over
 * the outbox table and every page is bounded, so the log stays fast with millions of rows; every action is
 * one conditional UPDATE, so it cannot race the dispatcher or a delivery report.
 */

export interface DeliveryFilters {
  statuses?: DeliveryStatus[];
  ruleDocumentId?: string;
  phone?: string;
  channel?: DeliveryChannel;
  from?: Date;
  to?: Date;
  targetType?: string;
  targetDocumentId?: string;
}

export interface DeliverySummary {
  documentId: string;
  status: DeliveryStatus;
  notBefore: string | null;
  scheduledFor: string | null;
  channel: DeliveryChannel;
  /** An SMS's number; empty for an e-mail. */
  phone: string;
  /** An e-mail's address (once known); null for an SMS. */
  email: string | null;
  recipientRole: string;
  ruleDocumentId: string | null;
  ruleName: string | null;
  targetType: string;
  targetDocumentId: string | null;
  record: RecordLabel | null;
  stepIndex: number | null;
  occurrence: number | null;
  segments: number | null;
  encoding: string | null;
  cost: string | null;
  attempts: number;
  errorCode: string | null;
  /** In English, for API users and logs; `reasonDetail` is the same as a key and values (null on older rows). */
  reason: string | null;
  reasonDetail: Reason | null;
  /** The zone its times are said in: the record's, else the rule's, else the plugin default (as when planned). */
  timeZone: string;
  updatedAt: string | null;
}

export interface DeliveryDetail extends DeliverySummary {
  idempotencyKey: string;
  /** An e-mail's subject; null for an SMS. */
  subject: string | null;
  /** The SMS, or the e-mail's text part. */
  body: string | null;
  provider: string | null;
  providerMessageId: string | null;
  sendStartedAt: string | null;
  createdAt: string | null;
  events: DeliveryEvent[];
  actions: DeliveryAction[];
}

export interface RecordLabel {
  label: string;
  customerName: string | null;
}

export type DeliveryAction = 'retry' | 'cancel' | 'mark-sent' | 'mark-not-sent';

/** Which statuses each editor action starts from. */
export const ACTION_FROM: Record<DeliveryAction, readonly DeliveryStatus[]> = {
  retry: ['failed', 'rejected', 'unknown', 'skipped', 'expired', 'cancelled'],
  cancel: ['queued'],
  'mark-sent': ['unknown'],
  'mark-not-sent': ['unknown'],
};

/** Rows counted for a page's total at most: deeper than this, the editor narrows the filters. */
export const COUNT_CAP = 10_000;

const SUMMARY_COLUMNS = [
  'id',
  'document_id',
  'delivery_status',
  'not_before',
  'scheduled_for',
  'channel',
  'phone',
  'email',
  'recipient_role',
  'rule_document_id',
  'target_type',
  'target_document_id',
  'step_index',
  'occurrence',
  'segments',
  'encoding',
  'cost',
  'attempts',
  'error_code',
  'reason',
  'reason_detail',
  'updated_at',
];

const iso = (value: unknown) => readDate(value)?.toISOString() ?? null;

type Row = Record<string, unknown>;

/** The zones a page of deliveries is said in: each record's own, its rule's, the plugin default. */
interface Zones {
  records: Map<string, string>;
  rules: Map<string, string>;
  fallback: string;
}

const summaryOf = (
  row: Row,
  ruleNames: Map<string, string>,
  records: Map<string, RecordLabel>,
  zones: Zones
): DeliverySummary => ({
  documentId: row.document_id as string,
  status: row.delivery_status as DeliveryStatus,
  notBefore: iso(row.not_before),
  scheduledFor: iso(row.scheduled_for),
  channel: (row.channel as DeliveryChannel | null) ?? 'sms',
  phone: row.phone as string,
  email: (row.email as string) ?? null,
  recipientRole: (row.recipient_role as string) ?? 'customer',
  ruleDocumentId: (row.rule_document_id as string) ?? null,
  ruleName: row.rule_document_id ? (ruleNames.get(row.rule_document_id as string) ?? null) : null,
  targetType: row.target_type as string,
  targetDocumentId: (row.target_document_id as string) ?? null,
  record: records.get(`${row.target_type}:${row.target_document_id}`) ?? null,
  stepIndex: (row.step_index as number) ?? null,
  occurrence: (row.occurrence as number) ?? null,
  segments: (row.segments as number) ?? null,
  encoding: (row.encoding as string) ?? null,
  cost: (row.cost as string) ?? null,
  attempts: Number(row.attempts ?? 0),
  errorCode: (row.error_code as string) ?? null,
  reason: (row.reason as string) ?? null,
  reasonDetail: readReason(readJson(row.reason_detail, null)),
  timeZone:
    zones.records.get(`${row.target_type}:${row.target_document_id}`) ??
    zones.rules.get(row.rule_document_id as string) ??
    zones.fallback,
  updatedAt: iso(row.updated_at),
});

export const actionsFor = (status: DeliveryStatus, targetType: string): DeliveryAction[] =>
  (Object.keys(ACTION_FROM) as DeliveryAction[]).filter(
    (action) => ACTION_FROM[action].includes(status) && !(action === 'retry' && DIRECT_TARGETS.includes(targetType))
  );

const ACTION_NAMES: Record<DeliveryAction, string> = {
  retry: 'retried',
  cancel: 'cancelled',
  'mark-sent': 'marked as sent',
  'mark-not-sent': 'marked as not sent',
};

const createDeliveryLog = ({ strapi }: { strapi: Core.Strapi }) => {
  const outbox = createOutboxTable(strapi);
  /** The clock service's now, so that "due now" means the same instant to the dispatcher. */
  const clock = () => getService(strapi, 'clock').now();

  /**
   * Rule names by documentId, for the rules a page of deliveries mentions: a plain indexed read of the rules
   * table (rules have no drafts), without the query engine's per-row work.
   */
  async function rulesOf(ids: string[]) {
    if (ids.length === 0) return { names: new Map<string, string>(), zones: new Map<string, string>() };
    const rules = (await strapi.db
      .connection(strapi.db.metadata.get(UIDS.rule).tableName)
      .whereIn('document_id', ids)
      .select('document_id', 'name', 'timezone')) as { document_id: string; name: string; timezone: string | null }[];
    return {
      names: new Map(rules.map((rule) => [rule.document_id, rule.name])),
      zones: new Map(rules.flatMap((rule) => (rule.timezone ? [[rule.document_id, rule.timezone]] : []))),
    };
  }

  /** "INV-1001", "Dental check-up" or a booking's reference, with the customer, for the records a page of deliveries mentions. */
  async function recordLabelsOf(rows: Row[]) {
    const labels = new Map<string, RecordLabel>();
    const zones = new Map<string, string>();
    const registry = getService(strapi, 'targets');
    for (const target of Object.values(await registry.all())) {
      const ids = [
        ...new Set(
          rows
            .filter((row) => row.target_type === target.key && row.target_document_id)
            .map((row) => row.target_document_id as string)
        ),
      ];
      if (ids.length === 0) continue;
      const select = [target.paths.label, target.paths.name, target.paths.timezone].filter(
        (path): path is string => path !== undefined
      );
      for (const record of await registry.findRecords(target, { documentId: { $in: ids } }, { select })) {
        labels.set(`${target.key}:${record.documentId}`, {
          label: recordLabelOf(target, record),
          customerName: customerNameOf(target, record),
        });
        const zone = valueAt(record, target.paths.timezone);
        if (typeof zone === 'string' && zone) zones.set(`${target.key}:${record.documentId}`, zone);
      }
    }
    return { labels, zones };
  }

  async function summaries(rows: Row[]): Promise<DeliverySummary[]> {
    const [rules, records] = await Promise.all([
      rulesOf([...new Set(rows.map((row) => row.rule_document_id as string).filter(Boolean))]),
      recordLabelsOf(rows),
    ]);
    const zones = { records: records.zones, rules: rules.zones, fallback: getConfig(strapi).defaultTimezone };
    return rows.map((row) => summaryOf(row, rules.names, records.labels, zones));
  }

  async function rowOf(documentId: string): Promise<Row> {
    const row = await outbox.find({ document_id: documentId });
    if (!row) throw new errors.NotFoundError(`No delivery with documentId "${documentId}"`);
    return row;
  }

  async function detail(documentId: string): Promise<DeliveryDetail> {
    const row = await rowOf(documentId);
    const [summary] = await summaries([row]);
    return {
      ...summary,
      idempotencyKey: row.idempotency_key as string,
      subject: (row.subject as string) ?? null,
      body: (row.body as string) ?? null,
      provider: (row.provider as string) ?? null,
      providerMessageId: (row.provider_message_id as string) ?? null,
      sendStartedAt: iso(row.send_started_at),
      createdAt: iso(row.created_at),
      events: readJson<DeliveryEvent[]>(row.events, []),
      actions: actionsFor(summary.status, summary.targetType),
    };
  }

  /**
   * Moves one delivery from a status the action allows to its next one, appending a timeline event, in one
   * conditional UPDATE: if the dispatcher or a delivery report moved it meanwhile, nothing is written and
   * the editor is told.
   */
  async function act(
    documentId: string,
    action: DeliveryAction,
    editor: string,
    now: Date,
    changes: Record<string, unknown>,
    next: DeliveryStatus,
    detailText: string
  ) {
    const row = await rowOf(documentId);
    const from = row.delivery_status as DeliveryStatus;
    if (!actionsFor(from, row.target_type as string).includes(action)) {
      const why =
        action === 'retry' && row.target_type === TEST_SEND_TARGET
          ? 'a test send is not retried; send another test from Settings'
          : action === 'retry' && row.target_type === REPLY_TARGET
            ? 'an answer to a customer reply is sent once; write to the customer yourself if it must go again'
            : `only a delivery that is ${ACTION_FROM[action].join(', ')} can be ${ACTION_NAMES[action]}`;
      throw new errors.ApplicationError(`This delivery is ${from}: ${why}.`, { status: from, action });
    }
    const events = appendEvent(readJson(row.events, []), {
      at: now.toISOString(),
      status: next,
      detail: `${detailText} by ${editor}`,
    });
    const updated = await outbox.update(
      { id: row.id, delivery_status: from },
      { ...changes, delivery_status: next, events: JSON.stringify(events), updated_at: now }
    );
    if (updated === 0)
      throw new errors.ApplicationError(
        'This delivery changed while you were looking at it: reload it and try again.',
        { action }
      );
    // An unknown send resolved by the editor: its sent or failed event, now that the outcome is known.
    await getService(strapi, 'reminder-events').transitioned([
      { id: row.id as number, status: next, errorCode: changes.error_code },
    ]);
    return detail(documentId);
  }

  return {
    detail,

    /**
     * One page of the log, newest first (by the time it is or was due), with the total counted up to
     * COUNT_CAP rows: a count never reads more than that, and pages never skip more.
     */
    async list(filters: DeliveryFilters, page: number, pageSize: number) {
      // The page and its count at the same time: two connections, one wait.
      const [rows, total] = await Promise.all([
        outbox
          .matching(filters)
          .select(SUMMARY_COLUMNS)
          .orderBy([
            { column: 'not_before', order: 'desc' },
            { column: 'id', order: 'desc' },
          ])
          .limit(pageSize)
          .offset((page - 1) * pageSize) as Promise<Row[]>,
        outbox.countMatching(filters, COUNT_CAP),
      ]);
      const capped = total > COUNT_CAP;
      const countedTotal = Math.min(total, COUNT_CAP);
      return {
        data: await summaries(rows),
        pagination: {
          page,
          pageSize,
          total: countedTotal,
          pageCount: Math.max(1, Math.ceil(countedTotal / pageSize)),
          capped,
        },
      };
    },

    /** The reminders of one record, newest first (at most `limit`). */
    async ofRecord(targetType: string, targetDocumentId: string, limit = 50): Promise<DeliverySummary[]> {
      const rows = (await outbox
        .matching({ targetType, targetDocumentId })
        .select(SUMMARY_COLUMNS)
        .orderBy([
          { column: 'not_before', order: 'desc' },
          { column: 'id', order: 'desc' },
        ])
        .limit(limit)) as Row[];
      return summaries(rows);
    },

    /** Back to the queue, due now, with its attempts reset: same row, same idempotency key. */
    retry: (documentId: string, editor: string, now = clock()) =>
      act(
        documentId,
        'retry',
        editor,
        now,
        {
          not_before: now,
          attempts: 0,
          lease_until: null,
          claimed_by: null,
          send_started_at: null,
          error_code: null,
          ...reasonColumns(null),
        },
        'queued',
        'Retried'
      ),

    /** A queued reminder will not be sent. Its error code is not the planner's "no longer applies", so it never comes back by itself. */
    cancel: (documentId: string, editor: string, now = clock()) =>
      act(
        documentId,
        'cancel',
        editor,
        now,
        { error_code: 'cancelled_by_editor', ...reasonColumns(reason('cancelledBy', { editor })) },
        'cancelled',
        'Cancelled'
      ),

    /** An editor checked an unknown send: it went out (accepted) or it did not (failed). */
    resolveUnknown: (documentId: string, sent: boolean, editor: string, now = clock()) =>
      sent
        ? act(
            documentId,
            'mark-sent',
            editor,
            now,
            { error_code: null, ...reasonColumns(reason('markedSentBy', { editor })), lease_until: null },
            'accepted',
            'Marked as sent'
          )
        : act(
            documentId,
            'mark-not-sent',
            editor,
            now,
            {
              error_code: 'resolved_not_sent',
              ...reasonColumns(reason('markedNotSentBy', { editor })),
              lease_until: null,
            },
            'failed',
            'Marked as not sent'
          ),
  };
};

export type DeliveryLog = ReturnType<typeof createDeliveryLog>;
export default createDeliveryLog;
