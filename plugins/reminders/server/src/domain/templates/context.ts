import { DateTime } from 'luxon';
import type { Target } from '../targets';
import { formatAmount, isCurrencyCode, minorUnits, parseAmount } from '../money';
import { isCalendarDate, toUtcInstant } from '../time-zone';
import { daysBetween, localDate } from './calendar';
import { TemplateError } from './engine';

/** Every variable a template of each target may use; anything else is refused when a rule is saved. */
export const TEMPLATE_VARIABLES = {
  invoice: [
    'customer.name',
    'customer.phone',
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
    'company.name',
    'appointment.title',
    'appointment.startsAt',
    'appointment.endsAt',
    'appointment.location',
    'appointment.staff',
    'links.view',
    'links.reschedule',
  ],
} as const satisfies Record<Target, readonly string[]>;

export const LINK_NAMES = ['pay', 'view', 'reschedule'] as const;
export type LinkName = (typeof LINK_NAMES)[number];

/** What a context is built with, from the plugin config and the resolved time zone and language. */
export interface TemplateSettings {
  companyName: string;
  /** URL patterns; {documentId} and {number} are replaced by the record's, URL-encoded. */
  links: Partial<Record<LinkName, string>>;
  timeZone: string;
  /** Not needed to build the context (the filters format, with renderTemplate's locale); accepted so one settings object serves both calls. */
  locale: string;
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

function amount(record: Record<string, unknown>, field: string, digits: number): bigint {
  const value = record[field];
  if (value === undefined || value === null || value === '') return 0n;
  const parsed = parseAmount(value, digits);
  if (!parsed.ok) throw new TemplateError(`invoice.${field} "${String(value)}" ${parsed.problem}`);
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

function links(names: readonly LinkName[], record: Record<string, unknown>, patterns: TemplateSettings['links']) {
  const values: Record<string, string | null> = {
    documentId: text(record.documentId),
    // Appointments have no number: their links use the documentId for both.
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
 */
export function buildTemplateContext(
  target: Target,
  record: Record<string, unknown>,
  settings: TemplateSettings,
  now: Date
): Record<string, unknown> {
  const common = {
    customer: { name: text(record.customerName), phone: text(record.phone) },
    company: { name: settings.companyName },
  };
  if (target === 'appointment') {
    return {
      ...common,
      appointment: {
        title: text(record.title),
        startsAt: instant(record.startsAt),
        endsAt: instant(record.endsAt),
        location: text(record.location),
        staff: text(record.staffName),
      },
      links: links(['view', 'reschedule'], record, settings.links),
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
    links: links(['pay', 'view'], record, settings.links),
  };
}

/**
 * A typical record of each target, dated around `now` in the time zone (an invoice due in 3 days, an
 * appointment tomorrow at 10:00): what previews show without a record and what validation renders.
 */
export function sampleRecord(target: Target, now: Date, timeZone: string): Record<string, unknown> {
  const today = DateTime.fromJSDate(now, { zone: timeZone }).startOf('day');
  if (target === 'appointment') {
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
  };
}
