import type { Core } from '@strapi/strapi';
import type { FieldError } from '../domain/field-errors';
import { readPage } from '../validation/admin-input';
import { refuse } from '../validation/refuse';
import { getService } from '../utils';

/** Admin: the delivery reports Africa's Talking posted that no delivery matched yet. */
export default ({ strapi }: { strapi: Core.Strapi }) => ({
  /** GET /reminders/deliveries/unmatched-reports?page&pageSize: newest first. */
  async unmatched(ctx: { query: Record<string, unknown>; body: unknown }) {
    const problems: FieldError[] = [];
    const { page, pageSize } = readPage(ctx.query, problems);
    if (problems.length) throw refuse(problems);
    const { data, pagination } = await getService(strapi, 'delivery-reports').unmatched(page, pageSize);
    ctx.body = { data, meta: { pagination } };
  },
});
