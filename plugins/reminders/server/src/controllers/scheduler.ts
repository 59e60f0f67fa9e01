import type { Core } from '@strapi/strapi';
import { previewSchedule } from '../../../contracts/scheduler';
import { type AdminContext, validateRequest } from '../validation/validate-request';
import { getService } from '../utils';

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const scheduler = () => getService(strapi, 'scheduler');
  return {
    /** POST /reminders/scheduler/tick: plan and send what is due now, on this instance, at once. */
    async tick(ctx: AdminContext) {
      ctx.body = { data: await scheduler().tick() };
    },

    /**
     * GET /reminders/scheduler/preview?from=…&to=…[&rule=…][&target=…&record=…][&page=…&pageSize=…]: what would be
     * sent in the window (at most a month), a page at a time, without sending; only one rule's, one target's or
     * one record's when asked. Counted up to a thousand: past it, `capped`.
     */
    async preview(ctx: AdminContext) {
      const { from, to, rule, target, record, page, pageSize } = validateRequest(ctx, previewSchedule).query;
      const { items, total, capped } = await scheduler().preview(from, to, {
        only: { ruleDocumentId: rule, targetType: target, targetDocumentId: record },
        slice: { offset: (page - 1) * pageSize, limit: pageSize },
      });
      ctx.body = {
        data: items,
        meta: {
          from: from.toISOString(),
          to: to.toISOString(),
          count: total,
          pagination: { page, pageSize, total, pageCount: Math.max(1, Math.ceil(total / pageSize)), capped },
        },
      };
    },
  };
};
