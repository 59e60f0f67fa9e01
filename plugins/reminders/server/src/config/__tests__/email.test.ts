import config, { type EmailConfig, type RemindersConfig } from '..';

const validate = (changes: Partial<EmailConfig>) => () =>
  config.validator({ ...config.default, email: { ...config.default.email, ...changes } } as RemindersConfig);

describe('the email options', () => {
  it('accepts the defaults, the outbox, addresses with or without a name, and the timeout limits', () => {
    expect(validate({})).not.toThrow();
    expect(validate({ sender: 'outbox' })).not.toThrow();
    expect(validate({ from: 'billing@acme.example', replyTo: 'Acme Billing <help@acme.example>' })).not.toThrow();
    expect(validate({ timeoutMs: 1000 })).not.toThrow();
    expect(validate({ timeoutMs: 120_000 })).not.toThrow();
  });

  it.each([
    [{ sender: 'smtp' as EmailConfig['sender'] }, 'email.sender "smtp" must be one of email-plugin, outbox'],
    [{ from: 'billing' }, 'email.from "billing" must be empty or an e-mail address'],
    [{ replyTo: 'Acme <not an address>' }, 'email.replyTo "Acme <not an address>" must be empty or an e-mail address'],
    [{ timeoutMs: 999 }, 'email.timeoutMs must be a whole number of milliseconds from 1000 to 120000'],
    [{ timeoutMs: 120_001 }, 'email.timeoutMs must be a whole number'],
    [{ timeoutMs: 1500.5 }, 'email.timeoutMs must be a whole number'],
  ])('refuses %j at startup, naming the option', (changes, message) => {
    expect(validate(changes)).toThrow(`reminders: ${message}`);
  });
});
