/**
 * The SMS the plugin sends back about a reply, in the customer's language (English, French, Swahili,
 * Arabic; English for any other): the "which one?" question and the reschedule link. And the staff alert,
 * in English, by SMS and e-mail. Short: one SMS where the labels allow.
 */

export type ReplyLanguage = 'en' | 'fr' | 'sw' | 'ar';
const LANGUAGES: readonly string[] = ['en', 'fr', 'sw', 'ar'];
export const replyLanguageOf = (...candidates: (string | null | undefined)[]): ReplyLanguage =>
  (candidates.find((language) => language && LANGUAGES.includes(language)) as ReplyLanguage | undefined) ?? 'en';

/** What the question calls the records: all appointments, all invoices, or anything else. */
export type RecordKind = 'appointment' | 'invoice' | 'other';

const NOUNS: Record<ReplyLanguage, Record<RecordKind, string>> = {
  en: { appointment: 'appointments', invoice: 'invoices', other: 'bookings' },
  fr: { appointment: 'rendez-vous', invoice: 'factures', other: 'réservations' },
  sw: { appointment: 'miadi', invoice: 'ankara', other: 'nafasi' },
  ar: { appointment: 'مواعيد', invoice: 'فواتير', other: 'حجوزات' },
};

/** The word each language answers with, per intent that needs a record (the reply hint's words). */
export const ANSWER_WORDS: Record<ReplyLanguage, Record<'confirm' | 'cancel' | 'reschedule', string>> = {
  en: { confirm: 'YES', cancel: 'NO', reschedule: 'R' },
  fr: { confirm: 'OUI', cancel: 'NON', reschedule: 'R' },
  sw: { confirm: 'NDIO', cancel: 'HAPANA', reschedule: 'R' },
  ar: { confirm: 'نعم', cancel: 'لا', reschedule: 'R' },
};

export interface QuestionItem {
  code: string;
  /** "Dental check-up Wed 9 Dec 10:00", in the customer's language and time zone. */
  label: string;
}

/** "You have 2 appointments: reply YES A for Dental check-up Wed 9 Dec 10:00, YES B for …". */
export function whichOneQuestion(
  language: ReplyLanguage,
  intent: 'confirm' | 'cancel' | 'reschedule',
  kind: RecordKind,
  items: readonly QuestionItem[]
): string {
  const word = ANSWER_WORDS[language][intent];
  const noun = NOUNS[language][kind];
  const count = items.length;
  const list = (forWord: string, separator: string) =>
    items.map((item) => `${word} ${item.code} ${forWord} ${item.label}`).join(separator);
  switch (language) {
    case 'fr':
      return `Vous avez ${count} ${noun} : répondez ${list('pour', ', ')}.`;
    case 'sw':
      return `Una ${noun} ${count}: jibu ${list('kwa', ', ')}.`;
    case 'ar':
      return `لديك ${count} ${noun}: أرسل ${list('لـ', '، ')}.`;
    default:
      return `You have ${count} ${noun}: reply ${list('for', ', ')}.`;
  }
}

/** "To reschedule Dental check-up Wed 9 Dec 10:00: https://…". */
export function rescheduleMessage(language: ReplyLanguage, label: string, url: string): string {
  switch (language) {
    case 'fr':
      return `Pour reporter ${label} : ${url}`;
    case 'sw':
      return `Kubadilisha ${label}: ${url}`;
    case 'ar':
      return `لتأجيل ${label}: ${url}`;
    default:
      return `To reschedule ${label}: ${url}`;
  }
}

/** What staff are alerted of: a reply nobody's reminder explains, or a cancellation. */
export type StaffAlert =
  | { kind: 'unmatched'; phone: string; text: string }
  | { kind: 'cancelled'; phone: string; text: string; record: string };

const quoted = (text: string, max: number) => `"${text.length > max ? `${text.slice(0, max - 1)}…` : text}"`;

/** The staff SMS: one segment's worth of facts. */
export function staffAlertSms(alert: StaffAlert): string {
  return alert.kind === 'unmatched'
    ? `Reply from ${alert.phone} matches no reminder: ${quoted(alert.text, 60)}. See the inbox.`
    : `${alert.record} was cancelled by SMS from ${alert.phone}: ${quoted(alert.text, 40)}.`;
}

/** The staff e-mail: a subject and a plain-text body. */
export function staffAlertEmail(alert: StaffAlert): { subject: string; text: string } {
  const received = `The customer at ${alert.phone} wrote: ${quoted(alert.text, 500)}`;
  return alert.kind === 'unmatched'
    ? {
        subject: `Customer reply from ${alert.phone} matches no reminder`,
        text: `${received}\n\nNo reminder sent to this number recently explains it. It waits in the reminders inbox.`,
      }
    : {
        subject: `${alert.record} cancelled by the customer`,
        text: `${received}\n\n${alert.record} was cancelled, and its pending reminders with it.`,
      };
}
