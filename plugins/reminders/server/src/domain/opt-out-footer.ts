import { type FieldError, fieldError } from './field-errors';
import type { RecipientKind } from './recipients';

/**
 * The opt-out footer: a line per language ("Reply STOP to opt out") appended to every SMS a rule sends to a
 * customer, unless the rule turns it off. Each default names a word the opt-out reader understands (STOP,
 * توقف), so the footer tells the truth about what a reply does. Staff and fixed numbers (the front desk) are
 * not customers: they get no footer; e-mails carry an unsubscribe link instead.
 */

/** The footer text by language code. */
export type OptOutFooters = Record<string, string>;

export const DEFAULT_OPT_OUT_FOOTERS: OptOutFooters = {
  en: 'Reply STOP to opt out',
  fr: 'Répondez STOP pour vous désabonner',
  sw: 'Jibu STOP kujiondoa',
  ar: 'أرسل توقف لإلغاء الاشتراك',
};

/** Long enough for a sentence in any language, short enough not to cost a segment of its own in GSM-7. */
export const MAX_FOOTER_LENGTH = 60;

/**
 * The footer for a message in `language`: its own, else its base language's ("fr" for "fr-CA"), else the
 * English one (a configured language nobody wrote a footer for still tells how to opt out); null when none.
 */
export function footerOf(footers: OptOutFooters, language: string): string | null {
  const candidates = [language, language.split('-')[0], 'en'];
  const found = candidates.find((candidate) => Object.hasOwn(footers, candidate) && footers[candidate].trim() !== '');
  return found === undefined ? null : footers[found];
}

/** Whether an SMS carries the footer: to a customer, from a rule that did not turn it off (null is on). */
export const footerApplies = (rule: { optOutFooter?: boolean | null }, recipientKind: RecipientKind): boolean =>
  rule.optOutFooter !== false && recipientKind === 'customer';

const comparable = (text: string) => text.replace(/\s+/gu, ' ').trim().toLocaleLowerCase();

/**
 * The SMS as sent: the rendered text, then the footer on a line of its own. An empty text stays empty (there
 * is nothing to send, and a footer alone is not a message); a text that already says the footer (an editor
 * wrote it in, in any case or spacing) is not given it twice.
 */
export function withOptOutFooter(text: string, footer: string | null): string {
  if (!footer || text.trim() === '' || comparable(text).includes(comparable(footer))) return text;
  return `${text.replace(/\s+$/u, '')}\n${footer}`;
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Footers as an editor saves them (`path` names the field, "footers"): one for each of `languages`, a
 * non-empty line of at most MAX_FOOTER_LENGTH characters, and no other language.
 */
export function checkFooters(value: unknown, languages: readonly string[], path = 'footers'): FieldError[] {
  if (!isRecord(value))
    return [
      fieldError(
        path,
        `${path} must be an object with the footer per language, such as {"en": "Reply STOP to opt out"}`
      ),
    ];
  const errors: FieldError[] = [];
  for (const key of Object.keys(value))
    if (!languages.includes(key))
      errors.push(fieldError(`${path}.${key}`, `${path}.${key}: language must be one of ${languages.join(', ')}`));
  for (const language of languages) {
    const field = `${path}.${language}`;
    const text = value[language];
    if (typeof text !== 'string' || text.trim() === '')
      errors.push(fieldError(field, `${field} must be a non-empty line: every SMS to a customer in it ends with it`));
    else if (text.trim().length > MAX_FOOTER_LENGTH)
      errors.push(fieldError(field, `${field} must be at most ${MAX_FOOTER_LENGTH} characters`));
    else if (/[\r\n]/.test(text.trim())) errors.push(fieldError(field, `${field} must be one line (no line breaks)`));
  }
  return errors;
}

/** Footers as saved: trimmed, for the checked languages only. */
export const normalizeFooters = (value: Record<string, string>, languages: readonly string[]): OptOutFooters =>
  Object.fromEntries(languages.map((language) => [language, value[language].trim()]));
