import { isCurrencyCode } from '../domain/money';
import { LINK_NAMES, linkPatternProblem } from '../domain/templates';

/** The template options of the plugin config, as given (checked before they are trusted). */
interface TemplateOptions {
  languages: unknown[];
  companyName: unknown;
  links: unknown;
  maxSegments: unknown;
  costPerSegment: unknown;
}

const isLanguageTag = (value: unknown) => {
  try {
    return typeof value === 'string' && Intl.getCanonicalLocales(value).length === 1;
  } catch {
    return false;
  }
};

/** Throws, naming the option, when a template option would fail later (at a render, in a preview). */
export function checkTemplateOptions(config: TemplateOptions) {
  // Languages are the locales filters format in; Intl throws on a tag it cannot read.
  const badLanguage = config.languages.find((language) => !isLanguageTag(language));
  if (badLanguage !== undefined)
    throw new Error(`reminders: languages: "${String(badLanguage)}" is not a language tag such as en or sw`);

  if (typeof config.companyName !== 'string' || config.companyName.trim() === '' || config.companyName.length > 100) {
    throw new Error('reminders: companyName must be a name of 1 to 100 characters');
  }
  const links = config.links;
  if (typeof links !== 'object' || links === null || Array.isArray(links)) {
    throw new Error(`reminders: links must be an object with URL patterns for ${LINK_NAMES.join(', ')}`);
  }
  for (const [name, pattern] of Object.entries(links)) {
    if (!(LINK_NAMES as readonly string[]).includes(name))
      throw new Error(`reminders: links.${name} is not a link templates know (${LINK_NAMES.join(', ')})`);
    const problem = linkPatternProblem(pattern);
    if (problem) throw new Error(`reminders: links.${name} ${problem}`);
  }
  if (
    !Number.isInteger(config.maxSegments) ||
    (config.maxSegments as number) < 1 ||
    (config.maxSegments as number) > 10
  ) {
    throw new Error('reminders: maxSegments must be a whole number from 1 to 10');
  }
  const cost = config.costPerSegment as { amount?: unknown; currency?: unknown } | null;
  if (
    cost !== null &&
    (typeof cost !== 'object' ||
      typeof cost.amount !== 'string' ||
      !/^\d{1,6}(\.\d{1,4})?$/.test(cost.amount) ||
      !isCurrencyCode(cost.currency))
  ) {
    throw new Error(
      'reminders: costPerSegment must be null or like { amount: "0.80", currency: "KES" } (a decimal with at most 4 places and an ISO 4217 code)'
    );
  }
}
