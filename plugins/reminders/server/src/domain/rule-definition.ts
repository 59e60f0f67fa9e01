import type { CountryCode } from 'libphonenumber-js';
import { type Checked, type FieldError, fieldError } from './field-errors';
import { type ConditionField, type TargetDefinition, type Targets, dateAnchorsOf } from './targets';
import { checkRuleFrequencyCap } from './frequency-cap';
import { isClockTime, isTimeZone } from './time-zone';
import {
  MAX_EMAIL_BODY_LENGTH,
  MAX_EMAIL_SUBJECT_LENGTH,
  MAX_RENDERED_EMAIL_LENGTH,
  REPLY_HINT_VARIABLE,
  type EmailTemplates,
  type TemplateLibrary,
  usesVariable,
  validateTemplate,
} from './templates';
import { STEP_CHANNELS, type StepChannel, channelOfStep, isStepChannel } from './channels';
import { checkRecipients } from './recipients';
import { type MinimumNotice, checkMinimumNotice } from './minimum-notice';

export const OFFSET_UNITS = ['minutes', 'hours', 'days', 'weeks', 'months'] as const;
export type OffsetUnit = (typeof OFFSET_UNITS)[number];
export { RECIPIENTS } from './recipients';

export interface RuleStep {
  amount: number;
  unit: OffsetUnit;
  direction: 'before' | 'after';
  /** Repeats AFTER the first reminder: `times: 3` sends 4 reminders in all. */
  repeat?: { every: number; unit: OffsetUnit; times: number };
  /** This step's own message per language; a language it lacks uses the rule's `templates`. */
  templates?: Record<string, string>;
  /** Before-anchor steps: skipped for a record written less than this ahead of its anchor (minimum-notice.ts). */
  minimumNotice?: MinimumNotice | null;
  /** Instead of `templates`: the documentId of a library template (of the rule's target) this step sends. */
  templateId?: string | null;
  /** How this step sends (channels.ts); without one, the rule's channel. */
  channel?: StepChannel | null;
  /** This step's own e-mail per language; a language it lacks uses the rule's `emailTemplates`. */
  emailTemplates?: EmailTemplates | null;
}

export const CONDITION_OPERATORS = ['in', 'notIn', 'eq', 'gt', 'gte', 'lt', 'lte'] as const;
export type ConditionOperator = (typeof CONDITION_OPERATORS)[number];

/** All conditions of a rule must hold. Amounts are decimal strings, compared exactly. */
export interface RuleCondition {
  field: string;
  operator: ConditionOperator;
  value: string | string[];
}

/** A list (all must hold) or `{ anyOf: [[…], […]] }`: any group whose conditions all hold. */
export type RuleConditions = RuleCondition[] | { anyOf: RuleCondition[][] };

const isWholeNumber = (value: unknown, min: number, max: number): value is number =>
  typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max;
const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const MAX_STEPS = 20;
const MAX_OFFSET = 100_000;
/** How far from its anchor a step's last reminder may fall: beyond, dates leave what the planner can compute. */
const MAX_SPAN_YEARS = 100;
const UNIT_MINUTES: Record<OffsetUnit, number> = { minutes: 1, hours: 60, days: 1440, weeks: 10_080, months: 43_830 };

