/**
 * The shapes the plugin's admin API answers with, from its contracts (contracts). Types only: no
 * server code and no zod reach the admin bundle.
 */
import type { DeliveryStatus, ListDeliveries } from '../../../contracts/deliveries';
import type { GetRecordReminders, SearchRecords } from '../../../contracts/records';
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
