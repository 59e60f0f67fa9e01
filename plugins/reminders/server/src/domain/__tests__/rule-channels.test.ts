import { checkRule } from './built-in-targets';

const languages = ['en', 'ar', 'fr', 'sw'] as const;
const email = { subject: 'Invoice {{ invoice.number }}', body: 'Hi {{ customer.name }},\n\nplease pay.' };

const rule = (overrides: Record<string, unknown> = {}): Record<string, unknown> => ({
  name: 'Payment due',
  target: 'invoice',
  anchor: 'due_date',
  steps: [
    { amount: 3, unit: 'days', direction: 'before' },
    { amount: 7, unit: 'days', direction: 'after' },
  ],
  conditions: [],
  templates: { en: 'Hi {{ customer.name }}, invoice {{ invoice.number }} is due.' },
  defaultLanguage: 'en',
  ...overrides,
});
const errorsOf = (overrides: Record<string, unknown>) => {
  const checked = checkRule(rule(overrides), languages);
  return checked.ok ? [] : checked.errors;
};
const paths = (overrides: Record<string, unknown>) => errorsOf(overrides).map((error) => error.path);

describe('checkRule: channels and e-mail templates', () => {
  it('keeps an SMS rule as it was: no channel, no e-mails needed', () => {
    expect(errorsOf({})).toEqual([]);
    expect(errorsOf({ channel: 'sms', emailTemplates: null })).toEqual([]);
  });

  it('takes an e-mail rule with e-mails in its default language, and no SMS', () => {
    expect(errorsOf({ channel: 'email', templates: null, emailTemplates: { en: email } })).toEqual([]);
    expect(errorsOf({ channel: 'sms_or_email', emailTemplates: { en: email, ar: email } })).toEqual([]);
  });

  it('refuses a channel that is not sms, email or sms_or_email, naming the step', () => {
    const steps = [
      { amount: 3, unit: 'days', direction: 'before' },
      { amount: 7, unit: 'days', direction: 'after', channel: 'fax' },
    ];
    expect(errorsOf({ steps })).toEqual([
      { path: 'steps[1].channel', message: 'steps[1].channel must be one of: sms, email, sms_or_email' },
    ]);
    expect(paths({ channel: 'pigeon' })).toEqual(['channel']);
  });

  it('needs e-mails covering the default language when a step sends e-mail', () => {
    const steps = [
      { amount: 3, unit: 'days', direction: 'before' },
      { amount: 7, unit: 'days', direction: 'after', channel: 'email' },
    ];
    expect(errorsOf({ steps })).toEqual([
      {
        path: 'emailTemplates',
        message:
          "emailTemplates needs an e-mail in the default language (en): step 2 sends e-mail, used when the record's language has none",
      },
    ]);
    expect(paths({ steps, emailTemplates: { sw: email } })).toEqual(['emailTemplates']);
    expect(paths({ channel: 'email', emailTemplates: {} })).toEqual(['emailTemplates']);
  });

  it("accepts an e-mail step's own e-mails instead of the rule's", () => {
    const steps = [
      { amount: 3, unit: 'days', direction: 'before' },
      { amount: 7, unit: 'days', direction: 'after', channel: 'email', emailTemplates: { en: email } },
    ];
    expect(errorsOf({ steps })).toEqual([]);
  });

  it('still needs SMS templates when a step sends SMS, else e-mail', () => {
    expect(paths({ channel: 'sms_or_email', templates: null, emailTemplates: { en: email } })).toEqual(['templates']);
    expect(paths({ channel: 'email', templates: null, emailTemplates: { en: email } })).toEqual([]);
  });

  it('checks each e-mail: a configured language, a one-line subject of at most 200 characters, a body', () => {
    expect(
      errorsOf({
        channel: 'email',
        emailTemplates: {
          en: { subject: 'Line one\nline two', body: '' },
          de: email,
          fr: 'Bonjour',
          sw: { subject: 'x'.repeat(201), body: 'x'.repeat(10_001), html: '<b>' },
        },
      })
    ).toEqual([
      { path: 'emailTemplates.en.subject', message: 'emailTemplates.en.subject must be one line (no line breaks)' },
      { path: 'emailTemplates.en.body', message: 'emailTemplates.en.body must be a non-empty message' },
      { path: 'emailTemplates.de', message: 'emailTemplates.de: language must be one of en, ar, fr, sw' },
      { path: 'emailTemplates.fr', message: 'emailTemplates.fr must be an object like {"subject": "…", "body": "…"}' },
      { path: 'emailTemplates.sw', message: 'emailTemplates.sw takes only subject and body, not html' },
      { path: 'emailTemplates.sw.subject', message: 'emailTemplates.sw.subject must be at most 200 characters' },
      { path: 'emailTemplates.sw.body', message: 'emailTemplates.sw.body must be at most 10000 characters' },
    ]);
    expect(paths({ channel: 'email', emailTemplates: ['en'] })).toEqual(['emailTemplates', 'emailTemplates']);
  });

  it('checks subject and body as templates: variables of the target, known filters', () => {
    const steps = [
      {
        amount: 3,
        unit: 'days',
        direction: 'before',
        channel: 'email',
        emailTemplates: { en: { subject: '{{ appointment.title }}', body: '{{ invoice.number | shout }}' } },
      },
    ];
    const errors = errorsOf({ steps, emailTemplates: { en: email } });
    expect(errors.map((error) => error.path)).toEqual([
      'steps[0].emailTemplates.en.subject',
      'steps[0].emailTemplates.en.body',
    ]);
    expect(errors[0].message).toContain('"appointment.title" is only available in appointment templates');
    expect(errors[1].message).toContain('unknown filter "shout"');
  });

  it("lets an event rule's e-mail say what changed", () => {
    const eventEmail = { subject: 'Thank you', body: 'We received {{ change.amount | money }}.' };
    expect(
      errorsOf({ anchor: 'payment_received', steps: undefined, channel: 'email', emailTemplates: { en: eventEmail } })
    ).toEqual([]);
    expect(paths({ channel: 'email', emailTemplates: { en: eventEmail } })).toEqual(['emailTemplates.en.body']);
  });
});
