import type { Core } from '@strapi/strapi';
import type { FieldError } from '../domain/field-errors';
import { readIdempotencyKey } from '../domain/idempotency';
import type { Target } from '../domain/rule-definition';
import type { IdempotentContext } from '../services/idempotency';
import { readDocumentId, readObject, readTarget } from '../validation/admin-input';
import { refuse } from '../validation/refuse';
import { editorName } from './admin-user';
import { getService } from '../utils';

export interface Ctx extends IdempotentContext {
  params: Record<string, string>;
  request: { body?: unknown; headers: Record<string, unknown> };
  state?: { user?: Record<string, string> };
}

/** Admin: one invoice's or appointment's reminders (the Content Manager panel) and "send reminder now". */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const service = () => getService(strapi, 'record-reminders');
  const idempotency = () => getService(strapi, 'idempotency');
  const recordOf = (ctx: Ctx, problems: FieldError[]): { target: Target; documentId: string } => ({
    target: readTarget(ctx.params.target, problems),
    documentId: readDocumentId(ctx.params.documentId, 'documentId', problems),
  });

  return {
    /** GET /reminders/records/:target?q=: a few records to preview a template against, the latest first. */
    async search(ctx: Ctx & { query: Record<string, unknown> }) {
      const problems: FieldError[] = [];
      const target = readTarget(ctx.params.target, problems);
      const query = ctx.query.q;
      if (query !== undefined && (typeof query !== 'string' || query.length > 100)) problems.push({ path: 'q', message: 'q must be a text of at most 100 characters' });
      if (problems.length) throw refuse(problems);
      ctx.body = { data: await service().search(target, typeof query === 'string' ? query.trim() : '') };
    },

    /** GET /reminders/records/:target/:documentId/reminders */
    async reminders(ctx: Ctx) {
      const problems: FieldError[] = [];
      const { target, documentId } = recordOf(ctx, problems);
      if (problems.length) throw refuse(problems);
      ctx.body = { data: await service().overview(target, documentId) };
    },

    /**
     * POST /reminders/records/:target/:documentId/send-now { rule, confirm? }, Idempotency-Key optional:
     * confirm: true sends even when the rule sent to the record a few minutes ago (a 409 otherwise).
     */
    async sendNow(ctx: Ctx) {
      const problems: FieldError[] = [];
      const { target, documentId } = recordOf(ctx, problems);
      const body = readObject(ctx.request.body, '{"rule": "<rule documentId>"}', problems);
      const rule = problems.length ? '' : readDocumentId(body.rule, 'rule', problems);
      if (body.confirm !== undefined && typeof body.confirm !== 'boolean') problems.push({ path: 'confirm', message: 'confirm must be true (send even if one was sent a moment ago) or false' });
      const key = readIdempotencyKey(ctx.request.headers, problems);
      if (problems.length) throw refuse(problems);
      await idempotency().respond(ctx, 'send-now', key, (keyDigest) =>
        service().sendNow(target, documentId, rule, editorName(ctx), { confirmed: body.confirm === true, keyDigest })
      );
    },
  };
};
