import type { Rule, RuleOptions, Target } from '../../api/types';

/** A message to start from, per target, using the filters editors most often need. */
export const STARTER_TEMPLATES: Record<Target, string> = {
  invoice:
    'Hi {{ customer.name }}, invoice {{ invoice.number }} of {{ invoice.balance | money }} is due {{ invoice.dueDate | relative }} ({{ invoice.dueDate | date }}).',
  appointment:
    'Hi {{ customer.name }}, a reminder of your {{ appointment.title }} {{ appointment.startsAt | relative }} at {{ appointment.startsAt | time }}.',
};

const STARTER_TIMING: Record<Target, Pick<Rule, 'anchor' | 'steps' | 'sendAt'>> = {
  invoice: { anchor: 'due_date', steps: [{ amount: 3, unit: 'days', direction: 'before' }], sendAt: '09:00' },
  appointment: { anchor: 'starts_at', steps: [{ amount: 24, unit: 'hours', direction: 'before' }], sendAt: null },
};

export function newRule(target: Target = 'invoice'): Rule {
  return {
    name: '',
    enabled: true,
    target,
    ...STARTER_TIMING[target],
    timezone: null,
    conditions: [],
    channel: 'sms',
    recipient: 'customer',
    templates: { en: STARTER_TEMPLATES[target] },
    defaultLanguage: 'en',
    maxLatenessMinutes: null,
    quietHoursStart: null,
    quietHoursEnd: null,
    senderId: null,
  };
}

/** Another target: its own anchors, conditions and recipients; the starter message follows if untouched. */
export function switchTarget(rule: Rule, target: Target): Rule {
  const untouched = Object.entries(rule.templates).every(
    ([language, text]) => language === 'en' && text === STARTER_TEMPLATES[rule.target]
  );
  return {
    ...rule,
    target,
    ...STARTER_TIMING[target],
    conditions: [],
    recipient: 'customer',
    templates: untouched ? { en: STARTER_TEMPLATES[target] } : rule.templates,
  };
}

export const isDateAnchor = (rule: Pick<Rule, 'target' | 'anchor'>, options: RuleOptions) =>
  options.targets[rule.target].dateAnchors.includes(rule.anchor);

const blankToNull = (value: string | null | undefined) => (value && value.trim() !== '' ? value.trim() : null);

/** What the API is sent: empty fields as null (the plugin's defaults apply), empty messages left out. */
export function toPayload(rule: Rule, options: RuleOptions): Partial<Rule> {
  const templates = Object.fromEntries(Object.entries(rule.templates).filter(([, text]) => text.trim() !== ''));
  return {
    name: rule.name.trim(),
    enabled: rule.enabled,
    target: rule.target,
    anchor: rule.anchor,
    steps:
      rule.anchor === 'instantly'
        ? [{ amount: 0, unit: 'minutes', direction: 'after' }]
        : rule.steps.map((step) =>
            step.repeat ? step : { amount: step.amount, unit: step.unit, direction: step.direction }
          ),
    sendAt: isDateAnchor(rule, options) ? blankToNull(rule.sendAt) : null,
    timezone: blankToNull(rule.timezone),
    conditions: rule.conditions,
    channel: 'sms',
    recipient: rule.recipient ?? 'customer',
    templates,
    defaultLanguage: rule.defaultLanguage ?? 'en',
    maxLatenessMinutes: rule.maxLatenessMinutes ?? null,
    quietHoursStart: blankToNull(rule.quietHoursStart),
    quietHoursEnd: blankToNull(rule.quietHoursEnd),
    senderId: blankToNull(rule.senderId),
  };
}

/** The stored rule as the editor holds it (JSON fields never null). */
export function fromStored(stored: Rule): Rule {
  return {
    ...stored,
    steps: stored.steps ?? [],
    conditions: stored.conditions ?? [],
    templates: stored.templates ?? {},
  };
}
