import type { Core } from '@strapi/strapi';
import type { FieldError } from '../domain/field-errors';
import { RULE_FIELDS } from '../services/rules';
import { readDocumentId, readObject, readPage } from '../validation/admin-input';
import { refuse } from '../validation/refuse';
import { getService } from '../utils';

export interface Ctx {
  params: Record<string, string>;
  query: Record<string, unknown>;
  request: { body?: unknown };
  body: unknown;
  status: number;
}

/** The rule fields of a body; a field a rule does not have is refused by name. */
function readRule(body: unknown, problems: FieldError[]): Record<string, unknown> {
  const object = readObject(body, '{"name": "…", "target": "invoice", "anchor": "due_date", "steps": […], "templates": {"en": "…"}}', problems);
  const data: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(object)) {
    if ((RULE_FIELDS as readonly string[]).includes(key)) data[key] = value;
    else problems.push({ path: key, message: `${key} is not a field of a rule (fields: ${RULE_FIELDS.join(', ')})` });
  }
  return data;
}

/**
 * Admin: rules for the rule pages. Reads come with what each rule sent and will send; writes go through
 * the Document Service, so validation and re-planning are the same as everywhere else.
 */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const rules = () => getService(strapi, 'rules');
  const documentIdOf = (ctx: Ctx) => {
    const problems: FieldError[] = [];
    const documentId = readDocumentId(ctx.params.documentId, 'documentId', problems);
    if (problems.length) throw refuse(problems);
    return documentId;
  };

  return {
    /** GET /reminders/rules?page&pageSize */
    async list(ctx: Ctx) {
      const problems: FieldError[] = [];
      const { page, pageSize } = readPage(ctx.query, problems, 50);
      if (problems.length) throw refuse(problems);
      const { data, pagination } = await rules().list(page, pageSize);
      ctx.body = { data, meta: { pagination } };
    },

    /** GET /reminders/rules/options: what the rule editor offers. */
    async options(ctx: Ctx) {
      ctx.body = { data: rules().options() };
    },

    /** GET /reminders/rules/:documentId */
    async findOne(ctx: Ctx) {
      const rule = await rules().findOne(documentIdOf(ctx));
      ctx.body = { data: { ...rule, stats: await rules().statsOf(rule.documentId, getService(strapi, 'scheduler').now()) } };
    },

    /** POST /reminders/rules */
    async create(ctx: Ctx) {
      const problems: FieldError[] = [];
      const data = readRule(ctx.request.body, problems);
      if (problems.length) throw refuse(problems);
      ctx.status = 201;
      ctx.body = { data: await rules().create(data) };
    },

    /** PUT /reminders/rules/:documentId: the fields given change, the others stay. */
    async update(ctx: Ctx) {
      const documentId = documentIdOf(ctx);
      const problems: FieldError[] = [];
      const data = readRule(ctx.request.body, problems);
      if (problems.length) throw refuse(problems);
      ctx.body = { data: await rules().update(documentId, data) };
    },

    /** PUT /reminders/rules/:documentId/enabled { enabled } */
    async setEnabled(ctx: Ctx) {
      const documentId = documentIdOf(ctx);
      const problems: FieldError[] = [];
      const body = readObject(ctx.request.body, '{"enabled": true}', problems);
      if (!problems.length && typeof body.enabled !== 'boolean') problems.push({ path: 'enabled', message: 'enabled must be true or false' });
      if (problems.length) throw refuse(problems);
      ctx.body = { data: await rules().update(documentId, { enabled: body.enabled }) };
    },

    /** DELETE /reminders/rules/:documentId: what it had queued is cancelled; its log stays. */
    async delete(ctx: Ctx) {
      await rules().delete(documentIdOf(ctx));
      ctx.body = { data: { documentId: ctx.params.documentId } };
    },
  };
};
