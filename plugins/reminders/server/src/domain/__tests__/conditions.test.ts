import type { ConditionOperator, RuleCondition } from '../rule-definition';
import { reasonText } from '../reasons';
import { conditionsToFilter } from '../conditions';
import { defaultsOf, evaluateConditions } from './built-in-targets';

const invoice = (overrides: Record<string, unknown> = {}) => ({
  paymentStatus: 'unpaid',
  invoiceStatus: 'sent',
  currency: 'KES',
  total: '1500.50',
  amountPaid: '0.00',
  balance: '1500.50',
  ...overrides,
});
const appointment = (overrides: Record<string, unknown> = {}) => ({ appointmentStatus: 'scheduled', ...overrides });
const condition = (field: string, operator: ConditionOperator, value: string | string[]): RuleCondition => ({
  field,
  operator,
  value,
});
const ok = { ok: true };
const notOk = (reason: string) => ({ ok: false, reason });
/** The verdict with its reason as the English sentence the delivery's `reason` keeps. */
const evaluated = (...args: Parameters<typeof evaluateConditions>) => {
  const verdict = evaluateConditions(...args);
  return verdict.ok ? verdict : { ok: false, reason: reasonText(verdict.reason) };
};

describe('evaluateConditions', () => {
  describe('default conditions: what a new time-based rule starts with, no longer added behind its back', () => {
    it.each([
      [{ paymentStatus: 'unpaid' }],
      [{ paymentStatus: 'partially_paid' }],
      [{ invoiceStatus: 'draft' }],
      [{ paymentStatus: null, invoiceStatus: null }],
      [{ paymentStatus: undefined, invoiceStatus: undefined }],
    ])('an invoice %j meets the defaults', (overrides) => {
      expect(evaluated('invoice', defaultsOf('invoice'), invoice(overrides))).toEqual(ok);
    });

    it('a paid or void invoice fails them, with the reason a person would give', () => {
      expect(evaluated('invoice', defaultsOf('invoice'), invoice({ paymentStatus: 'paid' }))).toEqual(
        notOk('The invoice is paid')
      );
      expect(evaluated('invoice', defaultsOf('invoice'), invoice({ invoiceStatus: 'void' }))).toEqual(
        notOk('The invoice is void')
      );
    });

    it('a rule without conditions reaches every status: paid, void, cancelled', () => {
      expect(evaluated('invoice', [], invoice({ paymentStatus: 'paid', invoiceStatus: 'void' }))).toEqual(ok);
      expect(evaluated('appointment', [], appointment({ appointmentStatus: 'cancelled' }))).toEqual(ok);
      const paid = [condition('paymentStatus', 'in', ['paid'])];
      expect(evaluated('invoice', paid, invoice({ paymentStatus: 'paid' }))).toEqual(ok);
    });

    it.each(['scheduled', 'confirmed', 'completed', 'no_show'])('an appointment %s meets them', (appointmentStatus) => {
      expect(evaluated('appointment', defaultsOf('appointment'), appointment({ appointmentStatus }))).toEqual(ok);
    });

    it('a cancelled appointment fails them', () => {
      expect(
        evaluated('appointment', defaultsOf('appointment'), appointment({ appointmentStatus: 'cancelled' }))
      ).toEqual(notOk('The appointment is cancelled'));
    });
  });

  describe('any of several groups', () => {
    const anyOf = {
      anyOf: [
        [condition('paymentStatus', 'in', ['paid']), condition('total', 'gte', '1000')],
        [condition('invoiceStatus', 'eq', 'draft')],
      ],
    };

    it('holds when every condition of one group holds', () => {
      expect(evaluated('invoice', anyOf, invoice({ paymentStatus: 'paid', total: '1500.50' }))).toEqual(ok);
      expect(evaluated('invoice', anyOf, invoice({ invoiceStatus: 'draft' }))).toEqual(ok);
    });

    it('fails when no group holds, naming the failing condition of the first group', () => {
      expect(evaluated('invoice', anyOf, invoice({ paymentStatus: 'paid', total: '10' }))).toEqual(
        notOk('Total is 10; this rule is for invoices whose total is at least 1000')
      );
      expect(evaluated('invoice', anyOf, invoice())).toEqual(
        notOk('Payment status is unpaid; this rule is for invoices whose payment status is one of paid')
      );
    });

    it('reads appointment types and custom status values like any other text', () => {
      const rule = {
        anyOf: [
          [condition('appointmentType', 'eq', 'consultation')],
          [condition('appointmentStatus', 'in', ['checked_in'])],
        ],
      };
      expect(evaluated('appointment', rule, appointment({ appointmentType: 'consultation' }))).toEqual(ok);
      expect(evaluated('appointment', rule, appointment({ appointmentStatus: 'checked_in' }))).toEqual(ok);
      expect(evaluated('appointment', rule, appointment({ appointmentType: 'follow_up' })).ok).toBe(false);
    });
  });

  describe('statuses and text: in, notIn, eq', () => {
    it.each([
      ['invoice', condition('paymentStatus', 'in', ['unpaid', 'partially_paid']), { paymentStatus: 'unpaid' }, ok],
      [
        'invoice',
        condition('paymentStatus', 'in', ['unpaid', 'partially_paid']),
        { paymentStatus: 'partially_paid' },
        ok,
      ],
      [
        'invoice',
        condition('paymentStatus', 'in', ['unpaid']),
        { paymentStatus: 'partially_paid' },
        notOk('Payment status is partially paid; this rule is for invoices whose payment status is one of unpaid'),
      ],
      [
        'invoice',
        condition('invoiceStatus', 'in', ['sent']),
        { invoiceStatus: 'draft' },
        notOk('Invoice status is draft; this rule is for invoices whose invoice status is one of sent'),
      ],
      [
        'invoice',
        condition('invoiceStatus', 'in', ['sent']),
        { invoiceStatus: null },
        notOk('Invoice status is empty; this rule is for invoices whose invoice status is one of sent'),
      ],
      ['invoice', condition('invoiceStatus', 'notIn', ['draft']), { invoiceStatus: 'sent' }, ok],
      ['invoice', condition('invoiceStatus', 'notIn', ['draft']), { invoiceStatus: null }, ok],
      [
        'invoice',
        condition('invoiceStatus', 'notIn', ['draft', 'sent']),
        { invoiceStatus: 'sent' },
        notOk('Invoice status is sent; this rule is for invoices whose invoice status is none of draft, sent'),
      ],
      ['invoice', condition('currency', 'eq', 'KES'), { currency: 'KES' }, ok],
      [
        'invoice',
        condition('currency', 'eq', 'KES'),
        { currency: 'UGX' },
        notOk('Currency is UGX; this rule is for invoices whose currency is equal to KES'),
      ],
      ['invoice', condition('language', 'in', ['sw', 'en']), { language: 'sw' }, ok],
      [
        'invoice',
        condition('language', 'in', ['sw', 'en']),
        { language: 'fr' },
        notOk('Language is fr; this rule is for invoices whose language is one of sw, en'),
      ],
      ['appointment', condition('appointmentStatus', 'eq', 'confirmed'), { appointmentStatus: 'confirmed' }, ok],
      [
        'appointment',
        condition('appointmentStatus', 'eq', 'confirmed'),
        { appointmentStatus: 'scheduled' },
        notOk(
          'Appointment status is scheduled; this rule is for appointments whose appointment status is equal to confirmed'
        ),
      ],
      [
        'appointment',
        condition('appointmentStatus', 'notIn', ['no_show']),
        { appointmentStatus: 'no_show' },
        notOk(
          'Appointment status is no show; this rule is for appointments whose appointment status is none of no show'
        ),
      ],
    ] as const)('%s %j on %j', (target, c, overrides, expected) => {
      const record = target === 'invoice' ? invoice(overrides) : appointment(overrides);
      expect(evaluated(target, [c], record)).toEqual(expected);
    });
  });

  describe('amounts, compared exactly (never as floats or as text)', () => {
    it.each([
      // actual, operator, value, holds
      ['0.1', 'gt', '0', true],
      ['0.1', 'gt', '0.1', false],
      ['0.1', 'gte', '0.1', true],
      ['0.1', 'lt', '0.1', false],
      ['0.1', 'lte', '0.1', true],
      ['0.1', 'eq', '0.10', true],
      ['0.30', 'eq', '0.3', true],
      ['0.09', 'lt', '0.1', true],
      ['0.0001', 'gt', '0', true],
      ['0', 'eq', '0.0000', true],
      ['1500.50', 'eq', '1500.5', true],
      ['1500.50', 'lte', '1500.5', true],
      ['1500.50', 'lt', '1500.5', false],
      ['1500.49', 'lt', '1500.5', true],
      ['1.0000', 'eq', '1', true],
      // as text "10" < "9", as numbers 10 > 9
      ['10', 'gt', '9', true],
      ['9', 'lt', '10', true],
      ['100', 'lte', '99.99', false],
      // beyond a float's precision: Number() makes these two equal
      ['999999999999999.9999', 'gt', '999999999999999.9998', true],
      ['999999999999999.9998', 'lt', '999999999999999.9999', true],
      ['999999999999999.9999', 'eq', '999999999999999.9998', false],
      ['999999999999999.9998', 'gte', '999999999999999.9999', false],
      // numbers as SQLite returns them
      [0.1, 'eq', '0.1', true],
      [0.1, 'gt', '0.09', true],
      [1500.5, 'eq', '1500.50', true],
      [0, 'lt', '0.0001', true],
    ] as const)('balance %p %s %p: %p', (balance, operator, value, holds) => {
      const result = evaluateConditions('invoice', [condition('balance', operator, value)], invoice({ balance }));
      expect(result.ok).toBe(holds);
    });

    it.each([
      [
        { balance: '0' },
        condition('balance', 'gt', '0'),
        'Balance is 0; this rule is for invoices whose balance is more than 0',
      ],
      [
        { balance: '0.1' },
        condition('balance', 'gt', '0.1'),
        'Balance is 0.1; this rule is for invoices whose balance is more than 0.1',
      ],
      [
        { balance: '0.09' },
        condition('balance', 'gte', '0.1'),
        'Balance is 0.09; this rule is for invoices whose balance is at least 0.1',
      ],
      [
        { total: '1500.50' },
        condition('total', 'lt', '1000'),
        'Total is 1500.50; this rule is for invoices whose total is less than 1000',
      ],
      [
        { total: '1500.50' },
        condition('total', 'lte', '1500.49'),
        'Total is 1500.50; this rule is for invoices whose total is at most 1500.49',
      ],
      [
        { amountPaid: '10' },
        condition('amountPaid', 'eq', '0'),
        'Amount paid is 10; this rule is for invoices whose amount paid is equal to 0',
      ],
      [
        { balance: null },
        condition('balance', 'gt', '0'),
        'Balance is empty; this rule is for invoices whose balance is more than 0',
      ],
    ])('when %j fails %j the reason names the field and its value', (overrides, c, reason) => {
      expect(evaluated('invoice', [c], invoice(overrides))).toEqual(notOk(reason));
    });
  });

  it('names the first condition that fails, in order', () => {
    const conditions = [
      condition('balance', 'gt', '0'),
      condition('total', 'gte', '2000'),
      condition('currency', 'eq', 'UGX'),
    ];
    expect(evaluated('invoice', conditions, invoice())).toEqual(
      notOk('Total is 1500.50; this rule is for invoices whose total is at least 2000')
    );
    expect(evaluated('invoice', conditions, invoice({ total: '2000' }))).toEqual(
      notOk('Currency is KES; this rule is for invoices whose currency is equal to UGX')
    );
    expect(evaluated('invoice', conditions, invoice({ total: '2000', currency: 'UGX' }))).toEqual(ok);
  });
});

