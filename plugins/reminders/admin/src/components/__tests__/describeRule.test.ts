import { createIntl } from 'react-intl';
import en from '../../translations/en.json';
import ar from '../../translations/ar.json';
import type { MessageKey } from '../../hooks/useT';
import { describeStep, describeTiming, remindersOfStep, repeatTimesFor } from '../describeRule';

const translator = (locale: string, messages: Record<string, string>) => {
  const intl = createIntl({ locale, messages });
  return (key: MessageKey, values?: Record<string, string | number>) => intl.formatMessage({ id: key }, values);
};
const t = translator('en', en);

const weekly = { amount: 7, unit: 'days', direction: 'after' as const, repeat: { every: 1, unit: 'weeks', times: 3 } };

describe('describeRule', () => {
  it('says when an event rule sends: at the event in words, later steps after it', () => {
    const now = { amount: 0, unit: 'minutes', direction: 'after' as const };
    expect(describeStep(now, 'paid', t)).toBe('when paid in full');
    expect(describeStep(now, 'bookingStatus_changed', t)).toBe('when bookingStatus changes');
    expect(describeStep(now, 'due_date', t)).toBe('on the due date');
  });

  it('counts the reminders of a repeated step in all: stored times 3 is 4 reminders', () => {
    expect(describeStep(weekly, 'due_date', t)).toBe('7 days after the due date, 4 reminders, weekly');
    expect(remindersOfStep(weekly)).toBe(4);
    expect(repeatTimesFor(4)).toBe(3);
  });

  it('says "every 2 weeks" and counts a step without repeat as one reminder', () => {
    const fortnightly = { ...weekly, repeat: { every: 2, unit: 'weeks', times: 1 } };
    expect(describeStep(fortnightly, 'due_date', t)).toBe('7 days after the due date, 2 reminders, every 2 weeks');
    expect(remindersOfStep({ repeat: null })).toBe(1);
  });

  it('says the same on the Rules page summary, in Arabic too', () => {
    const rule = { anchor: 'due_date', sendAt: '09:00', steps: [weekly] };
    expect(describeTiming(rule, t)).toBe('7 days after the due date, 4 reminders, weekly at 09:00');
    expect(describeTiming(rule, translator('ar', ar))).toContain('4 تذكيرات، أسبوعياً');
  });
});
