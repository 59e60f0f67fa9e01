import { z } from '@strapi/utils';
import type { PreviewItem, TickReport } from '../server/src/services/scheduling/scheduler';
import { offsetDateTime } from '../server/src/validation/admin-input';

/** The admin API's scheduler routes (/reminders/scheduler…): a tick now, and what a window would send. */

export type { PreviewItem, TickReport } from '../server/src/services/scheduling/scheduler';

export const MAX_PREVIEW_DAYS = 31;

export const previewSchedule = {
  query: z.object({ from: offsetDateTime, to: offsetDateTime }).check((ctx) => {
    const { from, to } = ctx.value;
    if (!(from instanceof Date && to instanceof Date)) return;
    const problem = (message: string) => ctx.issues.push({ code: 'custom', path: ['to'], input: ctx.value, message });
    if (to <= from) problem('to must be after from');
    if (to.getTime() - from.getTime() > MAX_PREVIEW_DAYS * 86_400_000)
      problem(`the preview window must be at most ${MAX_PREVIEW_DAYS} days`);
  }),
};

export declare namespace Tick {
  interface Response {
    data: TickReport;
  }
}
export declare namespace PreviewSchedule {
  interface Response {
    data: PreviewItem[];
    meta: { from: string; to: string; count: number };
  }
}
