import crypto from 'crypto';
import type { Core } from '@strapi/strapi';
import { appendEvent } from '../domain/delivery-status';
import { settleOutcome } from '../domain/send-outcome';
import type { RenderedMessage } from './templates';
import { DELIVERIES, newDocumentId } from './scheduling/outbox-table';
import { getService } from '../utils';

export interface TestSendResult {
  deliveryDocumentId: string;
  status: string;
  text: string;
  encoding: string;
  segments: number;
  reason: string | null;
}

const resultOf = (row: Record<string, unknown>): TestSendResult => ({
  deliveryDocumentId: row.document_id as string,
  status: row.delivery_status as string,
  text: row.body as string,
  encoding: row.encoding as string,
  segments: Number(row.segments),
  reason: (row.reason as string) ?? null,
});

/**
 * One SMS to a number an editor gives, through the configured provider, recorded in the delivery log like
 * any other (target "test", its own key), so the editor sees exactly what the provider answered.
 */
const createTestSender = ({ strapi }: { strapi: Core.Strapi }) => {

  return {
    /**
     * `phone` in E.164 and not opted out; `message` rendered by the templates service. With the digest of
     * the request's Idempotency-Key, the delivery's key is derived from it: a request run again (its first
     * run's instance died) finds that delivery and sends nothing.
     */
    async send(phone: string, message: RenderedMessage, keyDigest?: string, now = new Date()): Promise<TestSendResult> {
      const provider = getService(strapi, 'provider').get();
      const documentId = newDocumentId();
      const idempotencyKey = keyDigest ? `test:key-${keyDigest}` : `test:${crypto.randomUUID()}`;
      let events = appendEvent([], { at: now.toISOString(), status: 'sending', detail: 'Test send' });
      const inserted = await strapi.db
        .connection(DELIVERIES)
        .insert({
          document_id: documentId,
          idempotency_key: idempotencyKey,
          target_type: 'test',
          recipient_role: 'customer',
          phone,
          body: message.text,
          encoding: message.encoding,
          segments: message.segments,
          scheduled_for: now,
          not_before: now,
          delivery_status: 'sending',
          attempts: 1,
          claimed_by: 'test-send',
          send_started_at: now,
          provider: provider.name,
          events: JSON.stringify(events),
          created_at: now,
          updated_at: now,
          published_at: now,
        })
        .onConflict('idempotency_key')
        .ignore()
        .returning('id');
      if (inserted.length === 0) return resultOf(await strapi.db.connection(DELIVERIES).where({ idempotency_key: idempotencyKey }).first());

      const outcome = await provider.send({ to: phone, body: message.text });
      if (outcome.kind === 'permanent' && outcome.optOut) {
        await getService(strapi, 'opt-outs').add(phone, 'blacklisted', 'The provider reported the number as blacklisted (406)');
      }
      if (outcome.kind === 'account') await getService(strapi, 'scheduler').pause.start(now, outcome.errorCode, outcome.reason);
      const settled = settleOutcome(outcome);
      events = appendEvent(events, { at: new Date().toISOString(), status: settled.status, detail: settled.detail });
      await strapi.db
        .connection(DELIVERIES)
        .where({ document_id: documentId })
        .update({ ...settled.columns, delivery_status: settled.status, events: JSON.stringify(events), updated_at: new Date() });
      return { deliveryDocumentId: documentId, status: settled.status, text: message.text, encoding: message.encoding, segments: message.segments, reason: settled.columns.reason };
    },
  };
};

export type TestSender = ReturnType<typeof createTestSender>;
export default createTestSender;
