import { normaliseEmail } from '../domain/email-address';
import { normalizePhone } from '../domain/phone';
import { type ReplyKeywords, checkReplyKeywords } from '../domain/reply-intents';
import type { CountryCode } from 'libphonenumber-js';

/** Customer replies (docs/replies.md): what they are read with, how far back they match, who hears of them. */
export interface RepliesConfig {
  /** Words per language and intent, merged over the defaults language by language, intent by intent. */
  keywords: ReplyKeywords;
  /** A reply matches the reminders sent to its number this many days back at most. */
  windowDays: number;
  /** Staff alerts by SMS (unmatched replies, cancellations); empty: the record's staff phone, if any. */
  staffPhone: string;
  /** Staff alerts by e-mail through Strapi's email plugin; empty: none. */
  staffEmail: string;
}

export const repliesDefaults: RepliesConfig = { keywords: {}, windowDays: 7, staffPhone: '', staffEmail: '' };

/** Throws with a message naming the option, as the plugin's validator does for the others. */
export function validateRepliesConfig(replies: RepliesConfig, region: CountryCode) {
  if (typeof replies !== 'object' || replies === null)
    throw new Error('reminders: replies must be an object (keywords, windowDays, staffPhone, staffEmail)');
  const problems = checkReplyKeywords(replies.keywords);
  if (problems.length) throw new Error(`reminders: ${problems.join('; ')}`);
  if (!Number.isInteger(replies.windowDays) || replies.windowDays < 1 || replies.windowDays > 90)
    throw new Error('reminders: replies.windowDays must be a whole number of days from 1 to 90');
  if (typeof replies.staffPhone !== 'string' || (replies.staffPhone && !normalizePhone(replies.staffPhone, region).ok))
    throw new Error(
      `reminders: replies.staffPhone ${JSON.stringify(replies.staffPhone)} must be empty or a phone number`
    );
  if (typeof replies.staffEmail !== 'string' || (replies.staffEmail && !normaliseEmail(replies.staffEmail).ok))
    throw new Error(
      `reminders: replies.staffEmail ${JSON.stringify(replies.staffEmail)} must be empty or an e-mail address`
    );
}
