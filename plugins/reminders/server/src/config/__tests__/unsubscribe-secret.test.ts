import config, { type RemindersConfig } from '..';

describe('email.unsubscribeSecret', () => {
  const validate = (unsubscribeSecret: unknown) => () =>
    config.validator({ ...config.default, email: { ...config.default.email, unsubscribeSecret } } as RemindersConfig);

  it('is derived from the app keys by default; takes a secret of 16 characters or more', () => {
    expect(config.default.email.unsubscribeSecret).toBe('');
    for (const secret of ['', 'sixteen-chars-ok', 'x'.repeat(200)]) expect(validate(secret)).not.toThrow();
  });

  it.each([['short'], [42], [undefined]])('refuses %p, naming the option', (secret) => {
    expect(validate(secret)).toThrow('reminders: email.unsubscribeSecret must be empty or at least 16 characters');
  });
});
