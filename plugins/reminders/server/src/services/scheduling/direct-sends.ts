import type { Core } from '@strapi/strapi';
import { type DeliveryStatus, appendEvent } from '../../domain/delivery-status';
import { type SettledOutcome, settleOutcome } from '../../domain/send-outcome';
import { escapeHtml } from '../../domain/templates';
import { measureSms } from '../../domain/sms-segments';
import { reason, reasonText } from '../../domain/reasons';
import { createOutboxTable, newDeliveryRow, reasonColumns } from './outbox-table';
import { getConfig, getService } from '../../utils';

/** Who a message outside any rule is for, and under which key and record it is logged. */
export interface DirectSend {
  /** Unique: the same key again sends nothing and answers the first row. */
  idempotencyKey: string;
  targetType: string;
  targetDocumentId: string | null;
  recipientRole: string;
  /** The first line of its timeline ("Test send", "Question about a reply"). */
  detail: string;
}

/** What became of a direct send: its delivery, and whether this call wrote it (false: it existed). */
export interface DirectSendResult {
  documentId: string;
  status: DeliveryStatus;
  reason: string | null;
  written: boolean;
}

type Row = Record<string, unknown>;
/** How a send ended: the provider's answer settled, or skipped before it was asked. */
type Ending = Omit<SettledOutcome, 'status'> & { status: DeliveryStatus };

const resultOf = (row: Row, written: boolean): DirectSendResult => ({
  documentId: row.document_id as string,
  status: row.delivery_status as DirectSendResult['status'],
  reason: (row.reason as string) ?? null,
  written,
});

/**
 * Messages sent at once, outside any rule (an editor's test send, the plugin's answers to a customer's
 * reply, staff alerts): one outbox row each under its own idempotency key, inserted as `sending` with a lease
 * before the provider is called, so a duplicate never sends twice and a crash mid-send leaves it `unknown`
 * (the lease recovery) for an editor, never lost. They carry no opt-out footer: they are not reminders.
 */
export const createDirectSends = (strapi: Core.Strapi) => {
  const outbox = createOutboxTable(strapi);
  const leaseUntil = (now: Date) => new Date(now.getTime() + getConfig(strapi).scheduler.leaseSeconds * 1000);

  /** Inserts the row; undefined when its key is there already (then that row is the answer). */
  async function start(send: DirectSend, columns: Row, now: Date): Promise<string | undefined> {
    const started = { at: now.toISOString(), status: 'sending' as const, detail: send.detail };
    const row = newDeliveryRow(
      {
        idempotency_key: send.idempotencyKey,
        target_type: send.targetType,
        target_document_id: send.targetDocumentId,
        recipient_role: send.recipientRole,
        scheduled_for: now,
        not_before: now,
        delivery_status: 'sending',
        attempts: 1,
        claimed_by: 'direct',
        lease_until: leaseUntil(now),
        send_started_at: now,
        ...columns,
      },
      started,
      now
    );
    return (await outbox.insertNew([row])) === 1 ? row.document_id : undefined;
  }

  async function settle(documentId: string, settled: Ending) {
    const row = (await outbox.find({ document_id: documentId })) as Row;
    const events = appendEvent(row.events ?? [], {
      at: new Date().toISOString(),
      status: settled.status,
      detail: settled.detail,
    });
    const set = {
      ...settled.columns,
      ...reasonColumns(settled.reason),
      delivery_status: settled.status,
      lease_until: null,
      events: JSON.stringify(events),
      updated_at: new Date(),
    };
    await outbox.update({ document_id: documentId, delivery_status: 'sending' }, set);
    return resultOf({ ...row, ...set }, true);
  }

  const existing = async (key: string) => resultOf((await outbox.find({ idempotency_key: key })) as Row, false);

  return {
    /** One SMS of `text` to `phone` (E.164), once per key; skipped when the number opted out. */
    async sms(send: DirectSend, phone: string, text: string, now: Date): Promise<DirectSendResult> {
      const measure = measureSms(text);
      const provider = getService(strapi, 'provider').get();
      const columns = { channel: 'sms', phone, body: text, encoding: measure.encoding, segments: measure.segments };
      const documentId = await start(send, { ...columns, provider: provider.name }, now);
      if (!documentId) return existing(send.idempotencyKey);
      if (await getService(strapi, 'opt-outs').isOptedOut(phone)) {
        const why = reason('optedOut');
        return settle(documentId, {
          status: 'skipped',
          detail: reasonText(why),
          columns: { error_code: 'opted_out' },
          reason: why,
        });
      }
      const outcome = await provider.send({ to: phone, body: text });
      if (outcome.kind === 'permanent' && outcome.optOut) await getService(strapi, 'opt-outs').addBlocked(phone);
      if (outcome.kind === 'account')
        await getService(strapi, 'scheduler').pause.start(now, outcome.errorCode, outcome.reason);
      return settle(documentId, settleOutcome(outcome));
    },

    /** One plain e-mail through the configured sender (Strapi's email plugin), once per key. */
    async email(send: DirectSend, to: string, subject: string, text: string, now: Date): Promise<DirectSendResult> {
      const sender = getService(strapi, 'email-sender').get();
      const columns = { channel: 'email', phone: '', email: to, subject, body: text, provider: sender.name };
      const documentId = await start(send, columns, now);
      if (!documentId) return existing(send.idempotencyKey);
      const html = text
        .split('\n')
        .map((line) => `<p>${escapeHtml(line)}</p>`)
        .join('\n');
      return settle(documentId, settleOutcome(await sender.send({ to, subject, text, html, headers: {} })));
    },
  };
};

export type DirectSends = ReturnType<typeof createDirectSends>;
