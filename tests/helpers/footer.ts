import { DEFAULT_OPT_OUT_FOOTERS } from '../../plugins/reminders/server/src/domain/opt-out-footer';

/** An SMS to a customer as a rule with the default opt-out footer sends it: the text, then the footer's line. */
export const withFooter = (text: string, language: keyof typeof DEFAULT_OPT_OUT_FOOTERS = 'en') =>
  `${text}\n${DEFAULT_OPT_OUT_FOOTERS[language]}`;
