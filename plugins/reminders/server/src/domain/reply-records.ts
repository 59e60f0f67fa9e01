import { DateTime } from 'luxon';
import { type TargetDefinition, customerNameOf, recordLabelOf } from './targets';
import { readInstant } from './time-zone';

/**
 * What a reply can do to its record: confirm or cancel it, through a status field whose values take
 * "confirmed" or "cancelled" (an appointment's appointmentStatus, a host booking's mapped status). Pure: the
 * record as read, the target as defined.
 */

/** Status values after which a record is closed: nothing to confirm, nothing to remind of. */
const CLOSED_VALUES = new Set([
  'cancelled',
  'canceled',
  'completed',
  'complete',
  'done',
  'closed',
  'no_show',
  'paid',
  'void',
  'expired',
  'refunded',
]);

const TARGET_VALUE = { confirm: 'confirmed', cancel: 'cancelled' } as const;
/** What may still become confirmed or cancelled: cancelled may be cancelled again (said so), never confirmed. */
const STILL_CLOSED_FOR = {
  confirm: CLOSED_VALUES,
  cancel: new Set([...CLOSED_VALUES].filter((v) => v !== 'cancelled')),
};

const choiceFields = (target: TargetDefinition) =>
  Object.entries(target.conditions).flatMap(([field, condition]) =>
    condition.kind === 'choice' ? [{ field, values: condition.values }] : []
  );

/** Whether a record is still open: none of its status fields holds a closing value (paid, cancelled, completed…). */
export const isOpenRecord = (target: TargetDefinition, record: Record<string, unknown>): boolean =>
  choiceFields(target).every(({ field }) => !CLOSED_VALUES.has(String(record[field] ?? '')));

export type StatusChange = { ok: true; field: string; value: string; already: boolean } | { ok: false; reason: string };

/** The write that confirms or cancels a record, or why this record cannot take it. */
export function statusChangeFor(
  target: TargetDefinition,
  record: Record<string, unknown>,
  intent: 'confirm' | 'cancel'
): StatusChange {
  const value = TARGET_VALUE[intent];
  const name = target.displayName.toLowerCase();
  const status = choiceFields(target).find(({ values }) => values.includes(value));
  if (!status) return { ok: false, reason: `A reply cannot ${intent} this ${name}: it has no "${value}" status` };
  const current = String(record[status.field] ?? '');
  if (current === value) return { ok: true, field: status.field, value, already: true };
  if (STILL_CLOSED_FOR[intent].has(current))
    return { ok: false, reason: `This ${name} is ${current.replace(/_/g, ' ')}: a reply cannot ${intent} it` };
  return { ok: true, field: status.field, value, already: false };
}

/** When a record's event is (an appointment's start), in its zone and a language: "Wed 9 Dec 10:00". */
function eventTime(target: TargetDefinition, record: Record<string, unknown>, zone: string, locale: string) {
  const at = target.eventField ? readInstant(record[target.eventField]) : undefined;
  return at ? DateTime.fromJSDate(at, { zone }).setLocale(locale).toFormat('ccc d LLL HH:mm') : undefined;
}

/** How a customer is told of a record: "Dental check-up Wed 9 Dec 10:00", "INV-1042". */
export function recordTitle(target: TargetDefinition, record: Record<string, unknown>, zone: string, locale: string) {
  const time = eventTime(target, record, zone, locale);
  return time ? `${recordLabelOf(target, record)} ${time}` : recordLabelOf(target, record);
}

/** How the admin names a record: "Dental check-up · Wed 9 Dec 10:00", "INV-1042 · Amina Njoroge". */
export function recordLabel(target: TargetDefinition, record: Record<string, unknown>, zone: string) {
  const second = eventTime(target, record, zone, 'en') ?? customerNameOf(target, record);
  return second ? `${recordLabelOf(target, record)} · ${second}` : recordLabelOf(target, record);
}
