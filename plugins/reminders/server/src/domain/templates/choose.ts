import { TemplateError } from './engine';

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
