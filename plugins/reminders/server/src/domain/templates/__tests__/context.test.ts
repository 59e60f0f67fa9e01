import { TEMPLATE_VARIABLES, linkPatternProblem, moneyVariablesOf } from '../context';
import { TemplateError } from '../engine';
import { buildTemplateContext, builtIn, sampleRecord } from '../../__tests__/built-in-targets';

// Monday 7 December 2026, 09:00 in Nairobi.
const now = new Date('2026-12-07T06:00:00Z');
const settings = {
  companyName: 'Acme Ltd',
  links: {
    pay: 'https://pay.example.com/invoices/{number}',
    view: 'https://example.com/r/{documentId}',
    reschedule: 'https://book.example.com/{documentId}/move?ref={number}',
  },
  timeZone: 'Africa/Nairobi',
  locale: 'en',
};

const invoice = {
  documentId: 'inv1doc',
  number: 'INV 7/2026',
  customerName: 'Wanjiku Kamau',
  phone: '+254712345678',
  currency: 'KES',
  total: 12500,
  amountPaid: 2500.5,
  balance: 9999.5,
  issueDate: '2026-11-20',
  dueDate: '2026-12-10',
  language: 'en',
};

const appointment = {
  documentId: 'apt1doc',
  title: 'Dental check-up',
  customerName: 'Grace Njeri',
  phone: '+254700111222',
  startsAt: '2026-12-08T07:00:00.000Z',
  endsAt: '2026-12-08T08:00:00.000Z',
  location: 'Ngong Road Clinic',
  staffName: 'Dr. Mwangi',
};

/** Reads "a.b" from a context. */
const at = (context: Record<string, unknown>, path: string) =>
  path.split('.').reduce<unknown>((value, key) => (value as Record<string, unknown>)[key], context);

describe('buildTemplateContext for an invoice', () => {
  const context = buildTemplateContext('invoice', invoice, settings, now);

  it.each([
    ['customer.name', 'Wanjiku Kamau'],
    ['customer.phone', '+254712345678'],
    ['company.name', 'Acme Ltd'],
    ['invoice.number', 'INV 7/2026'],
    ['invoice.total', '12500.00'],
    ['invoice.amountPaid', '2500.50'],
    ['invoice.balance', '9999.50'],
    ['invoice.currency', 'KES'],
    ['invoice.issueDate', '2026-11-20'],
    ['invoice.dueDate', '2026-12-10'],
    ['invoice.daysOverdue', 0],
    ['links.pay', 'https://pay.example.com/invoices/INV%207%2F2026'],
    ['links.view', 'https://example.com/r/inv1doc'],
  ])('%s is %p', (path, expected) => {
    expect(at(context, path)).toEqual(expected);
  });

  it('has exactly the catalogued variables', () => {
    const leaves = Object.entries(context).flatMap(([group, values]) =>
      Object.keys(values as object).map((key) => `${group}.${key}`)
    );
    expect(leaves.sort()).toEqual([...TEMPLATE_VARIABLES.invoice].sort());
  });

  it.each([
    ['JOD', '120.5', '20', { total: '120.500', amountPaid: '20.000', balance: '100.500' }],
    ['UGX', 350000, 0, { total: '350000', amountPaid: '0', balance: '350000' }],
    // PostgreSQL returns numeric(19,4) columns as strings with four decimals.
    ['KES', '12500.0000', '12500.0000', { total: '12500.00', amountPaid: '12500.00', balance: '0.00' }],
  ])('writes %s amounts with the currency minor units', (currency, total, amountPaid, expected) => {
    expect(
      buildTemplateContext('invoice', { ...invoice, currency, total, amountPaid }, settings, now).invoice
    ).toMatchObject(expected);
  });

  it('derives the balance from the amounts, never negative', () => {
    expect(buildTemplateContext('invoice', { ...invoice, balance: null }, settings, now).invoice).toMatchObject({
      balance: '9999.50',
    });
    expect(buildTemplateContext('invoice', { ...invoice, amountPaid: null }, settings, now).invoice).toMatchObject({
      amountPaid: '0.00',
      balance: '12500.00',
    });
  });

  it.each([
    ['2026-12-07', 'Africa/Nairobi', 0], // due today
    ['2026-12-06', 'Africa/Nairobi', 1],
    ['2026-11-07', 'Africa/Nairobi', 30],
    ['2026-12-31', 'Africa/Nairobi', 0], // not due yet
    // 06:00 UTC is 20:00 on Monday the 7th in Kiritimati (UTC+14) but still Sunday the 6th in Pago Pago (UTC−11).
    ['2026-12-06', 'Pacific/Kiritimati', 1],
    ['2026-12-06', 'Pacific/Pago_Pago', 0],
  ])('counts a due date of %s in %s as %i days overdue', (dueDate, timeZone, days) => {
    expect(
      buildTemplateContext('invoice', { ...invoice, issueDate: '2026-01-01', dueDate }, { ...settings, timeZone }, now)
        .invoice
    ).toMatchObject({ daysOverdue: days });
  });

  it('reads dates that come back as Date objects', () => {
    const context = buildTemplateContext(
      'invoice',
      { ...invoice, dueDate: new Date('2026-12-10T00:00:00Z') },
      settings,
      now
    );
    expect(context.invoice).toMatchObject({ dueDate: '2026-12-10' });
  });

  it('leaves what the record lacks null, and links that are not configured', () => {
    const context = buildTemplateContext('invoice', { currency: 'KES', total: '1' }, { ...settings, links: {} }, now);
    expect(context).toEqual({
      customer: { name: null, phone: null },
      recipient: { kind: 'customer', name: null },
      company: { name: 'Acme Ltd' },
      invoice: {
        number: null,
        total: '1.00',
        amountPaid: '0.00',
        balance: '1.00',
        currency: 'KES',
        issueDate: null,
        dueDate: null,
        daysOverdue: 0,
      },
      links: { pay: null, view: null },
    });
  });

  it('fails clearly on a record the write path would have refused', () => {
    expect(() => buildTemplateContext('invoice', { ...invoice, currency: 'XYZ' }, settings, now)).toThrow(
      new TemplateError('invoice.currency "XYZ" is not an ISO 4217 currency code')
    );
    expect(() => buildTemplateContext('invoice', { ...invoice, total: '1.234' }, settings, now)).toThrow(
      'invoice.total "1.234" has more than 2 decimal places'
    );
  });
});

