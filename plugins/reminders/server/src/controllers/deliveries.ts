import type { Core } from '@strapi/strapi';
import { actOnDelivery, getDelivery, listDeliveries, resolveDelivery } from '../../../contracts/deliveries';
import type { DeliveryFilters } from '../services/delivery-log';
import { type AdminContext, validateRequest } from '../validation/validate-request';
import { editorAction } from './admin-user';
import { getConfig, getService } from '../utils';

/** Admin: the delivery log and the editor's actions on one delivery. */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const log = () => getService(strapi, 'delivery-log');
  const act = editorAction(strapi);

  return {
    /** GET /reminders/deliveries?page&pageSize&status&rule&from&to&phone&channel&target&record: newest first. */
    async list(ctx: AdminContext) {
      const { query } = validateRequest(ctx, listDeliveries(getConfig(strapi)));
      const { page, pageSize, status, from, to, rule, target, record, phone, channel } = query;
      // One record's deliveries: target and record together (the index on target type and record).
      const filters: DeliveryFilters = {
        statuses: status,
        from,
        to,
        ruleDocumentId: rule,
        targetType: target,
        targetDocumentId: record,
        phone,
        channel,
      };
      const { data, pagination } = await log().list(filters, page, pageSize);
      ctx.body = { data, meta: { pagination } };
    },

    /** GET /reminders/deliveries/:documentId: the delivery with its text and timeline. */
    async findOne(ctx: AdminContext) {
      ctx.body = { data: await log().detail(validateRequest(ctx, getDelivery).params.documentId) };
    },

    /** POST /reminders/deliveries/:documentId/retry, Idempotency-Key optional */
    async retry(ctx: AdminContext) {
      const { params, idempotencyKey } = validateRequest(ctx, actOnDelivery);
      await act(ctx, 'retry', idempotencyKey, (editor) => log().retry(params.documentId, editor));
    },

    /** POST /reminders/deliveries/:documentId/cancel, Idempotency-Key optional */
    async cancel(ctx: AdminContext) {
      const { params, idempotencyKey } = validateRequest(ctx, actOnDelivery);
      await act(ctx, 'cancel', idempotencyKey, (editor) => log().cancel(params.documentId, editor));
    },

    /** POST /reminders/deliveries/:documentId/resolve { sent: true | false }: what happened to an unknown send. Idempotency-Key optional. */
    async resolve(ctx: AdminContext) {
      const { params, body, idempotencyKey } = validateRequest(ctx, resolveDelivery);
      await act(ctx, 'resolve', idempotencyKey, (editor) => log().resolveUnknown(params.documentId, body.sent, editor));
    },
  };
};
