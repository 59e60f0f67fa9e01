import type { Core } from '@strapi/strapi';
import type { FieldError } from '../domain/field-errors';
import { readWholeNumber } from '../validation/admin-input';
import { refuse } from '../validation/refuse';
import { getService } from '../utils';

export const MAX_DASHBOARD_DAYS = 90;

/** Admin: GET /reminders/dashboard?days=14: per-day counts and costs, the delivery rate, the alerts. */
export default ({ strapi }: { strapi: Core.Strapi }) => ({
  async summary(ctx: { query: Record<string, unknown>; body: unknown }) {
    const problems: FieldError[] = [];
    const days = readWholeNumber(ctx.query, 'days', 14, 1, MAX_DASHBOARD_DAYS, problems);
    if (problems.length) throw refuse(problems);
    ctx.body = { data: await getService(strapi, 'dashboard').summary(days) };
  },
});
