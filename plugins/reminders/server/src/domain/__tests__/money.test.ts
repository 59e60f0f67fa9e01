import { formatAmount, isCurrencyCode, minorUnits, parseAmount, parseProviderCost } from '../money';

const notDecimal = { ok: false, problem: 'must be a decimal amount such as "1500.00"' };
const negative = { ok: false, problem: 'must not be negative' };

describe('isCurrencyCode', () => {
  it.each(['KES', 'JOD', 'UGX', 'USD', 'TZS', 'XOF'])('accepts %s', (code) => {
    expect(isCurrencyCode(code)).toBe(true);
  });

  it.each([['XYZ'], ['kes'], ['Kes'], ['KE'], ['KESS'], [' KES'], [''], [123], [null], [undefined], [['KES']]])(
    'refuses %p',
    (code) => {
      expect(isCurrencyCode(code)).toBe(false);
    }
  );
});

describe('minorUnits', () => {
  it.each([
    ['KES', 2],
    ['USD', 2],
    ['TZS', 2],
    ['JOD', 3],
    ['BHD', 3],
    ['UGX', 0],
    ['XOF', 0],
    ['RWF', 0],
    ['JPY', 0],
  ])('%s has %i decimal digits', (currency, digits) => {
    expect(minorUnits(currency)).toBe(digits);
  });
});

describe('parseAmount', () => {
  it.each([
    ['1500.50', 2, 150050n],
    ['1500.5', 2, 150050n],
    ['1500', 2, 150000n],
    ['0', 2, 0n],
    ['0.00', 2, 0n],
    ['0.1', 2, 10n],
    ['0.2', 2, 20n],
    ['0.01', 2, 1n],
    ['10.5', 3, 10500n],
    ['1.234', 3, 1234n],
    ['50000', 0, 50000n],
    ['007', 2, 700n],
    [' 12.30 ', 2, 1230n],
  ])('reads %j with %i digits as %p minor units', (input, digits, minor) => {
    expect(parseAmount(input, digits)).toEqual({ ok: true, minor });
  });

  it('adds 0.1 and 0.2 exactly, where floats give 0.30000000000000004', () => {
    const a = parseAmount('0.1', 2);
    const b = parseAmount('0.2', 2);
    if (!a.ok || !b.ok) throw new Error('0.1 and 0.2 must parse');
    expect(a.minor + b.minor).toBe(30n);
    expect(formatAmount(a.minor + b.minor, 2)).toBe('0.30');
  });

  it('keeps every digit of an amount beyond the float range of exact integers', () => {
    expect(parseAmount('999999999999999.99', 2)).toEqual({ ok: true, minor: 99999999999999999n });
    expect(parseAmount('900719925474099.13', 2)).toEqual({ ok: true, minor: 90071992547409913n });
  });

  it.each([
    [1500.5, 2, 150050n],
    [1500, 2, 150000n],
    [0, 2, 0n],
    [0.1, 2, 10n],
    [10.5, 3, 10500n],
    [50000, 0, 50000n],
  ])('reads the number %p with %i digits as %p minor units', (input, digits, minor) => {
    expect(parseAmount(input, digits)).toEqual({ ok: true, minor });
  });

  it('refuses the float sum 0.1 + 0.2 rather than rounding it', () => {
    expect(parseAmount(0.1 + 0.2, 2)).toEqual({ ok: false, problem: 'has more than 2 decimal places' });
  });

  it.each([
    ['10.005', 2, 'has more than 2 decimal places'],
    ['10.001', 2, 'has more than 2 decimal places'],
    ['10.0001', 3, 'has more than 3 decimal places'],
    ['10.5', 0, 'has more than 0 decimal places'],
    ['0.001', 2, 'has more than 2 decimal places'],
  ])('refuses %j with %i digits: %s', (input, digits, problem) => {
    expect(parseAmount(input, digits)).toEqual({ ok: false, problem });
  });

  it.each([
    ['10.500', 2, 1050n],
    ['10.50000000', 2, 1050n],
    ['10.0', 0, 10n],
    ['10.000', 0, 10n],
    ['1.2340', 3, 1234n],
  ])('accepts the trailing zeros of %j with %i digits', (input, digits, minor) => {
    expect(parseAmount(input, digits)).toEqual({ ok: true, minor });
  });

  it.each([['-1'], ['-0'], ['-0.01'], [' -5'], [-1], [-0.5]])('refuses the negative %p', (input) => {
    expect(parseAmount(input, 2)).toEqual(negative);
  });

  it.each([
    ['abc'],
    [''],
    ['   '],
    ['1,500'],
    ['1 500'],
    ['1500.'],
    ['.5'],
    ['+5'],
    ['1e3'],
    ['0x10'],
    ['12abc'],
    ['KES 1500'],
    ['1.2.3'],
    [NaN],
    [Infinity],
    [-Infinity],
    [1e21],
    [null],
    [undefined],
    [true],
    [150050n],
    [{}],
    [['1500']],
  ])('refuses %p as not a decimal amount', (input) => {
    expect(parseAmount(input, 2)).toEqual(notDecimal);
  });

  it('accepts a whole part of 15 digits and refuses one of 16', () => {
    expect(parseAmount('123456789012345', 2)).toEqual({ ok: true, minor: 12345678901234500n });
    expect(parseAmount('123456789012345.67', 2)).toEqual({ ok: true, minor: 12345678901234567n });
    expect(parseAmount('1234567890123456', 2)).toEqual(notDecimal);
  });
});

