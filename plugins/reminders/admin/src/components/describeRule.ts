import type { Rule, RuleStep } from '../api/types';
import type { MessageKey } from '../hooks/useT';

type T = (key: MessageKey, values?: Record<string, string | number>) => string;

/** "3 days before due date", "every 7 days, 3 times" in the admin's language. */
export function describeStep(step: RuleStep, anchor: string, t: T): string {
  const offset = step.amount === 0 ? t('rule.step.at', { anchor: t(`anchor.${anchor}` as MessageKey) }) : t(`rule.step.${step.direction}` as MessageKey, { amount: step.amount, unit: t(`unit.${step.unit}` as MessageKey), anchor: t(`anchor.${anchor}` as MessageKey) });
  if (!step.repeat) return offset;
  return `${offset}, ${t('rule.step.repeat', { every: step.repeat.every, unit: t(`unit.${step.repeat.unit}` as MessageKey), times: step.repeat.times })}`;
}

/** The rule's timing in one line: its steps and, for date anchors, the time of day. */
export function describeTiming(rule: Pick<Rule, 'steps' | 'anchor' | 'sendAt'>, t: T): string {
  if (rule.anchor === 'instantly') return t('anchor.instantly');
  const steps = (rule.steps ?? []).map((step) => describeStep(step, rule.anchor, t)).join('; ');
  return rule.sendAt ? `${steps} ${t('rule.step.sendAt', { time: rule.sendAt })}` : steps;
}
