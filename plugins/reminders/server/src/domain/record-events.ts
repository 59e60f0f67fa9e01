import { formatAmount, parseAmount } from './money';
import { type AnchorDefinition, type TargetDefinition, eventAnchorsOf } from './targets';
import { isCalendarDate, toUtcInstant } from './time-zone';

/**
 * Events: what a write changed in a record that a rule can count from (paid in full, rescheduled,
 * cancelled). Pure: the change reaction reads the record before and after a write and keeps what this finds.
 */

/** One event a write made, with the anchor's field before and after it (what {{ change.from }} shows). */
export interface DetectedEvent {
  anchor: string;
  from: string | null;
  to: string | null;
}

/** A stored event: what a rule's reminders count from, each one once. */
export interface RecordEvent extends DetectedEvent {
  id: number;
  occurredAt: Date;
}

// Amounts compared exactly, in ten-thousandths (the columns hold at most 4 decimals).
const AMOUNT_DIGITS = 4;

const isEmpty = (value: unknown) => value === null || value === undefined || value === '';

/** A field's value as events compare and show it: a date as YYYY-MM-DD, a time as a UTC instant. */
function shown(anchor: AnchorDefinition, value: unknown): string | null {
  if (isEmpty(value)) return null;
  if (anchor.event?.change === 'moved') {
    if (isCalendarDate(value)) return value;
    return toUtcInstant(value instanceof Date ? value.toISOString() : value) ?? String(value);
  }
  if (anchor.event?.change === 'increased') {
    const parsed = parseAmount(value, AMOUNT_DIGITS);
    return parsed.ok ? formatAmount(parsed.minor, AMOUNT_DIGITS).replace(/\.?0+$/, '') : String(value);
  }
  return String(value);
}

const amountOf = (value: string | null) => {
  const parsed = parseAmount(value ?? '0', AMOUNT_DIGITS);
  return parsed.ok ? parsed.minor : 0n;
};

function happened(anchor: AnchorDefinition, from: string | null, to: string | null): boolean {
  const trigger = anchor.event;
  if (!trigger || from === to) return false;
  if (trigger.change === 'increased') return amountOf(to) > amountOf(from);
  // A time set for the first time, or removed, is not a move.
  if (trigger.change === 'moved') return from !== null && to !== null;
  return trigger.to === undefined ? to !== null : to === trigger.to;
}

/**
 * The events one write made: `before` and `after` are the record as reminders see it (null before a
 * create). A create makes none (the creation anchors count from it), nor a save that changed nothing.
 */
export function detectEvents(
  target: TargetDefinition,
  before: Record<string, unknown> | null,
  after: Record<string, unknown> | null
): DetectedEvent[] {
  if (!before || !after) return [];
  return eventAnchorsOf(target).flatMap(([key, anchor]) => {
    const from = shown(anchor, before[anchor.field]);
    const to = shown(anchor, after[anchor.field]);
    return happened(anchor, from, to) ? [{ anchor: key, from, to }] : [];
  });
}

/** The fields events compare: what the change reaction reads before and after a write. */
export const eventFieldsOf = (target: TargetDefinition): string[] => [
  ...new Set(eventAnchorsOf(target).map(([, anchor]) => anchor.field)),
];

/**
 * What templates of an event rule see as {{ change.* }}: the field before and after, and for an amount
 * that grew, by how much (a payment received; null for other events).
 */
export function changeContext(
  target: TargetDefinition,
  anchorKey: string,
  event: Pick<DetectedEvent, 'from' | 'to'>
): Record<string, string | null> {
  const anchor = target.anchors[anchorKey];
  const change: Record<string, string | null> = { from: event.from, to: event.to, amount: null };
  if (anchor?.event?.change === 'increased') {
    const grown = amountOf(event.to) - amountOf(event.from);
    change.amount = formatAmount(grown, AMOUNT_DIGITS).replace(/\.?0+$/, '');
  }
  return change;
}

/** The variables an event rule's templates may use besides the target's. */
export const CHANGE_VARIABLES = ['change.from', 'change.to', 'change.amount'] as const;

/**
 * A plausible event on a record, for previews and for validating a template against sample data: the
 * record as it is now is the "after"; the "before" is a day earlier, another status, or nothing paid.
 * `awaited` is the value a "status changed to …" rule waits for (its eventTo): the status changes to it,
 * whatever the record's status is now, or the preview would show a rule that never sends.
 */
export function sampleEvent(
  target: TargetDefinition,
  anchorKey: string,
  record: Record<string, unknown>,
  awaited?: string | null
): DetectedEvent {
  const anchor = target.anchors[anchorKey];
  const trigger = anchor?.event;
  const to = anchor ? shown(anchor, record[anchor.field]) : null;
  if (!anchor || !trigger) return { anchor: anchorKey, from: null, to };
  if (trigger.change === 'increased') return { anchor: anchorKey, from: '0', to };
  if (trigger.change === 'moved') {
    const moved = to && !isCalendarDate(to) ? new Date(Date.parse(to) - 86_400_000).toISOString() : to;
    return { anchor: anchorKey, from: moved, to };
  }
  const condition = target.conditions[anchor.field];
  const values = condition?.kind === 'choice' ? condition.values : [];
  const after = trigger.to ?? awaited ?? to ?? values[0] ?? null;
  return { anchor: anchorKey, from: values.find((value) => value !== after) ?? null, to: after };
}
