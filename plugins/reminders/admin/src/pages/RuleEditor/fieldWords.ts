import type { FieldProblem } from '../../api/request';
import type { MessageKey } from '../../hooks/useT';

type T = (key: MessageKey, values?: Record<string, string | number>) => string;

/** The rule fields the editor labels, by their API path. */
const FIELD_LABELS: Record<string, MessageKey> = {
  name: 'editor.name',
  target: 'editor.target',
  recipient: 'editor.recipient',
  senderId: 'editor.senderId',
  anchor: 'editor.anchor',
  sendAt: 'editor.sendAt',
  timezone: 'editor.timezone',
  quietHoursStart: 'editor.quietHoursStart',
  quietHoursEnd: 'editor.quietHoursEnd',
  maxLatenessMinutes: 'editor.maxLateness',
  defaultLanguage: 'editor.defaultLanguage',
  templates: 'editor.section.message',
  templateId: 'editor.source.template',
  emailTemplates: 'editor.section.email',
  allowReplies: 'editor.allowReplies.label',
  optOutFooter: 'editor.optOutFooter.label',
  channel: 'editor.step.channel',
  steps: 'editor.section.when',
  conditions: 'editor.section.conditions',
  amount: 'editor.step.amount',
  unit: 'editor.step.unit',
  direction: 'editor.step.direction',
  'repeat.every': 'editor.step.every',
  'repeat.unit': 'editor.step.unit',
  'repeat.times': 'editor.step.times',
  minimumNotice: 'editor.step.minimumNotice',
  'minimumNotice.amount': 'editor.step.minimumNotice',
  'minimumNotice.unit': 'editor.step.unit',
  recipients: 'editor.recipient',
  field: 'editor.conditions.field',
  operator: 'editor.conditions.operator',
  value: 'editor.conditions.value',
};

const messageIn = (t: T, language: string) =>
  t('editor.template', { language: t(`language.${language}` as MessageKey) });

/** "emailTemplates.en.subject" as "Subject in English"; undefined for another path. */
function emailWords(path: string, t: T): string | undefined {
  const email = /^emailTemplates\.(\w+)(?:\.(subject|body))?$/.exec(path);
  if (!email) return undefined;
  const language = t(`language.${email[1]}` as MessageKey);
  return email[2] === 'subject' ? t('editor.email.subject', { language }) : t('editor.email.body', { language });
}

/**
 * A field the server named by its path ("steps[0].amount", "templates.en") as the editor labels it
 * ("Step 1 — Amount", "Message in English"); the API's paths stay as they are.
 */
export function fieldWords(path: string, t: T): string {
  // A library template's messages are named as a rule's.
  const template = /^(?:templates|messages)\.(\w+)$/.exec(path);
  if (template) return messageIn(t, template[1]);
  const email = emailWords(path, t);
  if (email) return email;
  const grouped = /^conditions\.anyOf\[(\d+)\](.*)$/.exec(path);
  if (grouped) {
    const group = t('editor.conditions.group', { number: Number(grouped[1]) + 1 });
    return grouped[2] ? `${group} — ${fieldWords(`conditions${grouped[2]}`, t)}` : group;
  }
  const item = /^(steps|conditions)\[(\d+)\](?:\.(.+))?$/.exec(path);
  if (item) {
    const [, list, index, rest] = item;
    const whole = t(list === 'steps' ? 'editor.step.number' : 'editor.condition.number', { number: Number(index) + 1 });
    if (!rest) return whole;
    const stepTemplate = /^templates(?:\.(\w+))?$/.exec(rest);
    const part = stepTemplate
      ? stepTemplate[1]
        ? messageIn(t, stepTemplate[1])
        : t('editor.step.ownMessage')
      : (emailWords(rest, t) ?? (FIELD_LABELS[rest] && t(FIELD_LABELS[rest])));
    return part ? `${whole} — ${part}` : `${whole} — ${rest}`;
  }
  return Object.hasOwn(FIELD_LABELS, path) ? t(FIELD_LABELS[path]) : path;
}

const ISO_DATE = /\b(\d{4}-\d{2}-\d{2})(T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2})?)?/g;

/**
 * The server's message in the editor's words: the field's label instead of its path, dates in the
 * editor's locale, and a repeat count in reminders in all (the API counts the repeats after the first).
 */
export function problemInWords(problem: FieldProblem, t: T, locale: string): string {
  if (/^steps\[\d+\]\.repeat\.times$/.test(problem.path)) return t('editor.step.times.range');
  const dates = new Intl.DateTimeFormat(locale, { dateStyle: 'medium' });
  const dateTimes = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' });
  const message = problem.message
    .split(problem.path)
    .join(fieldWords(problem.path, t))
    .replace(ISO_DATE, (match, date: string, time?: string) => {
      const parsed = new Date(time ? match : `${date}T00:00:00`);
      if (Number.isNaN(parsed.getTime())) return match;
      return time ? dateTimes.format(parsed) : dates.format(parsed);
    });
  return message;
}
