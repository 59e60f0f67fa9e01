import type { DateTime } from 'luxon';
import type { DeliveryStatus } from './delivery-status';
import { COST_DIGITS, formatAmount, minorUnits, parseProviderCost } from './money';

/**
 * The dashboard's figures per local day, from deliveries counted per day, status and cost (by PostgreSQL's
 * day counts or by a grouped query on SQLite): pure, so both databases share one tally.
 */

/** The statuses the dashboard counts: what reached the provider, or should have and did not. */
export const COUNTED: DeliveryStatus[] = ['accepted', 'delivered', 'failed', 'rejected', 'unknown', 'expired'];

export interface DayCountRow {
  /** YYYY-MM-DD, the local day in the zone the counts were built with. */
  day: string;
  status: DeliveryStatus;
  cost: string | null;
  count: number | string;
}

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

/** A sum of ten-thousandths written with the currency's minor units (more only when they are needed). */
function formatCost(tenThousandths: bigint, currency: string) {
  const exact = formatAmount(tenThousandths, COST_DIGITS);
  const keep = minorUnits(currency);
  return exact.replace(new RegExp(`(\\.\\d{${keep}}\\d*?)0+$`), '$1').replace(/\.$/, '');
}

const emptyDay = (day: string) => ({
  day,
  sent: 0,
  delivered: 0,
  failed: 0,
  unknown: 0,
  costs: new Map<string, bigint>(),
});

/** Tally of the final answers: delivered against failed and rejected (an expired reminder never reached the provider). */
const FINAL_FAILURES: DeliveryStatus[] = ['failed', 'rejected'];

const written = ({ costs, ...stats }: ReturnType<typeof emptyDay>) => ({
  ...stats,
  cost: [...costs]
    .filter(([, amount]) => amount > 0n)
    .map(([currency, amount]) => ({ currency, amount: formatCost(amount, currency) })),
});

/** Each local day from `from` up to `to` (excluded), and the totals, from rows counted per day, status and cost. */
export function tallyDays(rows: DayCountRow[], from: DateTime, to: DateTime) {
  const byDay = new Map<string, ReturnType<typeof emptyDay>>();
  for (let day = from; day < to; day = day.plus({ days: 1 }))
    byDay.set(day.toISODate() as string, emptyDay(day.toISODate() as string));
  const total = emptyDay('total');
  let undelivered = 0;
  for (const row of rows) {
    const count = Number(row.count);
    if (FINAL_FAILURES.includes(row.status)) undelivered += count;
    const cost = parseProviderCost(row.cost);
    for (const stats of [byDay.get(row.day), total]) {
      if (!stats) continue;
      if (row.status === 'accepted') stats.sent += count;
      else if (row.status === 'delivered') stats.delivered += count;
      else if (row.status === 'unknown') stats.unknown += count;
      else stats.failed += count;
      if (cost)
        stats.costs.set(cost.currency, (stats.costs.get(cost.currency) ?? 0n) + cost.tenThousandths * BigInt(count));
    }
  }
  const { day: _total, ...totals } = written(total);
  return {
    days: [...byDay.values()].map(written),
    totals: {
      ...totals,
      deliveryRate: total.delivered + undelivered > 0 ? total.delivered / (total.delivered + undelivered) : null,
    },
  };
}