function checkStep(step: unknown, path: string, errors: FieldError[]) {
  if (!isRecord(step)) {
    errors.push(
      fieldError(path, `${path} must be an object like {"amount": 3, "unit": "days", "direction": "before"}`)
    );
    return;
  }
  if (!isWholeNumber(step.amount, 0, MAX_OFFSET))
    errors.push(fieldError(`${path}.amount`, `${path}.amount must be a whole number from 0 to ${MAX_OFFSET}`));
  if (!OFFSET_UNITS.includes(step.unit as OffsetUnit))
    errors.push(fieldError(`${path}.unit`, `${path}.unit must be one of: ${OFFSET_UNITS.join(', ')}`));
  if (step.direction !== 'before' && step.direction !== 'after')
    errors.push(fieldError(`${path}.direction`, `${path}.direction must be "before" or "after"`));
  if (step.repeat === undefined || step.repeat === null) return;
  const repeat = step.repeat;
  if (!isRecord(repeat)) {
    errors.push(
      fieldError(`${path}.repeat`, `${path}.repeat must be an object like {"every": 7, "unit": "days", "times": 3}`)
    );
    return;
  }
  if (!isWholeNumber(repeat.every, 1, MAX_OFFSET))
    errors.push(
      fieldError(`${path}.repeat.every`, `${path}.repeat.every must be a whole number from 1 to ${MAX_OFFSET}`)
    );
  if (!OFFSET_UNITS.includes(repeat.unit as OffsetUnit))
    errors.push(fieldError(`${path}.repeat.unit`, `${path}.repeat.unit must be one of: ${OFFSET_UNITS.join(', ')}`));
  if (!isWholeNumber(repeat.times, 1, 100))
    errors.push(fieldError(`${path}.repeat.times`, `${path}.repeat.times must be a whole number from 1 to 100`));
}

/** A well-formed step whose last reminder falls more than MAX_SPAN_YEARS from the anchor (months of 30.44 days). */
function checkStepSpan(step: RuleStep, path: string, errors: FieldError[]) {
  const span =
    step.amount * UNIT_MINUTES[step.unit] +
    (step.repeat ? step.repeat.every * step.repeat.times * UNIT_MINUTES[step.repeat.unit] : 0);
  if (span > MAX_SPAN_YEARS * 525_960) {
    errors.push(
      fieldError(
        path,
        `${path} reaches more than ${MAX_SPAN_YEARS} years from the anchor: every reminder of a step must fall within ${MAX_SPAN_YEARS} years of it`
      )
    );
  }
}

function checkCondition(condition: unknown, path: string, target: TargetDefinition, errors: FieldError[]) {
  const fields: Record<string, ConditionField> = target.conditions;
  if (!isRecord(condition) || typeof condition.field !== 'string' || !Object.hasOwn(fields, condition.field)) {
    errors.push(fieldError(`${path}.field`, `${path}.field must be one of: ${Object.keys(fields).join(', ')}`));
    return;
  }
  const definition = fields[condition.field];
  const operators: readonly string[] =
    definition.kind === 'amount' ? ['eq', 'gt', 'gte', 'lt', 'lte'] : ['in', 'notIn', 'eq'];
  if (!operators.includes(condition.operator as string)) {
    errors.push(
      fieldError(`${path}.operator`, `${path}.operator for ${condition.field} must be one of: ${operators.join(', ')}`)
    );
    return;
  }
  const { value } = condition;
  const values = Array.isArray(value) ? value : [value];
  const listExpected = condition.operator === 'in' || condition.operator === 'notIn';
  if (listExpected !== Array.isArray(value) || values.length === 0 || values.some((item) => typeof item !== 'string')) {
    errors.push(
      fieldError(`${path}.value`, `${path}.value must be ${listExpected ? 'a non-empty list of strings' : 'a string'}`)
    );
  } else if (definition.kind === 'choice' && values.some((item) => !definition.values.includes(item as string))) {
    errors.push(
      fieldError(`${path}.value`, `${path}.value for ${condition.field} must be among: ${definition.values.join(', ')}`)
    );
  } else if (definition.kind === 'amount' && !/^\d{1,15}(\.\d{1,4})?$/.test(values[0] as string)) {
    errors.push(fieldError(`${path}.value`, `${path}.value must be a decimal amount such as "0" or "1500.50"`));
  }
}

const MAX_GROUPS = 10;
const MAX_CONDITIONS = 20;

