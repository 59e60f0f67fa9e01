import type { FormatSettings } from './filters';
import { renderTemplate } from './engine';

/** One language's e-mail: a subject line and a plain-text body, both templates. */
export interface EmailTemplate {
  subject: string;
  body: string;
}
export type EmailTemplates = Record<string, EmailTemplate>;

export interface RenderedEmail {
  /** One line: a template's line breaks and runs of spaces become single spaces. */
  subject: string;
  /** The body and the unsubscribe line. */
  text: string;
  /** The same text escaped into a minimal layout; only the unsubscribe URL and the configured links are links. */
  html: string;
  language: string;
}

export const MAX_EMAIL_SUBJECT_LENGTH = 200;
export const MAX_EMAIL_BODY_LENGTH = 10_000;
/** Longest rendered body: a template of MAX_EMAIL_BODY_LENGTH characters whose variables add some more. */
export const MAX_RENDERED_EMAIL_LENGTH = 20_000;

const RTL = new Set(['ar', 'fa', 'he', 'ur']);
const baseLanguage = (language: string) => language.split('-')[0].toLowerCase();
export const isRightToLeft = (language: string) => RTL.has(baseLanguage(language));

/** The unsubscribe line's label per language; English for a language not listed. */
const UNSUBSCRIBE: Record<string, string> = {
  en: 'Unsubscribe',
  ar: 'إلغاء الاشتراك',
  fr: 'Se désabonner',
  sw: 'Jiondoe',
};
export const unsubscribeLabel = (language: string) =>
  Object.hasOwn(UNSUBSCRIBE, baseLanguage(language)) ? UNSUBSCRIBE[baseLanguage(language)] : UNSUBSCRIBE.en;

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
export const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (character) => ESCAPES[character]);

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const isWebUrl = (url: string) => /^https?:\/\/[^\s<>"']+$/i.test(url);

/**
 * One line of text as HTML: escaped, with each of the given URLs (and nothing else that looks like one) made a
 * link, so text a customer typed ("visit evil.example") never becomes a link in the plugin's e-mail.
 */
function lineToHtml(line: string, urls: readonly string[]): string {
  if (!urls.length) return escapeHtml(line);
  // Longest first: a link whose URL starts with another's is matched whole.
  const pattern = new RegExp(`(${urls.map(escapeRegExp).join('|')})`, 'g');
  return line
    .split(pattern)
    .map((part, index) =>
      index % 2 === 1
        ? `<a href="${escapeHtml(part)}" style="color:#4945ff;">${escapeHtml(part)}</a>`
        : escapeHtml(part)
    )
    .join('');
}

/** Paragraphs at blank lines, line breaks within them. */
const paragraphsToHtml = (text: string, urls: readonly string[], style: string) =>
  text
    .split(/\n[ \t]*\n+/)
    .map((paragraph) => paragraph.trim())
    .filter((paragraph) => paragraph !== '')
    .map(
      (paragraph) =>
        `<p style="${style}">${paragraph
          .split('\n')
          .map((line) => lineToHtml(line, urls))
          .join('<br>')}</p>`
    )
    .join('\n');

const PARAGRAPH = 'margin:0 0 16px;';
const FOOTER = 'margin:24px 0 0;font-size:12px;color:#666687;';

/**
 * Renders one language's e-mail. `unsubscribeUrl` ends the text ("Unsubscribe: <url>", in the e-mail's
 * language); `links` are the record's configured links as rendered ({{ links.pay }}…), the only other text
 * made clickable. Throws TemplateError as renderTemplate does.
 */
export function renderEmail(
  template: EmailTemplate,
  context: object,
  format: FormatSettings,
  { unsubscribeUrl, links }: { unsubscribeUrl: string; links: readonly string[] }
): Omit<RenderedEmail, 'language'> {
  const subject = renderTemplate(template.subject, context, format).replace(/\s+/g, ' ').trim();
  const body = renderTemplate(template.body, context, format, MAX_RENDERED_EMAIL_LENGTH).replace(/\r\n?/g, '\n');
  const footer = `${unsubscribeLabel(format.locale)}: ${unsubscribeUrl}`;
  const urls = [...new Set([unsubscribeUrl, ...links])].filter(isWebUrl).sort((a, b) => b.length - a.length);
  const direction = isRightToLeft(format.locale) ? 'rtl' : 'ltr';
  const html = [
    '<!DOCTYPE html>',
    `<html lang="${escapeHtml(format.locale)}" dir="${direction}">`,
    '<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(subject)}</title></head>`,
    '<body style="margin:0;padding:0;background:#f6f6f9;">',
    `<div dir="${direction}" style="max-width:600px;margin:0 auto;padding:24px;background:#ffffff;color:#32324d;font-family:Arial,Helvetica,sans-serif;font-size:16px;line-height:1.5;text-align:${direction === 'rtl' ? 'right' : 'left'};">`,
    paragraphsToHtml(body, urls, PARAGRAPH),
    paragraphsToHtml(footer, urls, FOOTER),
    '</div>',
    '</body>',
    '</html>',
  ].join('\n');
  return { subject, text: `${body}\n\n${footer}`, html };
}
