import { checkRule } from './built-in-targets';

const languages = ['en', 'ar', 'fr', 'sw'] as const;

const steps = [
  { amount: 3, unit: 'days', direction: 'before' },
  { amount: 7, unit: 'days', direction: 'after', repeat: { every: 7, unit: 'days', times: 3 } },
];
const conditions = [
  { field: 'paymentStatus', operator: 'in', value: ['unpaid', 'partially_paid'] },
  { field: 'balance', operator: 'gt', value: '0' },
];

/** 3 days before the due date at 09:00, then every 7 days after it, at most 3 times. */
const invoiceRule = (overrides: Record<string, unknown> = {}): Record<string, unknown> => ({
  name: 'Payment due',
  target: 'invoice',
  anchor: 'due_date',
  steps,
  sendAt: '09:00',
  timezone: 'Africa/Nairobi',
  conditions,
  recipient: 'customer',
  templates: {
    en: 'Hi {{ customer.name }}, invoice {{ invoice.number }} is due on {{ invoice.dueDate }}.',
    sw: 'Habari {{ customer.name }}, ankara {{ invoice.number }} inadaiwa tarehe {{ invoice.dueDate }}.',
  },
  defaultLanguage: 'en',
  ...overrides,
});

const appointmentRule = (overrides: Record<string, unknown> = {}): Record<string, unknown> => ({
  name: 'Appointment tomorrow',
  target: 'appointment',
  anchor: 'starts_at',
  steps: [{ amount: 1, unit: 'days', direction: 'before' }],
  templates: { en: 'See you tomorrow, {{ customer.name }}.' },
  ...overrides,
});

const error = (path: string, message: string) => ({ path, message });
const refused = (...errors: { path: string; message: string }[]) => ({ ok: false, errors });

