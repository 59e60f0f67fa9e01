import { type MessageKey, hasMessage } from '../hooks/useT';

type T = (key: MessageKey, values?: Record<string, string | number>) => string;

/** The message for `key` when the plugin has one, else `fallback` as it is (a host type's own field name). */
export const labelOr = (t: T, key: string, fallback: string) => (hasMessage(key) ? t(key) : fallback);

/**
 * An anchor in words: the built-in ones translated ("due date"), a host type's date field by its name, and
 * its events ("bookingStatus_changed", "startsAt_moved") as "bookingStatus changed".
 */
export function anchorLabel(t: T, anchor: string): string {
  const event = /^(.+)_(changed|moved)$/.exec(anchor);
  if (!event || hasMessage(`anchor.${anchor}`)) return labelOr(t, `anchor.${anchor}`, anchor);
  return t(event[2] === 'changed' ? 'anchor.hostChanged' : 'anchor.hostMoved', { field: event[1] });
}

/**
 * The moment of an event in words ("when paid in full", "when bookingStatus changes"); undefined for an
 * anchor that is not an event.
 */
export function eventMoment(t: T, anchor: string): string | undefined {
  if (hasMessage(`rule.step.when.${anchor}`)) return labelOr(t, `rule.step.when.${anchor}`, anchor);
  const event = /^(.+)_(changed|moved)$/.exec(anchor);
  if (!event) return undefined;
  return t(event[2] === 'changed' ? 'rule.step.when.hostChanged' : 'rule.step.when.hostMoved', { field: event[1] });
}

/** A condition field in words ("Payment status"), or a host type's field by its name. */
export const fieldLabel = (t: T, field: string) => labelOr(t, `field.${field}`, field);

/** A delivery's recipient role in words: "Customer", "Staff member", or "Fixed number" for fixed:<number>. */
export const recipientLabel = (t: T, role: string) =>
  role.startsWith('fixed:') ? t('recipient.fixed') : labelOr(t, `recipient.${role}`, role);

/** A status value in words ("Unpaid"), or a host type's enumeration value as it is. */
export const valueLabel = (t: T, value: string) => labelOr(t, `value.${value}`, value);

/**
 * A target in words: the plugin's own (invoice, appointment) translated, a host type's by the display name
 * it was mapped with, else its key.
 */
export const targetLabel = (t: T, key: string, target?: { displayName: string; builtIn: boolean }) =>
  (!target || target.builtIn) && hasMessage(`target.${key}`)
    ? t(`target.${key}` as MessageKey)
    : (target?.displayName ?? key);
