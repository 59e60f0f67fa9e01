import { DateTime } from 'luxon';
import { type TargetDefinition, customerNameOf, recordLabelOf, valueAt } from '../targets';
import { formatAmount, isCurrencyCode, minorUnits, parseAmount } from '../money';
import { isCalendarDate, toUtcInstant } from '../time-zone';
import { daysBetween, localDate } from './calendar';
import { TemplateError } from './engine';
import type { TemplateRecipient } from '../recipients';
import { replyHint } from './reply-hint';

/** Every variable a template of each built-in target may use; anything else is refused when a rule is saved. */
export const TEMPLATE_VARIABLES = {
  invoice: [
    'customer.name',
    'customer.phone',
    'recipient.name',
    'recipient.kind',
    'company.name',
    'invoice.number',
    'invoice.total',
    'invoice.amountPaid',
    'invoice.balance',
    'invoice.currency',
    'invoice.issueDate',
    'invoice.dueDate',
    'invoice.daysOverdue',
    'links.pay',
    'links.view',
  ],
  appointment: [
    'customer.name',
    'customer.phone',
    'recipient.name',
    'recipient.kind',
    'company.name',
    'appointment.title',
    'appointment.startsAt',
    'appointment.endsAt',
    'appointment.location',
    'appointment.staff',
    'appointment.type',
    'links.view',
    'links.reschedule',
    'reply.hint',
  ],
} as const satisfies Record<'invoice' | 'appointment', readonly string[]>;

/**
 * The variables a template of `target` may use: a built-in's catalogue, or for a host's type its customer,
 * the company, record.<field> for each field it shows, the currency of its amounts and links.view.
 */
export function templateVariablesOf(target: TargetDefinition): readonly string[] {
  if (target.templates !== 'record') return TEMPLATE_VARIABLES[target.templates];
  return [
    'customer.name',
    'customer.phone',
    'recipient.name',
    'recipient.kind',
    'company.name',
    ...Object.keys(target.recordFields).map((field) => `record.${field}`),
    ...(target.currency ? ['currency'] : []),
    'links.view',
    'reply.hint',
  ];
}

/** The variables that are amounts in a currency: the editor inserts them with `| money`. */
export function moneyVariablesOf(target: TargetDefinition): readonly string[] {
  if (target.templates === 'invoice') return ['invoice.total', 'invoice.amountPaid', 'invoice.balance'];
  if (target.templates !== 'record' || !target.currency) return [];
  return Object.entries(target.recordFields)
    .filter(([, kind]) => kind === 'amount')
    .map(([field]) => `record.${field}`);
}

export const LINK_NAMES = ['pay', 'view', 'reschedule'] as const;
export type LinkName = (typeof LINK_NAMES)[number];

/** What a context is built with, from the plugin config and the resolved time zone and language. */
export interface TemplateSettings {
  companyName: string;
  /** URL patterns; {documentId} and {number} are replaced by the record's, URL-encoded. */
  links: Partial<Record<LinkName, string>>;
  timeZone: string;
  /** The message's language: {{ reply.hint }} is written in it (the filters format with renderTemplate's locale). */
  locale: string;
  /** Who this SMS goes to (recipients.ts); the customer when not given. */
  recipient?: TemplateRecipient;
  /** The rule reads replies: {{ reply.hint }} tells a customer how to answer (empty otherwise, and to staff). */
  allowReplies?: boolean;
}

const LINK_PLACEHOLDER = /\{(\w*)\}/g;

/** Why a link pattern cannot be used, or undefined when it can. */
export function linkPatternProblem(pattern: unknown): string | undefined {
  if (typeof pattern !== 'string' || !/^https?:\/\/\S+$/.test(pattern) || pattern.length > 500) {
    return 'must be an http(s) URL of at most 500 characters, such as https://pay.example.com/invoices/{number}';
  }
  const unknown = [...pattern.matchAll(LINK_PLACEHOLDER)]
    .map((match) => match[0])
    .filter((name) => name !== '{documentId}' && name !== '{number}');
  return unknown.length ? `uses ${unknown.join(', ')}; only {documentId} and {number} are replaced` : undefined;
}

const text = (value: unknown): string | null => (typeof value === 'string' && value !== '' ? value : null);