describe('checkRule', () => {
  describe('a valid rule', () => {
    it('passes, returning its steps and conditions', () => {
      expect(checkRule(invoiceRule(), languages)).toEqual({ ok: true, value: { steps, conditions } });
    });

    it.each(['due_date', 'issue_date'])('gets sendAt "09:00" by default on the date anchor %s', (anchor) => {
      expect(checkRule(invoiceRule({ anchor, sendAt: undefined }), languages)).toEqual({
        ok: true,
        value: { steps, sendAt: '09:00', conditions },
      });
    });

    it.each([[null], ['']])('gets sendAt "09:00" when sendAt is %p', (sendAt) => {
      expect(checkRule(invoiceRule({ sendAt }), languages)).toEqual({
        ok: true,
        value: { steps, sendAt: '09:00', conditions },
      });
    });

    it('keeps a sendAt given on a date anchor', () => {
      const result = checkRule(invoiceRule({ sendAt: '14:30' }), languages);
      expect(result).toEqual({ ok: true, value: { steps, conditions } });
    });

    it('gets no sendAt on a non-date anchor', () => {
      expect(checkRule(invoiceRule({ anchor: 'created', sendAt: undefined }), languages)).toEqual({
        ok: true,
        value: { steps, conditions },
      });
    });

    it('returns an empty list of conditions when there are none', () => {
      expect(checkRule(invoiceRule({ conditions: undefined }), languages)).toEqual({
        ok: true,
        value: { steps, conditions: [] },
      });
      expect(checkRule(invoiceRule({ conditions: null }), languages)).toEqual({
        ok: true,
        value: { steps, conditions: [] },
      });
    });

    it('passes a valid appointment rule', () => {
      expect(checkRule(appointmentRule(), languages)).toEqual({
        ok: true,
        value: { steps: [{ amount: 1, unit: 'days', direction: 'before' }], conditions: [] },
      });
    });
  });

  describe('name', () => {
    it.each([[undefined], [''], ['   '], [42]])('is required (%p)', (name) => {
      expect(checkRule(invoiceRule({ name }), languages)).toEqual(refused(error('name', 'name is required')));
    });

    it('is at most 200 characters', () => {
      expect(checkRule(invoiceRule({ name: 'x'.repeat(200) }), languages).ok).toBe(true);
      expect(checkRule(invoiceRule({ name: 'x'.repeat(201) }), languages)).toEqual(
        refused(error('name', 'name must be at most 200 characters'))
      );
    });
  });

  describe('target and anchor', () => {
    it.each([[undefined], ['order'], ['Invoice'], [1]])('refuses the target %p and stops there', (target) => {
      expect(checkRule(invoiceRule({ target, templates: undefined }), languages)).toEqual(
        refused(error('target', 'target must be one of: invoice, appointment'))
      );
    });

    it.each(['due_date', 'issue_date'])('refuses the anchor %s for an appointment', (anchor) => {
      expect(checkRule(appointmentRule({ anchor }), languages)).toEqual(
        refused(
          error(
            'anchor',
            'anchor for appointment rules must be one of: starts_at, ends_at, created, instantly, rescheduled, confirmed, cancelled, completed, no_show, status_changed'
          )
        )
      );
    });

    it.each([['starts_at'], ['ends_at'], ['tomorrow'], [undefined]])(
      'refuses the anchor %p for an invoice',
      (anchor) => {
        expect(checkRule(invoiceRule({ anchor, sendAt: undefined }), languages)).toEqual(
          refused(
            error(
              'anchor',
              'anchor for invoice rules must be one of: issue_date, due_date, created, instantly, paid, payment_received, payment_status_changed, status_changed'
            )
          )
        );
      }
    );

    it.each(['starts_at', 'ends_at', 'created', 'instantly'])('accepts the anchor %s for an appointment', (anchor) => {
      expect(checkRule(appointmentRule({ anchor }), languages).ok).toBe(true);
    });
  });

  describe('sendAt', () => {
    it('is refused on a non-date invoice anchor', () => {
      expect(checkRule(invoiceRule({ anchor: 'created' }), languages)).toEqual(
        refused(error('sendAt', 'sendAt applies only to date anchors (issue_date, due_date)'))
      );
    });

    it('is refused on every appointment anchor', () => {
      expect(checkRule(appointmentRule({ sendAt: '09:00' }), languages)).toEqual(
        refused(error('sendAt', 'sendAt applies only to date anchors (none for this target)'))
      );
    });

    it.each(['9:00', '24:00', '09:60', '9am', '09:00:00'])('refuses %j as not HH:mm', (sendAt) => {
      expect(checkRule(invoiceRule({ sendAt }), languages)).toEqual(
        refused(error('sendAt', 'sendAt must be a local time written HH:mm, such as 09:00'))
      );
    });
  });

  describe('the "instantly" anchor', () => {
    it.each([[undefined], [null]])('gets a default step when steps is %p', (stepsValue) => {
      expect(checkRule(invoiceRule({ anchor: 'instantly', steps: stepsValue, sendAt: undefined }), languages)).toEqual({
        ok: true,
        value: { steps: [{ amount: 0, unit: 'minutes', direction: 'after' }], conditions },
      });
    });

    it('keeps steps that are given', () => {
      const given = [{ amount: 5, unit: 'minutes', direction: 'after' }];
      expect(checkRule(appointmentRule({ anchor: 'instantly', steps: given }), languages)).toEqual({
        ok: true,
        value: { steps: given, conditions: [] },
      });
    });

    it('still refuses an empty list of steps', () => {
      expect(checkRule(invoiceRule({ anchor: 'instantly', steps: [], sendAt: undefined }), languages)).toEqual(
        refused(error('steps', 'steps must be a list of 1 to 20 steps'))
      );
    });
  });

  describe('steps', () => {
    const stepsError = error('steps', 'steps must be a list of 1 to 20 steps');

    it.each([
      ['missing', undefined],
      ['null', null],
      ['empty', []],
      ['not a list', { amount: 3, unit: 'days', direction: 'before' }],
      ['text', '3 days before'],
      ['21 steps', Array.from({ length: 21 }, () => ({ amount: 1, unit: 'days', direction: 'after' }))],
    ])('refuses steps that are %s', (_label, stepsValue) => {
      expect(checkRule(invoiceRule({ steps: stepsValue }), languages)).toEqual(refused(stepsError));
    });

    it('accepts 20 steps', () => {
      const twenty = Array.from({ length: 20 }, (_, i) => ({ amount: i, unit: 'days', direction: 'after' }));
      expect(checkRule(invoiceRule({ steps: twenty }), languages)).toEqual({
        ok: true,
        value: { steps: twenty, conditions },
      });
    });

    it.each([['3 days before'], [null], [[3, 'days', 'before']]])('refuses the step %p as not an object', (step) => {
      expect(checkRule(invoiceRule({ steps: [steps[0], step] }), languages)).toEqual(
        refused(
          error('steps[1]', 'steps[1] must be an object like {"amount": 3, "unit": "days", "direction": "before"}')
        )
      );
    });

    it.each([[-1], [1.5], ['3'], [100_001], [undefined], [NaN]])('refuses the amount %p', (amount) => {
      expect(checkRule(invoiceRule({ steps: [{ ...steps[0], amount }] }), languages)).toEqual(
        refused(error('steps[0].amount', 'steps[0].amount must be a whole number from 0 to 100000'))
      );
    });

    it.each([0, 100_000])('accepts the amount %p', (amount) => {
      expect(checkRule(invoiceRule({ steps: [{ ...steps[0], unit: 'hours', amount }] }), languages).ok).toBe(true);
    });

    it.each([
      ['100,000 days (273 years)', { amount: 100_000, unit: 'days', direction: 'before' }],
      ['1,201 months', { amount: 1201, unit: 'months', direction: 'after' }],
      ['100,000 months', { amount: 100_000, unit: 'months', direction: 'before' }],
      [
        'a repeat that ends 101 years out',
        { amount: 1, unit: 'months', direction: 'after', repeat: { every: 12, unit: 'months', times: 100 } },
      ],
      [
        '100 repeats of 100,000 weeks',
        { amount: 0, unit: 'days', direction: 'after', repeat: { every: 100_000, unit: 'weeks', times: 100 } },
      ],
    ])('refuses a step whose reminders reach more than 100 years from the anchor: %s', (_name, step) => {
      expect(checkRule(invoiceRule({ steps: [steps[0], step] }), languages)).toEqual(
        refused(
          error(
            'steps[1]',
            'steps[1] reaches more than 100 years from the anchor: every reminder of a step must fall within 100 years of it'
          )
        )
      );
    });

    it.each([
      ['1,200 months', { amount: 1200, unit: 'months', direction: 'before' }],
      [
        'yearly for 99 years',
        { amount: 0, unit: 'days', direction: 'after', repeat: { every: 12, unit: 'months', times: 99 } },
      ],
      ['100,000 hours', { amount: 100_000, unit: 'hours', direction: 'before' }],
    ])('accepts a step within 100 years of the anchor: %s', (_name, step) => {
      expect(checkRule(invoiceRule({ steps: [step] }), languages).ok).toBe(true);
    });

    it.each([['years'], ['day'], ['Days'], [undefined]])('refuses the unit %p', (unit) => {
      expect(checkRule(invoiceRule({ steps: [{ ...steps[0], unit }] }), languages)).toEqual(
        refused(error('steps[0].unit', 'steps[0].unit must be one of: minutes, hours, days, weeks, months'))
      );
    });

    it.each(['minutes', 'hours', 'days', 'weeks', 'months'])('accepts the unit %s', (unit) => {
      expect(checkRule(invoiceRule({ steps: [{ ...steps[0], unit }] }), languages).ok).toBe(true);
    });

    it.each([['during'], ['Before'], [undefined]])('refuses the direction %p', (direction) => {
      expect(checkRule(invoiceRule({ steps: [{ ...steps[0], direction }] }), languages)).toEqual(
        refused(error('steps[0].direction', 'steps[0].direction must be "before" or "after"'))
      );
    });

    it('reports every problem of a step on its own path', () => {
      expect(
        checkRule(
          invoiceRule({ steps: [steps[0], { amount: -3, unit: 'fortnights', direction: 'around' }] }),
          languages
        )
      ).toEqual(
        refused(
          error('steps[1].amount', 'steps[1].amount must be a whole number from 0 to 100000'),
          error('steps[1].unit', 'steps[1].unit must be one of: minutes, hours, days, weeks, months'),
          error('steps[1].direction', 'steps[1].direction must be "before" or "after"')
        )
      );
    });

    it.each([['weekly'], [7], [[7, 'days', 3]]])('refuses the repeat %p as not an object', (repeat) => {
      expect(checkRule(invoiceRule({ steps: [steps[0], { ...steps[1], repeat }] }), languages)).toEqual(
        refused(
          error('steps[1].repeat', 'steps[1].repeat must be an object like {"every": 7, "unit": "days", "times": 3}')
        )
      );
    });

    it('accepts a null repeat', () => {
      expect(checkRule(invoiceRule({ steps: [{ ...steps[1], repeat: null }] }), languages).ok).toBe(true);
    });

    it.each([
      ['every', 0, 'steps[1].repeat.every must be a whole number from 1 to 100000'],
      ['every', 100_001, 'steps[1].repeat.every must be a whole number from 1 to 100000'],
      ['every', 1.5, 'steps[1].repeat.every must be a whole number from 1 to 100000'],
      ['unit', 'fortnights', 'steps[1].repeat.unit must be one of: minutes, hours, days, weeks, months'],
      ['unit', undefined, 'steps[1].repeat.unit must be one of: minutes, hours, days, weeks, months'],
      ['times', 0, 'steps[1].repeat.times must be a whole number from 1 to 100'],
      ['times', 101, 'steps[1].repeat.times must be a whole number from 1 to 100'],
      ['times', 2.5, 'steps[1].repeat.times must be a whole number from 1 to 100'],
      ['times', '3', 'steps[1].repeat.times must be a whole number from 1 to 100'],
      ['times', undefined, 'steps[1].repeat.times must be a whole number from 1 to 100'],
    ])('refuses repeat.%s %p', (key, value, message) => {
      const repeat = { every: 7, unit: 'days', times: 3, [key]: value };
      expect(checkRule(invoiceRule({ steps: [steps[0], { ...steps[1], repeat }] }), languages)).toEqual(
        refused(error(`steps[1].repeat.${key}`, message))
      );
    });

    it.each([
      ['every', 1],
      ['every', 100_000],
      ['times', 1],
      ['times', 100],
    ])('accepts repeat.%s %p', (key, value) => {
      const repeat = { every: 7, unit: 'hours', times: 3, [key]: value };
      expect(checkRule(invoiceRule({ steps: [{ ...steps[1], repeat }] }), languages).ok).toBe(true);
    });
  });

  describe('conditions', () => {
    const withCondition = (condition: unknown, index = 0) => {
      const list: unknown[] = [...conditions];
      list[index] = condition;
      return invoiceRule({ conditions: list });
    };

    it.each([
      [{ field: 'dueDate', operator: 'eq', value: '2026-12-01' }],
      [{ field: 'appointmentStatus', operator: 'in', value: ['scheduled'] }],
      [{ operator: 'eq', value: 'x' }],
      ['paymentStatus in unpaid'],
      [null],
    ])('refuses %p as a field unknown for invoices', (condition) => {
      expect(checkRule(withCondition(condition, 1), languages)).toEqual(
        refused(
          error(
            'conditions[1].field',
            'conditions[1].field must be one of: paymentStatus, invoiceStatus, balance, total, amountPaid, currency, language'
          )
        )
      );
    });

    it('refuses an invoice field in an appointment rule', () => {
      const rule = appointmentRule({ conditions: [{ field: 'paymentStatus', operator: 'in', value: ['unpaid'] }] });
      expect(checkRule(rule, languages)).toEqual(
        refused(
          error(
            'conditions[0].field',
            'conditions[0].field must be one of: appointmentStatus, appointmentType, language'
          )
        )
      );
    });

    it('accepts an appointment condition', () => {
      const rule = appointmentRule({
        conditions: [{ field: 'appointmentStatus', operator: 'notIn', value: ['cancelled', 'no_show'] }],
      });
      expect(checkRule(rule, languages).ok).toBe(true);
    });

    it.each(['in', 'notIn', 'contains', undefined])('refuses the operator %p for an amount field', (operator) => {
      expect(checkRule(withCondition({ field: 'balance', operator, value: '0' }, 1), languages)).toEqual(
        refused(
          error('conditions[1].operator', 'conditions[1].operator for balance must be one of: eq, gt, gte, lt, lte')
        )
      );
    });

    it.each(['gt', 'lte', 'contains'])('refuses the operator %p for a choice field', (operator) => {
      expect(checkRule(withCondition({ field: 'paymentStatus', operator, value: 'unpaid' }), languages)).toEqual(
        refused(
          error('conditions[0].operator', 'conditions[0].operator for paymentStatus must be one of: in, notIn, eq')
        )
      );
    });

    it.each(['eq', 'gt', 'gte', 'lt', 'lte'])('accepts the operator %s for an amount field', (operator) => {
      expect(checkRule(withCondition({ field: 'total', operator, value: '1500.50' }, 1), languages).ok).toBe(true);
    });

    it.each([
      ['in', 'unpaid'],
      ['notIn', 'paid'],
      ['in', []],
      ['in', [1]],
      ['in', ['unpaid', null]],
    ])('refuses for %s the value %p as not a non-empty list of strings', (operator, value) => {
      expect(checkRule(withCondition({ field: 'paymentStatus', operator, value }), languages)).toEqual(
        refused(error('conditions[0].value', 'conditions[0].value must be a non-empty list of strings'))
      );
    });

    it.each([[['0']], [0], [null]])('refuses for gt the value %p as not a string', (value) => {
      expect(checkRule(withCondition({ field: 'balance', operator: 'gt', value }, 1), languages)).toEqual(
        refused(error('conditions[1].value', 'conditions[1].value must be a string'))
      );
    });

    it.each([
      ['paymentStatus', 'in', ['unpaid', 'overdue'], 'unpaid, partially_paid, paid'],
      ['paymentStatus', 'eq', 'Paid', 'unpaid, partially_paid, paid'],
      ['invoiceStatus', 'notIn', ['deleted'], 'draft, sent, void'],
    ])('refuses for %s the value %p not among the choices', (field, operator, value, choices) => {
      expect(checkRule(withCondition({ field, operator, value }), languages)).toEqual(
        refused(error('conditions[0].value', `conditions[0].value for ${field} must be among: ${choices}`))
      );
    });

    it.each(['-1', 'abc', '', '1,000', '1.23456', '1e3', '1234567890123456', ' 5'])(
      'refuses the amount value %j',
      (value) => {
        expect(checkRule(withCondition({ field: 'balance', operator: 'gt', value }, 1), languages)).toEqual(
          refused(error('conditions[1].value', 'conditions[1].value must be a decimal amount such as "0" or "1500.50"'))
        );
      }
    );

    it.each(['0', '1500.50', '0.1234', '999999999999999'])('accepts the amount value %j', (value) => {
      expect(checkRule(withCondition({ field: 'balance', operator: 'gte', value }, 1), languages).ok).toBe(true);
    });

    it('accepts any text for a text field', () => {
      const rule = invoiceRule({
        conditions: [
          { field: 'currency', operator: 'in', value: ['KES', 'UGX'] },
          { field: 'language', operator: 'eq', value: 'sw' },
        ],
      });
      expect(checkRule(rule, languages).ok).toBe(true);
    });

    it.each([
      ['not a list', { field: 'balance', operator: 'gt', value: '0' }],
      ['text', 'balance > 0'],
      ['21 conditions', Array.from({ length: 21 }, () => ({ field: 'balance', operator: 'gt', value: '0' }))],
    ])('refuses conditions that are %s', (_label, value) => {
      expect(checkRule(invoiceRule({ conditions: value }), languages)).toEqual(
        refused(
          error(
            'conditions',
            'conditions must be a list of at most 20 conditions, or {"anyOf": [[…], […]]}: up to 10 groups of them, any of which may hold'
          )
        )
      );
    });

    describe('any of several groups', () => {
      const balance = { field: 'balance', operator: 'gt', value: '0' };
      const anyOf = (groups: unknown) => invoiceRule({ conditions: { anyOf: groups } });

      it('accepts up to 10 groups of up to 20 conditions, kept as given', () => {
        const groups = Array.from({ length: 10 }, () => Array.from({ length: 20 }, () => balance));
        expect(checkRule(anyOf(groups), languages)).toEqual({
          ok: true,
          value: { steps, conditions: { anyOf: groups } },
        });
      });

      it.each([
        [[], 'conditions.anyOf', 'conditions.anyOf must be a list of 1 to 10 groups'],
        [
          Array.from({ length: 11 }, () => [balance]),
          'conditions.anyOf',
          'conditions.anyOf must be a list of 1 to 10 groups',
        ],
        [[[balance], []], 'conditions.anyOf[1]', 'conditions.anyOf[1] must be a list of 1 to 20 conditions'],
        [[[balance], balance], 'conditions.anyOf[1]', 'conditions.anyOf[1] must be a list of 1 to 20 conditions'],
        [
          [Array.from({ length: 21 }, () => balance)],
          'conditions.anyOf[0]',
          'conditions.anyOf[0] must be a list of 1 to 20 conditions',
        ],
        [
          [[balance], [{ field: 'invoiceStatus', operator: 'in', value: ['lost'] }]],
          'conditions.anyOf[1][0].value',
          'conditions.anyOf[1][0].value for invoiceStatus must be among: draft, sent, void',
        ],
      ])('refuses the groups %j naming %s', (groups, path, message) => {
        expect(checkRule(anyOf(groups), languages)).toEqual(refused(error(path, message)));
      });

      it('refuses another key beside anyOf', () => {
        expect(checkRule(invoiceRule({ conditions: { anyOf: [[balance]], allOf: [] } }), languages).ok).toBe(false);
      });
    });
  });

  describe('timezone', () => {
    it.each(['Mars/Olympus', 'Nairobi'])('refuses %j', (timezone) => {
      expect(checkRule(invoiceRule({ timezone }), languages)).toEqual(
        refused(error('timezone', `timezone "${timezone}" is not an IANA time zone such as Africa/Nairobi`))
      );
    });

    it.each([[undefined], [null], ['']])('may be left out (%p)', (timezone) => {
      expect(checkRule(invoiceRule({ timezone }), languages).ok).toBe(true);
    });
  });

  describe('quiet hours', () => {
    it('accepts a start and an end', () => {
      expect(checkRule(invoiceRule({ quietHoursStart: '21:00', quietHoursEnd: '07:00' }), languages).ok).toBe(true);
    });

    it('needs an end when there is a start', () => {
      expect(checkRule(invoiceRule({ quietHoursStart: '21:00' }), languages)).toEqual(
        refused(error('quietHoursEnd', 'quiet hours need both a start and an end'))
      );
    });

    it('needs a start when there is an end', () => {
      expect(checkRule(invoiceRule({ quietHoursEnd: '07:00', quietHoursStart: null }), languages)).toEqual(
        refused(error('quietHoursStart', 'quiet hours need both a start and an end'))
      );
    });

    it.each([
      ['quietHoursStart', '9pm'],
      ['quietHoursStart', '24:00'],
      ['quietHoursEnd', '7:00'],
      ['quietHoursEnd', '07:60'],
    ])('refuses %s %j as not HH:mm', (path, value) => {
      const both = { quietHoursStart: '21:00', quietHoursEnd: '07:00', [path]: value };
      expect(checkRule(invoiceRule(both), languages)).toEqual(
        refused(error(path, `${path} must be a local time written HH:mm, such as 21:00`))
      );
    });
  });

  describe('maxLatenessMinutes', () => {
    it.each([[0], [1440], [525_600], [null], [undefined]])('accepts %p', (maxLatenessMinutes) => {
      expect(checkRule(invoiceRule({ maxLatenessMinutes }), languages).ok).toBe(true);
    });

    it.each([[-1], [525_601], [1.5], ['60'], [NaN]])('refuses %p', (maxLatenessMinutes) => {
      expect(checkRule(invoiceRule({ maxLatenessMinutes }), languages)).toEqual(
        refused(error('maxLatenessMinutes', 'maxLatenessMinutes must be a whole number of minutes from 0 to 525600'))
      );
    });
  });

  describe('recipient', () => {
    it.each(['staff', 'both'])('accepts %s for an invoice rule (its account manager)', (recipient) => {
      expect(checkRule(invoiceRule({ recipient }), languages).ok).toBe(true);
    });

    it.each(['customer', 'staff', 'both'])('accepts %s for an appointment rule', (recipient) => {
      expect(checkRule(appointmentRule({ recipient }), languages).ok).toBe(true);
    });

    it.each([[undefined], ['customer']])('accepts %p for an invoice rule', (recipient) => {
      expect(checkRule(invoiceRule({ recipient }), languages).ok).toBe(true);
    });

    it.each(['manager', 'Customer'])('refuses the unknown recipient %j', (recipient) => {
      expect(checkRule(appointmentRule({ recipient }), languages)).toEqual(
        refused(error('recipient', 'recipient must be one of: customer, staff, both'))
      );
    });
  });

  describe('templates', () => {
    const templatesError = error(
      'templates',
      'templates must be an object with one message per language, such as {"en": "Hi {{ customer.name }}"}'
    );

    it.each([
      ['missing', undefined],
      ['null', null],
      ['empty', {}],
      ['a list', ['Hi']],
      ['text', 'Hi {{ customer.name }}'],
    ])('refuses templates that are %s', (_label, templates) => {
      expect(checkRule(invoiceRule({ templates }), languages)).toEqual(refused(templatesError));
    });

    it.each([[''], ['   '], [42], [null]])('refuses the empty message %p', (text) => {
      expect(checkRule(invoiceRule({ templates: { en: 'Hi', sw: text } }), languages)).toEqual(
        refused(error('templates.sw', 'templates.sw must be a non-empty message'))
      );
    });

    it('refuses a message over 2000 characters', () => {
      expect(checkRule(invoiceRule({ templates: { en: 'x'.repeat(2000) } }), languages).ok).toBe(true);
      expect(checkRule(invoiceRule({ templates: { en: 'x'.repeat(2001) } }), languages)).toEqual(
        refused(error('templates.en', 'templates.en must be at most 2000 characters'))
      );
    });

    it('refuses a language that is not configured', () => {
      expect(checkRule(invoiceRule({ templates: { en: 'Hi', de: 'Hallo' } }), languages)).toEqual(
        refused(error('templates.de', 'templates.de: language must be one of en, ar, fr, sw'))
      );
    });

    it('takes the languages from the argument', () => {
      const rule = invoiceRule({ templates: { en: 'Hi', fr: 'Bonjour' } });
      expect(checkRule(rule, languages).ok).toBe(true);
      expect(checkRule(rule, ['en', 'sw'])).toEqual(
        refused(error('templates.fr', 'templates.fr: language must be one of en, sw'))
      );
    });

    it('refuses a defaultLanguage without a template', () => {
      expect(checkRule(invoiceRule({ defaultLanguage: 'fr' }), languages)).toEqual(
        refused(
          error(
            'defaultLanguage',
            'defaultLanguage "fr" needs a template in templates, used when the record\'s language has none'
          )
        )
      );
    });

    it('takes "en" as the defaultLanguage when none is given', () => {
      expect(checkRule(invoiceRule({ defaultLanguage: undefined, templates: { sw: 'Habari' } }), languages)).toEqual(
        refused(
          error(
            'defaultLanguage',
            'defaultLanguage "en" needs a template in templates, used when the record\'s language has none'
          )
        )
      );
      expect(checkRule(invoiceRule({ defaultLanguage: undefined, templates: { en: 'Hi' } }), languages).ok).toBe(true);
    });

    it('accepts a defaultLanguage other than English when it has a template', () => {
      expect(checkRule(invoiceRule({ defaultLanguage: 'sw', templates: { sw: 'Habari' } }), languages).ok).toBe(true);
    });
  });

  describe("a step's own messages", () => {
    const withStepTemplates = (templates: unknown) => invoiceRule({ steps: [steps[0], { ...steps[1], templates }] });

    it('accepts a step message in some of the languages, kept inside the step', () => {
      const checked = checkRule(
        withStepTemplates({ en: 'Invoice {{ invoice.number }} was due {{ invoice.dueDate | relative }}.' }),
        languages
      );
      expect(checked.ok).toBe(true);
      expect(checked.ok && (checked.value.steps as { templates?: unknown }[])[1].templates).toEqual({
        en: 'Invoice {{ invoice.number }} was due {{ invoice.dueDate | relative }}.',
      });
    });

    it('refuses a step message in a language that is not configured, naming the step', () => {
      expect(checkRule(withStepTemplates({ de: 'Hallo' }), languages)).toEqual(
        refused(error('steps[1].templates.de', 'steps[1].templates.de: language must be one of en, ar, fr, sw'))
      );
    });

    it('refuses an empty step message and one that is not an object', () => {
      expect(checkRule(withStepTemplates({ fr: ' ' }), languages)).toEqual(
        refused(error('steps[1].templates.fr', 'steps[1].templates.fr must be a non-empty message'))
      );
      expect(checkRule(withStepTemplates('Hi'), languages)).toEqual(
        refused(
          error(
            'steps[1].templates',
            'steps[1].templates must be an object with this step\'s message per language, such as {"en": "…"}'
          )
        )
      );
    });

    it("validates a step message as the rule's: unknown variables are refused", () => {
      expect(checkRule(withStepTemplates({ en: 'Hi {{ appointment.title }}' }), languages)).toEqual(
        refused(
          error(
            'steps[1].templates.en',
            'steps[1].templates.en: line 1, column 7: "appointment.title" is only available in appointment templates, not invoice ones'
          )
        )
      );
    });
  });

  it('reports the problems of several parts together', () => {
    const rule = invoiceRule({
      name: '',
      anchor: 'created',
      steps: [{ amount: 1, unit: 'days', direction: 'after', repeat: { every: 1, unit: 'days', times: 0 } }],
      quietHoursStart: '22:00',
      conditions: [{ field: 'balance', operator: 'in', value: ['0'] }],
      templates: { en: 'Hi', sw: '' },
    });
    expect(checkRule(rule, languages)).toEqual(
      refused(
        error('name', 'name is required'),
        error('steps[0].repeat.times', 'steps[0].repeat.times must be a whole number from 1 to 100'),
        error('sendAt', 'sendAt applies only to date anchors (issue_date, due_date)'),
        error('quietHoursEnd', 'quiet hours need both a start and an end'),
        error('conditions[0].operator', 'conditions[0].operator for balance must be one of: eq, gt, gte, lt, lte'),
        error('templates.sw', 'templates.sw must be a non-empty message')
      )
    );
  });
});

