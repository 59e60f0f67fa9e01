import { createIntl } from 'react-intl';
import en from '../../../translations/en.json';
import type { MessageKey } from '../../../hooks/useT';
import { fieldWords, problemInWords } from '../fieldWords';

const intl = createIntl({ locale: 'en', messages: en });
const t = (key: MessageKey, values?: Record<string, string | number>) => intl.formatMessage({ id: key }, values);

describe('fieldWords', () => {
  it.each([
    ['steps[0].amount', 'Step 1 — Amount'],
    ['steps[2].repeat.every', 'Step 3 — Every'],
    ['steps[1].templates.fr', 'Step 2 — Message in French'],
    ['templates.en', 'Message in English'],
    ['messages.fr', 'Message in French'],
    ['templateId', 'Library template'],
    ['steps[1].templateId', 'Step 2 — Library template'],
    ['conditions[0].value', 'Condition 1 — Value'],
    ['steps[1].minimumNotice.amount', 'Step 2 — Minimum notice'],
    ['recipients', 'Recipient'],
    ['conditions.anyOf[1][0].value', 'Group 2 — Condition 1 — Value'],
    ['conditions.anyOf[0]', 'Group 1'],
    ['sendAt', 'Send at'],
    ['somethingElse', 'somethingElse'],
  ])('labels %s as "%s"', (path, label) => {
    expect(fieldWords(path, t)).toBe(label);
  });

  it("puts the label in the server's message and a date in the editor's format", () => {
    expect(
      problemInWords(
        { path: 'steps[0].amount', message: 'steps[0].amount must be a whole number from 0 to 100000' },
        t,
        'en-GB'
      )
    ).toBe('Step 1 — Amount must be a whole number from 0 to 100000');
    expect(
      problemInWords({ path: 'backfillFrom', message: 'backfillFrom 2026-05-12 is in the future' }, t, 'en-GB')
    ).toBe('backfillFrom 12 May 2026 is in the future');
  });

  it('counts the reminders in all for a repeat count, as the form does', () => {
    expect(
      problemInWords(
        { path: 'steps[0].repeat.times', message: 'steps[0].repeat.times must be a whole number from 1 to 100' },
        t,
        'en'
      )
    ).toBe('From 2 to 101 reminders in all');
  });
});