/** A list of conditions, or `{ anyOf }` groups of them; false (with the errors) when malformed. */
function checkConditions(conditions: unknown, target: TargetDefinition, errors: FieldError[]): boolean {
  const before = errors.length;
  if (isRecord(conditions) && Object.keys(conditions).length === 1 && Array.isArray(conditions.anyOf)) {
    const groups = conditions.anyOf;
    if (groups.length === 0 || groups.length > MAX_GROUPS)
      errors.push(fieldError('conditions.anyOf', `conditions.anyOf must be a list of 1 to ${MAX_GROUPS} groups`));
    else
      groups.forEach((group, number) => {
        const path = `conditions.anyOf[${number}]`;
        // An empty group would hold for every record, making the others pointless.
        if (!Array.isArray(group) || group.length === 0 || group.length > MAX_CONDITIONS)
          errors.push(fieldError(path, `${path} must be a list of 1 to ${MAX_CONDITIONS} conditions`));
        else group.forEach((condition, index) => checkCondition(condition, `${path}[${index}]`, target, errors));
      });
  } else if (!Array.isArray(conditions) || conditions.length > MAX_CONDITIONS)
    errors.push(
      fieldError(
        'conditions',
        `conditions must be a list of at most ${MAX_CONDITIONS} conditions, or {"anyOf": [[…], […]]}: up to ${MAX_GROUPS} groups of them, any of which may hold`
      )
    );
  else conditions.forEach((condition, index) => checkCondition(condition, `conditions[${index}]`, target, errors));
  return errors.length === before;
}

/**
 * A rule being created without conditions (omitted or null) gets its target's default conditions, unless it
 * counts from an event (a payment's receipt is about a paid invoice): API clients written before the defaults
 * became visible keep their rules' behaviour. An explicit `[]` means every record, whatever its status.
 */
export function withDefaultConditions(rule: Record<string, unknown>, targets: Targets): Record<string, unknown> {
  if (rule.conditions !== undefined && rule.conditions !== null) return rule;
  const target = typeof rule.target === 'string' && Object.hasOwn(targets, rule.target) ? targets[rule.target] : null;
  const anchor =
    target && typeof rule.anchor === 'string' && Object.hasOwn(target.anchors, rule.anchor)
      ? target.anchors[rule.anchor]
      : undefined;
  if (!target || !anchor || anchor.kind === 'event') return rule;
  return {
    ...rule,
    conditions: target.defaultConditions.map((condition) => ({ ...condition, value: [...condition.value] })),
  };
}

/**
 * Checks a reminder rule as a whole (target, anchor, steps, timing, conditions, templates).
 * Returns the defaults it fills in (send-at time for date anchors, the step of an "instantly" rule).
 */
