import type { Core } from '@strapi/strapi';
import type { FieldError } from '../domain/field-errors';
import { toUtcInstant } from '../domain/time-zone';
import { refuse } from '../validation/refuse';
import { getService } from '../utils';

const MAX_PREVIEW_DAYS = 31;

/** Reads the preview window from the query string: ISO instants with an offset, from before to, at most a month. */
function readWindow(query: Record<string, unknown>): { from: Date; to: Date } {
  const problems: FieldError[] = [];
  const instant = (name: 'from' | 'to') => {
    const value = toUtcInstant(query[name]);
    if (!value) problems.push({ path: name, message: `${name} must be an ISO 8601 date-time with a UTC offset, such as 2026-12-01T00:00:00Z` });
    return value ? new Date(value) : undefined;
  };
  const from = instant('from');
  const to = instant('to');
  if (from && to && to <= from) problems.push({ path: 'to', message: 'to must be after from' });
  if (from && to && to.getTime() - from.getTime() > MAX_PREVIEW_DAYS * 86_400_000) {
    problems.push({ path: 'to', message: `the preview window must be at most ${MAX_PREVIEW_DAYS} days` });
  }
  if (problems.length || !from || !to) throw refuse(problems);
  return { from, to };
}

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const scheduler = () => getService(strapi, 'scheduler');
  return {
    /** POST /reminders/scheduler/tick: plan and send what is due now, on this instance, at once. */
    async tick(ctx: { body: unknown }) {
      ctx.body = { data: await scheduler().tick() };
    },

    /** GET /reminders/scheduler/preview?from=…&to=…: what would be sent in the window, without sending. */
    async preview(ctx: { query: Record<string, unknown>; body: unknown }) {
      const { from, to } = readWindow(ctx.query);
      const items = await scheduler().preview(from, to);
      ctx.body = { data: items, meta: { from: from.toISOString(), to: to.toISOString(), count: items.length } };
    },
  };
};
