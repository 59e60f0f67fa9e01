import config, { type RemindersConfig, businessCalendarOf } from '..';

const validate = (changes: Partial<RemindersConfig>) => () =>
  config.validator({ ...config.default, ...changes } as RemindersConfig);

describe('the customer protection options', () => {
  it('accepts the defaults, no cap, and a Friday weekend with holidays', () => {
    expect(validate({})).not.toThrow();
    expect(validate({ frequencyCap: null })).not.toThrow();
    expect(
      validate({ businessCalendar: { weekendDays: [5], holidays: [{ date: '2026-12-25', name: 'Christmas' }] } })
    ).not.toThrow();
  });

  it('refuses a bad cap or calendar at startup, naming the option', () => {
    expect(validate({ frequencyCap: { perDay: 0, perWeek: 3, minSpacingMinutes: 60 } })).toThrow(
      /reminders: frequencyCap.perDay must be a whole number/
    );
    expect(validate({ businessCalendar: { holidays: [{ date: '25/12', name: 'Christmas' }] } })).toThrow(
      /holidays\[0\].date must be a date written YYYY-MM-DD/
    );
  });

  it('defaults the weekend to Saturday and Sunday, and takes a configured one as it is', () => {
    expect(businessCalendarOf({ businessCalendar: { holidays: [] } })).toEqual({ weekendDays: [6, 7], holidays: [] });
    expect(businessCalendarOf({ businessCalendar: { weekendDays: [5] } }).weekendDays).toEqual([5]);
  });
});
