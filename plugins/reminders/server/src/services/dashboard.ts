import { DateTime } from 'luxon';
import type { Core } from '@strapi/strapi';
import type { DeliveryStatus } from '../domain/delivery-status';
import { COST_DIGITS, formatAmount, minorUnits, parseProviderCost } from '../domain/money';
import { DELIVERIES, type Knex, isPostgres } from './scheduling/outbox-table';
import type { Scheduler } from './scheduling/scheduler';
import type { SendingAlert } from './scheduling/sending-pause';
import { pluginConfig } from './scheduling/settings';

/** The statuses the dashboard counts: what reached the provider, or should have and did not. */
const COUNTED: DeliveryStatus[] = ['accepted', 'delivered', 'failed', 'rejected', 'unknown', 'expired'];

/** SQLite has no time zones: its rows are grouped by quarter hour in SQL, then into local days here (zones with :30 and :45 offsets included). */
const BUCKET_MINUTES = 15;

export interface DayStats {
  /** Local calendar day in the plugin's default time zone. */
  day: string;
  /** Accepted by the provider; no delivery report yet. */
  sent: number;
  delivered: number;
  /** Failed, rejected (invalid or blacklisted numbers) and expired (too late). */
  failed: number;
  unknown: number;
  cost: { amount: string; currency: string }[];
}

export interface Dashboard {
  timeZone: string;
  from: string;
  to: string;
  days: DayStats[];
  totals: Omit<DayStats, 'day'> & {
    /** delivered / (delivered + failed + rejected): of the messages with a final answer, the share delivered; null when none has one. */
    deliveryRate: number | null;
    queued: number;
  };
  pause: { reason: string } | null;
  alerts: SendingAlert[];
}

interface GroupRow {
  status: DeliveryStatus;
  /** The local day (PostgreSQL), or the quarter hour since the epoch (SQLite). */
  period: number | string;
  cost: string | null;
  count: number | string;
}

/**
 * What the rows are grouped by besides status and cost: the local day on PostgreSQL, the quarter hour on
 * SQLite. The cost is grouped as written ("KES 0.8000"): a period holds a few distinct costs, read here.
 */
function periodColumn(knex: Knex, postgres: boolean, timeZone: string) {
  return postgres
    ? knex.raw(`to_char(not_before at time zone 'UTC' at time zone ?, 'YYYY-MM-DD') as period`, [timeZone])
    : knex.raw(`cast(not_before / ${BUCKET_MINUTES * 60_000} as integer) as period`);
}

/** A sum of ten-thousandths written with the currency's minor units (more only when they are needed). */
function formatCost(tenThousandths: bigint, currency: string) {
  const exact = formatAmount(tenThousandths, COST_DIGITS);
  const keep = minorUnits(currency);
  return exact.replace(new RegExp(`(\\.\\d{${keep}}\\d*?)0+$`), '$1').replace(/\.$/, '');
}

const emptyDay = (day: string) => ({ day, sent: 0, delivered: 0, failed: 0, unknown: 0, costs: new Map<string, bigint>() });

/** Tally of the final answers: delivered against failed and rejected (an expired reminder never reached the provider). */
const FINAL_FAILURES: DeliveryStatus[] = ['failed', 'rejected'];

export default ({ strapi }: { strapi: Core.Strapi }) => ({
  /**
   * Sent, delivered, failed and cost per local day over the last `days` days, from one grouped query per
   * call over the (status, not before, cost) index, which covers it: the work grows with the period's
   * traffic, not the table, and no table page is read (the rows of a period lie all over the table).
   */
  async summary(days: number, now = (strapi.plugin('reminders').service('scheduler') as Scheduler).now()): Promise<Dashboard> {
    const knex = strapi.db.connection;
    const timeZone = pluginConfig(strapi).defaultTimezone;
    const today = DateTime.fromJSDate(now, { zone: timeZone }).startOf('day');
    const from = today.minus({ days: days - 1 });
    const to = today.plus({ days: 1 });
    const postgres = isPostgres(strapi);
    const rows = (await knex(DELIVERIES)
      .whereIn('delivery_status', COUNTED)
      .andWhere('not_before', '>=', from.toJSDate())
      .andWhere('not_before', '<', to.toJSDate())
      .select({ status: 'delivery_status' }, periodColumn(knex, postgres, timeZone), 'cost')
      .count({ count: '*' })
      .groupBy('delivery_status', 'period', 'cost')) as GroupRow[];

    const byDay = new Map<string, ReturnType<typeof emptyDay>>();
    for (let day = from; day < to; day = day.plus({ days: 1 })) byDay.set(day.toISODate() as string, emptyDay(day.toISODate() as string));
    const total = emptyDay('total');
    let undelivered = 0;
    for (const row of rows) {
      if (FINAL_FAILURES.includes(row.status)) undelivered += Number(row.count);
      const day = postgres ? String(row.period) : (DateTime.fromMillis(Number(row.period) * BUCKET_MINUTES * 60_000, { zone: timeZone }).toISODate() as string);
      const count = Number(row.count);
      const cost = parseProviderCost(row.cost);
      for (const stats of [byDay.get(day), total]) {
        if (!stats) continue;
        if (row.status === 'accepted') stats.sent += count;
        else if (row.status === 'delivered') stats.delivered += count;
        else if (row.status === 'unknown') stats.unknown += count;
        else stats.failed += count;
        if (cost) stats.costs.set(cost.currency, (stats.costs.get(cost.currency) ?? 0n) + cost.tenThousandths * BigInt(count));
      }
    }
    const written = ({ costs, ...stats }: ReturnType<typeof emptyDay>) => ({
      ...stats,
      cost: [...costs].filter(([, amount]) => amount > 0n).map(([currency, amount]) => ({ currency, amount: formatCost(amount, currency) })),
    });

    // Waiting in the outbox: the planner keeps about a horizon's worth, so this is a short index range.
    const queued = (await knex(DELIVERIES).where('delivery_status', 'queued').count({ count: '*' })) as { count: number | string }[];

    const pause = (strapi.plugin('reminders').service('scheduler') as Scheduler).pause;
    const reason = await pause.current(now);
    const { costs, ...totals } = total;
    return {
      timeZone,
      from: from.toISODate() as string,
      to: today.toISODate() as string,
      days: [...byDay.values()].map(written),
      totals: {
        ...written({ ...totals, costs }),
        deliveryRate: total.delivered + undelivered > 0 ? total.delivered / (total.delivered + undelivered) : null,
        queued: Number(queued[0].count),
      },
      pause: reason ? { reason } : null,
      alerts: [...(await pause.alerts())].reverse(),
    };
  },
});