export function checkRule(
  merged: Record<string, unknown>,
  languages: readonly string[],
  targets: Targets,
  {
    region,
    library = {},
  }: {
    /** Where fixed recipients' numbers written without a country code are read; without it they need one. */
    region?: CountryCode;
    /** The library templates the rule or its steps may name. */
    library?: TemplateLibrary;
  } = {}
): Checked<Record<string, unknown>> {
  const errors: FieldError[] = [];
  const changes: Record<string, unknown> = {};
  const name = merged.name;
  if (typeof name !== 'string' || name.trim() === '') errors.push(fieldError('name', 'name is required'));
  else if (name.length > 200) errors.push(fieldError('name', 'name must be at most 200 characters'));

  const target = merged.target;
  if (typeof target !== 'string' || !Object.hasOwn(targets, target)) {
    errors.push(fieldError('target', `target must be one of: ${Object.keys(targets).join(', ')}`));
    return { ok: false, errors };
  }
  const definition = targets[target];
  const anchor = merged.anchor as string;
  const anchors = Object.keys(definition.anchors);
  if (typeof anchor !== 'string' || !Object.hasOwn(definition.anchors, anchor)) {
    errors.push(fieldError('anchor', `anchor for ${target} rules must be one of: ${anchors.join(', ')}`));
  }

  const event = definition.anchors[anchor]?.kind === 'event' ? definition.anchors[anchor] : undefined;
  const steps =
    merged.steps ??
    (anchor === 'instantly' || event ? [{ amount: 0, unit: 'minutes', direction: 'after' }] : undefined);
  if (!Array.isArray(steps) || steps.length === 0 || steps.length > MAX_STEPS) {
    errors.push(fieldError('steps', `steps must be a list of 1 to ${MAX_STEPS} steps`));
  } else {
    steps.forEach((step, index) => {
      const before = errors.length;
      checkStep(step, `steps[${index}]`, errors);
      if (errors.length === before) checkStepSpan(step as RuleStep, `steps[${index}]`, errors);
      if (event && isRecord(step) && step.direction === 'before')
        errors.push(
          fieldError(
            `steps[${index}].direction`,
            `steps[${index}].direction must be "after": a reminder cannot go before the ${event.name} that starts it`
          )
        );
      if (isRecord(step) && step.templates !== undefined && step.templates !== null)
        checkStepTemplates(step.templates, `steps[${index}].templates`, definition, languages, errors, anchor);
      if (isRecord(step)) checkMinimumNotice(step, `steps[${index}].minimumNotice`, errors);
      if (isRecord(step)) checkLibraryChoice(step, `steps[${index}]`, definition, library, errors);
      if (isRecord(step)) checkStepEmail(step, `steps[${index}]`, definition, languages, errors, anchor);
    });
    changes.steps = steps;
  }

  checkEventTo(merged.eventTo, anchor, definition, errors);

  const dateAnchors = dateAnchorsOf(definition);
  const isDateAnchor = dateAnchors.includes(anchor);
  if (merged.sendAt !== undefined && merged.sendAt !== null && merged.sendAt !== '') {
    if (!isClockTime(merged.sendAt))
      errors.push(fieldError('sendAt', 'sendAt must be a local time written HH:mm, such as 09:00'));
    else if (!isDateAnchor)
      errors.push(
        fieldError(
          'sendAt',
          `sendAt applies only to date anchors (${dateAnchors.join(', ') || 'none for this target'})`
        )
      );
  } else if (isDateAnchor) {
    changes.sendAt = '09:00';
  }

  if (merged.timezone && !isTimeZone(merged.timezone)) {
    errors.push(
      fieldError('timezone', `timezone "${String(merged.timezone)}" is not an IANA time zone such as Africa/Nairobi`)
    );
  }
  for (const path of ['quietHoursStart', 'quietHoursEnd']) {
    const value = merged[path];
    if (value !== undefined && value !== null && value !== '' && !isClockTime(value)) {
      errors.push(fieldError(path, `${path} must be a local time written HH:mm, such as 21:00`));
    }
  }
  if (!merged.quietHoursStart !== !merged.quietHoursEnd) {
    errors.push(
      fieldError(
        merged.quietHoursStart ? 'quietHoursEnd' : 'quietHoursStart',
        'quiet hours need both a start and an end'
      )
    );
  }
  if (
    merged.maxLatenessMinutes !== undefined &&
    merged.maxLatenessMinutes !== null &&
    !isWholeNumber(merged.maxLatenessMinutes, 0, 525_600)
  ) {
    errors.push(
      fieldError('maxLatenessMinutes', 'maxLatenessMinutes must be a whole number of minutes from 0 to 525600')
    );
  }
  const recipients = checkRecipients(merged, definition, targets, region, errors);
  if (recipients) changes.recipients = recipients;

  const conditions = merged.conditions ?? [];
  if (checkConditions(conditions, definition, errors)) changes.conditions = conditions;

  errors.push(...checkRuleFrequencyCap(merged.frequencyCap));
  for (const flag of ['businessDaysOnly', 'allowReplies', 'optOutFooter'])
    if (merged[flag] !== undefined && merged[flag] !== null && typeof merged[flag] !== 'boolean')
      errors.push(fieldError(flag, `${flag} must be true or false`));

  const ownSteps = Array.isArray(steps) ? steps.filter(isRecord) : [];
  checkChannel(merged.channel, 'channel', errors);
  if (!checkLibraryChoice(merged, '', definition, library, errors)) {
    // A rule sending only e-mails needs no SMS; messages given anyway are still checked.
    if (ownSteps.some((step) => channelOfStep(merged, step) !== 'email') || !isEmptyMessages(merged.templates))
      checkTemplates(merged, definition, languages, errors, anchor);
  }
  checkRuleEmails(merged, ownSteps, definition, languages, errors, anchor);
  if (merged.allowReplies !== true) checkNoReplyHint(merged, ownSteps, library, errors);
  return errors.length ? { ok: false, errors } : { ok: true, value: changes };
}

