import type { Core } from '@strapi/strapi';
import { dashboardSummary } from '../../../contracts/dashboard';
import { type AdminContext, validateRequest } from '../validation/validate-request';
import { getService } from '../utils';

/** Admin: GET /reminders/dashboard?days=14: per-day counts and costs, the delivery rate, the alerts. */
export default ({ strapi }: { strapi: Core.Strapi }) => ({
  async summary(ctx: AdminContext) {
    const { query } = validateRequest(ctx, dashboardSummary);
    ctx.body = { data: await getService(strapi, 'dashboard').summary(query.days) };
  },
});
