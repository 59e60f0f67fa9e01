import config, { type RemindersConfig } from '..';

const validate = (changes: Partial<RemindersConfig>) => () =>
  config.validator({ ...config.default, ...changes } as RemindersConfig);

describe('the spendingCap option', () => {
  it('has no cap by default, and takes decimal limits', () => {
    expect(config.default.spendingCap).toEqual({ daily: null, monthly: null });
    expect(validate({})).not.toThrow();
    expect(validate({ spendingCap: { daily: '500.00', monthly: '10000' } })).not.toThrow();
  });

  it('stops Strapi at startup with a message naming the limit', () => {
    expect(validate({ spendingCap: { daily: '-1', monthly: null } })).toThrow(
      /reminders: spendingCap.daily must not be negative/
    );
    expect(validate({ spendingCap: { daily: '100', monthly: '50' } })).toThrow(
      /spendingCap.monthly must not be less than the daily limit/
    );
    expect(validate({ spendingCap: { daily: '5', monthly: null }, costPerSegment: null })).toThrow(
      /A spending cap needs a known price: set costPerSegment/
    );
  });
});