describe('formatAmount', () => {
  it.each([
    [0n, 0, '0'],
    [0n, 2, '0.00'],
    [0n, 3, '0.000'],
    [5n, 2, '0.05'],
    [50n, 2, '0.50'],
    [150050n, 2, '1500.50'],
    [150000n, 2, '1500.00'],
    [5n, 3, '0.005'],
    [1234567n, 3, '1234.567'],
    [10500n, 3, '10.500'],
    [50000n, 0, '50000'],
    [7n, 0, '7'],
    [99999999999999999n, 2, '999999999999999.99'],
  ])('writes %p minor units with %i digits as %j', (minor, digits, text) => {
    expect(formatAmount(minor, digits)).toBe(text);
  });

  it.each([
    [-5n, 2, '-0.05'],
    [-150050n, 2, '-1500.50'],
    [-1n, 3, '-0.001'],
    [-7n, 0, '-7'],
  ])('writes the negative %p with %i digits as %j', (minor, digits, text) => {
    expect(formatAmount(minor, digits)).toBe(text);
  });

  it.each([
    ['1500.50', 2],
    ['0.05', 2],
    ['10.500', 3],
    ['50000', 0],
  ])('gives back %j after parsing it with %i digits', (text, digits) => {
    const parsed = parseAmount(text, digits);
    if (!parsed.ok) throw new Error(`${text} must parse`);
    expect(formatAmount(parsed.minor, digits)).toBe(text);
  });
});

describe('minorUnits follows ISO 4217 where display data differs', () => {
  it.each([
    ['IQD', 3],
    ['SOS', 2],
    ['MGA', 2],
    ['LBP', 2],
    ['CLF', 4],
  ])('%s has %i', (currency, digits) => {
    expect(minorUnits(currency)).toBe(digits);
  });

  it('accepts an IQD amount with fils', () => {
    expect(parseAmount('1500.250', minorUnits('IQD'))).toEqual({ ok: true, minor: 1500250n });
  });
});

describe('parseProviderCost', () => {
  it("reads Africa's Talking's cost exactly, in ten-thousandths", () => {
    expect(parseProviderCost('KES 0.8000')).toEqual({ currency: 'KES', tenThousandths: 8000n });
    expect(parseProviderCost('UGX 35')).toEqual({ currency: 'UGX', tenThousandths: 350000n });
    expect(parseProviderCost('NGN 123456789012.1234')).toEqual({ currency: 'NGN', tenThousandths: 1234567890121234n });
  });

  it('gives null for a missing or odd cost rather than a wrong sum', () => {
    for (const cost of [null, undefined, '', '0', 'KES', 'KES -1', 'kes 1', 'KES 1.23456', 'KES 1e3', 'KES  1', 12]) {
      expect([cost, parseProviderCost(cost)]).toEqual([cost, null]);
    }
  });
});
