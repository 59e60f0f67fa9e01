import { checkRule } from '../../__tests__/built-in-targets';
import { checkMessageTemplate } from '../../message-template';
import { BUILT_IN_TARGETS } from '../../targets';
import { type TemplateLibrary, libraryIdsOf, templatesOfStep, withLibraryMessages } from '..';

const languages = ['en', 'ar', 'fr', 'sw'];
const library: TemplateLibrary = {
  due: { documentId: 'due', name: 'Due soon', target: 'invoice', messages: { en: 'Due {{ invoice.number }}' } },
  late: {
    documentId: 'late',
    name: 'Overdue',
    target: 'invoice',
    messages: { en: 'Late {{ invoice.number }}', sw: 'Imechelewa {{ invoice.number }}' },
  },
  visit: { documentId: 'visit', name: 'Visit', target: 'appointment', messages: { en: 'See you' } },
};
const rule = (overrides: Record<string, unknown> = {}) => ({
  name: 'Library rule',
  target: 'invoice',
  anchor: 'due_date',
  steps: [
    { amount: 3, unit: 'days', direction: 'before' },
    { amount: 7, unit: 'days', direction: 'after', templateId: 'late' },
  ],
  templateId: 'due',
  defaultLanguage: 'en',
  ...overrides,
});

describe('a rule sends the messages of the library templates it chooses, as they are now', () => {
  it('lists the templates a rule and its steps choose, once each', () => {
    expect(libraryIdsOf(rule())).toEqual(['due', 'late']);
    expect(libraryIdsOf(rule({ steps: [{ templateId: 'due' }, null, 'x'] }))).toEqual(['due']);
    expect(libraryIdsOf({ templates: { en: 'Hi' }, steps: [{}] })).toEqual([]);
  });

  it("fills in the rule's and each step's messages from the library, over the rule's for a step", () => {
    const resolved = withLibraryMessages(rule() as Parameters<typeof withLibraryMessages>[0], library);
    expect(resolved.templates).toEqual({ en: 'Due {{ invoice.number }}' });
    expect(templatesOfStep(resolved as never, 0)).toEqual({ en: 'Due {{ invoice.number }}' });
    expect(templatesOfStep(resolved as never, 1)).toEqual(library.late.messages);
  });

  it('reads the library as it is when called: an edited template gives the new text', () => {
    const edited = { ...library, due: { ...library.due, messages: { en: 'New text' } } };
    expect(withLibraryMessages(rule() as never, edited)).toMatchObject({ templates: { en: 'New text' } });
  });

  it('leaves a rule with its own messages as it is, and gives no message for a template gone from the library', () => {
    const inline = { templates: { en: 'Mine' }, steps: [{ templates: { en: 'Step' } }] };
    expect(withLibraryMessages(inline, library)).toBe(inline);
    expect(withLibraryMessages({ templateId: 'gone', templates: null }, library).templates).toEqual({});
  });
});

describe('checkRule checks a chosen library template', () => {
  it('accepts a rule and a step choosing templates of its target, with no messages of their own', () => {
    expect(checkRule(rule(), languages, { library }).ok).toBe(true);
    expect(checkRule(rule({ templates: {} }), languages, { library }).ok).toBe(true);
  });

  it.each([
    [{ templateId: 'gone' }, 'templateId', /documentId of a template of the library/],
    [{ templateId: 'visit' }, 'templateId', /"Visit" is for appointment, not invoice rules/],
    [{ templateId: 'due', templates: { en: 'Mine' } }, 'templateId', /choose a library template or write templates/],
    [{ defaultLanguage: 'sw' }, 'defaultLanguage', /needs a message in the template "Due soon"/],
    [
      { steps: [{ amount: 1, unit: 'days', direction: 'after', templateId: 'late', templates: { en: 'x' } }] },
      'steps[0].templateId',
      /not both/,
    ],
    [{ steps: [{ amount: 1, unit: 'days', direction: 'after', templateId: 7 }] }, 'steps[0].templateId', /documentId/],
  ])('refuses %j naming %s', (overrides, path, message) => {
    const checked = checkRule(rule(overrides), languages, { library });
    expect(checked.ok).toBe(false);
    expect(checked.ok ? [] : checked.errors).toContainEqual({ path, message: expect.stringMatching(message) });
  });

  it('still requires messages of its own from a rule without a library template', () => {
    const checked = checkRule(rule({ templateId: null }), languages, { library });
    expect(checked.ok ? [] : checked.errors.map((error) => error.path)).toEqual(['templates']);
  });
});

describe('checkMessageTemplate checks a library template as a rule its messages', () => {
  const template = (overrides: Record<string, unknown> = {}) => ({
    name: 'Due soon',
    target: 'invoice',
    messages: { en: 'Hi {{ customer.name }}', fr: 'Bonjour {{ customer.name }}' },
    ...overrides,
  });

  it('accepts a template whose messages are valid for its target', () => {
    expect(checkMessageTemplate(template(), languages, BUILT_IN_TARGETS)).toEqual({ ok: true, value: {} });
  });

  it.each([
    [{ messages: { en: 'Hi', fr: 'Bonjour {{ client.nom }}' } }, 'messages.fr', /unknown variable "client\.nom"/],
    [{ messages: { de: 'Hallo' } }, 'messages.de', /language must be one of en, ar, fr, sw/],
    [{ messages: [] }, 'messages', /one message per language/],
    [
      { target: 'appointment', messages: { en: '{{ invoice.number }}' } },
      'messages.en',
      /only available in invoice templates/,
    ],
    [{ target: 'boat' }, 'target', /target must be one of/],
    [{ name: ' ' }, 'name', /name is required/],
    [{ description: 5 }, 'description', /at most 1000 characters/],
  ])('refuses %j naming %s', (overrides, path, message) => {
    const checked = checkMessageTemplate(template(overrides), languages, BUILT_IN_TARGETS);
    expect(checked.ok ? [] : checked.errors).toContainEqual({ path, message: expect.stringMatching(message) });
  });
});
