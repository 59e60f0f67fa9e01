import { maskSecret, secretsMatch } from '../secrets';

describe('secretsMatch', () => {
  it('matches only the exact secret', () => {
    expect(secretsMatch('s3cret-value-0123456789', 's3cret-value-0123456789')).toBe(true);
    expect(secretsMatch('s3cret-value-012345678', 's3cret-value-0123456789')).toBe(false);
    expect(secretsMatch('S3cret-value-0123456789', 's3cret-value-0123456789')).toBe(false);
  });

  it('refuses a missing or non-text secret, and everything when none is configured', () => {
    expect(secretsMatch(undefined, 'configured-secret-123')).toBe(false);
    expect(secretsMatch(['configured-secret-123'], 'configured-secret-123')).toBe(false);
    expect(secretsMatch('', '')).toBe(false);
  });
});

describe('maskSecret', () => {
  it('shows the last four characters of a long key and nothing of a short one', () => {
    expect(maskSecret('atsk_0123456789abcdef')).toBe('••••••••cdef');
    expect(maskSecret('short')).toBe('••••••••');
    expect(maskSecret('')).toBe('(not set)');
  });
});
