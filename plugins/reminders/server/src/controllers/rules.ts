import type { Core } from '@strapi/strapi';
import {
  type GetRuleOptions,
  createRule,
  deleteRule,
  getRule,
  listRules,
  previewRule,
  ruleOverlap,
  setRuleEnabled,
  updateRule,
} from '../../../contracts/rules';
import { type AdminContext, validateRequest } from '../validation/validate-request';
import { getConfig, getService } from '../utils';

/**
 * Admin: rules for the rule pages. Reads come with what each rule sent and will send; writes go through
 * the Document Service, so validation and re-planning are the same as everywhere else.
 */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const rules = () => getService(strapi, 'rules');

  return {
    /** GET /reminders/rules?page&pageSize */
    async list(ctx: AdminContext) {
      const { query } = validateRequest(ctx, listRules);
      const { data, pagination } = await rules().list(query.page, query.pageSize);
      ctx.body = { data, meta: { pagination } };
    },

    /** GET /reminders/rules/options: what the rule editor offers. */
    async options(ctx: AdminContext) {
      ctx.body = { data: await rules().options() } satisfies GetRuleOptions.Response;
    },

    /** POST /reminders/rules/preview: a rule being edited, its sends for a record rendered as each will read. */
    async preview(ctx: AdminContext) {
      const { body } = validateRequest(ctx, previewRule(getConfig(strapi)));
      ctx.body = { data: await getService(strapi, 'rule-preview').preview(body.rule, body) };
    },

    /** POST /reminders/rules/overlap: the enabled rules sharing records with a rule being edited, and one record's combined schedule. */
    async overlap(ctx: AdminContext) {
      const { body } = validateRequest(ctx, ruleOverlap);
      ctx.body = { data: await getService(strapi, 'rule-preview').overlap(body.rule, body) };
    },

    /** GET /reminders/rules/:documentId */
    async findOne(ctx: AdminContext) {
      const rule = await rules().findOne(validateRequest(ctx, getRule).params.documentId);
      ctx.body = {
        data: { ...rule, stats: await rules().statsOf(rule.documentId, getService(strapi, 'clock').now()) },
      };
    },

    /** POST /reminders/rules */
    async create(ctx: AdminContext) {
      const { body } = validateRequest(ctx, createRule);
      ctx.status = 201;
      ctx.body = { data: await rules().create(body) };
    },

    /** PUT /reminders/rules/:documentId: the fields given change, the others stay. */
    async update(ctx: AdminContext) {
      const { params, body } = validateRequest(ctx, updateRule);
      ctx.body = { data: await rules().update(params.documentId, body) };
    },

    /** PUT /reminders/rules/:documentId/enabled { enabled } */
    async setEnabled(ctx: AdminContext) {
      const { params, body } = validateRequest(ctx, setRuleEnabled);
      ctx.body = { data: await rules().update(params.documentId, { enabled: body.enabled }) };
    },

    /** DELETE /reminders/rules/:documentId: what it had queued is cancelled; its log stays. */
    async delete(ctx: AdminContext) {
      const { params } = validateRequest(ctx, deleteRule);
      await rules().delete(params.documentId);
      ctx.body = { data: { documentId: params.documentId } };
    },
  };
};
