import { createIntl } from 'react-intl';
import en from '../../../translations/en.json';
import ar from '../../../translations/ar.json';
import type { Rule, RuleOptions } from '../../../api/types';
import type { MessageKey } from '../../../hooks/useT';
import { describeStep, describeTiming } from '../../../components/describeRule';
import { fieldWords } from '../fieldWords';
import { channelOfStep, newRule, sendsEmail, toPayload } from '../ruleDraft';

const translator = (locale: string, messages: Record<string, string>) => {
  const intl = createIntl({ locale, messages });
  return (key: MessageKey, values?: Record<string, string | number>) => intl.formatMessage({ id: key }, values);
};
const t = translator('en', en);
const options = {
  targets: {
    invoice: {
      anchors: ['due_date'],
      dateAnchors: ['due_date'],
      anchorKinds: { due_date: 'date' },
      defaultConditions: [],
      conditions: {},
      variables: [],
      moneyVariables: [],
    },
  },
} as unknown as RuleOptions;

const before = { amount: 3, unit: 'days', direction: 'before' as const };
const after = { amount: 1, unit: 'days', direction: 'after' as const };

describe('steps by e-mail in the editor', () => {
  it("takes a step's channel, else the rule's, else SMS", () => {
    expect(channelOfStep({ channel: null }, before)).toBe('sms');
    expect(channelOfStep({ channel: 'email' }, before)).toBe('email');
    expect(channelOfStep({ channel: 'email' }, { ...before, channel: 'sms_or_email' })).toBe('sms_or_email');
  });

  it('needs the e-mail section when a step sends e-mail', () => {
    const rule = newRule(options);
    expect(sendsEmail(rule)).toBe(false);
    expect(sendsEmail({ ...rule, steps: [before, { ...after, channel: 'sms_or_email' }] })).toBe(true);
    expect(sendsEmail({ ...rule, channel: 'email' })).toBe(true);
  });

  it('sends the steps’ channels and the written e-mails, without the empty languages', () => {
    const rule: Rule = {
      ...newRule(options),
      steps: [before, { ...after, channel: 'email' }],
      emailTemplates: { en: { subject: 'Due', body: 'Please pay.' }, ar: { subject: '', body: ' ' } },
    };
    const payload = toPayload(rule, options);
    expect(payload.channel).toBe('sms');
    expect(payload.steps).toEqual([before, { ...after, channel: 'email' }]);
    expect(payload.emailTemplates).toEqual({ en: { subject: 'Due', body: 'Please pay.' } });
    expect(toPayload({ ...rule, emailTemplates: {} }, options).emailTemplates).toBeNull();
    // A rule whose channel was set over the API keeps it.
    expect(toPayload({ ...rule, channel: 'sms_or_email' }, options).channel).toBe('sms_or_email');
  });

  it('says how a step sends, SMS going unsaid, in English and Arabic', () => {
    expect(describeStep(after, 'due_date', t, 'email')).toBe('1 day after the due date, by e-mail');
    expect(describeStep(after, 'due_date', t, 'sms_or_email')).toBe('1 day after the due date, by SMS, else e-mail');
    expect(describeStep(after, 'due_date', t)).toBe('1 day after the due date');
    expect(describeStep(after, 'due_date', translator('ar', ar), 'email')).toContain('بالبريد الإلكتروني');
    expect(describeTiming({ anchor: 'due_date', steps: [before, after], sendAt: null, channel: 'email' }, t)).toBe(
      '3 days before the due date, by e-mail; 1 day after the due date, by e-mail'
    );
  });

  it.each([
    ['emailTemplates', 'E-mail'],
    ['emailTemplates.en.subject', 'Subject in English'],
    ['emailTemplates.ar.body', 'E-mail in Arabic'],
    ['steps[1].channel', 'Step 2 — Channel'],
    ['steps[0].emailTemplates.fr.body', 'Step 1 — E-mail in French'],
  ])('labels %s as "%s"', (path, label) => {
    expect(fieldWords(path, t)).toBe(label);
  });
});
