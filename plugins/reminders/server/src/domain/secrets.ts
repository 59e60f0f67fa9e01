import crypto from 'crypto';

/**
 * Compares a secret someone presented with the expected one in constant time. Both are hashed first so
 * that neither the comparison nor an early length check tells an attacker how close a guess was.
 * An empty expected secret matches nothing.
 */
export function secretsMatch(given: unknown, expected: string): boolean {
  const digest = (value: string) => crypto.createHash('sha256').update(value, 'utf8').digest();
  const candidate = typeof given === 'string' ? given : '';
  const same = crypto.timingSafeEqual(digest(candidate), digest(expected));
  return same && expected !== '';
}

/** Enough of a key to tell which one is configured, never enough to use it: ••••••••3f9a. */
export function maskSecret(secret: string): string {
  if (secret === '') return '(not set)';
  return secret.length >= 16 ? `••••••••${secret.slice(-4)}` : '••••••••';
}
