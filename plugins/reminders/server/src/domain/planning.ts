import type { RuleConditions, RuleStep } from './rule-definition';
import type { CountryCode } from 'libphonenumber-js';
import { type TargetDefinition, emailRecipientOf, recipientOf, valueAt } from './targets';
import { type DeliveryChannel, channelOfStep, emailKeyOf, sendsEmail } from './channels';
import type { RecordEvent } from './record-events';
import { type Reason, reason } from './reasons';
import { type RuleRecipient, recipientsOf, roleOf } from './recipients';
import { lacksNotice } from './minimum-notice';
import { readInstant } from './time-zone';
import { type BusinessCalendar, nextBusinessTime } from './business-days';
import {
  type AnchorValue,
  type QuietHours,
  deferPastQuietHours,
  occurrenceTime,
  occurrencesOfStep,
  shiftBoundsMinutes,
} from './schedule';

/**
 * Turning a rule and a record into planned deliveries for a window of send times. Pure: the planner
 * service feeds it rows from the database and writes back what it returns.
 */

export interface PlanningRule {
  documentId: string;
  /** The key of its target (see targets.ts). */
  target: string;
  anchor: string;
  /** A "status changed" rule's value (null: any change). */
  eventTo?: string | null;
  steps: RuleStep[];
  sendAt?: string | null;
  timezone?: string | null;
  conditions?: RuleConditions | null;
  recipient?: 'customer' | 'staff' | 'both' | null;
  /** Its steps' channel when they do not name one (channels.ts). */
  channel?: string | null;
  /** Who it sends to (recipients.ts); when set, it wins over `recipient`. */
  recipients?: RuleRecipient[] | null;
  maxLatenessMinutes?: number | null;
  quietHoursStart?: string | null;
  quietHoursEnd?: string | null;
  /** Moves a reminder off weekend days and holidays (the defaults' business calendar). */
  businessDaysOnly?: boolean | null;
}

export interface PlanningDefaults {
  timeZone: string;
  /** Where phone numbers written without a country code are read. */
  region: CountryCode;
  quietHours?: QuietHours | null;
  maxLatenessMinutes: number;
  /** Weekend days and holidays, for rules that send on business days only; none without one. */
  businessCalendar?: BusinessCalendar;
}

export type PlannedStatus = 'queued' | 'expired' | 'skipped';

export interface PlannedDelivery {
  idempotencyKey: string;
  ruleDocumentId: string;
  targetType: string;
  targetDocumentId: string;
  stepIndex: number;
  occurrence: number;
  /** customer, staff or fixed:<E.164> (recipients.ts). */
  recipientRole: string;
  channel: DeliveryChannel;
  /** An SMS of a "SMS, else e-mail" step: an e-mail follows when it cannot go or fails for good. */
  fallbackChannel?: 'email';
  /** The SMS's number; empty for an e-mail, or when the recipient has none. */
  phone: string;
  /** An e-mail's address, when the record has one. */
  email?: string;
  /** The event an event rule's reminder counts from. */
  eventId?: number;
  scheduledFor: Date;
  notBefore: Date;
  status: PlannedStatus;
  reason?: Reason;
}

/** The anchor a rule counts from, on its target. */
export const anchorOf = (target: TargetDefinition, rule: Pick<PlanningRule, 'anchor'>) => {
  const anchor = target.anchors[rule.anchor];
  if (!anchor) throw new Error(`${target.key} has no anchor "${rule.anchor}"`);
  return anchor;
};
export const anchorField = (target: TargetDefinition, rule: Pick<PlanningRule, 'anchor'>) =>
  anchorOf(target, rule).field;
export const isDateAnchor = (target: TargetDefinition, rule: Pick<PlanningRule, 'anchor'>) =>
  anchorOf(target, rule).kind === 'date';
export const isEventAnchor = (target: TargetDefinition, rule: Pick<PlanningRule, 'anchor'>) =>
  anchorOf(target, rule).kind === 'event';

/** Whether an event is one a rule counts from: its anchor, and for "status changed to…" its value. */
export const ruleAwaits = (rule: Pick<PlanningRule, 'anchor' | 'eventTo'>, event: Pick<RecordEvent, 'anchor' | 'to'>) =>
  event.anchor === rule.anchor && (!rule.eventTo || event.to === rule.eventTo);

/** What a rule counts from on a record: its date or time, or for an event rule the event's moment. */
export function anchorValueOf(
  target: TargetDefinition,
  rule: PlanningRule,
  record: Record<string, unknown>,
  event?: RecordEvent
): AnchorValue | undefined {
  if (isEventAnchor(target, rule)) return event ? { kind: 'instant', instant: event.occurredAt } : undefined;
  const value = record[anchorField(target, rule)];
  if (isDateAnchor(target, rule)) {
    if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}/.test(value))
      return { kind: 'date', date: value.slice(0, 10) };
    const date = readInstant(value);
    return date ? { kind: 'date', date: date.toISOString().slice(0, 10) } : undefined;
  }
  const instant = readInstant(value);
  return instant ? { kind: 'instant', instant } : undefined;
}

