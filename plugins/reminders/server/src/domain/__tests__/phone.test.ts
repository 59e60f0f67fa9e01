import { PHONE_MEMO_LIMIT, isRegionCode, maskPhone, normalizePhone } from '../phone';

describe('normalizePhone', () => {
  it.each([
    ['0712 345 678', 'KE', '+254712345678'],
    ['0712345678', 'KE', '+254712345678'],
    ['+254 733 123 456', 'KE', '+254733123456'],
    ['+254733123456', 'UG', '+254733123456'],
    ['0772 123 456', 'UG', '+256772123456'],
  ] as const)('reads %j in region %s as %s', (input, region, e164) => {
    expect(normalizePhone(input, region)).toEqual({ ok: true, e164 });
  });

  it.each([
    ['Uganda', '+256 772 123 456', '+256772123456'],
    ['Jordan', '+962 7 9123 4567', '+962791234567'],
    ['Senegal', '+221 77 123 45 67', '+221771234567'],
    ['Tanzania', '+255 754 123 456', '+255754123456'],
    ['the United Kingdom', '+44 7400 123456', '+447400123456'],
    ['the United States', '+1 201 555 0123', '+12015550123'],
  ])('accepts a number from %s in international format whatever the default region', (_country, input, e164) => {
    expect(normalizePhone(input, 'KE')).toEqual({ ok: true, e164 });
  });

  it('reads a local number in the default region, not in Kenya', () => {
    expect(normalizePhone('0754 123 456', 'TZ')).toEqual({ ok: true, e164: '+255754123456' });
  });

  it.each(['12', 'abc', '0712 345', '+254 712 345 678 999'])('refuses %j as not a valid phone number', (input) => {
    expect(normalizePhone(input, 'KE')).toEqual({
      ok: false,
      problem: `"${input}" is not a valid phone number (default region KE)`,
    });
  });

  it('names the default region in the problem', () => {
    expect(normalizePhone('12', 'UG')).toEqual({
      ok: false,
      problem: '"12" is not a valid phone number (default region UG)',
    });
  });

  it.each([[''], ['   '], [undefined], [null], [712345678], [254712345678n], [{}], [['0712345678']], [true]])(
    'refuses %p as not a phone number at all',
    (input) => {
      expect(normalizePhone(input, 'KE')).toEqual({ ok: false, problem: 'must be a phone number' });
    }
  );

  it('refuses input of 41 characters or more as too long', () => {
    const input = `+254712345678${' '.repeat(28)}`;
    expect(input).toHaveLength(41);
    expect(normalizePhone(input, 'KE')).toEqual({ ok: false, problem: 'is too long to be a phone number' });
    expect(normalizePhone('1'.repeat(100), 'KE')).toEqual({ ok: false, problem: 'is too long to be a phone number' });
  });

  it('still reads input of exactly 40 characters', () => {
    const input = `+254 712 345 678${' '.repeat(24)}`;
    expect(input).toHaveLength(40);
    expect(normalizePhone(input, 'KE')).toEqual({ ok: true, e164: '+254712345678' });
  });
});

describe('normalizePhone remembering what it parsed', () => {
  /** A Kenyan mobile number, different for each i. */
  const kenyan = (i: number) => `0712${String(1_000_000 + i).slice(1)}`;

  it('gives the same answer for a number read again, in its region', () => {
    const first = normalizePhone('0754 123 456', 'TZ');
    expect(normalizePhone('0754 123 456', 'TZ')).toBe(first);
    expect(normalizePhone('0754 123 456', 'KE')).toEqual({ ok: true, e164: '+254754123456' });
    expect(normalizePhone('0754 123 456', undefined)).toEqual({
      ok: false,
      problem: '"0754 123 456" is not a valid phone number (written with its country code, such as +254…)',
    });
    expect(normalizePhone('0754 123 456', 'TZ')).toEqual({ ok: true, e164: '+255754123456' });
  });

  it('hands out answers no caller can change for the next one', () => {
    const answer = normalizePhone('0712 345 678', 'KE') as { ok: true; e164: string };
    expect(() => {
      answer.e164 = '+1';
    }).toThrow(TypeError);
    expect(normalizePhone('0712 345 678', 'KE')).toEqual({ ok: true, e164: '+254712345678' });
  });

  const half = PHONE_MEMO_LIMIT / 2;
  /** Reads `count` numbers never read before. */
  let next = 1;
  const readOthers = (count: number) => {
    for (let i = 0; i < count; i += 1) normalizePhone(kenyan((next += 1)), 'KE');
  };

  it(`keeps a number read at least once every ${half - 1} others, however many are read`, () => {
    const kept = normalizePhone(kenyan(0), 'KE');
    for (let round = 0; round < 5; round += 1) {
      readOthers(half - 1);
      expect(normalizePhone(kenyan(0), 'KE')).toBe(kept);
    }
    expect(kept).toEqual({ ok: true, e164: '+254712000000' });
  });

  it(`forgets a number past ${PHONE_MEMO_LIMIT} others, and reads it again right`, () => {
    const forgotten = normalizePhone(kenyan(0), 'KE');
    readOthers(PHONE_MEMO_LIMIT);
    const again = normalizePhone(kenyan(0), 'KE');
    expect(again).not.toBe(forgotten);
    expect(again).toEqual(forgotten);
  });
});

describe('maskPhone', () => {
  it('keeps the first 5 and the last 2 characters', () => {
    expect(maskPhone('+254712345678')).toBe('+2547******78');
    expect(maskPhone('+12015550123')).toBe('+1201*****23');
  });

  it('keeps the length of the number', () => {
    expect(maskPhone('+447400123456')).toHaveLength('+447400123456'.length);
    expect(maskPhone('+447400123456')).toBe('+4474******56');
  });

  it('hides one character of an 8-character number', () => {
    expect(maskPhone('+6834002')).toBe('+6834*02');
  });

  it.each([
    ['+12345', '******'],
    ['+1', '**'],
    ['', ''],
  ])('hides every character of the short value %j', (input, masked) => {
    expect(maskPhone(input)).toBe(masked);
  });
});

describe('isRegionCode', () => {
  it.each(['KE', 'UG', 'TZ', 'JO', 'SN', 'GB', 'US'])('accepts %s', (code) => {
    expect(isRegionCode(code)).toBe(true);
  });

  it.each(['XX', 'ke', 'KEN', '', '254'])('refuses %j', (code) => {
    expect(isRegionCode(code)).toBe(false);
  });
});
