import { normaliseEmail } from './email-address';
import type { CountryCode } from 'libphonenumber-js';
import { normalizePhone } from './phone';
import { type Reason, reason } from './reasons';
import { fixedPhoneOf } from './recipients';
import {
  APPOINTMENT_STATUSES,
  CUSTOM_STATUS_FIELDS,
  type CustomStatuses,
  INVOICE_STATUSES,
  PAYMENT_STATUSES,
  statusValuesOf,
} from './records';

/**
 * What a rule can be about: a collection type, with where a reminder reads what it needs. Invoice and
 * Appointment are built in; a host app adds its own types (bookings, subscriptions) by mapping their fields,
 * in its config or on the Settings page (target-mapping.ts checks such a mapping against the type's schema).
 */

/**
 * Date anchors send at the rule's local time of day (as an invoice's due date); instant anchors at their
 * time; event anchors count from the moment a write changed the record (paid, rescheduled, cancelled).
 */
export type AnchorKind = 'date' | 'instant' | 'event';

/**
 * What change of the anchor's field is the event: a status becoming a value (`to`; any value when absent,
 * the rule then picks one or none), a date or time moved, an amount grown.
 */
export type EventTrigger = { change: 'status'; to?: string } | { change: 'moved' } | { change: 'increased' };

export interface AnchorDefinition {
  /** The field the anchor reads: its date or time, or for an event the field whose change it is. */
  field: string;
  kind: AnchorKind;
  /** What the anchor is called in a sentence ("due date"). */
  name: string;
  /** Event anchors only. */
  event?: EventTrigger;
}

/** A choice's `labels` name the configured custom values (a built-in value's label is the admin's translation). */
export type ConditionField =
  | { kind: 'choice'; values: readonly string[]; labels?: Readonly<Record<string, string>> }
  | { kind: 'amount' }
  | { kind: 'text' };

/**
 * A condition a new time-based rule of a target starts with (nobody is reminded of a paid invoice unless the
 * rule says so): the editor pre-fills it, the API adds it when a rule is created without conditions.
 */
export interface DefaultCondition {
  field: string;
  operator: 'notIn';
  value: string[];
}

/** How a record field is shown to templates as record.<field>. */
export type RecordFieldKind = 'text' | 'date' | 'instant' | 'number' | 'amount' | 'boolean';

/** Where each thing a reminder needs is read: a field of the record, or one relation away ("customer.phone"). */
export interface TargetPaths {
  /** The recipient's number. */
  phone: string;
  /** What {{ customer.name }} shows. */
  name?: string;
  language?: string;
  /** Always a field of the record itself: the planner filters and indexes on it. */
  timezone?: string;
  /** What an editor recognises the record by (an invoice's number). */
  label?: string;
  staffPhone?: string;
  /** The customer's e-mail address, for e-mail reminders. */
  email?: string;
  /** What {{ recipient.name }} shows to a staff recipient. */
  staffName?: string;
}

export interface TargetDefinition {
  /** The rule's `target` and the delivery's target type: "invoice", "booking". */
  key: string;
  uid: string;
  displayName: string;
  builtIn: boolean;
  paths: TargetPaths;
  anchors: Record<string, AnchorDefinition>;
  /** The instant after which a reminder deferred by quiet hours is pointless (an appointment's start). */
  eventField?: string;
  conditions: Record<string, ConditionField>;
  defaultConditions: readonly DefaultCondition[];
  /** The catalogue templates use: the built-ins' own, or record.<field> for a host's type. */
  templates: 'invoice' | 'appointment' | 'record';
  /** For `record` templates: the fields they may show, and how. */
  recordFields: Record<string, RecordFieldKind>;
  /** A fixed ISO 4217 code, or the field that holds it, for amounts. */
  currency?: { code: string } | { field: string };
  /** Draft & Publish types: only published documents are reminded. */
  publishedOnly: boolean;
  /** Localised types: the locale whose documents are reminded. */
  locale?: string;
}

/** Anchors every target has: its creation time, counted from or sent at once. */
const CREATION_ANCHORS: Record<string, AnchorDefinition> = {
  created: { field: 'createdAt', kind: 'instant', name: 'creation time' },
  instantly: { field: 'createdAt', kind: 'instant', name: 'creation time' },
};
export const RESERVED_ANCHORS = Object.keys(CREATION_ANCHORS);

export const withCreationAnchors = (anchors: Record<string, AnchorDefinition>) => ({
  ...anchors,
  ...CREATION_ANCHORS,
});

