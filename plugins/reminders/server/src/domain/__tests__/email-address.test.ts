import { maskEmail, normaliseEmail } from '../email-address';

describe('normaliseEmail', () => {
  it('trims and lower-cases an address', () => {
    expect(normaliseEmail('  Jane.Doe+Bills@Example.CO.KE ')).toEqual({
      ok: true,
      address: 'jane.doe+bills@example.co.ke',
    });
  });

  it.each([
    ['', 'is empty'],
    ['   ', 'is empty'],
    [null, 'is empty'],
    [42, 'is empty'],
  ])('refuses %p as empty', (raw, problem) => {
    expect(normaliseEmail(raw)).toEqual({ ok: false, problem });
  });

  it.each([
    'jane',
    'jane@',
    '@example.com',
    'jane@example',
    'ja ne@example.com',
    'a@b@example.com',
    'jane@-x.com',
    'jane@x..com',
    '<jane@example.com>',
  ])('refuses %p, naming what it got', (raw) => {
    const result = normaliseEmail(raw);
    expect(result).toEqual({ ok: false, problem: expect.stringContaining('is not an e-mail address') });
  });

  it('refuses an address longer than 254 characters and accepts one of 254', () => {
    const domain = '@example.com';
    expect(normaliseEmail('a'.repeat(254 - domain.length) + domain)).toMatchObject({ ok: true });
    expect(normaliseEmail('a'.repeat(255 - domain.length) + domain)).toEqual({
      ok: false,
      problem: 'is longer than 254 characters',
    });
  });
});

describe('maskEmail', () => {
  it('keeps the first letter and the domain', () => {
    expect(maskEmail('jane@example.com')).toBe('j***@example.com');
    expect(maskEmail('j@example.com')).toBe('j***@example.com');
  });

  it('shows nothing of something that is not an address', () => {
    expect(maskEmail('@example.com')).toBe('***');
    expect(maskEmail('nobody')).toBe('***');
  });
});
