import { TEMPLATE_VARIABLES, chooseTemplate, templateVariables, templatesOfStep } from '..';
import { validateTemplate } from '../../__tests__/built-in-targets';

const invoiceVariables = TEMPLATE_VARIABLES.invoice.join(', ');

describe('validateTemplate', () => {
  it.each([
    [
      'invoice',
      'Hi {{ customer.name }}, invoice {{ invoice.number }} of {{ invoice.balance | money }} is due {{ invoice.dueDate | relative }}.',
    ],
    [
      'invoice',
      '{% if invoice.daysOverdue > 0 %}{{ invoice.daysOverdue }} days late{% else %}Due {{ invoice.dueDate | date: "d MMM" }}{% endif %} {{ links.pay }}',
    ],
    ['invoice', 'Plain text with no variables'],
    [
      'appointment',
      'Reminder: {{ appointment.title }} {{ appointment.startsAt | relative }} at {{ appointment.startsAt | time }}, {{ appointment.location | default: "our office" }}.',
    ],
    [
      'appointment',
      '{{ appointment.endsAt | datetime: "long" }} {{ appointment.staff }} {{ links.reschedule }} {{ company.name }} {{ customer.phone }}',
    ],
  ] as const)('accepts a valid %s template: %s', (target, source) => {
    expect(validateTemplate(source, target)).toEqual([]);
  });

  it('accepts every catalogued variable of each target', () => {
    for (const target of ['invoice', 'appointment'] as const) {
      expect(validateTemplate(TEMPLATE_VARIABLES[target].map((path) => `{{ ${path} }}`).join(' '), target)).toEqual([]);
    }
  });

  describe('unknown variables', () => {
    it('names the variable, its line and column, and the likely intended one', () => {
      expect(validateTemplate('Hi {{ customer.name }},\nyou owe {{ invoice.balanse | money }}.', 'invoice')).toEqual([
        {
          path: 'invoice.balanse',
          message: 'line 2, column 12: unknown variable "invoice.balanse"; did you mean invoice.balance?',
        },
      ]);
    });

    it('lists the variables of the target when nothing is close', () => {
      expect(validateTemplate('{{ order.reference }}', 'invoice')).toEqual([
        {
          path: 'order.reference',
          message: `line 1, column 4: unknown variable "order.reference"; invoice templates can use ${invoiceVariables}`,
        },
      ]);
    });

    it('says when a variable belongs to the other target', () => {
      expect(validateTemplate('{{ appointment.title }}', 'invoice')).toEqual([
        {
          path: 'appointment.title',
          message: 'line 1, column 4: "appointment.title" is only available in appointment templates, not invoice ones',
        },
      ]);
      expect(validateTemplate('{{ invoice.balance }}', 'appointment')).toEqual([
        {
          path: 'invoice.balance',
          message: 'line 1, column 4: "invoice.balance" is only available in invoice templates, not appointment ones',
        },
      ]);
    });

    it('refuses a link the target has no use for', () => {
      expect(validateTemplate('{{ links.reschedule }}', 'invoice')).toEqual([
        {
          path: 'links.reschedule',
          message: 'line 1, column 4: "links.reschedule" is only available in appointment templates, not invoice ones',
        },
      ]);
    });

    it('refuses a group of variables written as one', () => {
      expect(validateTemplate('{{ customer }}', 'invoice')).toEqual([
        {
          path: 'customer',
          message: 'line 1, column 4: "customer" is a group of variables; use customer.name, customer.phone',
        },
      ]);
    });

    it('refuses properties of a variable (size, first, prototypes)', () => {
      expect(validateTemplate('{{ customer.name.size }}', 'invoice')).toEqual([
        {
          path: 'customer.name.size',
          message: 'line 1, column 4: unknown variable "customer.name.size" (customer.name has no properties)',
        },
      ]);
      expect(validateTemplate('{{ customer.name.constructor.constructor }}', 'invoice')).toEqual([
        {
          path: 'customer.name.constructor.constructor',
          message:
            'line 1, column 4: unknown variable "customer.name.constructor.constructor" (customer.name has no properties)',
        },
      ]);
    });

    it.each([
      ['{{ customer.__proto__ }}', 'customer.__proto__'],
      ['{{ customer["constructor"] }}', 'customer.constructor'],
      ['{{ constructor }}', 'constructor'],
    ])('refuses %s', (source, path) => {
      expect(validateTemplate(source, 'invoice')).toEqual([
        { path, message: expect.stringContaining(`unknown variable "${path}"`) },
      ]);
    });

    it('refuses variables computed from other variables', () => {
      expect(validateTemplate('{{ invoice[customer.name] }}', 'invoice')).toEqual([
        {
          path: 'invoice[customer.name]',
          message:
            'line 1, column 4: "invoice[customer.name]" is not a variable; write variables by name, such as customer.name',
        },
      ]);
    });

    it('checks variables in conditions and filter arguments too, and reports each once', () => {
      const source =
        '{% if invoice.paid %}x{% endif %}{{ customer.name | default: customer.nickname }}{{ invoice.paid }}';
      expect(validateTemplate(source, 'invoice').map((problem) => problem.path)).toEqual([
        'invoice.paid',
        'customer.nickname',
      ]);
    });
  });

  describe('syntax', () => {
    it.each([
      ['Hi {{ customer.name', 'line 1, column 4: output "{{ customer.name" not closed'],
      ['Hi\n{% if customer.name %}x', 'line 2, column 1: tag {% if customer.name %} not closed'],
      ['{% endif %}', 'line 1, column 1: unknown or misplaced tag "endif" (tags: if, unless, case, comment, raw)'],
      ['{% if %}x{% endif %}', 'line 1, column 6: invalid value expression: ""'],
      [
        '{{ customer.name | mony }}',
        'line 1, column 1: unknown filter "mony" (filters: money, date, time, datetime, relative, default, upcase, downcase, capitalize, truncate)',
      ],
      [
        '{% for i in (1..3) %}{{ i }}{% endfor %}',
        'line 1, column 1: unknown or misplaced tag "for" (tags: if, unless, case, comment, raw)',
      ],
    ])('refuses %p with the line', (source, message) => {
      expect(validateTemplate(source, 'invoice')).toEqual([{ message }]);
    });
  });

  describe('rendering with sample data', () => {
    it.each([
      ['{{ invoice.dueDate | time }}', 'cannot be rendered with sample data: line 1, column 1: time: "'],
      [
        '{{ invoice.total | money: "EURO" }}',
        'cannot be rendered with sample data: line 1, column 1: money needs an ISO 4217 currency such as "KES", not "EURO"',
      ],
      [
        '{{ customer.name | date }}',
        'cannot be rendered with sample data: line 1, column 1: date: "Wanjiku Kamau" is neither a date',
      ],
      [
        '{{ invoice.dueDate | date: 3 }}',
        'cannot be rendered with sample data: line 1, column 1: a date format must be short, medium, long, full',
      ],
      [
        '{{ (1..10000000) }}',
        'cannot be rendered with sample data: line 1, column 1: the template builds more text than the memory limit allows',
      ],
    ])('refuses %s', (source, message) => {
      const problems = validateTemplate(source, 'invoice');
      expect(problems).toEqual([{ message: expect.stringContaining(message) }]);
    });

    it('refuses money without a currency in an appointment template', () => {
      expect(validateTemplate('{{ 100 | money }}', 'appointment')).toEqual([
        {
          message:
            'cannot be rendered with sample data: line 1, column 1: money needs an ISO 4217 currency such as "KES"',
        },
      ]);
    });
  });
});

