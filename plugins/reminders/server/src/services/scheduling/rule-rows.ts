import type { Core } from '@strapi/strapi';
import type { PlanningRule } from '../../domain/planning';
import type { RuleFrequencyCap } from '../../domain/frequency-cap';
import { UIDS } from '../../constants';

/** A reminder rule as the Query Engine reads it: what planning, sending and the record panel use. */
export type RuleRow = PlanningRule & {
  id: number;
  name: string;
  enabled: boolean;
  templates: Record<string, string>;
  defaultLanguage?: string | null;
  senderId?: string | null;
  backfillFrom?: string | Date | null;
  frequencyCap?: RuleFrequencyCap;
};

/** The enabled rules (of one target), in the order they were created. */
export const enabledRules = async (strapi: Core.Strapi, target?: string): Promise<RuleRow[]> =>
  (await strapi.db
    .query(UIDS.rule)
    .findMany({ where: { enabled: true, ...(target ? { target } : {}) }, orderBy: { id: 'asc' } })) as RuleRow[];

/** One rule, enabled or not; null when there is none. */
export const ruleRow = async (strapi: Core.Strapi, documentId: string): Promise<RuleRow | null> =>
  (await strapi.db.query(UIDS.rule).findOne({ where: { documentId } })) as RuleRow | null;
