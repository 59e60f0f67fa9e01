import type { CountryCode } from 'libphonenumber-js';
import { type Checked, type FieldError, fieldError } from './field-errors';
import { normalizePhone } from './phone';
import { normaliseEmail } from './email-address';
import { formatAmount, isCurrencyCode, minorUnits, parseAmount } from './money';
import { isCalendarDate, isTimeZone, toUtcInstant } from './time-zone';

/** Settings the record checks depend on (from the plugin config). */
export interface RecordRules {
  defaultRegion: CountryCode;
  languages: readonly string[];
  /** The app's own invoice and appointment status values (config `statuses`). */
  statuses?: CustomStatuses;
  /** When listed (config `appointmentTypes`), the only types an appointment may have. */
  appointmentTypes?: readonly string[];
}

type Data = Record<string, unknown>;

export const PAYMENT_STATUSES = ['unpaid', 'partially_paid', 'paid'] as const;
export const INVOICE_STATUSES = ['draft', 'sent', 'void'] as const;
export const APPOINTMENT_STATUSES = ['scheduled', 'confirmed', 'cancelled', 'completed', 'no_show'] as const;

/** Status values an app adds after the built-in ones (config `statuses`), each with an optional label. */
export type CustomStatuses = Partial<Record<CustomStatusField, readonly { value: string; label?: string }[]>>;
export const CUSTOM_STATUS_FIELDS = ['invoiceStatus', 'appointmentStatus'] as const;
export type CustomStatusField = (typeof CUSTOM_STATUS_FIELDS)[number];

/** The built-in values of each status field an app may extend. */
export const BUILT_IN_STATUS_VALUES: Record<CustomStatusField, readonly string[]> = {
  invoiceStatus: INVOICE_STATUSES,
  appointmentStatus: APPOINTMENT_STATUSES,
};

/** A status field's values: the built-in ones, then the app's. */
export const statusValuesOf = (field: CustomStatusField, statuses: CustomStatuses = {}): string[] => [
  ...BUILT_IN_STATUS_VALUES[field],
  ...(statuses[field] ?? []).map((status) => status.value),
];

const present = (value: unknown) => value !== undefined && value !== null && value !== '';

/**
 * Collects the checks of one record. `merged` is the stored record with the change applied, so an update
 * that touches only one field is still checked against the others; `changes` receives the cleaned values.
 */
class RecordCheck {
  readonly errors: FieldError[] = [];
  readonly changes: Data = {};

  constructor(
    readonly merged: Data,
    private readonly rules: RecordRules
  ) {}

  fail(path: string, message: string) {
    this.errors.push(fieldError(path, message));
  }

  required(...paths: string[]) {
    for (const path of paths) if (!present(this.merged[path])) this.fail(path, `${path} is required`);
  }

  text(path: string, maxLength: number) {
    const value = this.merged[path];
    if (!present(value)) return;
    if (typeof value !== 'string') this.fail(path, `${path} must be text`);
    else if (value.length > maxLength) this.fail(path, `${path} must be at most ${maxLength} characters`);
  }

  phone(path: string) {
    const value = this.merged[path];
    if (!present(value)) return;
    const parsed = normalizePhone(value, this.rules.defaultRegion);
    if (parsed.ok) this.changes[path] = parsed.e164;
    else this.fail(path, `${path} ${parsed.problem}`);
  }

