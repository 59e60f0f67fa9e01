import { type PlannedDelivery, type PlanningDefaults, type PlanningRule, planRecord } from './planning';
import type { TargetDefinition } from './targets';
import type { RecordEvent } from './record-events';

/** Every send time there is: the planner's window, opened to all time. */
const ALL_TIME = { from: new Date(-8.64e15), to: new Date(8.64e15) };

/**
 * Every reminder one record gets from one rule, earliest first: the planner's own math (steps, repeats,
 * zones, DST, quiet hours) over all time, one per step occurrence (the customer's when it goes to both).
 * What the rule editor previews and what the overlap warning adds up. An event rule's come from `event`.
 */
export function scheduleOfRecord(
  target: TargetDefinition,
  rule: PlanningRule,
  record: Record<string, unknown> & { documentId: string },
  now: Date,
  defaults: PlanningDefaults,
  event?: RecordEvent
): PlannedDelivery[] {
  const seen = new Set<string>();
  return planRecord(target, rule, record, ALL_TIME, now, defaults, undefined, event)
    .filter((delivery) => {
      const key = `${delivery.stepIndex}:${delivery.occurrence}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    })
    .sort((a, b) => a.notBefore.getTime() - b.notBefore.getTime());
}
