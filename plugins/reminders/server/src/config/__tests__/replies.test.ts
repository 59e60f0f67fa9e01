import config, { type RemindersConfig } from '..';

describe('replies', () => {
  const validate = (replies: unknown) => () => config.validator({ ...config.default, replies } as RemindersConfig);
  const sound = { keywords: {}, windowDays: 7, staffPhone: '', staffEmail: '' };

  it('reads replies with the default words for 7 days, alerting nobody, by default', () => {
    expect(config.default.replies).toEqual(sound);
    expect(validate(sound)).not.toThrow();
    expect(
      validate({
        ...sound,
        keywords: { sw: { confirm: ['NDIO', 'EEH'] } },
        staffPhone: '0712 345 678',
        staffEmail: 'desk@example.com',
      })
    ).not.toThrow();
  });

  it.each([
    [
      { ...sound, keywords: { en: { confirm: ['STOP'] } } },
      'replies.keywords.en.opt-out: "STOP" already means confirm (en.confirm)',
    ],
    [{ ...sound, keywords: { en: { agree: ['YES'] } } }, 'replies.keywords.en.agree: not an intent'],
    [{ ...sound, windowDays: 0 }, 'replies.windowDays must be a whole number of days from 1 to 90'],
    [{ ...sound, windowDays: 7.5 }, 'replies.windowDays must be a whole number of days from 1 to 90'],
    [{ ...sound, staffPhone: 'call me' }, 'replies.staffPhone "call me" must be empty or a phone number'],
    [{ ...sound, staffEmail: 'desk' }, 'replies.staffEmail "desk" must be empty or an e-mail address'],
  ])('refuses %j, naming the option', (replies, message) => {
    expect(validate(replies)).toThrow(`reminders: ${message}`);
  });
});