function amount(record: Record<string, unknown>, field: string, digits: number, group = 'invoice'): bigint {
  const value = record[field];
  if (value === undefined || value === null || value === '') return 0n;
  const parsed = parseAmount(value, digits);
  if (!parsed.ok) throw new TemplateError(`${group}.${field} "${String(value)}" ${parsed.problem}`);
  return parsed.minor;
}

const calendarDate = (value: unknown): string | null => {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.toISOString().slice(0, 10);
  return isCalendarDate(value) ? value : null;
};

const instant = (value: unknown): string | null =>
  toUtcInstant(typeof value === 'number' ? new Date(value) : value) ?? null;

/** Days past the due date, counted in calendar days in the time zone; 0 until the due date has passed. */
const daysOverdue = (dueDate: string | null, now: Date, timeZone: string): number =>
  dueDate ? Math.max(0, daysBetween(dueDate, localDate(now, timeZone))) : 0;

/** `number` is the record's label (an invoice's number); records without one use the documentId for both. */
function links(
  names: readonly LinkName[],
  record: { documentId: unknown; number?: unknown },
  patterns: TemplateSettings['links']
) {
  const values: Record<string, string | null> = {
    documentId: text(record.documentId),
    number: text(record.number) ?? text(record.documentId),
  };
  return Object.fromEntries(
    names.map((name) => {
      const pattern = patterns[name];
      const url = pattern
        ? pattern.replace(LINK_PLACEHOLDER, (_, key: string) => encodeURIComponent(values[key] ?? ''))
        : null;
      return [name, url];
    })
  );
}

/**
 * The data a template of `target` sees, from a stored record (as the Document Service returns it). Every
 * catalogued variable is present, null when the record has no value (it renders as nothing and `default`
 * applies). Amounts are decimal strings with the currency's minor units; issueDate and dueDate are
 * calendar dates (YYYY-MM-DD); startsAt and endsAt are UTC instants (ISO 8601) for the filters to localise.
 * `change` is the event an event rule's reminder counts from.
 */
export function buildTemplateContext(
  target: TargetDefinition,
  record: Record<string, unknown>,
  settings: TemplateSettings,
  now: Date,
  change?: Record<string, string | null>
): Record<string, unknown> {
  const recipient = settings.recipient ?? { kind: 'customer', name: customerNameOf(target, record) };
  const common = {
    customer: { name: customerNameOf(target, record), phone: text(valueAt(record, target.paths.phone)) },
    recipient,
    company: { name: settings.companyName },
    // An event rule's templates: the field before and after the change (see record-events.ts).
    ...(change ? { change } : {}),
  };
  // Invoices take no confirm or cancel: their templates have no reply hint. Staff are not asked to answer.
  const reply = {
    hint: replyHint(settings.locale, {
      allowed: Boolean(settings.allowReplies) && recipient.kind === 'customer',
      reschedule: target.templates === 'appointment' && Boolean(settings.links.reschedule),
    }),
  };
  if (target.templates === 'record') return { ...common, ...hostContext(target, record, settings), reply };
  if (target.templates === 'appointment') {
    return {
      ...common,
      reply,
      appointment: {
        title: text(record.title),
        startsAt: instant(record.startsAt),
        endsAt: instant(record.endsAt),
        location: text(record.location),
        staff: text(record.staffName),
        type: text(record.appointmentType),
      },
      links: links(['view', 'reschedule'], { documentId: record.documentId }, settings.links),
    };
  }
  const currency = text(record.currency);
  if (!isCurrencyCode(currency))
    throw new TemplateError(`invoice.currency "${String(record.currency)}" is not an ISO 4217 currency code`);
  const digits = minorUnits(currency);
  const total = amount(record, 'total', digits);
  const paid = amount(record, 'amountPaid', digits);
  // The same derivation as the write path: the balance follows from the amounts and is never negative.
  const balance = total > paid ? total - paid : 0n;
  const dueDate = calendarDate(record.dueDate);
  return {
    ...common,
    invoice: {
      number: text(record.number),
      total: formatAmount(total, digits),
      amountPaid: formatAmount(paid, digits),
      balance: formatAmount(balance, digits),
      currency,
      issueDate: calendarDate(record.issueDate),
      dueDate,
      daysOverdue: daysOverdue(dueDate, now, settings.timeZone),
    },
    links: links(['pay', 'view'], { documentId: record.documentId, number: record.number }, settings.links),
  };
}

