import crypto from 'crypto';
import { maskPhone } from '../../domain/phone';
import type { ProviderLog, SendOutcome, SmsMessage, SmsProvider } from '../types';

/**
 * The default provider when no Africa's Talking credentials are configured: every message is accepted
 * as simulated, kept in the delivery log and shown in Strapi's log; nothing leaves the machine, so no
 * delivery report is ever about one of its messages (it has no `deliveryReports`).
 */
export function createOutboxProvider(options: { log?: ProviderLog } = {}): SmsProvider {
  return {
    name: 'outbox',
    async send(message: SmsMessage): Promise<SendOutcome> {
      const messageId = `outbox-${crypto.randomUUID()}`;
      const from = message.from ? ` from ${message.from}` : '';
      options.log?.info(
        `Outbox (simulated, nothing sent) ${messageId} to ${maskPhone(message.to)}${from}: ${JSON.stringify(message.body)}`
      );
      return { kind: 'accepted', messageId, providerStatus: 'Simulated', simulated: true };
    },
    status: () => ({ name: 'outbox', live: false, details: { mode: 'Simulated: messages are recorded, not sent' } }),
  };
}
