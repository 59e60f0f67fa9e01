import { CODE_LETTERS } from './reply-intents';

/**
 * Which record a reply is about, from the reminders recently sent to its number: pure, on rows as read.
 * The latest reminder per record counts; records still open (not paid, cancelled, completed…) come first.
 */

/** A reminder SMS that went to the number (accepted, delivered or maybe sent), newest first. */
export interface SentReminder {
  deliveryDocumentId: string;
  target: string;
  documentId: string;
  sentAt: Date;
  /** Whom it was sent from: the rule's sender ID, else the account's; null when the provider's default. */
  sender: string | null;
}

export interface MatchedRecord {
  target: string;
  documentId: string;
  deliveryDocumentId: string;
  /** A–E when the customer is asked which; null otherwise. */
  code: string | null;
}

export type Match =
  { kind: 'one'; record: MatchedRecord } | { kind: 'several'; candidates: MatchedRecord[] } | { kind: 'none' };

const digits = (value: string) => value.replace(/\D/g, '');
const isNumber = (value: string) => /^\+?[\d\s-]+$/.test(value);

/**
 * Whether a reply written to `to` can answer a reminder sent from `sender`. Only two things of one kind are
 * compared (two numbers, or two sender names): a reply reaches a short code or a number, never an
 * alphanumeric sender ID, so a name against a number excludes nothing. Long numbers compare by their last
 * nine digits (0712… and +254712… are one number).
 */
export function sameSender(to: string | null, sender: string | null): boolean {
  if (!to || !sender) return true;
  if (isNumber(to) !== isNumber(sender)) return true;
  if (!isNumber(to)) return to.trim().toUpperCase() === sender.trim().toUpperCase();
  const [a, b] = [digits(to), digits(sender)];
  return a.length >= 9 && b.length >= 9 ? a.slice(-9) === b.slice(-9) : a === b;
}

/** One entry per record, its latest reminder, in the order of their latest reminders (newest first). */
export function latestPerRecord(sent: readonly SentReminder[], to: string | null): SentReminder[] {
  const seen = new Set<string>();
  return [...sent]
    .filter((reminder) => sameSender(to, reminder.sender))
    .sort((a, b) => b.sentAt.getTime() - a.sentAt.getTime())
    .filter((reminder) => {
      const key = `${reminder.target}:${reminder.documentId}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
}

const matched = (reminder: SentReminder, code: string | null = null): MatchedRecord => ({
  target: reminder.target,
  documentId: reminder.documentId,
  deliveryDocumentId: reminder.deliveryDocumentId,
  code,
});

/**
 * The record meant: the one open record, or the open ones to ask about (at most five, coded A–E, the latest
 * reminder first); with none open, the latest record reminded (its intent will be refused with the reason);
 * with none at all, none. `isOpen` says whether a record is still open (and exists).
 */
export function matchRecord(records: readonly SentReminder[], isOpen: (reminder: SentReminder) => boolean): Match {
  const open = records.filter(isOpen);
  if (open.length === 1) return { kind: 'one', record: matched(open[0]) };
  if (open.length > 1)
    return {
      kind: 'several',
      candidates: open.slice(0, CODE_LETTERS.length).map((reminder, index) => matched(reminder, CODE_LETTERS[index])),
    };
  return records.length ? { kind: 'one', record: matched(records[0]) } : { kind: 'none' };
}

/** The candidate a code names, if any. */
export const candidateOf = <C extends { code: string | null }>(candidates: readonly C[], code: string | null) =>
  code === null ? undefined : candidates.find((candidate) => candidate.code === code);
