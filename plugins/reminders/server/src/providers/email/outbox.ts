import crypto from 'crypto';
import { maskEmail } from '../../domain/email-address';
import type { EmailMessage, EmailSender, ProviderLog, SendOutcome } from '../types';

/**
 * Reminder e-mails recorded, not sent (`email.sender: 'outbox'`, the demo's default without an SMTP server):
 * each is accepted as simulated and shown in Strapi's log on one line.
 */
export function createOutboxEmailSender(options: { log?: ProviderLog } = {}): EmailSender {
  return {
    name: 'outbox',
    async send(message: EmailMessage): Promise<SendOutcome> {
      const messageId = `outbox-${crypto.randomUUID()}`;
      options.log?.info(
        `E-mail outbox (simulated, nothing sent) ${messageId} to ${maskEmail(message.to)}: ${JSON.stringify(message.subject)}`
      );
      return { kind: 'accepted', messageId, providerStatus: 'Simulated', simulated: true };
    },
    status: () => ({ name: 'outbox', live: false, details: { mode: 'Simulated: e-mails are recorded, not sent' } }),
  };
}
