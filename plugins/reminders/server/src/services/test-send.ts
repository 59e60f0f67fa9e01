import crypto from 'crypto';
import type { Core } from '@strapi/strapi';
import type { RenderedMessage } from './templates';
import { TEST_SEND_TARGET } from './scheduling/outbox-table';
import { createDirectSends } from './scheduling/direct-sends';

export interface TestSendResult {
  deliveryDocumentId: string;
  status: string;
  text: string;
  encoding: string;
  segments: number;
  reason: string | null;
}

/**
 * One SMS to a number an editor gives, through the configured provider, recorded in the delivery log like
 * any other (target "test", its own key), so the editor sees exactly what the provider answered.
 */
const createTestSender = ({ strapi }: { strapi: Core.Strapi }) => {
  const direct = createDirectSends(strapi);

  return {
    /**
     * `phone` in E.164 and not opted out; `message` rendered by the templates service. With the digest of
     * the request's Idempotency-Key, the delivery's key is derived from it: a request run again (its first
     * run's instance died) finds that delivery and sends nothing.
     */
    async send(phone: string, message: RenderedMessage, keyDigest?: string, now = new Date()): Promise<TestSendResult> {
      const sent = await direct.sms(
        {
          idempotencyKey: keyDigest ? `test:key-${keyDigest}` : `test:${crypto.randomUUID()}`,
          targetType: TEST_SEND_TARGET,
          targetDocumentId: null,
          recipientRole: 'customer',
          detail: 'Test send',
        },
        phone,
        message.text,
        now
      );
      return {
        deliveryDocumentId: sent.documentId,
        status: sent.status,
        text: message.text,
        encoding: message.encoding,
        segments: message.segments,
        reason: sent.reason,
      };
    },
  };
};

export type TestSender = ReturnType<typeof createTestSender>;
export default createTestSender;
