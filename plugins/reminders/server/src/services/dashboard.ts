import { DateTime } from 'luxon';
import type { Core } from '@strapi/strapi';
import { COUNTED, type DayCountRow, type DayStats, tallyDays } from '../domain/day-stats';
import { readDayCounts } from './delivery-stats/day-counts';
import { type OutboxTable, createOutboxTable } from './scheduling/outbox-table';
import type { SendingAlert } from './scheduling/sending-pause';
import type { DashboardSpending } from './spending';
import { getConfig, getService, isPostgres } from '../utils';

/** SQLite has no time zones: its rows are grouped by quarter hour in SQL, then into local days here (zones with :30 and :45 offsets included). */
const BUCKET_MINUTES = 15;

export interface Dashboard {
  timeZone: string;
  from: string;
  to: string;
  days: DayStats[];
  totals: Omit<DayStats, 'day'> & {
    /** delivered / (delivered + failed + rejected): of the messages with a final answer, the share delivered; null when none has one. */
    deliveryRate: number | null;
    queued: number;
    /** Of these, the e-mails (test sends aside, they are few): sent, delivered, failed, unknown. */
    email: Pick<DayStats, 'sent' | 'delivered' | 'failed' | 'unknown'>;
  };
  /** `atCap`: a stop at the spending cap, which only raising the cap lifts. */
  pause: { reason: string; atCap: boolean } | null;
  alerts: SendingAlert[];
  /** SMS spend today and this month (local to timeZone) against the spending cap. */
  spending: DashboardSpending;
}

/**
 * SQLite, the small demo database, aggregates the outbox on every call, over the (status, not before, cost)
 * index, which covers it; PostgreSQL reads its day counts instead (delivery-stats/day-counts.ts).
 */
async function outboxDayRows(outbox: OutboxTable, from: DateTime, to: DateTime): Promise<DayCountRow[]> {
  const rows = (await outbox.periodCounts(COUNTED, from.toJSDate(), to.toJSDate(), BUCKET_MINUTES * 60_000)) as (Omit<
    DayCountRow,
    'day'
  > & { period: number })[];
  return rows.map(({ period, ...row }) => ({
    ...row,
    day: DateTime.fromMillis(period * BUCKET_MINUTES * 60_000, { zone: from.zone }).toISODate() as string,
  }));
}

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const outbox = createOutboxTable(strapi);
  return {
    /**
     * Sent, delivered, failed and cost per local day over the last `days` days: a few rows per day, whatever
     * the traffic, from PostgreSQL's day counts; from the outbox itself on SQLite.
     */
    async summary(days: number, now = getService(strapi, 'clock').now()): Promise<Dashboard> {
      const timeZone = getConfig(strapi).defaultTimezone;
      const today = DateTime.fromJSDate(now, { zone: timeZone }).startOf('day');
      const from = today.minus({ days: days - 1 });
      const to = today.plus({ days: 1 });
      const spending = getService(strapi, 'spending');
      const pause = getService(strapi, 'scheduler').pause;
      // Independent reads, each a few rows or a short index range: sent together, they cost one wait.
      const [rows, emailRows, queued, paused, alerts, spent] = await Promise.all([
        isPostgres(strapi)
          ? readDayCounts(strapi.db.connection, from.toISODate() as string, today.toISODate() as string)
          : outboxDayRows(outbox, from, to),
        outbox.channelCounts('email', COUNTED, from.toJSDate(), to.toJSDate()),
        // Waiting in the outbox: the planner keeps about a horizon's worth, so this is a short index range.
        outbox.countQueued(),
        spending.pauseNow(now),
        pause.alerts(),
        spending.summary(now),
      ]);
      const tally = tallyDays(rows, from, to);
      const { sent, delivered, failed, unknown } = tallyDays(
        emailRows.map((row) => ({ ...row, day: from.toISODate() as string, cost: null })),
        from,
        to
      ).totals;
      return {
        timeZone,
        from: from.toISODate() as string,
        to: today.toISODate() as string,
        days: tally.days,
        totals: { ...tally.totals, queued, email: { sent, delivered, failed, unknown } },
        pause: paused,
        alerts: [...alerts].reverse(),
        spending: spent,
      };
    },
  };
};
