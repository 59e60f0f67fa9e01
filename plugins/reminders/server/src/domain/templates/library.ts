/**
 * The template library: named messages per language, for one target, that rules and steps choose instead of
 * writing their own. A rule stores the chosen template's documentId; the messages are looked up when a
 * reminder is rendered, so editing a library template changes what future reminders say.
 */
export interface LibraryTemplate {
  documentId: string;
  name: string;
  target: string;
  messages: Record<string, string>;
}

/** The library templates a rule refers to, by documentId. */
export type TemplateLibrary = Readonly<Record<string, LibraryTemplate>>;

interface MessageSources {
  templateId?: string | null;
  templates?: Record<string, string> | null;
  steps?: readonly { templateId?: string | null; templates?: Record<string, string> }[] | null;
}

const chosen = (templateId: unknown): templateId is string => typeof templateId === 'string' && templateId !== '';

/** The documentIds of the library templates a rule or its steps choose (anything else is left to validation). */
export function libraryIdsOf(rule: object): string[] {
  const { templateId, steps: stored } = rule as Record<string, unknown>;
  const steps: unknown[] = Array.isArray(stored) ? stored : [];
  const ids = [
    templateId,
    ...steps.map((step) => (typeof step === 'object' && step !== null ? (step as MessageSources).templateId : null)),
  ];
  return [...new Set(ids.filter(chosen))];
}

/**
 * The rule with the messages it sends written out: a rule's or step's library template replaced by that
 * template's messages, as they are now. A template no longer in the library gives no message, which the
 * renderer reports as a template error rather than sending something else.
 */
export function withLibraryMessages<Rule extends MessageSources>(rule: Rule, library: TemplateLibrary): Rule {
  const messagesOf = (templateId: string) =>
    Object.hasOwn(library, templateId) ? library[templateId].messages : ({} as Record<string, string>);
  if (!libraryIdsOf(rule).length) return rule;
  return {
    ...rule,
    templates: chosen(rule.templateId) ? messagesOf(rule.templateId) : rule.templates,
    steps: rule.steps?.map((step) =>
      chosen(step.templateId) ? { ...step, templates: messagesOf(step.templateId) } : step
    ),
  };
}
