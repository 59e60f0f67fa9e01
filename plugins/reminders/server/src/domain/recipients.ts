import type { CountryCode } from 'libphonenumber-js';
import { type FieldError, fieldError } from './field-errors';
import { normalizePhone } from './phone';
import { type TargetDefinition, type Targets, valueAt } from './targets';

/**
 * Who a rule sends to: the record's customer, its staff member (an appointment's, an invoice's account
 * manager), a fixed number such as the office, or several of these. Each recipient gets its own delivery,
 * told apart by its role: "customer", "staff" or "fixed:<E.164>" (stable, so a fixed recipient's idempotency
 * key never changes while its number does not).
 */
export type RuleRecipient = { kind: 'customer' } | { kind: 'staff' } | { kind: 'fixed'; phone: string; name?: string };
export type RecipientKind = RuleRecipient['kind'];

export const RECIPIENT_KINDS = ['customer', 'staff', 'fixed'] as const;
/** The older single field: still read and written, as the equivalent list. */
export const RECIPIENTS = ['customer', 'staff', 'both'] as const;
export const MAX_RECIPIENTS = 5;
const FIXED_PREFIX = 'fixed:';

const LEGACY: Record<(typeof RECIPIENTS)[number], RuleRecipient[]> = {
  customer: [{ kind: 'customer' }],
  staff: [{ kind: 'staff' }],
  both: [{ kind: 'customer' }, { kind: 'staff' }],
};

/** A rule's recipients: its `recipients` list when it has one, else what its `recipient` says (customer by default). */
export function recipientsOf(rule: { recipients?: unknown; recipient?: string | null }): RuleRecipient[] {
  if (Array.isArray(rule.recipients) && rule.recipients.length > 0) return rule.recipients as RuleRecipient[];
  return LEGACY[(rule.recipient ?? 'customer') as keyof typeof LEGACY] ?? LEGACY.customer;
}

/** The delivery role of a recipient: customer, staff or fixed:<E.164>. */
export const roleOf = (recipient: RuleRecipient): string =>
  recipient.kind === 'fixed' ? `${FIXED_PREFIX}${recipient.phone}` : recipient.kind;

/** The fixed number a role names, or undefined for customer and staff. */
export const fixedPhoneOf = (role: string): string | undefined =>
  role.startsWith(FIXED_PREFIX) ? role.slice(FIXED_PREFIX.length) : undefined;

export const kindOfRole = (role: string): RecipientKind =>
  fixedPhoneOf(role) !== undefined ? 'fixed' : role === 'staff' ? 'staff' : 'customer';

/** What templates know of the recipient: `{{ recipient.name }}`, `{{ recipient.kind }}`. */
export interface TemplateRecipient {
  kind: RecipientKind;
  name: string | null;
}

/** The recipient of a role as templates show it: the customer's or staff member's name, the fixed number's own name. */
export function templateRecipientOf(
  target: TargetDefinition,
  record: Record<string, unknown>,
  rule: { recipients?: unknown; recipient?: string | null },
  role: string
): TemplateRecipient {
  const kind = kindOfRole(role);
  const path = kind === 'customer' ? target.paths.name : kind === 'staff' ? target.paths.staffName : undefined;
  const fixed = recipientsOf(rule).find((recipient) => recipient.kind === 'fixed' && roleOf(recipient) === role);
  const name = fixed?.kind === 'fixed' ? fixed.name : valueAt(record, path);
  return { kind, name: typeof name === 'string' && name !== '' ? name : null };
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** The targets that have a staff phone, for the message that says a target has none. */
const staffTargets = (targets: Targets) =>
  Object.values(targets)
    .filter((other) => other.paths.staffPhone)
    .map((other) => other.key);

/**
 * Checks a rule's `recipients` (1 to 5, no duplicates, staff only where the target has a staff phone, fixed
 * numbers normalised to E.164 in `region`) and its older `recipient`. Returns the normalised list to store,
 * or undefined when the rule does not set one.
 */
export function checkRecipients(
  merged: Record<string, unknown>,
  target: TargetDefinition,
  targets: Targets,
  region: CountryCode | undefined,
  errors: FieldError[]
): RuleRecipient[] | undefined {
  const noStaff = (path: string) =>
    fieldError(
      path,
      `only ${new Intl.ListFormat('en').format(staffTargets(targets)) || 'no'} rules can send to the staff member: ${target.key} records have no staff phone`
    );
  const { recipient } = merged;
  if (recipient !== undefined && recipient !== null && !RECIPIENTS.includes(recipient as never)) {
    errors.push(fieldError('recipient', `recipient must be one of: ${RECIPIENTS.join(', ')}`));
  } else if (recipient !== undefined && recipient !== null && recipient !== 'customer' && !target.paths.staffPhone) {
    errors.push(noStaff('recipient'));
  }

  const list = merged.recipients;
  if (list === undefined || list === null) return undefined;
  if (!Array.isArray(list) || list.length < 1 || list.length > MAX_RECIPIENTS) {
    errors.push(
      fieldError(
        'recipients',
        `recipients must be a list of 1 to ${MAX_RECIPIENTS} recipients such as [{"kind": "customer"}, {"kind": "fixed", "phone": "+254700000001", "name": "Office"}]`
      )
    );
    return undefined;
  }
  const normalised: RuleRecipient[] = [];
  const seen = new Set<string>();
  list.forEach((item, index) => {
    const path = `recipients[${index}]`;
    if (!isRecord(item) || !RECIPIENT_KINDS.includes(item.kind as never)) {
      errors.push(fieldError(`${path}.kind`, `${path}.kind must be one of: ${RECIPIENT_KINDS.join(', ')}`));
      return;
    }
    let checked: RuleRecipient;
    if (item.kind === 'fixed') {
      const phone = normalizePhone(item.phone, region);
      const name = item.name;
      if (!phone.ok) {
        errors.push(fieldError(`${path}.phone`, `${path}.phone ${phone.problem}`));
        return;
      }
      if (name !== undefined && name !== null && (typeof name !== 'string' || name.length > 100)) {
        errors.push(fieldError(`${path}.name`, `${path}.name must be text of at most 100 characters`));
        return;
      }
      checked = {
        kind: 'fixed',
        phone: phone.e164,
        ...(typeof name === 'string' && name.trim() ? { name: name.trim() } : {}),
      };
    } else {
      if (item.kind === 'staff' && !target.paths.staffPhone) {
        errors.push(noStaff(`${path}.kind`));
        return;
      }
      checked = { kind: item.kind as 'customer' | 'staff' };
    }
    const role = roleOf(checked);
    if (seen.has(role)) {
      errors.push(fieldError(path, `${path} repeats a recipient: each one may appear once`));
      return;
    }
    seen.add(role);
    normalised.push(checked);
  });
  return normalised;
}
