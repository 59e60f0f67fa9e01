import type { Core } from '@strapi/strapi';
import { listUnmatchedReports } from '../../../contracts/deliveries';
import { type AdminContext, validateRequest } from '../validation/validate-request';
import { getService } from '../utils';

/** Admin: the delivery reports Africa's Talking posted that no delivery matched yet. */
export default ({ strapi }: { strapi: Core.Strapi }) => ({
  /** GET /reminders/deliveries/unmatched-reports?page&pageSize: newest first. */
  async unmatched(ctx: AdminContext) {
    const { query } = validateRequest(ctx, listUnmatchedReports);
    const { data, pagination } = await getService(strapi, 'delivery-reports').unmatched(query.page, query.pageSize);
    ctx.body = { data, meta: { pagination } };
  },
});