describe('conditionsToFilter', () => {
  it('filters nothing for a rule without conditions (every status)', () => {
    expect(conditionsToFilter([])).toEqual([]);
    expect(conditionsToFilter(null)).toEqual([]);
  });

  it('keeps null statuses for "none of" (the default conditions)', () => {
    expect(conditionsToFilter(defaultsOf('invoice'))).toEqual([
      { $or: [{ paymentStatus: { $notIn: ['paid'] } }, { paymentStatus: { $null: true } }] },
      { $or: [{ invoiceStatus: { $notIn: ['void'] } }, { invoiceStatus: { $null: true } }] },
    ]);
  });

  it('turns each rule condition into one Strapi filter', () => {
    const conditions = [
      condition('paymentStatus', 'in', ['unpaid', 'partially_paid']),
      condition('invoiceStatus', 'notIn', ['draft']),
      condition('currency', 'eq', 'KES'),
      condition('balance', 'gt', '0.1'),
      condition('balance', 'gte', '1500.50'),
      condition('total', 'lt', '10000'),
      condition('total', 'lte', '0.0001'),
      condition('amountPaid', 'eq', '1500.50'),
    ];
    expect(conditionsToFilter(conditions)).toEqual([
      { paymentStatus: { $in: ['unpaid', 'partially_paid'] } },
      { $or: [{ invoiceStatus: { $notIn: ['draft'] } }, { invoiceStatus: { $null: true } }] },
      { currency: { $eq: 'KES' } },
      // Strict bounds become inclusive: the query may let more through, the exact check decides.
      { balance: { $gte: 0.1 } },
      { balance: { $gte: 1500.5 } },
      { total: { $lte: 10000 } },
      { total: { $lte: 0.0001 } },
      { amountPaid: { $eq: '1500.50' } },
    ]);
  });

  it('turns groups into an $or of $ands', () => {
    expect(
      conditionsToFilter({
        anyOf: [
          [condition('paymentStatus', 'in', ['paid']), condition('total', 'gt', '0')],
          [condition('language', 'eq', 'sw')],
        ],
      })
    ).toEqual([
      {
        $or: [
          { $and: [{ paymentStatus: { $in: ['paid'] } }, { total: { $gte: 0 } }] },
          { $and: [{ language: { $eq: 'sw' } }] },
        ],
      },
    ]);
  });

  it('gives range operators numbers and keeps lists and equality values as given', () => {
    const [gt, inList, eq] = conditionsToFilter([
      condition('balance', 'gt', '0'),
      condition('language', 'in', ['sw']),
      condition('language', 'eq', 'sw'),
    ]);
    expect(typeof (gt as { balance: { $gte: unknown } }).balance.$gte).toBe('number');
    expect(inList).toEqual({ language: { $in: ['sw'] } });
    expect(eq).toEqual({ language: { $eq: 'sw' } });
  });
});