/** Time zone: the record's, else the rule's, else the plugin default. */
export const resolveZone = (
  target: TargetDefinition,
  record: Record<string, unknown>,
  rule: Pick<PlanningRule, 'timezone'>,
  defaults: Pick<PlanningDefaults, 'timeZone'>
) => (valueAt(record, target.paths.timezone) as string) || rule.timezone || defaults.timeZone;

const quietHoursOf = (rule: PlanningRule, defaults: PlanningDefaults): QuietHours | undefined =>
  rule.quietHoursStart && rule.quietHoursEnd
    ? { start: rule.quietHoursStart, end: rule.quietHoursEnd }
    : (defaults.quietHours ?? undefined);

export const anchorKey = (anchor: AnchorValue) => (anchor.kind === 'date' ? anchor.date : anchor.instant.toISOString());

/**
 * One key per (rule, step, occurrence, record, recipient, anchor value). The anchor value is part of it so
 * that a rescheduled appointment is reminded of its new time, while a rule edit never resends. An event
 * rule's anchor is its event: each event (a second reschedule is another) is reminded once.
 */
export const idempotencyKey = (
  rule: PlanningRule,
  record: { documentId: string },
  stepIndex: number,
  occurrence: number,
  role: string,
  anchor: AnchorValue,
  event?: Pick<RecordEvent, 'id'>
) =>
  `${rule.documentId}:${stepIndex}:${occurrence}:${rule.target}:${record.documentId}:${role}:${event ? `event-${event.id}` : anchorKey(anchor)}`;

/**
 * Whether a planned delivery still belongs to the record as it is now: false when the record's anchor moved
 * (a due date changed, an appointment rescheduled) after it was planned. Deliveries not made by the planner
 * (no step) always do.
 */
export function plannedForCurrentAnchor(
  target: TargetDefinition,
  rule: PlanningRule,
  record: Record<string, unknown> & { documentId: string },
  delivery: { idempotencyKey: string; stepIndex: number | null; occurrence: number | null; recipientRole: string }
): boolean {
  // An event never changes once it happened: its reminders always belong to it.
  if (delivery.stepIndex === null || delivery.occurrence === null || isEventAnchor(target, rule)) return true;
  const anchor = anchorValueOf(target, rule, record);
  return (
    anchor !== undefined &&
    delivery.idempotencyKey ===
      idempotencyKey(rule, record, delivery.stepIndex, delivery.occurrence, delivery.recipientRole, anchor)
  );
}

export interface Window {
  /** Exclusive. */
  from: Date;
  /** Inclusive. */
  to: Date;
}

const minutesBetween = (later: Date, earlier: Date) => Math.round((later.getTime() - earlier.getTime()) / 60_000);

/**
 * What one record gets from one rule in a window of send times, with what cannot be sent already decided.
 * `writtenAt` is when the record was written (created, or its anchor moved), for steps with a minimum
 * notice: the write being followed when there is one, else the record's `updatedAt`. An event rule plans
 * from one of the record's events (none without it).
 */
export function planRecord(
  target: TargetDefinition,
  rule: PlanningRule,
  record: Record<string, unknown> & { documentId: string },
  window: Window,
  now: Date,
  defaults: PlanningDefaults,
  writtenAt: Date | undefined = readInstant(record.updatedAt),
  recordEvent?: RecordEvent
): PlannedDelivery[] {
  if (recordEvent && !ruleAwaits(rule, recordEvent)) return [];
  const anchor = anchorValueOf(target, rule, record, recordEvent);
  if (!anchor) return [];
  const zone = resolveZone(target, record, rule, defaults);
  const quiet = quietHoursOf(rule, defaults);
  const maxLateness = rule.maxLatenessMinutes ?? defaults.maxLatenessMinutes;
  const event = target.eventField ? readInstant(record[target.eventField]) : undefined;
  const roles = recipientsOf(rule).map(roleOf);
  const schedule = { zone, sendAt: rule.sendAt ?? undefined };
  const anchorAt = occurrenceTime(anchor, { amount: 0, unit: 'minutes', direction: 'after' }, 0, schedule);

  const planned: PlannedDelivery[] = [];
  rule.steps.forEach((step, stepIndex) => {
    const channel = channelOfStep(rule, step);
    const tooShort = step.direction === 'before' && lacksNotice(step.minimumNotice, anchorAt, writtenAt);
    for (let occurrence = 0; occurrence < occurrencesOfStep(step); occurrence += 1) {
      const scheduledFor = occurrenceTime(anchor, step, occurrence, schedule);
      if (scheduledFor <= window.from || scheduledFor > window.to) continue;
      const notBefore = sendableTime(scheduledFor, rule, quiet, zone, defaults);
      for (const role of roles) {
        const recipient = recipientOf(target, record, role, defaults.region);
        const smsKey = idempotencyKey(rule, record, stepIndex, occurrence, role, anchor, recordEvent);
        const base = {
          ruleDocumentId: rule.documentId,
          targetType: rule.target,
          targetDocumentId: record.documentId,
          stepIndex,
          occurrence,
          recipientRole: role,
          ...(recordEvent ? { eventId: recordEvent.id } : {}),
          scheduledFor,
          notBefore,
        };
        const outcome = (sendable: Sendable) =>
          tooShort && writtenAt
            ? {
                status: 'skipped' as const,
                reason: reason('minimumNotice', {
                  amount: step.minimumNotice?.amount ?? 0,
                  unit: step.minimumNotice?.unit ?? 'hours',
                  writtenAt: writtenAt.toISOString(),
                  anchorAt: anchorAt.toISOString(),
                  target: target.key,
                  zone,
                }),
              }
            : decide(base, { sendable, event, now, maxLateness, zone, target: target.key });
        if (channel !== 'email')
          planned.push({
            ...base,
            idempotencyKey: smsKey,
            channel: 'sms',
            ...(channel === 'sms_or_email' ? { fallbackChannel: 'email' as const } : {}),
            phone: recipient.ok ? recipient.phone : '',
            ...outcome(recipient),
          });
        // A fallback for a number that is missing or unreadable is known now; the others when the SMS is tried.
        if (channel === 'email' || (channel === 'sms_or_email' && !recipient.ok)) {
          const address = emailRecipientOf(target, record, role);
          planned.push({
            ...base,
            idempotencyKey: emailKeyOf(smsKey),
            channel: 'email',
            phone: '',
            ...(address.ok ? { email: address.address } : {}),
            ...outcome(address),
          });
        }
      }
    }
  });
  return planned;
}

