import { DateTime } from 'luxon';
import { type DayCountRow, tallyDays } from '../day-stats';

const zone = 'Africa/Nairobi';
const from = DateTime.fromISO('2026-11-20', { zone });
const to = DateTime.fromISO('2026-11-23', { zone });
const row = (
  day: string,
  status: DayCountRow['status'],
  count: DayCountRow['count'],
  cost: string | null = null
): DayCountRow => ({ day, status, count, cost });

describe('tallyDays', () => {
  it('gives every day of the period, the empty ones included, in order', () => {
    const { days } = tallyDays([row('2026-11-21', 'accepted', 2)], from, to);
    expect(days.map((day) => day.day)).toEqual(['2026-11-20', '2026-11-21', '2026-11-22']);
    expect(days[0]).toEqual({ day: '2026-11-20', sent: 0, delivered: 0, failed: 0, unknown: 0, cost: [] });
  });

  it('counts accepted as sent, and failed, rejected and expired as failed, per day and in total', () => {
    const rows = [
      row('2026-11-20', 'accepted', 3),
      row('2026-11-20', 'delivered', 5),
      row('2026-11-21', 'failed', 1),
      row('2026-11-21', 'rejected', 2),
      row('2026-11-21', 'expired', 4),
      row('2026-11-22', 'unknown', '6'), // PostgreSQL returns sums as text
    ];
    const { days, totals } = tallyDays(rows, from, to);
    expect(days.map(({ sent, delivered, failed, unknown }) => [sent, delivered, failed, unknown])).toEqual([
      [3, 5, 0, 0],
      [0, 0, 7, 0],
      [0, 0, 0, 6],
    ]);
    expect(totals).toMatchObject({ sent: 3, delivered: 5, failed: 7, unknown: 6 });
  });

  it('rates delivery over the final answers only: delivered against failed and rejected, not expired', () => {
    const rows = [
      row('2026-11-20', 'delivered', 6),
      row('2026-11-20', 'failed', 1),
      row('2026-11-20', 'rejected', 1),
      row('2026-11-20', 'expired', 10),
    ];
    expect(tallyDays(rows, from, to).totals.deliveryRate).toBe(0.75);
    expect(tallyDays([row('2026-11-20', 'accepted', 4)], from, to).totals.deliveryRate).toBeNull();
  });

  it("sums costs exactly per currency, written with the currency's minor units, more only when needed", () => {
    const rows = [
      row('2026-11-20', 'delivered', 3, 'KES 0.8000'),
      row('2026-11-20', 'accepted', 1, 'KES 0.8050'),
      row('2026-11-21', 'delivered', 7, 'JOD 0.0100'),
      row('2026-11-21', 'rejected', 2, null),
    ];
    const { days, totals } = tallyDays(rows, from, to);
    expect(days[0].cost).toEqual([{ currency: 'KES', amount: '3.205' }]);
    expect(days[1].cost).toEqual([{ currency: 'JOD', amount: '0.070' }]);
    expect(totals.cost).toEqual([
      { currency: 'KES', amount: '3.205' },
      { currency: 'JOD', amount: '0.070' },
    ]);
  });
});
