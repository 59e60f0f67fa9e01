import config, { type RemindersConfig } from '..';

describe('sendNowConfirmMinutes', () => {
  const validate = (sendNowConfirmMinutes: unknown) => () =>
    config.validator({ ...config.default, sendNowConfirmMinutes } as RemindersConfig);

  it('asks after 5 minutes by default; 0 never asks, up to a day', () => {
    expect(config.default.sendNowConfirmMinutes).toBe(5);
    for (const minutes of [5, 0, 1440]) expect(validate(minutes)).not.toThrow();
  });

  it.each([[-1], [1.5], ['5'], [1441], [null]])('refuses %j, naming the option', (minutes) => {
    expect(validate(minutes)).toThrow(
      'reminders: sendNowConfirmMinutes must be a whole number of minutes from 0 to 1440'
    );
  });
});
