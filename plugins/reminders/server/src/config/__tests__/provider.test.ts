import { providerDefaults, validateProviderConfig, type ProviderConfig } from '../provider';

const config = (
  changes: Partial<ProviderConfig> = {},
  at: Partial<ProviderConfig['africastalking']> = {}
): ProviderConfig => ({
  ...providerDefaults,
  ...changes,
  africastalking: { ...providerDefaults.africastalking, ...at },
});
const credentials = { username: 'sandbox', apiKey: 'atsk_0123456789abcdef' };

describe('validateProviderConfig', () => {
  it("accepts the defaults, and full Africa's Talking settings", () => {
    expect(() => validateProviderConfig(config())).not.toThrow();
    expect(() =>
      validateProviderConfig(
        config(
          {
            provider: 'africastalking',
            callbackSecret: 'Zm9vYmFyLWJhei1xdXV4LTEyMw',
            publicUrl: 'https://reminders.example.com',
          },
          { ...credentials, senderId: 'ACME', apiBaseUrl: 'http://127.0.0.1:8080/version1', timeoutMs: 5000 }
        )
      )
    ).not.toThrow();
  });

  it.each<[string, ProviderConfig, RegExp]>([
    [
      'an unknown provider',
      config({ provider: 'twilio' as never }),
      /provider "twilio" must be one of auto, outbox, africastalking/,
    ],
    ['a username without a key', config({}, { username: 'sandbox' }), /both a username and an API key/],
    ['a key without a username', config({}, { apiKey: 'atsk_x' }), /both a username and an API key/],
    ['africastalking without credentials', config({ provider: 'africastalking' }), /needs AT_USERNAME and AT_API_KEY/],
    [
      'a base URL that is not http(s)',
      config({}, { apiBaseUrl: 'ftp://example.com' }),
      /apiBaseUrl "ftp:\/\/example.com" is not an http\(s\) URL/,
    ],
    [
      'a timeout of 0',
      config({}, { timeoutMs: 0 }),
      /timeoutMs must be a whole number of milliseconds from 100 to 120000/,
    ],
    ['a timeout read as text', config({}, { timeoutMs: '5000' as never }), /timeoutMs/],
    ['a short callback secret', config({ callbackSecret: 'short' }), /at least 16 URL-safe characters/],
    ['a callback secret with a slash', config({ callbackSecret: 'abc/def+ghi=jklmnop' }), /URL-safe/],
    [
      'a public URL that is not a URL',
      config({ publicUrl: 'reminders.example.com' }),
      /publicUrl "reminders.example.com"/,
    ],
  ])('refuses %s, naming the option', (_name, value, message) => {
    expect(() => validateProviderConfig(value)).toThrow(message);
  });
});
