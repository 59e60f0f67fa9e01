import crypto from 'crypto';
import { listUnsubscribeHeaders, readUnsubscribeToken, signUnsubscribeToken, unsubscribeSecrets } from '../unsubscribe';

const secret = 'a-configured-secret-of-some-length';
const invalid = { ok: false, problem: 'The unsubscribe link is incomplete or was not made by this site' };

describe('unsubscribe tokens', () => {
  it('round-trips an address, in URL-safe characters', () => {
    const token = signUnsubscribeToken('jane+bills@example.com', secret);
    expect(token).toMatch(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{43}$/);
    expect(readUnsubscribeToken(token, [secret])).toEqual({ ok: true, address: 'jane+bills@example.com' });
  });

  it('refuses a token signed with another secret', () => {
    expect(readUnsubscribeToken(signUnsubscribeToken('jane@example.com', 'another-secret-entirely'), [secret])).toEqual(
      invalid
    );
  });

  it('refuses a token whose address was swapped for another (the signature is of the address)', () => {
    const [, signature] = signUnsubscribeToken('jane@example.com', secret).split('.');
    const forged = `${Buffer.from('john@example.com').toString('base64url')}.${signature}`;
    expect(readUnsubscribeToken(forged, [secret])).toEqual(invalid);
  });

  it('refuses a token with one character of the signature changed', () => {
    const token = signUnsubscribeToken('jane@example.com', secret);
    const last = token.at(-2) === 'A' ? 'B' : 'A';
    expect(readUnsubscribeToken(`${token.slice(0, -2)}${last}${token.at(-1)}`, [secret])).toEqual(invalid);
  });

  it.each([
    undefined,
    null,
    42,
    ['a.b'],
    { token: 'x' },
    '',
    '.',
    'abc',
    'abc.',
    '.abc',
    'a.b.c',
    'amFuZUBleGFtcGxlLmNvbQ.short',
    'amFuZUBleGFtcGxlLmNvbQ.' + 'A'.repeat(43),
    'not base64!.' + 'A'.repeat(43),
    'x'.repeat(10_000),
  ])('refuses garbage (%p) without throwing', (token) => {
    expect(readUnsubscribeToken(token, [secret])).toEqual(invalid);
  });

  it('refuses a validly signed token for something that is not a normalised address', () => {
    expect(readUnsubscribeToken(signUnsubscribeToken('Jane@Example.com', secret), [secret])).toEqual(invalid);
    expect(readUnsubscribeToken(signUnsubscribeToken('not an address', secret), [secret])).toEqual(invalid);
  });

  it('refuses random tokens', () => {
    for (let i = 0; i < 200; i += 1) {
      const token = `${crypto.randomBytes(12).toString('base64url')}.${crypto.randomBytes(32).toString('base64url')}`;
      expect(readUnsubscribeToken(token, [secret])).toEqual(invalid);
    }
  });

  it('refuses everything when there is no secret at all', () => {
    expect(readUnsubscribeToken(signUnsubscribeToken('jane@example.com', ''), [])).toEqual(invalid);
  });
});

describe('unsubscribeSecrets', () => {
  it('is the configured secret when there is one', () => {
    expect(unsubscribeSecrets(secret, ['key-a'])).toEqual([secret]);
  });

  it('derives one secret per app key, none of them the key itself', () => {
    const secrets = unsubscribeSecrets('', ['key-a', 'key-b']);
    expect(secrets).toHaveLength(2);
    expect(secrets[0]).not.toBe(secrets[1]);
    for (const derived of secrets) expect(['key-a', 'key-b']).not.toContain(derived);
    expect(unsubscribeSecrets('', ['key-a', 'key-b'])).toEqual(secrets);
  });

  it('keeps links signed with an old key valid after a new key is put first', () => {
    const before = unsubscribeSecrets('', ['key-a']);
    const token = signUnsubscribeToken('jane@example.com', before[0]);
    const after = unsubscribeSecrets('', ['key-new', 'key-a']);
    expect(readUnsubscribeToken(token, after)).toEqual({ ok: true, address: 'jane@example.com' });
    expect(readUnsubscribeToken(token, unsubscribeSecrets('', ['key-new']))).toEqual(invalid);
  });

  it('has no secret without keys', () => {
    expect(unsubscribeSecrets('', undefined)).toEqual([]);
    expect(unsubscribeSecrets('', ['', 3])).toEqual([]);
  });
});

describe('listUnsubscribeHeaders', () => {
  it('names the URL for RFC 2369 and asks for a one-click POST (RFC 8058)', () => {
    expect(listUnsubscribeHeaders('https://shop.example.com/api/reminders/unsubscribe?token=abc.def')).toEqual({
      'List-Unsubscribe': '<https://shop.example.com/api/reminders/unsubscribe?token=abc.def>',
      'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
    });
  });
});