const statusEvent = (field: string, name: string, to?: string): AnchorDefinition => ({
  field,
  kind: 'event',
  name,
  event: to === undefined ? { change: 'status' } : { change: 'status', to },
});

/**
 * The events of a host's type: each status field changing, each anchor date or time moving. Keys end in
 * _changed and _moved, apart from its anchors' keys (its field names).
 */
export function hostEventAnchors(statusFields: string[], anchorFields: string[]): Record<string, AnchorDefinition> {
  return Object.fromEntries([
    ...statusFields.map((field) => [`${field}_changed`, statusEvent(field, `${field} change`)]),
    ...anchorFields.map((field) => [
      `${field}_moved`,
      { field, kind: 'event', name: `${field} moved`, event: { change: 'moved' } } satisfies AnchorDefinition,
    ]),
  ]);
}

/** The targets the plugin brings, defined the way a host's are. */
export const BUILT_IN_TARGETS: Record<'invoice' | 'appointment', TargetDefinition> = {
  invoice: {
    key: 'invoice',
    uid: 'plugin::reminders.invoice',
    displayName: 'Invoice',
    builtIn: true,
    paths: {
      phone: 'phone',
      name: 'customerName',
      language: 'language',
      timezone: 'timezone',
      label: 'number',
      email: 'email',
      // The invoice's optional account manager: staff recipients of invoice rules.
      staffPhone: 'accountManagerPhone',
      staffName: 'accountManagerName',
    },
    anchors: {
      ...withCreationAnchors({
        issue_date: { field: 'issueDate', kind: 'date', name: 'issue date' },
        due_date: { field: 'dueDate', kind: 'date', name: 'due date' },
      }),
      paid: statusEvent('paymentStatus', 'payment in full', 'paid'),
      payment_received: { field: 'amountPaid', kind: 'event', name: 'payment', event: { change: 'increased' } },
      payment_status_changed: statusEvent('paymentStatus', 'payment status change'),
      status_changed: statusEvent('invoiceStatus', 'status change'),
    },
    conditions: {
      paymentStatus: { kind: 'choice', values: PAYMENT_STATUSES },
      invoiceStatus: { kind: 'choice', values: INVOICE_STATUSES },
      balance: { kind: 'amount' },
      total: { kind: 'amount' },
      amountPaid: { kind: 'amount' },
      currency: { kind: 'text' },
      language: { kind: 'text' },
    },
    defaultConditions: [
      { field: 'paymentStatus', operator: 'notIn', value: ['paid'] },
      { field: 'invoiceStatus', operator: 'notIn', value: ['void'] },
    ],
    templates: 'invoice',
    recordFields: {},
    currency: { field: 'currency' },
    publishedOnly: false,
  },
  appointment: {
    key: 'appointment',
    uid: 'plugin::reminders.appointment',
    displayName: 'Appointment',
    builtIn: true,
    paths: {
      phone: 'phone',
      name: 'customerName',
      language: 'language',
      timezone: 'timezone',
      label: 'title',
      email: 'email',
      staffPhone: 'staffPhone',
      staffName: 'staffName',
    },
    anchors: {
      ...withCreationAnchors({
        starts_at: { field: 'startsAt', kind: 'instant', name: 'start time' },
        ends_at: { field: 'endsAt', kind: 'instant', name: 'end time' },
      }),
      rescheduled: { field: 'startsAt', kind: 'event', name: 'move', event: { change: 'moved' } },
      confirmed: statusEvent('appointmentStatus', 'confirmation', 'confirmed'),
      cancelled: statusEvent('appointmentStatus', 'cancellation', 'cancelled'),
      completed: statusEvent('appointmentStatus', 'completion', 'completed'),
      no_show: statusEvent('appointmentStatus', 'no-show', 'no_show'),
      status_changed: statusEvent('appointmentStatus', 'status change'),
    },
    eventField: 'startsAt',
    conditions: {
      appointmentStatus: { kind: 'choice', values: APPOINTMENT_STATUSES },
      appointmentType: { kind: 'text' },
      language: { kind: 'text' },
    },
    defaultConditions: [{ field: 'appointmentStatus', operator: 'notIn', value: ['cancelled'] }],
    templates: 'appointment',
    recordFields: {},
    publishedOnly: false,
  },
};

/**
 * The built-in targets as an app configures them: its custom status values and labels among the choices,
 * and the appointment type a choice when the app lists its types (free text otherwise).
 */
