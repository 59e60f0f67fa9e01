import type { Core } from '@strapi/strapi';
import { type Reason, reason, reasonText } from '../domain/reasons';
import type { SendOutcome } from '../domain/send-outcome';
import type { SegmentPrice } from '../domain/sms-segments';
import {
  SPEND_LIMITS,
  SPENDING_CAP_CODES,
  SPENDING_WARNING_CODES,
  type SpendLimit,
  type SpendPeriod,
  type SpendingCap,
  checkSpendingCap,
  estimateUnits,
  fits,
  formatUnits,
  normalizeSpendingCap,
  percentOf,
  reachedWarning,
  spendPeriods,
  spentBy,
  toUnits,
} from '../domain/spending';
import { refuse } from '../validation/refuse';
import { createSendingPause } from './scheduling/sending-pause';
import { groupCommit } from './scheduling/group-commit';
import { createSpendTable } from './scheduling/spend-table';
import { getConfig } from '../utils';

/** The spending cap as it applies now, in the account currency (the price per segment's). */
export interface SpendingSettings extends SpendingCap {
  currency: string | null;
  /** Where it comes from: `reminders.config` until an editor saves it on the Settings page. */
  source: 'config' | 'settings';
}

/** What sends are checked against, read once a dispatch pass (like customer protection). */
export interface SpendingLimits {
  limits: Record<SpendLimit, bigint | null>;
  price: SegmentPrice | null;
  zone: string;
}

/** An SMS's estimated cost held against its local day and month until the provider answers. */
export interface SpendReservation {
  limits: SpendingLimits;
  periods: Record<SpendLimit, SpendPeriod>;
  estimate: bigint;
  /** What was added to each period's `reserved` (nothing where there is no limit). */
  reserved: Record<SpendLimit, bigint>;
}

export type Reserved = { ok: true; reservation: SpendReservation } | { ok: false; limit: SpendLimit; why: Reason };

/** Spend of one period against its limit, as the dashboard shows it (decimal strings in the account currency). */
export interface SpendFigure {
  spent: string;
  /** Estimates of the sends in flight, held against the limit until their answer. */
  reserved: string;
  limit: string | null;
  /** Whole percent of the limit spent and reserved; null without a limit. */
  percent: number | null;
}

export interface DashboardSpending {
  currency: string | null;
  today: SpendFigure;
  month: SpendFigure;
}

const STORE_KEY = 'spending-cap';
const CAP_CODES = Object.values(SPENDING_CAP_CODES);

