import config, { type RemindersConfig } from '..';

describe('webhooks.secret', () => {
  const validate = (webhooks: unknown) => () => config.validator({ ...config.default, webhooks } as RemindersConfig);

  it('signs nothing by default; takes a secret of 16 characters or more', () => {
    expect(config.default.webhooks).toEqual({ secret: '' });
    for (const secret of ['', 'sixteen-chars-ok', 'x'.repeat(200)]) expect(validate({ secret })).not.toThrow();
  });

  it.each([[{ secret: 'short' }], [{ secret: 42 }], [{}]])('refuses %j, naming the option', (webhooks) => {
    expect(validate(webhooks)).toThrow(
      'reminders: webhooks.secret (REMINDERS_WEBHOOK_SECRET) must be empty or at least 16 characters'
    );
  });
});
