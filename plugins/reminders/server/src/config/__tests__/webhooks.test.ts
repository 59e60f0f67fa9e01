import config, { type RemindersConfig } from '..';

describe('webhooks', () => {
  const validate = (webhooks: unknown) => () => config.validator({ ...config.default, webhooks } as RemindersConfig);

  it('signs nothing by default; takes a secret of 16 characters or more', () => {
    expect(config.default.webhooks).toEqual({ secret: '', entryEvents: false });
    for (const secret of ['', 'sixteen-chars-ok', 'x'.repeat(200)])
      expect(validate({ secret, entryEvents: false })).not.toThrow();
  });

  it.each([[{ secret: 'short' }], [{ secret: 42 }], [{}]])('refuses %j, naming the option', (webhooks) => {
    expect(validate(webhooks)).toThrow(
      'reminders: webhooks.secret (REMINDERS_WEBHOOK_SECRET) must be empty or at least 16 characters'
    );
  });

  it('takes entryEvents as true or false only', () => {
    expect(validate({ secret: '', entryEvents: true })).not.toThrow();
    expect(validate({ secret: '', entryEvents: 'yes' })).toThrow(
      'reminders: webhooks.entryEvents (REMINDERS_WEBHOOK_ENTRY_EVENTS) must be true or false'
    );
  });
});
