import type { Rule, RuleOptions, RuleStep, Target } from '../../api/types';

type Timing = Pick<Rule, 'anchor' | 'steps' | 'sendAt'>;

/** A message to start from, per built-in target, using the filters editors most often need. */
export const STARTER_TEMPLATES: Record<string, string> = {
  invoice:
    'Hi {{ customer.name }}, invoice {{ invoice.number }} of {{ invoice.balance | money }} is due {{ invoice.dueDate | relative }} ({{ invoice.dueDate | date }}).',
  appointment:
    'Hi {{ customer.name }}, a reminder of your {{ appointment.title }} {{ appointment.startsAt | relative }} at {{ appointment.startsAt | time }}.',
};

const STARTER_TIMING: Record<string, Timing> = {
  invoice: { anchor: 'due_date', steps: [{ amount: 3, unit: 'days', direction: 'before' }], sendAt: '09:00' },
  appointment: { anchor: 'starts_at', steps: [{ amount: 24, unit: 'hours', direction: 'before' }], sendAt: null },
};

/** Anchors every target has (the record's creation): a host's own date fields come first when it has some. */
const CREATION_ANCHORS = ['created', 'instantly'];

/** A host target's message to start from: about its record's label (or another field of it), else its company's. */
export const hostStarterTemplate = (recordField: string | undefined) =>
  recordField
    ? `Hi {{ customer.name }}, a reminder about {{ record.${recordField} }}.`
    : 'Hi {{ customer.name }}, a reminder from {{ company.name }}.';

/**
 * The record field a host target's starter message names: the first of its fields that is not a date it
 * counts from, a condition, an id or a phone number (usually its label: a plan, a reference).
 */
function recordFieldOf(target: RuleOptions['targets'][string]): string | undefined {
  const skipped = new Set(['documentId', ...target.anchors, ...Object.keys(target.conditions)]);
  return target.variables
    .filter((variable) => variable.startsWith('record.'))
    .map((variable) => variable.slice('record.'.length))
    .find((field) => !skipped.has(field) && !/phone|mobile/i.test(field));
}

/** Whether a rule counting from `anchor` on `target` counts from an event (paid, rescheduled). */
export const isEventAnchor = (options: RuleOptions, target: Target, anchor: string | undefined) =>
  anchor !== undefined && options.targets[target]?.anchorKinds[anchor] === 'event';

/** The target as a message of a rule counting from `anchor` sees it: an event rule's add {{ change.* }}. */
export function targetForAnchor(options: RuleOptions, target: Target, anchor: string | undefined) {
  const definition = options.targets[target];
  return definition && isEventAnchor(options, target, anchor)
    ? { ...definition, variables: [...definition.variables, ...options.changeVariables] }
    : definition;
}

/** The message a new rule on `target` starts from. */
export function starterTemplate(target: Target, options: RuleOptions): string {
  if (Object.hasOwn(STARTER_TEMPLATES, target)) return STARTER_TEMPLATES[target];
  const definition = options.targets[target];
  return hostStarterTemplate(definition ? recordFieldOf(definition) : undefined);
}

/**
 * When a new rule on `target` sends: the built-ins' usual timing; for a host target its first own date
 * field, 1 day before at 09:00 for a date, 24 hours before for a date and time.
 */
export function starterTiming(target: Target, options: RuleOptions): Timing {
  if (Object.hasOwn(STARTER_TIMING, target)) return STARTER_TIMING[target];
  const definition = options.targets[target];
  const anchors = definition?.anchors ?? [];
  const anchor = anchors.find((name) => !CREATION_ANCHORS.includes(name)) ?? anchors[0] ?? 'created';
  if (definition?.dateAnchors.includes(anchor))
    return { anchor, steps: [{ amount: 1, unit: 'days', direction: 'before' }], sendAt: '09:00' };
  if (anchor === 'instantly') return { anchor, steps: [], sendAt: null };
  if (anchor === 'created') return { anchor, steps: [{ amount: 1, unit: 'days', direction: 'after' }], sendAt: null };
  return { anchor, steps: [{ amount: 24, unit: 'hours', direction: 'before' }], sendAt: null };
}

/**
 * The conditions a new rule starts with: its target's defaults (not paid, not void, not cancelled), shown
 * and editable like any other; none for a rule counting from an event (a receipt is about a paid invoice).
 */
export function startConditions(target: Target, anchor: string, options: RuleOptions): Rule['conditions'] {
  const definition = options.targets[target];
  if (!definition || isEventAnchor(options, target, anchor)) return [];
  return definition.defaultConditions.map((condition) => ({
    ...condition,
    value: Array.isArray(condition.value) ? [...condition.value] : condition.value,
  }));
}

/** A new rule: on invoices when the app has them, else on its first target. */
export function newRule(options: RuleOptions): Rule {
  const target = Object.hasOwn(options.targets, 'invoice') ? 'invoice' : (Object.keys(options.targets)[0] ?? 'invoice');
  const timing = starterTiming(target, options);
  return {
    name: '',
    enabled: true,
    target,
    ...timing,
    timezone: null,
    conditions: startConditions(target, timing.anchor, options),
    channel: 'sms',
    recipient: 'customer',
    templates: { en: starterTemplate(target, options) },
    defaultLanguage: 'en',
    maxLatenessMinutes: null,
    quietHoursStart: null,
    quietHoursEnd: null,
    senderId: null,
    frequencyCap: null,
    businessDaysOnly: false,
    allowReplies: false,
    optOutFooter: true,
  };
}