  email(path: string) {
    const value = this.merged[path];
    if (
      present(value) &&
      (typeof value !== 'string' || !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value) || value.length > 254)
    ) {
      this.fail(path, `${path} must be an email address`);
    }
  }

  oneOf(path: string, allowed: readonly string[]) {
    const value = this.merged[path];
    if (present(value) && !allowed.includes(value as string)) {
      this.fail(path, `${path} must be one of: ${allowed.join(', ')}`);
    }
  }

  language(path: string) {
    this.oneOf(path, this.rules.languages);
  }

  timeZone(path: string) {
    const value = this.merged[path];
    if (present(value) && !isTimeZone(value))
      this.fail(path, `${path} "${String(value)}" is not an IANA time zone such as Africa/Nairobi`);
  }

  calendarDate(path: string): string | undefined {
    const value = this.merged[path];
    if (!present(value)) return undefined;
    if (isCalendarDate(value)) return value;
    this.fail(path, `${path} must be a calendar date written YYYY-MM-DD`);
    return undefined;
  }

  instant(path: string): string | undefined {
    const value = this.merged[path];
    if (!present(value)) return undefined;
    const instant = toUtcInstant(value);
    if (instant) this.changes[path] = instant;
    else this.fail(path, `${path} must be an ISO 8601 date-time with a UTC offset, such as 2026-12-01T09:00:00+03:00`);
    return instant;
  }

  result(): Checked<Data> {
    return this.errors.length ? { ok: false, errors: this.errors } : { ok: true, value: this.changes };
  }
}

/**
 * Checks an invoice and derives what is derived: phone in E.164, amounts in the currency's minor units,
 * the balance (total − amount paid, never negative) and the payment status that follows from them.
 * `stored` is the record before an update ({} on create), to tell a changed field from an echoed one.
 */
export function checkInvoice(merged: Data, rules: RecordRules, stored: Data = {}): Checked<Data> {
  const check = new RecordCheck(merged, rules);
  check.required('number', 'customerName', 'phone', 'currency', 'total', 'issueDate', 'dueDate');
  check.text('number', 64);
  check.text('customerName', 200);
  check.phone('phone');
  check.text('accountManagerName', 200);
  check.phone('accountManagerPhone');
  check.email('email');
  check.language('language');
  check.timeZone('timezone');
  check.oneOf('invoiceStatus', statusValuesOf('invoiceStatus', rules.statuses));
  check.oneOf('paymentStatus', PAYMENT_STATUSES);

  const issueDate = check.calendarDate('issueDate');
  const dueDate = check.calendarDate('dueDate');
  if (issueDate && dueDate && dueDate < issueDate) {
    check.fail('dueDate', `dueDate (${dueDate}) must not be before issueDate (${issueDate})`);
  }

  const currency = merged.currency;
  if (present(currency) && !isCurrencyCode(currency)) {
    check.fail('currency', `currency "${String(currency)}" is not an ISO 4217 currency code such as KES`);
  } else if (present(currency)) {
    deriveAmounts(check, minorUnits(currency as string), stored);
  }
  return check.result();
}

function deriveAmounts(check: RecordCheck, digits: number, stored: Data) {
  const { merged, changes } = check;
  const amount = (value: unknown) => parseAmount(present(value) ? value : '0', digits);
  const total = present(merged.total) ? amount(merged.total) : undefined;
  if (total && !total.ok) check.fail('total', `total ${total.problem}`);
  if (!total?.ok) return;

  // The Content Manager sends the whole record back, so a payment status equal to the stored one is an echo,
  // not a decision. A status the caller did change, with the amount paid left alone, says what was paid:
  // "paid" means the whole total, "unpaid" means nothing.
  const storedPaid = amount(stored.amountPaid);
  const givenPaid = amount(merged.amountPaid);
  const paidChanged =
    present(merged.amountPaid) &&
    !(givenPaid.ok && storedPaid.ok && givenPaid.minor === storedPaid.minor && present(stored.amountPaid));
  const statusChanged = present(merged.paymentStatus) && merged.paymentStatus !== stored.paymentStatus;
  let paid = givenPaid;
  if (statusChanged && !paidChanged && merged.paymentStatus === 'paid') paid = total;
  if (statusChanged && !paidChanged && merged.paymentStatus === 'unpaid') paid = { ok: true, minor: 0n };
  if (!paid.ok) {
    check.fail('amountPaid', `amountPaid ${paid.problem}`);
    return;
  }
  if (paid.minor > total.minor) {
    check.fail(
      'amountPaid',
      `amountPaid (${formatAmount(paid.minor, digits)}) must not exceed total (${formatAmount(total.minor, digits)})`
    );
    return;
  }
  const balance = total.minor - paid.minor;
  // The balance is derived. One given that is neither the stored one sent back (the Content Manager sends the
  // whole record) nor the derived one is refused, rather than silently replaced by another amount.
  const storedBalance = present(stored.balance) ? amount(stored.balance) : undefined;
  const givenBalance = amount(merged.balance);
  const echoed =
    merged.balance === stored.balance ||
    (storedBalance?.ok && givenBalance.ok && givenBalance.minor === storedBalance.minor);
  if (present(merged.balance) && !echoed && !(givenBalance.ok && givenBalance.minor === balance)) {
    check.fail(
      'balance',
      `balance is derived (total − amountPaid = ${formatAmount(balance, digits)}) and cannot be set`
    );
    return;
  }
  const derivedStatus = balance === 0n ? 'paid' : paid.minor === 0n ? 'unpaid' : 'partially_paid';
  // An invalid status has been reported by oneOf already; saying it also contradicts the amounts adds noise.
  if (
    statusChanged &&
    merged.paymentStatus !== derivedStatus &&
    (PAYMENT_STATUSES as readonly unknown[]).includes(merged.paymentStatus)
  ) {
    check.fail(
      'paymentStatus',
      `paymentStatus "${String(merged.paymentStatus)}" contradicts the amounts, which make it "${derivedStatus}"`
    );
    return;
  }
  changes.total = formatAmount(total.minor, digits);
  changes.amountPaid = formatAmount(paid.minor, digits);
  changes.balance = formatAmount(balance, digits);
  changes.paymentStatus = derivedStatus;
}