export function configuredBuiltInTargets(
  statuses: CustomStatuses = {},
  appointmentTypes: readonly string[] = []
): typeof BUILT_IN_TARGETS {
  const withStatuses = (target: TargetDefinition): TargetDefinition => {
    const conditions: Record<string, ConditionField> = { ...target.conditions };
    for (const field of CUSTOM_STATUS_FIELDS) {
      const custom = statuses[field] ?? [];
      if (!Object.hasOwn(conditions, field) || custom.length === 0) continue;
      const labels = Object.fromEntries(custom.flatMap(({ value, label }) => (label ? [[value, label]] : [])));
      conditions[field] = { kind: 'choice', values: statusValuesOf(field, statuses), labels };
    }
    if (target.key === 'appointment' && appointmentTypes.length)
      conditions.appointmentType = { kind: 'choice', values: appointmentTypes };
    return { ...target, conditions };
  };
  return { invoice: withStatuses(BUILT_IN_TARGETS.invoice), appointment: withStatuses(BUILT_IN_TARGETS.appointment) };
}

/** The targets known now, by key: built-ins first, then the host's. */
export type Targets = Readonly<Record<string, TargetDefinition>>;

/** The anchors of a target that are events (a change a write made). */
export const eventAnchorsOf = (target: TargetDefinition) =>
  Object.entries(target.anchors).filter(
    (entry): entry is [string, AnchorDefinition & { event: EventTrigger }] =>
      entry[1].kind === 'event' && entry[1].event !== undefined
  );

/** The anchors of a target that are dates (sent at the rule's time of day). */
export const dateAnchorsOf = (target: TargetDefinition) =>
  Object.entries(target.anchors)
    .filter(([, anchor]) => anchor.kind === 'date')
    .map(([key]) => key);

/** A value of a record at a path: a field, or a field of a relation one step away ("customer.phone"). */
export function valueAt(record: Record<string, unknown>, path: string | undefined): unknown {
  if (!path) return undefined;
  const dot = path.indexOf('.');
  if (dot < 0) return record[path];
  const related = record[path.slice(0, dot)];
  return related && typeof related === 'object' ? (related as Record<string, unknown>)[path.slice(dot + 1)] : undefined;
}

export type Recipient = { ok: true; phone: string } | { ok: false; reason: Reason };

/**
 * The number a recipient role of a record is sent to, in E.164, or why there is none. A host's own types
 * hold numbers as people write them ("0712 345 678"): they are read in the default region, as the plugin's
 * own records are when saved. A fixed recipient's role carries its number, normalised when the rule was saved.
 */
export function recipientOf(
  target: TargetDefinition,
  record: Record<string, unknown>,
  role: string,
  region: CountryCode
): Recipient {
  const fixed = fixedPhoneOf(role);
  if (fixed !== undefined) return { ok: true, phone: fixed };
  const value = valueAt(record, role === 'staff' ? target.paths.staffPhone : target.paths.phone);
  if (value === undefined || value === null || value === '')
    return { ok: false, reason: reason('noPhone', { role, target: target.key }) };
  const parsed = normalizePhone(value, region);
  return parsed.ok
    ? { ok: true, phone: parsed.e164 }
    : { ok: false, reason: reason('badPhone', { role, problem: parsed.problem }) };
}

export type EmailRecipient = { ok: true; address: string } | { ok: false; reason: Reason };

/**
 * Where an e-mail reminder goes: the customer's address. Staff and fixed recipients are reached by phone
 * only, so an e-mail step has no address for them.
 */
export function emailRecipientOf(
  target: TargetDefinition,
  record: Record<string, unknown>,
  role: string
): EmailRecipient {
  const value = role === 'customer' && target.paths.email ? valueAt(record, target.paths.email) : undefined;
  if (value === undefined || value === null || value === '')
    return { ok: false, reason: reason('noEmail', { role, target: target.key }) };
  const parsed = normaliseEmail(value);
  return parsed.ok
    ? { ok: true, address: parsed.address }
    : { ok: false, reason: reason('badEmail', { role, problem: parsed.problem }) };
}

/** What an editor sees a record as: its number or title, else its documentId. */
export const recordLabelOf = (target: TargetDefinition, record: Record<string, unknown>) => {
  const label = valueAt(record, target.paths.label);
  return label === undefined || label === null || label === '' ? String(record.documentId) : String(label);
};

export const customerNameOf = (target: TargetDefinition, record: Record<string, unknown>) => {
  const name = valueAt(record, target.paths.name);
  return typeof name === 'string' && name !== '' ? name : null;
};