describe('templateVariables', () => {
  it('lists the variables a template reads, once each', () => {
    expect(
      templateVariables(
        '{{ links.pay }} {% if invoice.balance %}{{ invoice.balance | money }}{% endif %} {{ customer.name | default: company.name }}'
      )
    ).toEqual(['links.pay', 'invoice.balance', 'customer.name', 'company.name']);
  });
});

describe('chooseTemplate', () => {
  const templates = { en: 'Hello', fr: 'Bonjour', ar: 'مرحبا', sw: 'Habari' };

  it.each([
    ['fr', 'fr', 'Bonjour'],
    ['ar', 'ar', 'مرحبا'],
    ['fr-CA', 'fr', 'Bonjour'],
    ['de', 'en', 'Hello'],
    [undefined, 'en', 'Hello'],
    ['', 'en', 'Hello'],
  ])('picks for a record in %p the %s template', (recordLanguage, language, source) => {
    expect(chooseTemplate(templates, 'en', recordLanguage)).toEqual({ language, source });
  });

  it('falls back to the default language, whatever it is', () => {
    expect(chooseTemplate({ sw: 'Habari', fr: 'Bonjour' }, 'sw', 'en')).toEqual({ language: 'sw', source: 'Habari' });
  });

  it('skips a blank template in the record language', () => {
    expect(chooseTemplate({ en: 'Hello', fr: '  ' }, 'en', 'fr')).toEqual({ language: 'en', source: 'Hello' });
  });

  it.each(['constructor', '__proto__', 'toString', 'hasOwnProperty'])(
    'never picks up %s from Object.prototype',
    (recordLanguage) => {
      expect(chooseTemplate(templates, 'en', recordLanguage)).toEqual({ language: 'en', source: 'Hello' });
    }
  );

  it('fails when neither the record language nor the default has a template', () => {
    expect(() => chooseTemplate({ fr: 'Bonjour' }, 'en', 'sw')).toThrow(
      "no template in the record's language (sw) nor in the default language (en)"
    );
    expect(() => chooseTemplate({}, 'constructor')).toThrow(
      "no template in the record's language (none) nor in the default language (constructor)"
    );
  });
});

describe('templatesOfStep', () => {
  const rule = {
    templates: { en: 'Due soon', sw: 'Inakaribia' },
    steps: [{}, { templates: { en: 'Was due last week' } }],
  };

  it("gives a step's own message in its languages and the rule's in the others", () => {
    expect(templatesOfStep(rule, 1)).toEqual({ en: 'Was due last week', sw: 'Inakaribia' });
  });

  it("gives the rule's messages to a step without its own, to no step and to a step that is gone", () => {
    expect(templatesOfStep(rule, 0)).toBe(rule.templates);
    expect(templatesOfStep(rule, null)).toBe(rule.templates);
    expect(templatesOfStep(rule, 5)).toBe(rule.templates);
  });
});