/** Checks an appointment: phones in E.164, instants in UTC, end not before start. */
export function checkAppointment(merged: Data, rules: RecordRules): Checked<Data> {
  const check = new RecordCheck(merged, rules);
  check.required('title', 'customerName', 'phone', 'startsAt');
  check.text('title', 200);
  check.text('customerName', 200);
  check.text('location', 500);
  check.text('staffName', 200);
  check.phone('phone');
  check.phone('staffPhone');
  check.email('email');
  check.language('language');
  check.timeZone('timezone');
  check.oneOf('appointmentStatus', statusValuesOf('appointmentStatus', rules.statuses));
  check.text('appointmentType', 100);
  if (rules.appointmentTypes?.length) check.oneOf('appointmentType', rules.appointmentTypes);
  const startsAt = check.instant('startsAt');
  const endsAt = check.instant('endsAt');
  if (startsAt && endsAt && Date.parse(endsAt) < Date.parse(startsAt)) {
    check.fail('endsAt', `endsAt (${endsAt}) must not be before startsAt (${startsAt})`);
  }
  return check.result();
}

export const OPT_OUT_CHANNELS = ['sms', 'email'] as const;

/**
 * Checks an opt-out entry: a phone number (channel sms, the default, as before e-mail) or an e-mail address
 * (channel email), never both. The number is stored in E.164 and the address trimmed and lower-cased, so
 * lookups match what is sent; the other field is stored as null, never '', which its unique index would count.
 */
export function checkOptOut(merged: Data, rules: RecordRules): Checked<Data> {
  const check = new RecordCheck(merged, rules);
  const channel = present(merged.channel) ? merged.channel : 'sms';
  const empty = (field: string) => {
    if (present(merged[field]))
      check.fail(field, `${field} must be empty on an opt-out of channel ${String(channel)} (one entry per channel)`);
    else if (merged[field] === '') check.changes[field] = null;
  };
  check.oneOf('channel', OPT_OUT_CHANNELS);
  if (channel === 'sms') {
    check.required('phone');
    check.phone('phone');
    empty('email');
  } else if (channel === 'email') {
    check.required('email');
    const parsed = present(merged.email) ? normaliseEmail(merged.email) : undefined;
    if (parsed?.ok) check.changes.email = parsed.address;
    else if (parsed) check.fail('email', `email ${parsed.problem}`);
    empty('phone');
  }
  check.text('note', 500);
  return check.result();
}
