import { DateTime } from 'luxon';
import type { Core } from '@strapi/strapi';
import type { DeliveryStatus } from '../domain/delivery-status';
import { formatAmount, minorUnits } from '../domain/money';
import { DELIVERIES, type Knex, isPostgres } from './scheduling/outbox-table';
import type { Scheduler } from './scheduling/scheduler';
import type { SendingAlert } from './scheduling/sending-pause';
import { pluginConfig } from './scheduling/settings';

/** The statuses the dashboard counts: what reached the provider, or should have and did not. */
const COUNTED: DeliveryStatus[] = ['accepted', 'delivered', 'failed', 'rejected', 'unknown', 'expired'];

/** Rows are grouped in SQL by quarter hour of their due time, then into local days here (zones with :30 and :45 offsets included). */
const BUCKET_MINUTES = 15;
const COST_DIGITS = 4;

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
  bucket: number | string;
  currency: string | null;
  count: number | string;
  cost: number | string | null;
}

/** "KES 0.8000" is how Africa's Talking writes a cost: read in SQL as ten-thousandths, exactly (integers). */
function costColumns(knex: Knex, postgres: boolean) {
  if (postgres) {
    // knex.raw reads a bare ? as a binding: the regex's optional group needs it escaped.
    const valid = `cost ~ '^[A-Z]{3} [0-9]{1,12}(\\.[0-9]{1,4})\\?$'`;
    return {
      bucket: knex.raw(`floor(extract(epoch from not_before) / ${BUCKET_MINUTES * 60})::bigint as bucket`),
      currency: knex.raw(`case when ${valid} then substr(cost, 1, 3) end as currency`),
      cost: knex.raw(`sum(case when ${valid} then round(substr(cost, 5)::numeric * 10000)::bigint else 0 end) as cost`),
    };
  }
  // SQLite keeps datetimes as epoch milliseconds.
  const valid = `cost glob '[A-Z][A-Z][A-Z] [0-9]*'`;
  return {
    bucket: knex.raw(`cast(not_before / ${BUCKET_MINUTES * 60_000} as integer) as bucket`),
    currency: knex.raw(`case when ${valid} then substr(cost, 1, 3) end as currency`),
    cost: knex.raw(`sum(case when ${valid} then cast(round(cast(substr(cost, 5) as real) * 10000) as integer) else 0 end) as cost`),
  };
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
   * call over the (status, not before) index: the work grows with the period's traffic, not the table.
   */
  async summary(days: number, now = (strapi.plugin('reminders').service('scheduler') as Scheduler).now()): Promise<Dashboard> {
    const knex = strapi.db.connection;
    const timeZone = pluginConfig(strapi).defaultTimezone;
    const today = DateTime.fromJSDate(now, { zone: timeZone }).startOf('day');
    const from = today.minus({ days: days - 1 });
    const to = today.plus({ days: 1 });
    const columns = costColumns(knex, isPostgres(strapi));
    const rows = (await knex(DELIVERIES)
      .whereIn('delivery_status', COUNTED)
      .andWhere('not_before', '>=', from.toJSDate())
      .andWhere('not_before', '<', to.toJSDate())
      .select({ status: 'delivery_status' }, columns.bucket, columns.currency, columns.cost)
      .count({ count: '*' })
      .groupBy('delivery_status', 'bucket', 'currency')) as GroupRow[];

    const byDay = new Map<string, ReturnType<typeof emptyDay>>();
    for (let day = from; day < to; day = day.plus({ days: 1 })) byDay.set(day.toISODate() as string, emptyDay(day.toISODate() as string));
    const total = emptyDay('total');
    let undelivered = 0;
    for (const row of rows) {
      if (FINAL_FAILURES.includes(row.status)) undelivered += Number(row.count);
      const day = DateTime.fromMillis(Number(row.bucket) * BUCKET_MINUTES * 60_000, { zone: timeZone }).toISODate() as string;
      const count = Number(row.count);
      for (const stats of [byDay.get(day), total]) {
        if (!stats) continue;
        if (row.status === 'accepted') stats.sent += count;
        else if (row.status === 'delivered') stats.delivered += count;
        else if (row.status === 'unknown') stats.unknown += count;
        else stats.failed += count;
        if (row.currency && row.cost !== null) stats.costs.set(row.currency, (stats.costs.get(row.currency) ?? 0n) + BigInt(row.cost));
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
