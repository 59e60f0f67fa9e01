import { normaliseEmail } from '../domain/email-address';
import type { EmailConfig } from '.';

const SENDERS: EmailConfig['sender'][] = ['email-plugin', 'outbox'];

/** An address alone, or with a display name as mail headers write it: "Acme Billing <billing@acme.example>". */
const isMailbox = (value: string) => normaliseEmail(/<([^<>]*)>\s*$/.exec(value)?.[1] ?? value).ok;

/**
 * Throws with a message naming the option, as the plugin's validator does for the others. (`unsubscribeSecret`
 * is checked with the unsubscribe links, by the validator itself.)
 */
export function validateEmailConfig(email: EmailConfig) {
  if (!SENDERS.includes(email.sender))
    throw new Error(`reminders: email.sender "${email.sender}" must be one of ${SENDERS.join(', ')}`);
  for (const key of ['from', 'replyTo'] as const) {
    const value: unknown = email[key];
    if (typeof value !== 'string' || (value !== '' && !isMailbox(value)))
      throw new Error(
        `reminders: email.${key} ${JSON.stringify(value)} must be empty or an e-mail address such as "Acme <billing@acme.example>"`
      );
  }
  if (!Number.isInteger(email.timeoutMs) || email.timeoutMs < 1000 || email.timeoutMs > 120_000)
    throw new Error('reminders: email.timeoutMs must be a whole number of milliseconds from 1000 to 120000');
}
