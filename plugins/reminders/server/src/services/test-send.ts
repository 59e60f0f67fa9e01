import crypto from 'crypto';
import type { Core } from '@strapi/strapi';
import { type DeliveryStatus, appendEvent } from '../domain/delivery-status';
import { settleOutcome } from '../domain/send-outcome';
import type { RenderedMessage } from './templates';
import { type Reason, reasonText } from '../domain/reasons';
import { SPENDING_CAP_CODES } from '../domain/spending';
import {
  type OutboxValues,
  TEST_SEND_TARGET,
  createOutboxTable,
  newDeliveryRow,
  newDocumentId,
  reasonColumns,
} from './scheduling/outbox-table';
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
  const outbox = createOutboxTable(strapi);

  return {
    /**
     * `phone` in E.164 and not opted out; `message` rendered by the templates service. With the digest of
     * the request's Idempotency-Key, the delivery's key is derived from it: a request run again (its first
     * run's instance died) finds that delivery and sends nothing.
     */
    async send(
      phone: string,
      message: RenderedMessage,
      keyDigest?: string,
      now = getService(strapi, 'clock').now()
    ): Promise<TestSendResult> {
      const provider = getService(strapi, 'provider').get();
      const documentId = newDocumentId();
      const idempotencyKey = keyDigest ? `test:key-${keyDigest}` : `test:${crypto.randomUUID()}`;
      const started = { at: now.toISOString(), status: 'sending' as const, detail: 'Test send' };
      let events = appendEvent([], started);
      const row = {
        idempotency_key: idempotencyKey,
        target_type: TEST_SEND_TARGET,
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
      };
      const inserted = await outbox.insertNew([newDeliveryRow(row, started, now, documentId)]);
      if (inserted === 0)
        return resultOf((await outbox.find({ idempotency_key: idempotencyKey })) as Record<string, unknown>);

      const finish = async (status: DeliveryStatus, detail: string, why: Reason | null, columns: OutboxValues) => {
        events = appendEvent(events, { at: new Date().toISOString(), status, detail });
        await outbox.update(
          { document_id: documentId },
          {
            ...columns,
            ...reasonColumns(why),
            delivery_status: status,
            events: JSON.stringify(events),
            updated_at: new Date(),
          }
        );
        return {
          deliveryDocumentId: documentId,
          status,
          text: message.text,
          encoding: message.encoding,
          segments: message.segments,
          reason: why ? reasonText(why) : null,
        };
      };

      // A test send costs what any SMS does: it counts against the spending cap, and is refused at it.
      const spending = getService(strapi, 'spending');
      const reserved = await spending.reserve(await spending.limits(), message.segments, now);
      if (!reserved.ok)
        return finish('skipped', reasonText(reserved.why), reserved.why, {
          error_code: SPENDING_CAP_CODES[reserved.limit],
        });
      const outcome = await provider.send({ to: phone, body: message.text });
      await spending.settle(reserved.reservation, outcome, now);
      if (outcome.kind === 'permanent' && outcome.optOut) await getService(strapi, 'opt-outs').addBlocked(phone);
      if (outcome.kind === 'account')
        await getService(strapi, 'scheduler').pause.start(now, outcome.errorCode, outcome.reason);
      const settled = settleOutcome(outcome);
      return finish(settled.status, settled.detail, settled.reason, settled.columns);
    },
  };
};

export type TestSender = ReturnType<typeof createTestSender>;
export default createTestSender;
