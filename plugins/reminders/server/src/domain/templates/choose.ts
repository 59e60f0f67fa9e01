import { TemplateError } from './engine';
import type { EmailTemplates } from './email';

const usable = (templates: Record<string, string>, language: string | undefined): language is string =>
  language !== undefined &&
  Object.hasOwn(templates, language) &&
  typeof templates[language] === 'string' &&
  templates[language].trim() !== '';

/**
 * The template for a record: the one in the record's language ("fr"), else in its base language ("fr" for
 * "fr-CA"), else the rule's default language. Languages are looked up as own properties only, so a record
 * language such as "constructor" cannot pick up a function from Object.prototype.
 */
export function chooseTemplate(
  templates: Record<string, string>,
  defaultLanguage: string,
  recordLanguage?: string
): { language: string; source: string } {
  const candidates = [recordLanguage, recordLanguage?.split('-')[0], defaultLanguage];
  const language = candidates.find((candidate) => usable(templates, candidate));
  if (language === undefined)
    throw new TemplateError(
      `no template in the record's language (${recordLanguage ?? 'none'}) nor in the default language (${defaultLanguage})`
    );
  return { language, source: templates[language] };
}

/**
 * The messages one step of a rule sends, by language: the step's own message for a language it has one in,
 * the rule's for the others. Without a step (a test send, a delivery not made by the planner): the rule's.
 */
export function templatesOfStep(
  rule: { templates: Record<string, string>; steps?: readonly { templates?: Record<string, string> }[] | null },
  stepIndex: number | null | undefined
): Record<string, string> {
  const own = stepIndex === null || stepIndex === undefined ? undefined : rule.steps?.[stepIndex]?.templates;
  return own ? { ...rule.templates, ...own } : rule.templates;
}

/**
 * The e-mails one step sends, by language: the step's own e-mail for a language it has one in, the rule's
 * for the others (as templatesOfStep does for the SMS). Stored rules without e-mails hold null.
 */
export function emailTemplatesOfStep(
  rule: {
    emailTemplates?: EmailTemplates | null;
    steps?: readonly { emailTemplates?: EmailTemplates | null }[] | null;
  },
  stepIndex: number | null | undefined
): EmailTemplates {
  const own = stepIndex === null || stepIndex === undefined ? undefined : rule.steps?.[stepIndex]?.emailTemplates;
  return { ...(rule.emailTemplates ?? {}), ...(own ?? {}) };
}