describe('buildTemplateContext for an appointment', () => {
  const context = buildTemplateContext('appointment', appointment, settings, now);

  it.each([
    ['customer.name', 'Grace Njeri'],
    ['customer.phone', '+254700111222'],
    ['company.name', 'Acme Ltd'],
    ['appointment.title', 'Dental check-up'],
    ['appointment.startsAt', '2026-12-08T07:00:00.000Z'],
    ['appointment.endsAt', '2026-12-08T08:00:00.000Z'],
    ['appointment.location', 'Ngong Road Clinic'],
    ['appointment.staff', 'Dr. Mwangi'],
    ['links.view', 'https://example.com/r/apt1doc'],
    // Appointments have no number: {number} is their documentId.
    ['links.reschedule', 'https://book.example.com/apt1doc/move?ref=apt1doc'],
  ])('%s is %p', (path, expected) => {
    expect(at(context, path)).toEqual(expected);
  });

  it('has exactly the catalogued variables', () => {
    const leaves = Object.entries(context).flatMap(([group, values]) =>
      Object.keys(values as object).map((key) => `${group}.${key}`)
    );
    expect(leaves.sort()).toEqual([...TEMPLATE_VARIABLES.appointment].sort());
  });

  it('stores instants in UTC whatever offset or type they come with', () => {
    const withOffset = buildTemplateContext(
      'appointment',
      { ...appointment, startsAt: '2026-12-08T10:00:00+03:00', endsAt: new Date('2026-12-08T08:00:00Z') },
      settings,
      now
    );
    expect(withOffset.appointment).toMatchObject({
      startsAt: '2026-12-08T07:00:00.000Z',
      endsAt: '2026-12-08T08:00:00.000Z',
    });
  });

  it('leaves an appointment without end, location or staff with nulls', () => {
    const bare = buildTemplateContext(
      'appointment',
      { ...appointment, endsAt: null, location: '', staffName: undefined },
      settings,
      now
    );
    expect(bare.appointment).toMatchObject({ endsAt: null, location: null, staff: null });
  });
});

describe('sampleRecord', () => {
  it('is an invoice due in 3 days, partly paid', () => {
    const context = buildTemplateContext('invoice', sampleRecord('invoice', now, 'Africa/Nairobi'), settings, now);
    expect(context.invoice).toMatchObject({
      dueDate: '2026-12-10',
      issueDate: '2026-11-17',
      balance: '10000.00',
      daysOverdue: 0,
    });
  });

  it('is an appointment tomorrow at 10:00 local time', () => {
    expect(sampleRecord('appointment', now, 'Africa/Nairobi')).toMatchObject({
      startsAt: '2026-12-08T07:00:00.000Z',
      endsAt: '2026-12-08T08:00:00.000Z',
    });
    expect(sampleRecord('appointment', now, 'Asia/Tokyo')).toMatchObject({ startsAt: '2026-12-08T01:00:00.000Z' });
  });
});

describe('linkPatternProblem', () => {
  it.each([
    'https://pay.example.com/invoices/{number}',
    'http://localhost:3000/a/{documentId}?n={number}',
    'https://example.com/plain',
  ])('accepts %s', (pattern) => {
    expect(linkPatternProblem(pattern)).toBeUndefined();
  });

  it.each([
    [
      'ftp://example.com',
      'must be an http(s) URL of at most 500 characters, such as https://pay.example.com/invoices/{number}',
    ],
    [
      'javascript:alert(1)',
      'must be an http(s) URL of at most 500 characters, such as https://pay.example.com/invoices/{number}',
    ],
    [
      'https://exa mple.com',
      'must be an http(s) URL of at most 500 characters, such as https://pay.example.com/invoices/{number}',
    ],
    [42, 'must be an http(s) URL of at most 500 characters, such as https://pay.example.com/invoices/{number}'],
    ['https://example.com/{id}/{phone}', 'uses {id}, {phone}; only {documentId} and {number} are replaced'],
  ])('refuses %p', (pattern, problem) => {
    expect(linkPatternProblem(pattern)).toBe(problem);
  });
});

describe('moneyVariablesOf', () => {
  it("names an invoice's amounts, none of an appointment's", () => {
    expect(moneyVariablesOf(builtIn('invoice'))).toEqual(['invoice.total', 'invoice.amountPaid', 'invoice.balance']);
    expect(moneyVariablesOf(builtIn('appointment'))).toEqual([]);
  });

  it("names a host type's amount fields when its mapping has a currency", () => {
    const host = {
      ...builtIn('invoice'),
      templates: 'record' as const,
      recordFields: { plan: 'text' as const, price: 'amount' as const },
    };
    expect(moneyVariablesOf({ ...host, currency: { code: 'KES' } })).toEqual(['record.price']);
    expect(moneyVariablesOf({ ...host, currency: undefined })).toEqual([]);
  });
});