/**
 * When a reminder scheduled for `scheduledFor` may go: off weekend days and holidays (business-days-only
 * rules), then past quiet hours, then off a holiday again if quiet hours ended on one. The idempotency key
 * is made from the schedule, never from this time, so a shift never makes a second reminder.
 */
export function sendableTime(
  scheduledFor: Date,
  rule: Pick<PlanningRule, 'businessDaysOnly'>,
  quiet: QuietHours | undefined,
  zone: string,
  defaults: Pick<PlanningDefaults, 'businessCalendar'>
): Date {
  const calendar = rule.businessDaysOnly ? defaults.businessCalendar : undefined;
  const business = (at: Date) => (calendar ? nextBusinessTime(at, zone, calendar).at : at);
  return business(deferPastQuietHours(business(scheduledFor), quiet, zone));
}

/** Whether a delivery has somewhere to go (a number, an address), or why not. */
type Sendable = { ok: true } | { ok: false; reason: Reason };

function decide(
  delivery: { scheduledFor: Date; notBefore: Date; recipientRole: string },
  context: { sendable: Sendable; event?: Date; now: Date; maxLateness: number; zone: string; target: string }
): { status: PlannedStatus; reason?: Reason } {
  const { sendable, event, now, maxLateness, zone, target } = context;
  if (!sendable.ok) return { status: 'skipped', reason: sendable.reason };
  if (event && delivery.notBefore > event && delivery.notBefore > delivery.scheduledFor) {
    return {
      status: 'skipped',
      reason: reason('quietHoursAfterEvent', {
        at: delivery.notBefore.toISOString(),
        event: event.toISOString(),
        target,
        zone,
      }),
    };
  }
  const late = minutesBetween(now, delivery.notBefore);
  if (late > maxLateness) {
    return {
      status: 'expired',
      reason: reason('tooLate', { due: delivery.notBefore.toISOString(), minutes: late, max: maxLateness, zone }),
    };
  }
  return { status: 'queued' };
}

/**
 * The range of anchor values that can put an occurrence of any step into the window: what the planner asks
 * the database for, with an index. Wide on purpose (zones span 26 hours, DST, month lengths); planRecord
 * then keeps exactly the occurrences inside the window.
 */
export function anchorRange(target: TargetDefinition, rule: PlanningRule, window: Window): { from: Date; to: Date } {
  const bounds = rule.steps.map(shiftBoundsMinutes);
  const minShift = Math.min(...bounds.map((bound) => bound.min));
  const maxShift = Math.max(...bounds.map((bound) => bound.max));
  const margin = isDateAnchor(target, rule) ? 2 * 1440 : 1440;
  return {
    from: new Date(window.from.getTime() - (maxShift + margin) * 60_000),
    to: new Date(window.to.getTime() - (minShift - margin) * 60_000),
  };
}

/**
 * The record paths planRecord reads for a rule: all the planner needs to load (with the conditions' fields).
 * A path may reach one relation away ("customer.phone").
 */
export function fieldsReadBy(
  target: TargetDefinition,
  rule: Pick<PlanningRule, 'anchor' | 'recipient' | 'recipients' | 'channel'> & { steps?: RuleStep[] }
): string[] {
  const staff = recipientsOf(rule).some((recipient) => recipient.kind === 'staff');
  const notice = rule.steps?.some((step) => step.minimumNotice);
  const { paths } = target;
  return [
    ...new Set(
      [
        'documentId',
        anchorField(target, rule),
        paths.timezone,
        paths.phone,
        staff ? paths.staffPhone : undefined,
        sendsEmail(rule) ? paths.email : undefined,
        target.eventField,
        notice ? 'updatedAt' : undefined,
      ].filter((path): path is string => path !== undefined)
    ),
  ];
}
