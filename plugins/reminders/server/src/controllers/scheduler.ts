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

    /** GET /reminders/scheduler/preview?from=…&to=…: what would be sent in the window (at most a month), without sending. */
    async preview(ctx: AdminContext) {
      const { from, to } = validateRequest(ctx, previewSchedule).query;
      const items = await scheduler().preview(from, to);
      ctx.body = { data: items, meta: { from: from.toISOString(), to: to.toISOString(), count: items.length } };
    },
  };
};
