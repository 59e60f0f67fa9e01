/**
 * The shapes the plugin's admin API answers with, from its contracts (contracts). Types only: no
 * server code and no zod reach the admin bundle.
 */
import type { DeliveryStatus, ListDeliveries } from '../../../contracts/deliveries';
import type { GetRecordReminders, SearchRecords } from '../../../contracts/records';
import type { ReplyIntent, ReplyStatus } from '../../../contracts/replies';
import type { ListTargets } from '../../../contracts/targets';

export type { Dashboard, DayStats } from '../../../contracts/dashboard';
export type {
  DeliveryAction,
  DeliveryDetail,
  DeliveryEvent,
  DeliveryStatus,
  DeliverySummary,
  UnmatchedReport,
} from '../../../contracts/deliveries';
export type {
  ConditionDefinition,
  Rule,
  RuleCondition,
  RuleConditions,
  RuleOptions,
  RuleOverlap,
  RulePreview,
  RuleStep,
  RuleRecipient,
  RuleWithStats,
  Target,
} from '../../../contracts/rules';
export type {
  CancelWordOptOut,
  ReplyEvent,
  ReplyIntent,
  ReplyRecord,
  ReplyStatus,
  ReplySummary,
} from '../../../contracts/replies';
export type { MessageTemplate, StoredMessageTemplate, TemplateUser } from '../../../contracts/message-templates';
export type { PreviewItem as UpcomingItem, TickReport } from '../../../contracts/scheduler';
export type { SettingsOverview as Settings } from '../../../contracts/settings';
export type { TargetMapping, TargetSummary } from '../../../contracts/targets';
export type { RenderedMessage as TemplatePreview } from '../../../contracts/templates';
export type { TestSendResult } from '../../../contracts/test-send';

export type RecordOption = SearchRecords.Response['data'][number];
export type RecordReminders = GetRecordReminders.Response['data'];

/** The Settings page's targets: each mapped one (where, how, what is wrong) and the types that could be. */
export type TargetsOverview = ListTargets.Response['data'];
export type MappedTarget = TargetsOverview['targets'][number];
export type MappableType = TargetsOverview['contentTypes'][number];
/** A part of a mapping the Settings page offers a type's fitting fields for. */
export type MappingPart = keyof MappableType['fields'];

/** The delivery log's filters as its page holds them: the statuses picked as a list. */
export type DeliveryFilters = Omit<ListDeliveries.Filters, 'status'> & { status?: string[] };

/** Every status, in the order of the log's filter; checked against the server's list, so a status added there fails the type check. */
const STATUSES = {
  queued: true,
  sending: true,
  accepted: true,
  delivered: true,
  failed: true,
  rejected: true,
  unknown: true,
  skipped: true,
  expired: true,
  cancelled: true,
} satisfies Record<DeliveryStatus, true>;
export const DELIVERY_STATUSES = Object.keys(STATUSES) as DeliveryStatus[];

/** Every reply status, in the order of the inbox's filter; checked against the server's list like DELIVERY_STATUSES. */
const REPLY_STATUS_SET = {
  needs_review: true,
  ambiguous: true,
  unmatched: true,
  applied: true,
  ignored: true,
  handled: true,
} satisfies Record<ReplyStatus, true>;
export const REPLY_STATUSES = Object.keys(REPLY_STATUS_SET) as ReplyStatus[];
/** The statuses waiting for an editor: the inbox's default view, and those a row's actions are offered on. */
export const OPEN_REPLY_STATUSES: ReplyStatus[] = ['needs_review', 'ambiguous', 'unmatched'];

/** Every intent an editor may carry out, in the order the apply dialog offers them. */
const REPLY_INTENT_SET = {
  confirm: true,
  cancel: true,
  reschedule: true,
  'opt-out': true,
  'opt-in': true,
} satisfies Record<ReplyIntent, true>;
export const REPLY_INTENTS = Object.keys(REPLY_INTENT_SET) as ReplyIntent[];
