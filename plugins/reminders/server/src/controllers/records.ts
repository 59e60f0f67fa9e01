import type { Core } from '@strapi/strapi';
import { recordReminders, searchRecords, sendNow } from '../../../contracts/records';
import { type AdminContext, validateRequest } from '../validation/validate-request';
import { editorName } from './admin-user';
import { getService } from '../utils';

/** Admin: one invoice's or appointment's reminders (the Content Manager panel) and "send reminder now". */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const service = () => getService(strapi, 'record-reminders');

  return {
    /** GET /reminders/records/:target?q=: a few records to preview a template against, the latest first. */
    async search(ctx: AdminContext) {
      const { params, query } = validateRequest(ctx, searchRecords);
      ctx.body = { data: await service().search(params.target, query.q) };
    },

    /** GET /reminders/records/:target/:documentId/reminders */
    async reminders(ctx: AdminContext) {
      const { params } = validateRequest(ctx, recordReminders);
      ctx.body = { data: await service().overview(params.target, params.documentId) };
    },

    /**
     * POST /reminders/records/:target/:documentId/send-now { rule, confirm? }, Idempotency-Key optional:
     * confirm: true sends even when the rule sent to the record a few minutes ago (a 409 otherwise).
     */
    async sendNow(ctx: AdminContext) {
      const { params, body, idempotencyKey } = validateRequest(ctx, sendNow);
      await getService(strapi, 'idempotency').respond(ctx, 'send-now', idempotencyKey, (keyDigest) =>
        service().sendNow(params.target, params.documentId, body.rule, editorName(ctx), {
          confirmed: body.confirm === true,
          keyDigest,
        })
      );
    },
  };
};
