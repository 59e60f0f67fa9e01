import { checkRule } from '../../__tests__/built-in-targets';

const languages = ['en', 'ar', 'fr', 'sw'];

const rule = (target: 'invoice' | 'appointment', templates: Record<string, unknown>) => ({
  name: 'Reminder',
  target,
  anchor: target === 'invoice' ? 'due_date' : 'starts_at',
  steps: [{ amount: 1, unit: 'days', direction: 'before' }],
  templates,
  defaultLanguage: 'en',
});

describe('checkRule validates each template against the rule target', () => {
  it('saves a rule whose templates are valid in every language', () => {
    const templates = {
      en: 'Hi {{ customer.name }}, {{ invoice.balance | money }} is due {{ invoice.dueDate | relative }}.',
      ar: 'مرحباً {{ customer.name }}، المبلغ {{ invoice.balance | money }} مستحق {{ invoice.dueDate | relative }}.',
      fr: 'Bonjour {{ customer.name }}, {{ invoice.balance | money }} à payer le {{ invoice.dueDate | date: "long" }}.',
      sw: 'Habari {{ customer.name }}, {{ invoice.balance | money }} inadaiwa {{ invoice.dueDate | relative }}.',
    };
    expect(checkRule(rule('invoice', templates), languages).ok).toBe(true);
  });

  it('refuses an unknown variable, naming templates.<language> and the variable', () => {
    expect(
      checkRule(rule('invoice', { en: 'Hi {{ customer.name }}', fr: 'Bonjour {{ client.nom }}' }), languages)
    ).toEqual({
      ok: false,
      errors: [
        {
          path: 'templates.fr',
          message: expect.stringMatching(
            /^templates\.fr: line 1, column 12: unknown variable "client\.nom"; invoice templates can use customer\.name, /
          ),
        },
      ],
    });
  });

  it('refuses a variable of the other target', () => {
    expect(checkRule(rule('appointment', { en: 'Pay {{ invoice.balance }}' }), languages)).toEqual({
      ok: false,
      errors: [
        {
          path: 'templates.en',
          message:
            'templates.en: line 1, column 8: "invoice.balance" is only available in invoice templates, not appointment ones',
        },
      ],
    });
  });

  it('refuses a syntax error with its line', () => {
    expect(checkRule(rule('invoice', { en: 'Hi\n{{ customer.name }\nBye' }), languages)).toEqual({
      ok: false,
      errors: [
        {
          path: 'templates.en',
          message: 'templates.en: line 2, column 1: output "{{ customer.name }\\nBye" not closed',
        },
      ],
    });
  });

  it('refuses an unknown filter and a loop', () => {
    const result = checkRule(
      rule('invoice', { en: '{{ invoice.total | currency }}', sw: '{% for x in (1..9) %}x{% endfor %}' }),
      languages
    );
    expect(result).toEqual({
      ok: false,
      errors: [
        {
          path: 'templates.en',
          message: expect.stringContaining('templates.en: line 1, column 1: unknown filter "currency"'),
        },
        {
          path: 'templates.sw',
          message: expect.stringContaining('templates.sw: line 1, column 1: unknown or misplaced tag "for"'),
        },
      ],
    });
  });

  it('reports every problem of a template', () => {
    const result = checkRule(rule('invoice', { en: '{{ customer.nme }} {{ invoice.balanse }}' }), languages);
    expect(result.ok ? [] : result.errors.map((error) => error.message)).toEqual([
      'templates.en: line 1, column 4: unknown variable "customer.nme"; did you mean customer.name?',
      'templates.en: line 1, column 23: unknown variable "invoice.balanse"; did you mean invoice.balance?',
    ]);
  });
});
