import { parseAmount } from './money';
import type { RuleCondition, RuleConditions } from './rule-definition';
import { type Reason, reason } from './reasons';
import type { TargetDefinition } from './targets';

/**
 * A rule's conditions as groups: the record must meet every condition of at least one group. A list is one
 * group; `{ anyOf: [...] }` is several; none at all is one empty group (every record).
 */
export const conditionGroupsOf = (conditions: RuleConditions | null | undefined): RuleCondition[][] =>
  !conditions ? [[]] : Array.isArray(conditions) ? [conditions] : conditions.anyOf;

/** The record fields a rule's conditions read, each once. */
export const conditionFieldsOf = (conditions: RuleConditions | null | undefined): string[] => [
  ...new Set(conditionGroupsOf(conditions).flatMap((group) => group.map((condition) => condition.field))),
];

/**
 * The conditions an existing rule needs to keep its behaviour now that defaults are no longer added at
 * evaluation: its own with each of the target's defaults it lacks appended; undefined when nothing is to
 * add (it has them all, it counts from an event, or it is already in groups, written after the change).
 */
export function withMissingDefaults(
  target: TargetDefinition,
  anchor: string,
  conditions: RuleConditions | null | undefined
): RuleCondition[] | undefined {
  if (conditions && !Array.isArray(conditions)) return undefined;
  if (Object.hasOwn(target.anchors, anchor) && target.anchors[anchor].kind === 'event') return undefined;
  const own = conditions ?? [];
  const missing = target.defaultConditions.filter(
    (standard) => !own.some((condition) => isDefaultCondition({ ...target, defaultConditions: [standard] }, condition))
  );
  return missing.length
    ? [...own, ...missing.map((standard) => ({ ...standard, value: [...standard.value] }))]
    : undefined;
}

/** Whether a condition is one of the target's defaults (the reason then says "The invoice is paid"). */
const isDefaultCondition = (target: TargetDefinition, condition: RuleCondition) =>
  target.defaultConditions.some(
    (standard) =>
      standard.field === condition.field &&
      standard.operator === condition.operator &&
      Array.isArray(condition.value) &&
      condition.value.length === standard.value.length &&
      standard.value.every((value) => condition.value.includes(value))
  );

// Amounts compared exactly, in ten-thousandths (the columns hold at most 4 decimals).
const AMOUNT_DIGITS = 4;
const amount = (value: unknown) => {
  const parsed = parseAmount(value ?? '0', AMOUNT_DIGITS);
  return parsed.ok ? parsed.minor : undefined;
};

function holds(condition: RuleCondition, actual: unknown): boolean {
  const { operator, value } = condition;
  if (operator === 'in') return (value as string[]).includes(String(actual));
  if (operator === 'notIn') return !(value as string[]).includes(String(actual));
  const left = amount(actual);
  const right = amount(value);
  if (left === undefined || right === undefined) return operator === 'eq' && String(actual) === String(value);
  switch (operator) {
    case 'eq':
      return left === right;
    case 'gt':
      return left > right;
    case 'gte':
      return left >= right;
    case 'lt':
      return left < right;
    case 'lte':
      return left <= right;
  }
}

const isEmpty = (value: unknown) => value === null || value === undefined || value === '';

/**
 * Whether a record meets a rule's conditions: every condition of one of its groups. When not, the reason
 * names the first failing condition of the FIRST group only (one reason, kept simple): "The invoice is paid"
 * for a default condition, else the field, its value and what the rule asks for.
 */
export function evaluateConditions(
  target: TargetDefinition,
  conditions: RuleConditions | null | undefined,
  record: Record<string, unknown>
): { ok: true } | { ok: false; reason: Reason } {
  const failures = conditionGroupsOf(conditions).map((group) =>
    group.find((condition) => !holds(condition, record[condition.field]))
  );
  if (failures.some((failure) => failure === undefined)) return { ok: true };
  const condition = failures[0] as RuleCondition;
  const actual = record[condition.field];
  const shown = isEmpty(actual) ? '' : String(actual);
  if (isDefaultCondition(target, condition))
    return { ok: false, reason: reason('recordIs', { target: target.key, field: condition.field, value: shown }) };
  return {
    ok: false,
    reason: reason('conditionNotMet', {
      target: target.key,
      field: condition.field,
      actual: shown,
      operator: condition.operator,
      expected: Array.isArray(condition.value) ? condition.value.map(String) : String(condition.value),
    }),
  };
}

/**
 * The same conditions as a Strapi query filter, so the planner lets the database discard what cannot
 * match. It may let through more than matches (amounts are floats in SQLite): the exact check above runs
 * again on every candidate.
 */
export function conditionsToFilter(conditions: RuleConditions | null | undefined): Record<string, unknown>[] {
  const groups = conditionGroupsOf(conditions);
  if (groups.length === 1) return groups[0].map(conditionToFilter);
  return [{ $or: groups.map((group) => ({ $and: group.map(conditionToFilter) })) }];
}

function conditionToFilter({ field, operator, value }: RuleCondition): Record<string, unknown> {
  // A null status is "none of" anything, but SQL's NOT IN drops nulls: keep them explicitly.
  if (operator === 'notIn') return { $or: [{ [field]: { $notIn: value } }, { [field]: { $null: true } }] };
  if (operator === 'in' || operator === 'eq') return { [field]: { [`$${operator}`]: value } };
  // Inclusive bounds: a float column must never drop a record the exact check would keep.
  return { [field]: { [operator === 'gt' || operator === 'gte' ? '$gte' : '$lte']: Number(value) } };
}