/** The currency of a host record's amounts: the mapping's fixed code, or the record's field. */
function currencyOf(target: TargetDefinition, record: Record<string, unknown>): string | null {
  if (!target.currency) return null;
  const code = 'code' in target.currency ? target.currency.code : record[target.currency.field];
  if (!isCurrencyCode(code)) throw new TemplateError(`currency "${String(code)}" is not an ISO 4217 currency code`);
  return code;
}

/** record.<field> for each field a host's type shows, dates as calendar dates, amounts in the currency's minor units. */
function hostContext(target: TargetDefinition, record: Record<string, unknown>, settings: TemplateSettings) {
  const currency = currencyOf(target, record);
  const shown = (field: string, kind: TargetDefinition['recordFields'][string]): unknown => {
    const value = record[field];
    if (value === undefined || value === null || value === '') return null;
    if (kind === 'date') return calendarDate(value);
    if (kind === 'instant') return instant(value);
    if (kind === 'amount')
      return formatAmount(
        amount(record, field, currency ? minorUnits(currency) : 2, 'record'),
        currency ? minorUnits(currency) : 2
      );
    if (kind === 'boolean') return Boolean(value);
    return String(value);
  };
  return {
    record: Object.fromEntries(Object.entries(target.recordFields).map(([field, kind]) => [field, shown(field, kind)])),
    ...(target.currency ? { currency } : {}),
    links: links(['view'], { documentId: record.documentId, number: recordLabelOf(target, record) }, settings.links),
  };
}

/**
 * A typical record of each target, dated around `now` in the time zone (an invoice due in 3 days, an
 * appointment tomorrow at 10:00): what previews show without a record and what validation renders.
 */
export function sampleRecord(target: TargetDefinition, now: Date, timeZone: string): Record<string, unknown> {
  const today = DateTime.fromJSDate(now, { zone: timeZone }).startOf('day');
  if (target.templates === 'record') return hostSample(target, today);
  if (target.templates === 'appointment') {
    const startsAt = today.plus({ days: 1 }).set({ hour: 10 });
    return {
      documentId: 'sample-appointment',
      title: 'Dental check-up',
      customerName: 'Grace Njeri',
      phone: '+254700111222',
      language: 'en',
      startsAt: startsAt.toUTC().toISO(),
      endsAt: startsAt.plus({ hours: 1 }).toUTC().toISO(),
      location: 'Ngong Road Clinic, Nairobi',
      staffName: 'Dr. Mwangi',
      appointmentType: 'Check-up',
    };
  }
  return {
    documentId: 'sample-invoice',
    number: 'INV-1001',
    customerName: 'Wanjiku Kamau',
    phone: '+254712345678',
    language: 'en',
    currency: 'KES',
    total: '12500.00',
    amountPaid: '2500.00',
    issueDate: today.minus({ days: 20 }).toISODate(),
    dueDate: today.plus({ days: 3 }).toISODate(),
    accountManagerName: 'Otieno Ouma',
  };
}

/** A value at a path of a sample record, creating the related record of "customer.phone". */
function setAt(record: Record<string, unknown>, path: string | undefined, value: unknown) {
  if (!path) return;
  const [head, field] = path.split('.');
  if (!field) record[head] = value;
  else record[head] = { ...(record[head] as Record<string, unknown> | undefined), [field]: value };
}

/** A host record with a plausible value in every field templates show, its anchors around `today`. */
function hostSample(target: TargetDefinition, today: DateTime): Record<string, unknown> {
  const samples: Record<TargetDefinition['recordFields'][string], unknown> = {
    text: 'Sample text',
    date: today.plus({ days: 3 }).toISODate(),
    instant: today.plus({ days: 1 }).set({ hour: 10 }).toUTC().toISO(),
    number: 3,
    amount: '1500.00',
    boolean: true,
  };
  const record: Record<string, unknown> = { documentId: `sample-${target.key}` };
  for (const [field, kind] of Object.entries(target.recordFields)) record[field] = samples[kind];
  for (const [field, choice] of Object.entries(target.conditions))
    if (choice.kind === 'choice' && choice.values.length) record[field] = choice.values[0];
  if (target.currency && 'field' in target.currency) record[target.currency.field] = 'KES';
  setAt(record, target.paths.label, `${target.displayName} 1001`);
  setAt(record, target.paths.name, 'Wanjiku Kamau');
  setAt(record, target.paths.phone, '+254712345678');
  setAt(record, target.paths.staffPhone, '+254700111222');
  setAt(record, target.paths.language, 'en');
  return record;
}