/**
 * The value a "status changed" rule waits for (null: any change). Only for a status event that does not
 * name its value itself, and one of the field's values.
 */
function checkEventTo(eventTo: unknown, anchor: string, target: TargetDefinition, errors: FieldError[]) {
  if (eventTo === undefined || eventTo === null || eventTo === '') return;
  const trigger = target.anchors[anchor]?.event;
  if (trigger?.change !== 'status' || trigger.to !== undefined) {
    errors.push(fieldError('eventTo', 'eventTo applies only to a "status changed" anchor'));
    return;
  }
  const field = target.anchors[anchor].field;
  const condition = target.conditions[field];
  const values = condition?.kind === 'choice' ? condition.values : undefined;
  if (typeof eventTo !== 'string' || (values && !values.includes(eventTo)))
    errors.push(fieldError('eventTo', `eventTo must be one of the ${field} values: ${(values ?? []).join(', ')}`));
}

/** Each message of a map of messages by language: a configured language, a non-empty valid template. */
export function checkMessages(
  templates: Record<string, unknown>,
  path: string,
  target: TargetDefinition,
  languages: readonly string[],
  errors: FieldError[],
  anchor?: string
) {
  for (const [language, text] of Object.entries(templates)) {
    const field = `${path}.${language}`;
    if (!languages.includes(language))
      errors.push(fieldError(field, `${field}: language must be one of ${languages.join(', ')}`));
    else if (typeof text !== 'string' || text.trim() === '')
      errors.push(fieldError(field, `${field} must be a non-empty message`));
    else if (text.length > 2000) errors.push(fieldError(field, `${field} must be at most 2000 characters`));
    else
      for (const problem of validateTemplate(text, target, anchor))
        errors.push(fieldError(field, `${field}: ${problem.message}`));
  }
}

/** A step's own messages: optional, any subset of the languages (the rule's message covers the others). */
function checkStepTemplates(
  templates: unknown,
  path: string,
  target: TargetDefinition,
  languages: readonly string[],
  errors: FieldError[],
  anchor: string
) {
  if (!isRecord(templates))
    errors.push(
      fieldError(path, `${path} must be an object with this step's message per language, such as {"en": "…"}`)
    );
  else checkMessages(templates, path, target, languages, errors, anchor);
}

function checkTemplates(
  merged: Record<string, unknown>,
  target: TargetDefinition,
  languages: readonly string[],
  errors: FieldError[],
  anchor: string
) {
  const { templates } = merged;
  const defaultLanguage = merged.defaultLanguage ?? 'en';
  if (!isRecord(templates) || Object.keys(templates).length === 0) {
    errors.push(
      fieldError(
        'templates',
        `templates must be an object with one message per language, such as {"en": "Hi {{ customer.name }}"}`
      )
    );
    return;
  }
  checkMessages(templates, 'templates', target, languages, errors, anchor);
  if (typeof defaultLanguage !== 'string' || !Object.hasOwn(templates, defaultLanguage)) {
    errors.push(
      fieldError(
        'defaultLanguage',
        `defaultLanguage "${String(defaultLanguage)}" needs a template in templates, used when the record's language has none`
      )
    );
  }
}

const isEmptyMessages = (templates: unknown) =>
  templates === undefined || templates === null || (isRecord(templates) && Object.keys(templates).length === 0);

/**
 * A rule's or step's `templateId` (`path` is "" for the rule): a template of the library, for the rule's
 * target, and not alongside messages of its own; for the rule, one covering its default language. Returns
 * whether a library template is chosen (the rule's own messages are then not required).
 */
