import { parseAmount } from './money';
import type { RuleCondition } from './rule-definition';
import { type Reason, reason } from './reasons';
import type { ImplicitCondition, TargetDefinition } from './targets';

/** A rule's conditions with those its target has without saying so (nobody is reminded of a paid invoice). */
export const allConditionsOf = (target: TargetDefinition, conditions: RuleCondition[]): RuleCondition[] => [
  ...target.implicitConditions,
  ...conditions,
];

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
 * Whether a record meets a rule's conditions (and the implicit ones). When not, the reason names the
 * first condition that fails: "The invoice is paid" for an implicit one, else the field, its value and what
 * the rule asks for.
 */
export function evaluateConditions(
  target: TargetDefinition,
  conditions: RuleCondition[],
  record: Record<string, unknown>
): { ok: true } | { ok: false; reason: Reason } {
  for (const condition of allConditionsOf(target, conditions)) {
    const actual = record[condition.field];
    if (holds(condition, actual)) continue;
    const shown = isEmpty(actual) ? '' : String(actual);
    if (target.implicitConditions.includes(condition as ImplicitCondition))
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
  return { ok: true };
}

/**
 * The same conditions as a Strapi query filter, so the planner lets the database discard what cannot
 * match. It may let through more than matches (amounts are floats in SQLite): the exact check above runs
 * again on every candidate.
 */
export function conditionsToFilter(target: TargetDefinition, conditions: RuleCondition[]): Record<string, unknown>[] {
  return allConditionsOf(target, conditions).map(({ field, operator, value }) => {
    // A null status is "none of" anything, but SQL's NOT IN drops nulls: keep them explicitly.
    if (operator === 'notIn') return { $or: [{ [field]: { $notIn: value } }, { [field]: { $null: true } }] };
    if (operator === 'in' || operator === 'eq') return { [field]: { [`$${operator}`]: value } };
    // Inclusive bounds: a float column must never drop a record the exact check would keep.
    return { [field]: { [operator === 'gt' || operator === 'gte' ? '$gte' : '$lte']: Number(value) } };
  });
}