describe('checkRule with inherited property names and nulls', () => {
  it.each(['constructor', 'toString', '__proto__'])(
    'refuses target %s as an unknown target instead of crashing',
    (target) => {
      expect(checkRule(invoiceRule({ target }), languages)).toEqual(
        refused(error('target', 'target must be one of: invoice, appointment'))
      );
    }
  );

  it('refuses an inherited name as a condition field', () => {
    const result = checkRule(
      invoiceRule({ conditions: [{ field: 'constructor', operator: 'eq', value: 'x' }] }),
      languages
    );
    expect(result).toEqual(
      refused(
        error(
          'conditions[0].field',
          'conditions[0].field must be one of: paymentStatus, invoiceStatus, balance, total, amountPaid, currency, language'
        )
      )
    );
  });

  it('refuses a default language that is an inherited name, not a template', () => {
    const result = checkRule(invoiceRule({ defaultLanguage: 'toString' }), languages);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.errors.map((item) => item.path)).toEqual(['defaultLanguage']);
  });

  it('treats a null recipient and a null default language as not set', () => {
    expect(checkRule(invoiceRule({ recipient: null, defaultLanguage: null }), languages).ok).toBe(true);
  });
});

describe('checkRule: replies and the opt-out footer', () => {
  const asking = 'See you tomorrow, {{ customer.name }}. {{ reply.hint }}';
  const library = {
    tpl1: { documentId: 'tpl1', name: 'Confirm please', target: 'appointment', messages: { en: asking } },
  };

  it('accepts reply.hint in a rule that allows replies', () => {
    expect(checkRule(appointmentRule({ allowReplies: true, templates: { en: asking } }), languages).ok).toBe(true);
  });

  it('names each message using reply.hint when the rule does not allow replies', () => {
    const result = checkRule(
      appointmentRule({
        templates: { en: asking, fr: 'À demain. {{ reply.hint }}' },
        steps: [
          { amount: 1, unit: 'days', direction: 'before', templates: { sw: 'Kesho. {{ reply.hint }}' } },
          { amount: 2, unit: 'hours', direction: 'before', templateId: 'tpl1' },
        ],
      }),
      languages,
      { library }
    );
    expect(result.ok ? [] : result.errors).toEqual([
      { path: 'templates.en', message: 'templates.en uses reply.hint but the rule does not allow replies' },
      { path: 'templates.fr', message: 'templates.fr uses reply.hint but the rule does not allow replies' },
      {
        path: 'steps[0].templates.sw',
        message: 'steps[0].templates.sw uses reply.hint but the rule does not allow replies',
      },
      {
        path: 'steps[1].templateId',
        message:
          'steps[1].templateId: the template "Confirm please" uses reply.hint but the rule does not allow replies',
      },
    ]);
  });

  it("names the rule's library template using reply.hint", () => {
    const result = checkRule(appointmentRule({ templates: {}, templateId: 'tpl1', allowReplies: false }), languages, {
      library,
    });
    expect(result.ok ? [] : result.errors.map((error) => error.path)).toEqual(['templateId']);
  });

  it('refuses reply.hint in e-mails, which replies do not reach', () => {
    const result = checkRule(
      appointmentRule({
        allowReplies: true,
        channel: 'email',
        emailTemplates: { en: { subject: 'Tomorrow', body: 'See you. {{ reply.hint }}' } },
      }),
      languages
    );
    expect(result.ok ? [] : result.errors.map((error) => error.path)).toEqual(['emailTemplates.en.body']);
  });

  it('refuses reply.hint in invoice templates', () => {
    const result = checkRule(
      invoiceRule({ allowReplies: true, templates: { en: 'Due. {{ reply.hint }}' } }),
      languages
    );
    expect(result.ok ? [] : result.errors[0].message).toMatch(/only available in appointment templates/);
  });

  it('wants allowReplies and optOutFooter as true or false', () => {
    const result = checkRule(appointmentRule({ allowReplies: 'yes', optOutFooter: 1 }), languages);
    expect(result.ok ? [] : result.errors.map((error) => error.message)).toEqual([
      'allowReplies must be true or false',
      'optOutFooter must be true or false',
    ]);
    expect(checkRule(appointmentRule({ allowReplies: null, optOutFooter: false }), languages).ok).toBe(true);
  });
});
