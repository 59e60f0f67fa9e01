import { z } from '@strapi/utils';
import type { PreviewItem, TickReport } from '../server/src/services/scheduling/scheduler';
import { documentId, offsetDateTime, optionalParam, pageQuery, target } from '../server/src/validation/admin-input';

/** The admin API's scheduler routes (/reminders/scheduler…): a tick now, and what a window would send. */

export type { PreviewItem, TickReport } from '../server/src/services/scheduling/scheduler';

export const MAX_PREVIEW_DAYS = 31;

/**
 * GET /scheduler/preview: a window, and optionally one rule's or one record's reminders (a record needs its
 * target); a page of them, a hundred unless asked.
 */
export const previewSchedule = {
  query: z
    .object({
      ...pageQuery(100),
      from: offsetDateTime,
      to: offsetDateTime,
      rule: optionalParam(documentId),
      target: optionalParam(target),
      record: optionalParam(documentId),
    })
    .check((ctx) => {
      const { from, to, target: recordTarget, record } = ctx.value;
      const problem = (path: string, message: string) =>
        ctx.issues.push({ code: 'custom', path: [path], input: ctx.value, message });
      if (record !== undefined && recordTarget === undefined)
        problem('target', 'target is needed with record: the key of its target, such as invoice');
      if (!(from instanceof Date && to instanceof Date)) return;
      if (to <= from) problem('to', 'to must be after from');
      if (to.getTime() - from.getTime() > MAX_PREVIEW_DAYS * 86_400_000)
        problem('to', `the preview window must be at most ${MAX_PREVIEW_DAYS} days`);
    }),
};

export declare namespace Tick {
  interface Response {
    data: TickReport;
  }
}
export declare namespace PreviewSchedule {
  /** The query string as the admin writes it. */
  type Filters = Partial<Record<'from' | 'to' | 'rule' | 'target' | 'record' | 'page' | 'pageSize', string>>;
  interface Response {
    data: PreviewItem[];
    /** count: the window's reminders, as pagination.total; capped: more than that many (UPCOMING_COUNT_CAP). */
    meta: {
      from: string;
      to: string;
      count: number;
      pagination: { page: number; pageSize: number; total: number; pageCount: number; capped: boolean };
    };
  }
}
