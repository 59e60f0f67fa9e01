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
     * GET /reminders/scheduler/preview?from=…&to=…[&rule=…][&target=…&record=…]: what would be sent in the window
     * (at most a month), without sending; only one rule's, one target's or one record's when asked.
     */
    async preview(ctx: AdminContext) {
      const { from, to, rule, target, record } = validateRequest(ctx, previewSchedule).query;
      const items = await scheduler().preview(from, to, {
        only: { ruleDocumentId: rule, targetType: target, targetDocumentId: record },
      });
      ctx.body = { data: items, meta: { from: from.toISOString(), to: to.toISOString(), count: items.length } };
    },
  };
};
