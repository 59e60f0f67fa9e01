import { channelOfStep, emailKeyOf, fallsBackToEmail, sendsEmail, smsKeyOf } from '../channels';

describe('channelOfStep', () => {
  it("is the step's own channel, else the rule's, else SMS", () => {
    expect(channelOfStep({ channel: 'email' }, { channel: 'sms_or_email' })).toBe('sms_or_email');
    expect(channelOfStep({ channel: 'email' }, {})).toBe('email');
    expect(channelOfStep({}, undefined)).toBe('sms');
    expect(channelOfStep({ channel: null }, { channel: 'pigeon' })).toBe('sms');
  });
});

describe('sendsEmail', () => {
  it('is true when any step sends e-mail, by itself or as a fallback', () => {
    expect(sendsEmail({ steps: [{}, { channel: 'sms_or_email' }] })).toBe(true);
    expect(sendsEmail({ channel: 'email' })).toBe(true);
    expect(sendsEmail({ channel: 'sms', steps: [{}, { channel: 'sms' }] })).toBe(false);
  });
});

describe('e-mail keys', () => {
  it('are the SMS key with a suffix, and give the SMS key back', () => {
    expect(emailKeyOf('r:0:0:invoice:i:customer:2026-12-01')).toBe('r:0:0:invoice:i:customer:2026-12-01:email');
    expect(smsKeyOf(emailKeyOf('k'))).toBe('k');
    expect(smsKeyOf('k')).toBe('k');
  });
});

describe('fallsBackToEmail', () => {
  it.each([
    ['skipped', 'not_sendable', true],
    ['skipped', 'opted_out', true],
    ['rejected', 'InvalidPhoneNumber', true],
    ['failed', 'DeliveryFailure', true],
    ['skipped', 'quiet_hours', false],
    ['skipped', 'frequency_cap', false],
    ['unknown', 'timeout', false],
    ['accepted', null, false],
    ['delivered', null, false],
    ['expired', 'too_late', false],
    ['cancelled', 'no_longer_applies', false],
  ])('%s (%s) → %s', (status, code, expected) => {
    expect(fallsBackToEmail(status, code)).toBe(expected);
  });
});
