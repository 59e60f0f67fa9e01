import crypto from 'crypto';
import type { SendOutcome, SmsMessage, SmsProvider } from '../types';

/**
 * The default provider when no Africa's Talking credentials are configured: every message is accepted
 * as simulated and kept in the delivery log; nothing leaves the machine.
 */
export function createOutboxProvider(): SmsProvider {
  return {
    name: 'outbox',
    async send(_message: SmsMessage): Promise<SendOutcome> {
      return { kind: 'accepted', messageId: `outbox-${crypto.randomUUID()}`, providerStatus: 'Simulated', simulated: true };
    },
    status: () => ({ name: 'outbox', live: false, details: { mode: 'Simulated: messages are recorded, not sent' } }),
  };
}
