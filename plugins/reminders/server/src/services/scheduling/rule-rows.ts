import type { Core } from '@strapi/strapi';
import type { PlanningRule } from '../../domain/planning';
import type { RuleFrequencyCap } from '../../domain/frequency-cap';
import { type TemplateLibrary, libraryIdsOf, withLibraryMessages } from '../../domain/templates';
import { UIDS } from '../../constants';

/**
 * A reminder rule as the Query Engine reads it: what planning, sending and the record panel use. Its
 * `templates` (and its steps') are the messages it sends: a chosen library template's, read with the rule.
 */
export type RuleRow = PlanningRule & {
  id: number;
  name: string;
  enabled: boolean;
  templates: Record<string, string>;
  templateId?: string | null;
  defaultLanguage?: string | null;
  senderId?: string | null;
  backfillFrom?: string | Date | null;
  frequencyCap?: RuleFrequencyCap;
  /** False: its SMS carry no opt-out footer (null, as stored before the field, is on). */
  optOutFooter?: boolean | null;
  /** Customers may answer its reminders (confirm, cancel…); {{ reply.hint }} says how. */
  allowReplies?: boolean | null;
};

/** The library templates these rules (stored or being edited) choose, by documentId, as they are now. */
export async function libraryOf(strapi: Core.Strapi, rules: object[]): Promise<TemplateLibrary> {
  const ids = [...new Set(rules.flatMap(libraryIdsOf))];
  if (!ids.length) return {};
  const rows = await strapi.db.query(UIDS.template).findMany({ where: { documentId: { $in: ids } } });
  return Object.fromEntries(rows.map((row) => [row.documentId, row])) as TemplateLibrary;
}

// Read with the rule each time, not copied into it: an edited library template is what the next reminder says.
const withMessages = async (strapi: Core.Strapi, rules: RuleRow[]): Promise<RuleRow[]> => {
  const library = await libraryOf(strapi, rules);
  return rules.map((rule) => withLibraryMessages(rule, library));
};

/** The enabled rules (of one target), in the order they were created. */
export const enabledRules = async (strapi: Core.Strapi, target?: string): Promise<RuleRow[]> =>
  withMessages(
    strapi,
    (await strapi.db
      .query(UIDS.rule)
      .findMany({ where: { enabled: true, ...(target ? { target } : {}) }, orderBy: { id: 'asc' } })) as RuleRow[]
  );

/** One rule, enabled or not; null when there is none. */
export async function ruleRow(strapi: Core.Strapi, documentId: string): Promise<RuleRow | null> {
  const rule = (await strapi.db.query(UIDS.rule).findOne({ where: { documentId } })) as RuleRow | null;
  return rule && (await withMessages(strapi, [rule]))[0];
}