/** Another target: its own anchors, conditions and recipients; the starter message follows if untouched. */
export function switchTarget(rule: Rule, target: Target, options: RuleOptions): Rule {
  const untouched = Object.entries(rule.templates).every(
    ([language, text]) => language === 'en' && text === starterTemplate(rule.target, options)
  );
  const timing = starterTiming(target, options);
  return {
    ...rule,
    target,
    ...timing,
    conditions: startConditions(target, timing.anchor, options),
    recipient: 'customer',
    recipients: null,
    templates: untouched ? { en: starterTemplate(target, options) } : rule.templates,
    // A library template is for one target: the rule writes its message again until it chooses another.
    templateId: null,
  };
}

/** Whether the rule counts from a date (sent at a time of day) rather than an instant. */
export const isDateAnchor = (rule: Pick<Rule, 'target' | 'anchor'>, options: RuleOptions) =>
  options.targets[rule.target]?.dateAnchors.includes(rule.anchor) ?? false;

const blankToNull = (value: string | null | undefined) => (value && value.trim() !== '' ? value.trim() : null);

/** Messages without the empty ones: an empty language falls back to another message. */
const written = (templates: Record<string, string>) =>
  Object.fromEntries(Object.entries(templates).filter(([, text]) => text.trim() !== ''));

/** The channels a step sends by, as the server's domain/channels.ts names them. */
export const STEP_CHANNELS = ['sms', 'email', 'sms_or_email'] as const;

/** A step's channel: its own, else the rule's (one set over the API), else SMS. */
export const channelOfStep = (rule: Pick<Rule, 'channel'>, step: RuleStep): string =>
  step.channel ?? rule.channel ?? 'sms';

/** Whether any step sends e-mail: the rule then needs its e-mail. */
export const sendsEmail = (rule: Pick<Rule, 'channel' | 'steps' | 'anchor'>) =>
  rule.anchor === 'instantly'
    ? (rule.channel ?? 'sms') !== 'sms'
    : rule.steps.some((step) => channelOfStep(rule, step) !== 'sms');

type Emails = NonNullable<Rule['emailTemplates']>;

/** E-mails without the empty languages; null when none is written. */
const writtenEmails = (emails: Rule['emailTemplates']): Emails | null => {
  const kept = Object.entries(emails ?? {}).filter(
    ([, email]) => email.subject.trim() !== '' || email.body.trim() !== ''
  );
  return kept.length ? Object.fromEntries(kept) : null;
};

/** A step as the API takes it: no repeat and no own message unless it has them; a library template instead of one. */
function stepPayload({
  amount,
  unit,
  direction,
  repeat,
  templates,
  templateId,
  minimumNotice,
  channel,
  emailTemplates,
}: RuleStep): RuleStep {
  const own = templates && written(templates);
  const ownEmails = writtenEmails(emailTemplates);
  return {
    amount,
    unit,
    direction,
    ...(channel ? { channel } : {}),
    ...(ownEmails ? { emailTemplates: ownEmails } : {}),
    ...(repeat ? { repeat } : {}),
    ...(templateId !== null && templateId !== undefined
      ? { templateId }
      : own && Object.keys(own).length
        ? { templates: own }
        : {}),
    ...(minimumNotice && direction === 'before' ? { minimumNotice } : {}),
  };
}

/** What the API is sent: empty fields as null (the plugin's defaults apply), empty messages left out. */
export function toPayload(rule: Rule, options: RuleOptions): Partial<Rule> {
  const templates = written(rule.templates);
  return {
    name: rule.name.trim(),
    enabled: rule.enabled,
    target: rule.target,
    anchor: rule.anchor,
    eventTo: blankToNull(rule.eventTo),
    steps:
      rule.anchor === 'instantly' ? [{ amount: 0, unit: 'minutes', direction: 'after' }] : rule.steps.map(stepPayload),
    sendAt: isDateAnchor(rule, options) ? blankToNull(rule.sendAt) : null,
    timezone: blankToNull(rule.timezone),
    conditions: rule.conditions,
    channel: rule.channel ?? 'sms',
    recipient: rule.recipient ?? 'customer',
    // The list wins over `recipient` when set; fixed numbers without a number yet are the editor's to fill.
    recipients: rule.recipients?.length ? rule.recipients : null,
    // With a library template, the messages written before stay in the form (for going back) but are not sent.
    templates: rule.templateId !== null && rule.templateId !== undefined ? {} : templates,
    templateId: rule.templateId ?? null,
    emailTemplates: writtenEmails(rule.emailTemplates),
    defaultLanguage: rule.defaultLanguage ?? 'en',
    maxLatenessMinutes: rule.maxLatenessMinutes ?? null,
    quietHoursStart: blankToNull(rule.quietHoursStart),
    quietHoursEnd: blankToNull(rule.quietHoursEnd),
    senderId: blankToNull(rule.senderId),
    frequencyCap: rule.frequencyCap ?? null,
    businessDaysOnly: rule.businessDaysOnly ?? false,
    allowReplies: rule.allowReplies ?? false,
    optOutFooter: rule.optOutFooter ?? true,
  };
}

/** The stored rule as the editor holds it (JSON fields never null). */
export function fromStored(stored: Rule): Rule {
  return {
    ...stored,
    steps: stored.steps ?? [],
    conditions: stored.conditions ?? [],
    templates: stored.templates ?? {},
    emailTemplates: stored.emailTemplates ?? {},
  };
}
