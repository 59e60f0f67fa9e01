/**
 * The domain's functions as the tests call them, with a rule's or a record's target key: each resolves the
 * key to its built-in target, as the registry does in the plugin.
 */
import type { CountryCode } from 'libphonenumber-js';
import { anchorSlices as anchorSlicesOf } from '../anchor-slices';
import { evaluateConditions as evaluateConditionsOf } from '../conditions';
import {
  type PlanningRule,
  type Window,
  anchorRange as anchorRangeOf,
  anchorValueOf as anchorValueOfTarget,
  planRecord as planRecordOf,
  plannedForCurrentAnchor as plannedForCurrentAnchorOf,
} from '../planning';
import { type RuleConditions, checkRule as checkRuleOf } from '../rule-definition';
import { BUILT_IN_TARGETS } from '../targets';
import {
  type TemplateLibrary,
  buildTemplateContext as buildTemplateContextOf,
  sampleRecord as sampleRecordOf,
  validateTemplate as validateTemplateOf,
} from '../templates';

type AfterTarget<F> = F extends (target: never, ...rest: infer R) => unknown ? R : never;
type AfterTargetAndRule<F> = F extends (target: never, rule: never, ...rest: infer R) => unknown ? R : never;

export const builtIn = (key: string) => BUILT_IN_TARGETS[key as keyof typeof BUILT_IN_TARGETS];
const targetOf = (rule: { target: string }) => builtIn(rule.target);

export const planRecord = (rule: PlanningRule, ...rest: AfterTargetAndRule<typeof planRecordOf>) =>
  planRecordOf(targetOf(rule), rule, ...rest);
export const anchorSlices = (rule: PlanningRule, ...rest: AfterTargetAndRule<typeof anchorSlicesOf>) =>
  anchorSlicesOf(targetOf(rule), rule, ...rest);
export const anchorRange = (rule: PlanningRule, window: Window) => anchorRangeOf(targetOf(rule), rule, window);
export const anchorValueOf = (rule: PlanningRule, record: Record<string, unknown>) =>
  anchorValueOfTarget(targetOf(rule), rule, record);
export const plannedForCurrentAnchor = (
  rule: PlanningRule,
  ...rest: AfterTargetAndRule<typeof plannedForCurrentAnchorOf>
) => plannedForCurrentAnchorOf(targetOf(rule), rule, ...rest);

export const checkRule = (
  rule: Record<string, unknown>,
  languages: readonly string[],
  options?: { region?: CountryCode; library?: TemplateLibrary }
) => checkRuleOf(rule, languages, BUILT_IN_TARGETS, options);
export const evaluateConditions = (target: string, conditions: RuleConditions, record: Record<string, unknown>) =>
  evaluateConditionsOf(builtIn(target), conditions, record);
/** A built-in target's default conditions, as a new rule starts with them. */
export const defaultsOf = (target: string) =>
  builtIn(target).defaultConditions.map((c) => ({ ...c, value: [...c.value] }));

export const buildTemplateContext = (target: string, ...rest: AfterTarget<typeof buildTemplateContextOf>) =>
  buildTemplateContextOf(builtIn(target), ...rest);
export const sampleRecord = (target: string, now: Date, timeZone: string) =>
  sampleRecordOf(builtIn(target), now, timeZone);
export const validateTemplate = (source: string, target: string) => validateTemplateOf(source, builtIn(target));