function checkLibraryChoice(
  owner: Record<string, unknown>,
  path: string,
  target: TargetDefinition,
  library: TemplateLibrary,
  errors: FieldError[]
): boolean {
  const { templateId } = owner;
  if (templateId === undefined || templateId === null) return false;
  const field = path ? `${path}.templateId` : 'templateId';
  const template = typeof templateId === 'string' && Object.hasOwn(library, templateId) ? library[templateId] : null;
  if (!template) {
    errors.push(fieldError(field, `${field} must be the documentId of a template of the library`));
  } else if (template.target !== target.key) {
    errors.push(
      fieldError(field, `${field}: the template "${template.name}" is for ${template.target}, not ${target.key} rules`)
    );
  } else if (!isEmptyMessages(owner.templates)) {
    errors.push(
      fieldError(field, `${field}: choose a library template or write ${path ? `${path}.` : ''}templates, not both`)
    );
  } else if (!path) {
    const defaultLanguage = owner.defaultLanguage ?? 'en';
    if (typeof defaultLanguage !== 'string' || !Object.hasOwn(template.messages, defaultLanguage))
      errors.push(
        fieldError(
          'defaultLanguage',
          `defaultLanguage "${String(defaultLanguage)}" needs a message in the template "${template.name}", used when the record's language has none`
        )
      );
  }
  return true;
}

/**
 * A rule that does not allow replies must not ask for them: {{ reply.hint }} would render nothing, and an
 * answer would not be acted on. Each message using it is named (templates.en, steps[1].templates.fr, or the
 * templateId of a library template using it).
 */
function checkNoReplyHint(
  rule: Record<string, unknown>,
  steps: Record<string, unknown>[],
  library: TemplateLibrary,
  errors: FieldError[]
) {
  const owners = [{ owner: rule, path: '' }, ...steps.map((owner, index) => ({ owner, path: `steps[${index}]` }))];
  for (const { owner, path } of owners) {
    const prefix = path ? `${path}.` : '';
    const { templateId, templates } = owner;
    if (typeof templateId === 'string' && Object.hasOwn(library, templateId)) {
      const template = library[templateId];
      if (Object.values(template.messages).some((text) => usesVariable(text, REPLY_HINT_VARIABLE)))
        errors.push(
          fieldError(
            `${prefix}templateId`,
            `${prefix}templateId: the template "${template.name}" uses ${REPLY_HINT_VARIABLE} but the rule does not allow replies`
          )
        );
    } else if (isRecord(templates))
      for (const [language, text] of Object.entries(templates))
        if (typeof text === 'string' && usesVariable(text, REPLY_HINT_VARIABLE))
          errors.push(
            fieldError(
              `${prefix}templates.${language}`,
              `${prefix}templates.${language} uses ${REPLY_HINT_VARIABLE} but the rule does not allow replies`
            )
          );
  }
}

/** A rule's or step's channel, when given: sms, email or sms_or_email. */
function checkChannel(channel: unknown, path: string, errors: FieldError[]) {
  if (channel !== undefined && channel !== null && !isStepChannel(channel))
    errors.push(fieldError(path, `${path} must be one of: ${STEP_CHANNELS.join(', ')}`));
}

/**
 * E-mails by language, `{ "en": { "subject": "…", "body": "…" } }`: configured languages, a one-line subject and
 * a body, each a template checked as an SMS is (same variables and filters).
 */
