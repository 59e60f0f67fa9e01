/** The shapes the plugin's admin API answers with (server/src/controllers, services). */

export type Target = 'invoice' | 'appointment';
export type DeliveryStatus = 'queued' | 'sending' | 'accepted' | 'delivered' | 'failed' | 'rejected' | 'unknown' | 'skipped' | 'expired' | 'cancelled';
export const DELIVERY_STATUSES: DeliveryStatus[] = ['queued', 'sending', 'accepted', 'delivered', 'failed', 'rejected', 'unknown', 'skipped', 'expired', 'cancelled'];

export interface Pagination {
  page: number;
  pageSize: number;
  total: number;
  pageCount: number;
  capped?: boolean;
}

export interface RuleStep {
  amount: number;
  unit: string;
  direction: 'before' | 'after';
  repeat?: { every: number; unit: string; times: number } | null;
}

export interface RuleCondition {
  field: string;
  operator: string;
  value: string | string[];
}

export interface Rule {
  id?: number;
  documentId?: string;
  name: string;
  enabled: boolean;
  target: Target;
  anchor: string;
  steps: RuleStep[];
  sendAt?: string | null;
  timezone?: string | null;
  conditions: RuleCondition[];
  channel?: string | null;
  recipient?: string | null;
  templates: Record<string, string>;
  defaultLanguage?: string | null;
  maxLatenessMinutes?: number | null;
  quietHoursStart?: string | null;
  quietHoursEnd?: string | null;
  senderId?: string | null;
  backfillFrom?: string | null;
}

export interface RuleStats {
  sent: number;
  failed: number;
  lastSentAt: string | null;
  nextSendAt: string | null;
  plannedThrough: string | null;
}

export type RuleWithStats = Rule & { documentId: string; stats: RuleStats };

export type ConditionDefinition = { kind: 'choice'; values: string[] } | { kind: 'amount' } | { kind: 'text' };

export interface RuleOptions {
  targets: Record<Target, { anchors: string[]; dateAnchors: string[]; conditions: Record<string, ConditionDefinition>; variables: string[]; recipients: string[] }>;
  units: string[];
  operators: string[];
  filters: string[];
  statuses: DeliveryStatus[];
  languages: string[];
  defaultTimezone: string;
  defaultRegion: string;
  quietHours: { start: string; end: string } | null;
  maxLatenessMinutes: number;
  maxSegments: number;
  costPerSegment: { amount: string; currency: string } | null;
  horizonMinutes: number;
}

export interface TemplatePreview {
  text: string;
  language: string;
  encoding: 'GSM_7' | 'UCS_2';
  segments: number;
  characters: number;
  perSegment: number;
  estimatedCost: { amount: string; currency: string } | null;
  warnings: string[];
}

export interface RecordLabel {
  label: string;
  customerName: string | null;
}

export interface DeliverySummary {
  documentId: string;
  status: DeliveryStatus;
  notBefore: string | null;
  scheduledFor: string | null;
  phone: string;
  recipientRole: string;
  ruleDocumentId: string | null;
  ruleName: string | null;
  targetType: string;
  targetDocumentId: string | null;
  record: RecordLabel | null;
  segments: number | null;
  encoding: string | null;
  cost: string | null;
  attempts: number;
  errorCode: string | null;
  reason: string | null;
  updatedAt: string | null;
}

export type DeliveryAction = 'retry' | 'cancel' | 'mark-sent' | 'mark-not-sent';

export interface DeliveryEvent {
  at: string;
  status: DeliveryStatus;
  detail?: string;
}

export interface DeliveryDetail extends DeliverySummary {
  idempotencyKey: string;
  body: string | null;
  provider: string | null;
  providerMessageId: string | null;
  sendStartedAt: string | null;
  createdAt: string | null;
  stepIndex: number | null;
  occurrence: number | null;
  events: DeliveryEvent[];
  actions: DeliveryAction[];
}

/** A delivery report Africa's Talking posted that no delivery matched yet (kept until one does). */
export interface UnmatchedReport {
  messageId: string;
  phone: string | null;
  status: string;
  failureReason: string | null;
  networkCode: string | null;
  retryCount: number | null;
  receivedAt: string;
}

export interface DeliveryFilters {
  status?: string[];
  rule?: string;
  from?: string;
  to?: string;
  phone?: string;
  target?: string;
  record?: string;
}

export interface UpcomingItem {
  idempotencyKey: string;
  ruleDocumentId: string;
  ruleName: string;
  targetType: Target;
  targetDocumentId: string;
  recordLabel: string;
  customerName: string | null;
  recipientRole: string;
  phone: string;
  sendAt: string;
  text: string;
  encoding: string;
  segments: number;
}

export interface TickReport {
  at: string;
  planned: { rules: number; written: number; failed?: number; error?: string };
  dispatched: { claimed: number; outcomes: Partial<Record<DeliveryStatus, number>>; recovered: number; paused?: string };
}

export interface Money {
  amount: string;
  currency: string;
}

export interface DayStats {
  day: string;
  sent: number;
  delivered: number;
  failed: number;
  unknown: number;
  cost: Money[];
}

export interface SendingAlert {
  at: string;
  errorCode: string;
  reason: string;
}

export interface Dashboard {
  timeZone: string;
  from: string;
  to: string;
  days: DayStats[];
  totals: Omit<DayStats, 'day'> & { deliveryRate: number | null; queued: number };
  pause: { reason: string } | null;
  alerts: SendingAlert[];
}

export interface Settings {
  provider: { name: string; live: boolean; details: Record<string, string> };
  callbacks: Record<'deliveryReports' | 'optOuts' | 'incomingMessages', string> | null;
  warnings: string[];
  senderId: string | null;
  defaultRegion: string;
  defaultTimezone: string;
  quietHours: { start: string; end: string } | null;
  maxLatenessMinutes: number;
  languages: string[];
  companyName: string;
  costPerSegment: Money | null;
  scheduler: { enabled: boolean; cron: string; horizonMinutes: number };
  pause: { reason: string } | null;
}

export interface TestSendResult {
  deliveryDocumentId: string;
  status: DeliveryStatus;
  text: string;
  encoding: string;
  segments: number;
  reason?: string | null;
}

export interface RecordOption {
  documentId: string;
  label: string;
  customerName: string | null;
}

export interface PlannedReminder {
  ruleDocumentId: string;
  ruleName: string;
  recipientRole: string;
  phone: string;
  sendAt: string;
  status: string;
  reason: string | null;
}

export interface RecordReminders {
  rules: { documentId: string; name: string }[];
  deliveries: DeliverySummary[];
  planned: PlannedReminder[];
  notApplying: { ruleDocumentId: string; ruleName: string; reason: string }[];
}