/**
 * The spending cap: daily and monthly limits on SMS spend (the config's, replaced by what an editor saves on
 * the Settings page, kept in Strapi's store). Before an SMS goes, its estimated cost is reserved against its
 * local day and month in the database (spend-table.ts), so instances sending at once never pass a limit
 * together; the provider's answer turns the reservation into what the SMS cost. A reservation refused stops
 * SMS sending until the next period, with an alert, as an account problem does.
 */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const store = () => strapi.store({ type: 'plugin', name: 'reminders', key: STORE_KEY });
  const table = createSpendTable(strapi);
  const pause = createSendingPause(strapi);
  const price = () => getConfig(strapi).costPerSegment;

  async function get(): Promise<SpendingSettings> {
    const saved = (await store().get({})) as SpendingCap | null;
    const currency = price()?.currency ?? null;
    return saved
      ? { ...saved, currency, source: 'settings' }
      : { ...getConfig(strapi).spendingCap, currency, source: 'config' };
  }

  async function limits(): Promise<SpendingLimits> {
    const cap = await get();
    const units = (limit: string | null) => (limit === null ? null : toUnits(limit));
    return {
      limits: { daily: units(cap.daily), monthly: units(cap.monthly) },
      price: price(),
      zone: getConfig(strapi).defaultTimezone,
    };
  }

  /**
   * Whether a stop at the cap still holds: the smallest SMS (one segment) does not fit in what is left of the
   * period's limit. "Resume sending" lifts a stop only once it does not.
   */
  async function stillAtCap(limit: SpendLimit, now: Date): Promise<boolean> {
    const spending = await limits();
    const period = spendPeriods(now, spending.zone)[limit];
    const row = (await table.read([period.key])).get(period.key);
    const used = row ? row.spent + row.reserved : 0n;
    return !fits(used, estimateUnits(1, spending.price), spending.limits[limit]);
  }

  /** The reason of the pause in force if it is a stop at the cap that still holds (for "Resume sending"). */
  async function heldAtCap(now: Date): Promise<string | null> {
    const current = await pause.details(now);
    const limit = SPEND_LIMITS.find((name) => SPENDING_CAP_CODES[name] === current?.errorCode);
    return current && limit && (await stillAtCap(limit, now)) ? current.reason : null;
  }

  /** Stops SMS sending until `limit`'s period ends; the alert is raised once per period and limit value. */
  async function stop(spending: SpendingLimits, limit: SpendLimit, period: SpendPeriod, now: Date): Promise<Reason> {
    const cap = spending.limits[limit] as bigint;
    const currency = spending.price?.currency ?? '';
    const why = reason('spendingCapReached', {
      limit,
      cap: formatUnits(cap, currency),
      currency,
      until: period.end.toISOString(),
      zone: spending.zone,
    });
    const first = await table.mark('stopped_cap', period.key, cap, now);
    await pause.start(now, SPENDING_CAP_CODES[limit], reasonText(why), { until: period.end, alert: first });
    return why;
  }

  /** An alert at 80 % of a limit, once per period and limit value (whichever instance writes the mark first). */
  async function warn(spending: SpendingLimits, limit: SpendLimit, period: SpendPeriod, spent: bigint, now: Date) {
    const cap = spending.limits[limit] as bigint;
    if (!(await table.mark('warned_cap', period.key, cap, now))) return;
    const currency = spending.price?.currency ?? '';
    const why = reason('spendingCapWarning', {
      limit,
      cap: formatUnits(cap, currency),
      spent: formatUnits(spent, currency),
      percent: percentOf(spent, cap) ?? 0,
      currency,
    });
    await pause.alert(now, SPENDING_WARNING_CODES[limit], reasonText(why), 'warning');
  }

  /**
   * Sends that end together share one statement (group-commit.ts): every SMS writes its day and month rows,
   * and lanes of all instances would otherwise queue on those two rows one commit at a time.
   */
  const settlePeriods = groupCommit(async (items: { period: string; reserved: bigint; spent: bigint; now: Date }[]) => {
    const changes = new Map<string, { period: string; reserved: bigint; spent: bigint }>();
    for (const { period, reserved, spent } of items) {
      const change = changes.get(period) ?? { period, reserved: 0n, spent: 0n };
      changes.set(period, { period, reserved: change.reserved + reserved, spent: change.spent + spent });
    }
    const rows = await table.settle([...changes.values()], items[items.length - 1].now);
    return items.map((item) => rows.get(item.period));
  });

  /** Ends a reservation with what the send cost (0: nothing went), and warns at 80 % of a limit. */
  async function settle(reservation: SpendReservation, spent: bigint, now: Date) {
    const { limits: spending, periods, reserved } = reservation;
    const limits = SPEND_LIMITS.filter((limit) => reserved[limit] !== 0n || spent !== 0n);
    // Both periods at once: they join the same group commit, one statement for the day and the month.
    const rows = await Promise.all(
      limits.map((limit) => settlePeriods({ period: periods[limit].key, reserved: reserved[limit], spent, now }))
    );
    for (const [index, limit] of limits.entries()) {
      const row = rows[index];
      const cap = spending.limits[limit];
      if (row && reachedWarning(row.spent, cap) && row.warnedCap !== cap)
        await warn(spending, limit, periods[limit], row.spent, now);
    }
  }

  /** A dispatch pass reserves every SMS at the same instant: Luxon's zone arithmetic once a pass, not once an SMS. */
  let lastPeriods: { at: number; zone: string; periods: Record<SpendLimit, SpendPeriod> } | undefined;
  function periodsAt(now: Date, zone: string): Record<SpendLimit, SpendPeriod> {
    if (lastPeriods?.at !== now.getTime() || lastPeriods.zone !== zone)
      lastPeriods = { at: now.getTime(), zone, periods: spendPeriods(now, zone) };
    return lastPeriods.periods;
  }

  return {
    get,
    limits,

    /** Checks and saves the Settings page's cap (a 400 naming each wrong field); lifts a stop at the cap. */
    async save(input: Record<string, unknown>, now: Date): Promise<SpendingSettings> {
      const problems = checkSpendingCap(input, price());
      if (problems.length) throw refuse(problems);
      const value = normalizeSpendingCap(input);
      await store().set({ value });
      // Raised, removed or even lowered: the next reservation decides again, and stops again if still at it.
      await pause.resumeIf(CAP_CODES, now);
      return { ...value, currency: price()?.currency ?? null, source: 'settings' };
    },

    /**
     * Reserves an SMS of `segments` against its local day and month, each only within its limit (the day
     * first; a month refused gives the day's back). Refused: SMS sending stops until that period ends.
     */
    async reserve(spending: SpendingLimits, segments: number, now: Date): Promise<Reserved> {
      const periods = periodsAt(now, spending.zone);
      const estimate = estimateUnits(segments, spending.price);
      const reservation: SpendReservation = {
        limits: spending,
        periods,
        estimate,
        reserved: { daily: 0n, monthly: 0n },
      };
      await table.ensure([periods.daily.key, periods.monthly.key], now);
      for (const limit of SPEND_LIMITS) {
        const cap = spending.limits[limit];
        if (cap === null) continue;
        if (await table.reserve(periods[limit].key, estimate, cap, now)) {
          reservation.reserved[limit] = estimate;
          continue;
        }
        await settle(reservation, 0n, now);
        return { ok: false, limit, why: await stop(spending, limit, periods[limit], now) };
      }
      return { ok: true, reservation };
    },

    /** The provider answered: the reservation becomes what the SMS cost (the provider's figure when it gives one). */
    settle: (reservation: SpendReservation, outcome: SendOutcome, now: Date) =>
      settle(reservation, spentBy(outcome, reservation.estimate, reservation.limits.price?.currency ?? null), now),

    /** The SMS was never handed to the provider: its reservation is given back. */
    release: (reservation: SpendReservation, now: Date) => settle(reservation, 0n, now),

    /** Today's and this month's spend against their limits, in the account currency. */
    async summary(now: Date): Promise<DashboardSpending> {
      const spending = await limits();
      const currency = spending.price?.currency ?? null;
      const periods = spendPeriods(now, spending.zone);
      const rows = await table.read([periods.daily.key, periods.monthly.key]);
      const figure = (limit: SpendLimit): SpendFigure => {
        const row = rows.get(periods[limit].key);
        const [spent, reserved] = [row?.spent ?? 0n, row?.reserved ?? 0n];
        const cap = spending.limits[limit];
        const format = (units: bigint) => formatUnits(units, currency ?? '');
        return {
          spent: format(spent),
          reserved: format(reserved),
          limit: cap === null ? null : format(cap),
          percent: percentOf(spent + reserved, cap),
        };
      };
      return { currency, today: figure('daily'), month: figure('monthly') };
    },

    heldAtCap,

    /**
     * The pause as the dashboard and the Settings page show it: `atCap` when only raising the cap lifts it
     * (their "Resume sending" would be refused).
     */
    async pauseNow(now: Date): Promise<{ reason: string; atCap: boolean } | null> {
      const reason = await pause.current(now);
      return reason ? { reason, atCap: (await heldAtCap(now)) !== null } : null;
    },
  };
};