export function checkEmailMessages(
  emails: unknown,
  path: string,
  target: TargetDefinition,
  languages: readonly string[],
  errors: FieldError[],
  anchor?: string
) {
  if (!isRecord(emails)) {
    errors.push(
      fieldError(
        path,
        `${path} must be an object with an e-mail per language, such as {"en": {"subject": "…", "body": "…"}}`
      )
    );
    return;
  }
  for (const [language, email] of Object.entries(emails)) {
    const field = `${path}.${language}`;
    if (!languages.includes(language)) {
      errors.push(fieldError(field, `${field}: language must be one of ${languages.join(', ')}`));
      continue;
    }
    if (!isRecord(email)) {
      errors.push(fieldError(field, `${field} must be an object like {"subject": "…", "body": "…"}`));
      continue;
    }
    const extra = Object.keys(email).filter((key) => key !== 'subject' && key !== 'body');
    if (extra.length) errors.push(fieldError(field, `${field} takes only subject and body, not ${extra.join(', ')}`));
    const { subject, body } = email;
    if (typeof subject !== 'string' || subject.trim() === '')
      errors.push(fieldError(`${field}.subject`, `${field}.subject must be a non-empty line`));
    else if (subject.length > MAX_EMAIL_SUBJECT_LENGTH)
      errors.push(
        fieldError(`${field}.subject`, `${field}.subject must be at most ${MAX_EMAIL_SUBJECT_LENGTH} characters`)
      );
    else if (/[\r\n]/.test(subject))
      errors.push(fieldError(`${field}.subject`, `${field}.subject must be one line (no line breaks)`));
    else
      for (const problem of validateTemplate(subject, target, anchor))
        errors.push(fieldError(`${field}.subject`, `${field}.subject: ${problem.message}`));
    if (typeof body !== 'string' || body.trim() === '')
      errors.push(fieldError(`${field}.body`, `${field}.body must be a non-empty message`));
    else if (body.length > MAX_EMAIL_BODY_LENGTH)
      errors.push(fieldError(`${field}.body`, `${field}.body must be at most ${MAX_EMAIL_BODY_LENGTH} characters`));
    else
      for (const problem of validateTemplate(body, target, anchor, MAX_RENDERED_EMAIL_LENGTH))
        errors.push(fieldError(`${field}.body`, `${field}.body: ${problem.message}`));
    // Replies come by SMS: an answer to an e-mail reaches a mailbox, not the plugin.
    for (const [part, text] of Object.entries({ subject, body }))
      if (typeof text === 'string' && usesVariable(text, REPLY_HINT_VARIABLE))
        errors.push(
          fieldError(
            `${field}.${part}`,
            `${field}.${part} uses ${REPLY_HINT_VARIABLE}, which only SMS have: replies to an e-mail do not reach the plugin`
          )
        );
  }
}

/** A step's channel and its own e-mails (any subset of the languages: the rule's e-mail covers the others). */
function checkStepEmail(
  step: Record<string, unknown>,
  path: string,
  target: TargetDefinition,
  languages: readonly string[],
  errors: FieldError[],
  anchor: string
) {
  checkChannel(step.channel, `${path}.channel`, errors);
  if (step.emailTemplates !== undefined && step.emailTemplates !== null)
    checkEmailMessages(step.emailTemplates, `${path}.emailTemplates`, target, languages, errors, anchor);
}

/**
 * The rule's e-mails, when given; and when a step sends e-mail, one in the default language for each such
 * step: the rule's, or the step's own.
 */
function checkRuleEmails(
  merged: Record<string, unknown>,
  steps: Record<string, unknown>[],
  target: TargetDefinition,
  languages: readonly string[],
  errors: FieldError[],
  anchor: string
) {
  const { emailTemplates } = merged;
  if (emailTemplates !== undefined && emailTemplates !== null)
    checkEmailMessages(emailTemplates, 'emailTemplates', target, languages, errors, anchor);
  const defaultLanguage = typeof merged.defaultLanguage === 'string' ? merged.defaultLanguage : 'en';
  const covers = (emails: unknown) => isRecord(emails) && Object.hasOwn(emails, defaultLanguage);
  const uncovered = steps.filter((step) => channelOfStep(merged, step) !== 'sms' && !covers(step.emailTemplates));
  if (uncovered.length && !covers(emailTemplates))
    errors.push(
      fieldError(
        'emailTemplates',
        `emailTemplates needs an e-mail in the default language (${defaultLanguage}): ${uncovered.length === steps.length ? 'the rule sends' : `step ${steps.indexOf(uncovered[0]) + 1} sends`} e-mail, used when the record's language has none`
      )
    );
}
