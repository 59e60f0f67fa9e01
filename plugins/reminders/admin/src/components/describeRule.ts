import type { Rule, RuleStep } from '../api/types';
import type { MessageKey } from '../hooks/useT';
import { anchorLabel, eventMoment } from './labels';

type T = (key: MessageKey, values?: Record<string, string | number>) => string;

/**
 * How many reminders a step sends in all: the API stores `repeat.times` as the repeats AFTER the first
 * (docs/rules-and-time.md), while editors count every reminder ("4 reminders, weekly").
 */
export const remindersOfStep = (step: Pick<RuleStep, 'repeat'>) => 1 + (step.repeat?.times ?? 0);

/** `repeat.times` for a step that sends `reminders` in all (the server refuses fewer than 2). */
export const repeatTimesFor = (reminders: number) => reminders - 1;

/** "3 days before the due date", "7 days after the due date, 4 reminders, weekly" in the admin's language. */
export function describeStep(step: RuleStep, anchor: string, t: T, channel = 'sms'): string {
  const timing = describeStepTiming(step, anchor, t);
  // SMS, the usual channel, goes unsaid.
  return channel === 'email' || channel === 'sms_or_email' ? `${timing}, ${t(`rule.step.channel.${channel}`)}` : timing;
}

function describeStepTiming(step: RuleStep, anchor: string, t: T): string {
  const anchorName = anchorLabel(t, anchor);
  const offset =
    step.amount === 0
      ? (eventMoment(t, anchor) ?? t('rule.step.at', { anchor: anchorName }))
      : t(`rule.step.${step.direction}` as MessageKey, {
          offset: t(`offset.${step.unit}` as MessageKey, { count: step.amount }),
          anchor: anchorName,
        });
  if (!step.repeat) return offset;
  const every = t(`repeat.${step.repeat.unit}` as MessageKey, { count: step.repeat.every });
  return `${offset}, ${t('rule.step.repeat', { count: remindersOfStep(step), every })}`;
}

/** The rule's timing in one line: its steps and, for date anchors, the time of day. */
export function describeTiming(rule: Pick<Rule, 'steps' | 'anchor' | 'sendAt' | 'channel'>, t: T): string {
  if (rule.anchor === 'instantly') return t('anchor.instantly');
  const steps = (rule.steps ?? [])
    .map((step) => describeStep(step, rule.anchor, t, step.channel ?? rule.channel ?? 'sms'))
    .join('; ');
  return rule.sendAt ? `${steps} ${t('rule.step.sendAt', { time: rule.sendAt })}` : steps;
}
