import type { FieldError } from '../field-errors';
import {
  type ClaimedKey,
  decide,
  fingerprintOf,
  keepsAnswer,
  keyDigest,
  readIdempotencyKey,
  scopeOf,
} from '../idempotency';

describe('readIdempotencyKey', () => {
  const read = (value: unknown) => {
    const problems: FieldError[] = [];
    return { key: readIdempotencyKey(value === undefined ? {} : { 'idempotency-key': value }, problems), problems };
  };

  it('takes 1 to 128 printable ASCII characters, and nothing when the header is absent', () => {
    expect(read('3f0c9a4e-6b1d-4c55-9a8e-2f1b7d0c6e11')).toEqual({
      key: '3f0c9a4e-6b1d-4c55-9a8e-2f1b7d0c6e11',
      problems: [],
    });
    expect(read('a')).toEqual({ key: 'a', problems: [] });
    expect(read('~ !"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}').key).toBeDefined();
    expect(read('k'.repeat(128)).key).toHaveLength(128);
    expect(read(undefined)).toEqual({ key: undefined, problems: [] });
  });

  it.each([
    ['an empty value', ''],
    ['129 characters', 'k'.repeat(129)],
    ['an accent', 'clé'],
    ['a tab', 'tab\there'],
    ['a NUL', 'nul\u0000'],
    ['an emoji', '🔑'],
    ['a list', ['a', 'b']],
    ['a number', 42],
  ])('refuses %s, naming the header', (_label, value) => {
    const { key, problems } = read(value);
    expect(key).toBeUndefined();
    expect(problems).toEqual([
      {
        path: 'Idempotency-Key',
        message: expect.stringMatching(/^the Idempotency-Key header must be 1 to 128 printable ASCII characters/),
      },
    ]);
  });
});

describe('fingerprintOf', () => {
  const request = {
    method: 'POST',
    path: '/reminders/records/invoice/abc/send-now',
    body: { rule: 'r1', confirm: true },
  };

  it('is the same for the same method, path and body, whatever the order of the keys', () => {
    expect(fingerprintOf(request)).toBe(
      fingerprintOf({ ...request, method: 'post', body: { confirm: true, rule: 'r1' } })
    );
    expect(fingerprintOf({ method: 'POST', path: '/x', body: undefined })).toBe(
      fingerprintOf({ method: 'POST', path: '/x', body: {} })
    );
    expect(fingerprintOf({ method: 'POST', path: '/x', body: { a: [{ b: 1, c: 2 }] } })).toBe(
      fingerprintOf({ method: 'POST', path: '/x', body: { a: [{ c: 2, b: 1 }] } })
    );
  });

  it('differs when the method, the path or the body differs', () => {
    const fingerprint = fingerprintOf(request);
    expect(fingerprintOf({ ...request, method: 'PUT' })).not.toBe(fingerprint);
    expect(fingerprintOf({ ...request, path: '/reminders/records/invoice/abd/send-now' })).not.toBe(fingerprint);
    expect(fingerprintOf({ ...request, body: { rule: 'r2', confirm: true } })).not.toBe(fingerprint);
    expect(fingerprintOf({ ...request, body: { rule: 'r1' } })).not.toBe(fingerprint);
    expect(fingerprintOf({ method: 'POST', path: '/x', body: [1, 2] })).not.toBe(
      fingerprintOf({ method: 'POST', path: '/x', body: [2, 1] })
    );
  });
});

describe('scopes and digests', () => {
  it('keeps two editors’ and two actions’ keys apart', () => {
    expect(scopeOf('send-now', 7)).toBe('send-now:7');
    expect(scopeOf('retry', undefined)).toBe('retry:anonymous');
    expect(keyDigest(scopeOf('send-now', 7), 'k')).not.toBe(keyDigest(scopeOf('send-now', 8), 'k'));
    expect(keyDigest(scopeOf('send-now', 7), 'k')).toBe(keyDigest('send-now:7', 'k'));
    expect(keyDigest('send-now:7', 'k'.repeat(128))).toMatch(/^[0-9a-f]{32}$/);
  });
});

describe('decide', () => {
  const now = new Date('2026-04-10T09:00:00Z');
  const request = { fingerprint: 'f1', owner: 'me', now };
  const claimed = (changes: Partial<ClaimedKey>): ClaimedKey => ({
    fingerprint: 'f1',
    state: 'in_progress',
    owner: 'me',
    leaseUntil: new Date('2026-04-10T09:05:00Z'),
    ...changes,
  });

  it('runs a key this request claimed', () => {
    expect(decide(claimed({}), request)).toBe('run');
  });

  it('replays a finished request’s answer', () => {
    expect(decide(claimed({ state: 'done', owner: 'someone else', leaseUntil: null }), request)).toBe('replay');
  });

  it('waits for another request holding the key, and takes over once its lease ran out', () => {
    expect(decide(claimed({ owner: 'other' }), request)).toBe('wait');
    expect(decide(claimed({ owner: 'other', leaseUntil: now }), request)).toBe('take-over');
    expect(decide(claimed({ owner: 'other', leaseUntil: null }), request)).toBe('take-over');
  });

  it('refuses the key for another request, whatever its state', () => {
    for (const state of ['in_progress', 'done'] as const)
      expect(decide(claimed({ state, fingerprint: 'f2' }), request)).toBe('conflict');
  });
});

describe('keepsAnswer', () => {
  it('keeps a success and a 4xx, not a 5xx', () => {
    expect([200, 400, 404, 409, 499, 500, 503].map(keepsAnswer)).toEqual([true, true, true, true, true, false, false]);
  });
});
