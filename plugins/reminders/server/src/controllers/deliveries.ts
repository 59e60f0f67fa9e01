import type { Core } from '@strapi/strapi';
import type { FieldError } from '../domain/field-errors';
import { type IdempotentAction, readIdempotencyKey } from '../domain/idempotency';
import { COUNT_CAP, type DeliveryFilters } from '../services/delivery-log';
import type { IdempotentContext } from '../services/idempotency';
import { readDocumentId, readInstant, readObject, readPage, readStatuses, readTarget } from '../validation/admin-input';
import { refuse } from '../validation/refuse';
import { editorName } from './admin-user';
import { getService } from '../utils';

export interface Ctx extends IdempotentContext {
  params: Record<string, string>;
  query: Record<string, unknown>;
  request: { body?: unknown; headers: Record<string, unknown> };
  state?: { user?: Record<string, string> };
}

/** Admin: the delivery log and the editor's actions on one delivery. */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const log = () => getService(strapi, 'delivery-log');
  const e164 = (phone: unknown) => (getService(strapi, 'opt-outs') as { e164(phone: unknown): string | null }).e164(phone);
  const idempotency = () => getService(strapi, 'idempotency');
  const documentIdOf = (ctx: Ctx) => {
    const problems: FieldError[] = [];
    const documentId = readDocumentId(ctx.params.documentId, 'documentId', problems);
    if (problems.length) throw refuse(problems);
    return documentId;
  };
  /** An editor's action on the delivery: answered once per Idempotency-Key. */
  async function act(ctx: Ctx, action: IdempotentAction, run: (documentId: string, editor: string) => Promise<unknown>, problems: FieldError[] = []) {
    const documentId = readDocumentId(ctx.params.documentId, 'documentId', problems);
    const key = readIdempotencyKey(ctx.request.headers, problems);
    if (problems.length) throw refuse(problems);
    await idempotency().respond(ctx, action, key, () => run(documentId, editorName(ctx)));
  }

  return {
    /** GET /reminders/deliveries?page&pageSize&status&rule&from&to&phone&target&record: newest first. */
    async list(ctx: Ctx) {
      const problems: FieldError[] = [];
      const { page, pageSize } = readPage(ctx.query, problems);
      const filters: DeliveryFilters = { statuses: readStatuses(ctx.query, problems), from: readInstant(ctx.query, 'from', problems), to: readInstant(ctx.query, 'to', problems) };
      if (ctx.query.rule !== undefined && ctx.query.rule !== '') filters.ruleDocumentId = readDocumentId(ctx.query.rule, 'rule', problems);
      // One record's deliveries: target and record together (the index on target type and record).
      if (ctx.query.target !== undefined && ctx.query.target !== '') {
        if (ctx.query.target === 'test') filters.targetType = 'test';
        else filters.targetType = readTarget(ctx.query.target, problems);
      }
      if (ctx.query.record !== undefined && ctx.query.record !== '') {
        filters.targetDocumentId = readDocumentId(ctx.query.record, 'record', problems);
        if (!filters.targetType) problems.push({ path: 'target', message: 'target is needed with record: invoice or appointment' });
      }
      if (ctx.query.phone !== undefined && ctx.query.phone !== '') {
        const phone = e164(ctx.query.phone);
        if (phone) filters.phone = phone;
        else problems.push({ path: 'phone', message: `phone ${JSON.stringify(String(ctx.query.phone))} is not a phone number: give the full number, such as +254712345678 or 0712 345 678` });
      }
      if (filters.from && filters.to && filters.to <= filters.from) problems.push({ path: 'to', message: 'to must be after from' });
      if ((page - 1) * pageSize >= COUNT_CAP) problems.push({ path: 'page', message: `page goes past the first ${COUNT_CAP} deliveries: narrow the filters (status, rule, dates) instead` });
      if (problems.length) throw refuse(problems);
      const { data, pagination } = await log().list(filters, page, pageSize);
      ctx.body = { data, meta: { pagination } };
    },

    /** GET /reminders/deliveries/:documentId: the delivery with its text and timeline. */
    async findOne(ctx: Ctx) {
      ctx.body = { data: await log().detail(documentIdOf(ctx)) };
    },

    /** POST /reminders/deliveries/:documentId/retry, Idempotency-Key optional */
    retry: (ctx: Ctx) => act(ctx, 'retry', (documentId, editor) => log().retry(documentId, editor)),

    /** POST /reminders/deliveries/:documentId/cancel, Idempotency-Key optional */
    cancel: (ctx: Ctx) => act(ctx, 'cancel', (documentId, editor) => log().cancel(documentId, editor)),

    /** POST /reminders/deliveries/:documentId/resolve { sent: true | false }: what happened to an unknown send. Idempotency-Key optional. */
    async resolve(ctx: Ctx) {
      const problems: FieldError[] = [];
      const body = readObject(ctx.request.body, '{"sent": true}', problems);
      if (!problems.length && typeof body.sent !== 'boolean') problems.push({ path: 'sent', message: 'sent must be true (it went out) or false (it did not)' });
      await act(ctx, 'resolve', (documentId, editor) => log().resolveUnknown(documentId, body.sent as boolean, editor), problems);
    },
  };
};
