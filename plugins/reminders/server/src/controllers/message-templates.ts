import type { Core } from '@strapi/strapi';
import {
  type GetMessageTemplate,
  type ListMessageTemplates,
  createMessageTemplate,
  deleteMessageTemplate,
  getMessageTemplate,
  listMessageTemplates,
  updateMessageTemplate,
} from '../../../contracts/message-templates';
import { ConflictError, answerOf } from '../services/idempotency';
import { type AdminContext, validateRequest } from '../validation/validate-request';
import { getService } from '../utils';

/**
 * Admin: the template library, for the Templates page and the rule editor's choice of a template. Writes go
 * through the Document Service, so a template's messages are checked exactly as a rule's.
 */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const templates = () => getService(strapi, 'message-templates');
  // Strapi answers any other application error with a 400; a template in use is a conflict (409).
  const answering = async (ctx: AdminContext, work: () => Promise<void>) => {
    try {
      await work();
    } catch (error) {
      const answer = error instanceof ConflictError ? answerOf(error) : undefined;
      if (!answer) throw error;
      ctx.status = answer.status;
      ctx.body = answer.body;
    }
  };

  return {
    /** GET /reminders/message-templates?target */
    async list(ctx: AdminContext) {
      const { query } = validateRequest(ctx, listMessageTemplates);
      ctx.body = { data: await templates().list(query.target) } satisfies ListMessageTemplates.Response;
    },

    /** GET /reminders/message-templates/:documentId, with the rules that send it. */
    async findOne(ctx: AdminContext) {
      const { params } = validateRequest(ctx, getMessageTemplate);
      const template = await templates().findOne(params.documentId);
      ctx.body = {
        data: { ...template, usedBy: await templates().usedBy(params.documentId) },
      } satisfies GetMessageTemplate.Response;
    },

    /** POST /reminders/message-templates */
    async create(ctx: AdminContext) {
      const { body } = validateRequest(ctx, createMessageTemplate);
      ctx.status = 201;
      ctx.body = { data: await templates().create(body) };
    },

    /** PUT /reminders/message-templates/:documentId: the fields given change; the next reminders say the new text. */
    async update(ctx: AdminContext) {
      const { params, body } = validateRequest(ctx, updateMessageTemplate);
      await answering(ctx, async () => {
        ctx.body = { data: await templates().update(params.documentId, body) };
      });
    },

    /** DELETE /reminders/message-templates/:documentId: a 409 naming the rules while any uses it. */
    async delete(ctx: AdminContext) {
      const { params } = validateRequest(ctx, deleteMessageTemplate);
      await answering(ctx, async () => {
        await templates().delete(params.documentId);
        ctx.body = { data: { documentId: params.documentId } };
      });
    },
  };
};
