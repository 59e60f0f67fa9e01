import type { Core } from '@strapi/strapi';
import { applyReply, closeReply, listReplies, restoreCancelWordOptOut } from '../../../contracts/replies';
import type { IdempotentAction } from '../domain/idempotency';
import { type AdminContext, validateRequest } from '../validation/validate-request';
import { editorName } from './admin-user';
import { getService } from '../utils';

/** Admin: the inbox of customer replies and the editor's actions on them. */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const replies = () => getService(strapi, 'replies');
  /** An editor's action: answered once per Idempotency-Key. */
  const act = (
    ctx: AdminContext,
    action: IdempotentAction,
    key: string | undefined,
    run: (editor: string) => Promise<unknown>
  ) => getService(strapi, 'idempotency').respond(ctx, action, key, () => run(editorName(ctx)));

  return {
    /** GET /reminders/replies?page&pageSize&status: newest first; by default the ones waiting for an editor. */
    async list(ctx: AdminContext) {
      const { query } = validateRequest(ctx, listReplies);
      ctx.body = await replies().list(query.status, query.page, query.pageSize);
    },

    /** POST /reminders/replies/:documentId/apply { intent?, record? }, Idempotency-Key optional */
    async apply(ctx: AdminContext) {
      const { params, body, idempotencyKey } = validateRequest(ctx, applyReply);
      await act(ctx, 'reply-apply', idempotencyKey, (editor) =>
        replies().apply(params.documentId, { intent: body.intent, record: body.record }, editor)
      );
    },

    /** POST /reminders/replies/:documentId/ignore { note? }, Idempotency-Key optional */
    async ignore(ctx: AdminContext) {
      const { params, body, idempotencyKey } = validateRequest(ctx, closeReply);
      await act(ctx, 'reply-ignore', idempotencyKey, (editor) =>
        replies().close(params.documentId, 'ignored', body.note, editor)
      );
    },

    /** POST /reminders/replies/:documentId/handled { note? }, Idempotency-Key optional */
    async handled(ctx: AdminContext) {
      const { params, body, idempotencyKey } = validateRequest(ctx, closeReply);
      await act(ctx, 'reply-handled', idempotencyKey, (editor) =>
        replies().close(params.documentId, 'handled', body.note, editor)
      );
    },

    /** GET /reminders/replies/cancel-word-opt-outs: opt-outs a "CANCEL" reply made before it meant cancel. */
    async cancelWordOptOuts(ctx: AdminContext) {
      ctx.body = { data: await replies().cancelWordOptOuts() };
    },

    /** POST /reminders/replies/cancel-word-opt-outs/:documentId/restore, Idempotency-Key optional */
    async restore(ctx: AdminContext) {
      const { params, idempotencyKey } = validateRequest(ctx, restoreCancelWordOptOut);
      await act(ctx, 'opt-out-restore', idempotencyKey, (editor) => replies().restore(params.documentId, editor));
    },
  };
};
