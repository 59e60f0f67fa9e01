import type { Rule, RuleStep } from '../api/types';
import type { MessageKey } from '../hooks/useT';
import { anchorLabel } from './labels';

type T = (key: MessageKey, values?: Record<string, string | number>) => string;

/** "3 days before due date", "every 7 days, 3 times" in the admin's language. */
export function describeStep(step: RuleStep, anchor: string, t: T): string {
  const anchorName = anchorLabel(t, anchor);
  const offset =
    step.amount === 0
      ? t('rule.step.at', { anchor: anchorName })
      : t(`rule.step.${step.direction}` as MessageKey, {
          offset: t(`offset.${step.unit}` as MessageKey, { count: step.amount }),
          anchor: anchorName,
        });
  if (!step.repeat) return offset;
  return `${offset}, ${t('rule.step.repeat', { every: t(`offset.${step.repeat.unit}` as MessageKey, { count: step.repeat.every }), times: step.repeat.times })}`;
}

/** The rule's timing in one line: its steps and, for date anchors, the time of day. */
export function describeTiming(rule: Pick<Rule, 'steps' | 'anchor' | 'sendAt'>, t: T): string {
  if (rule.anchor === 'instantly') return t('anchor.instantly');
  const steps = (rule.steps ?? []).map((step) => describeStep(step, rule.anchor, t)).join('; ');
  return rule.sendAt ? `${steps} ${t('rule.step.sendAt', { time: rule.sendAt })}` : steps;
}
