import {
  actualUnits,
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
} from '../spending';

const KES = { amount: '0.80', currency: 'KES' };
const NAIROBI = 'Africa/Nairobi';

describe('money in ten-thousandths', () => {
  it.each([
    ['0.8', 8000n],
    ['0.8125', 8125n],
    ['500', 5_000_000n],
    ['12.50', 125_000n],
  ])('reads %s exactly', (text, units) => expect(toUnits(text)).toBe(units));

  it('writes units back with at least the currency minor units', () => {
    expect(formatUnits(125_000n, 'KES')).toBe('12.50');
    expect(formatUnits(8125n, 'KES')).toBe('0.8125');
    expect(formatUnits(1_000_000n, 'UGX')).toBe('100');
    expect(formatUnits(0n, 'KES')).toBe('0.00');
  });

  it('sums a thousand 0.8125 costs with no float drift', () => {
    let total = 0n;
    for (let index = 0; index < 1000; index += 1) total += actualUnits('KES 0.8125', 0n, 'KES');
    expect(formatUnits(total, 'KES')).toBe('812.50');
  });

  it('reads Africa’s Talking costs, and falls back to the estimate when there is none in the currency', () => {
    expect(actualUnits('KES 1.6000', 8000n, 'KES')).toBe(16_000n);
    expect(actualUnits('KES 0.0000', 8000n, 'KES')).toBe(0n);
    expect(actualUnits(undefined, 8000n, 'KES')).toBe(8000n);
    expect(actualUnits('0', 8000n, 'KES')).toBe(8000n);
    expect(actualUnits('USD 0.0100', 8000n, 'KES')).toBe(8000n);
    expect(actualUnits('KES 1.2', 8000n, null)).toBe(12_000n);
  });

  it('counts what an answer cost: the provider’s figure, the estimate when it may have gone, else nothing', () => {
    const accepted = { kind: 'accepted', messageId: 'm', providerStatus: 'Success' } as const;
    expect(spentBy({ ...accepted, cost: 'KES 2.4000' }, 16_000n, 'KES')).toBe(24_000n);
    expect(spentBy(accepted, 16_000n, 'KES')).toBe(16_000n);
    expect(spentBy({ kind: 'unknown', errorCode: 'timeout', reason: 'Timed out' }, 16_000n, 'KES')).toBe(16_000n);
    for (const kind of ['permanent', 'transient', 'account'] as const)
      expect(spentBy({ kind, errorCode: 'x', reason: 'x' }, 16_000n, 'KES')).toBe(0n);
  });

  it('estimates segments × price, and nothing without a price', () => {
    expect(estimateUnits(3, KES)).toBe(24_000n);
    expect(estimateUnits(1, { amount: '0.8125', currency: 'KES' })).toBe(8125n);
    expect(estimateUnits(2, null)).toBe(0n);
  });
});

describe('checkSpendingCap', () => {
  const paths = (value: unknown, price: typeof KES | null = KES) =>
    checkSpendingCap(value, price).map((problem) => problem.path);

  it('accepts limits, no limits, and a zero limit', () => {
    expect(checkSpendingCap({ daily: '500.00', monthly: '10000' }, KES)).toEqual([]);
    expect(checkSpendingCap({ daily: null, monthly: null }, KES)).toEqual([]);
    expect(checkSpendingCap({ daily: '0', monthly: null }, KES)).toEqual([]);
    expect(checkSpendingCap({ daily: '0.8125' }, KES)).toEqual([]);
  });

  it.each([
    [{ daily: '-1', monthly: null }, 'daily', 'must not be negative'],
    [{ daily: 'ten', monthly: null }, 'daily', 'must be a decimal amount'],
    [{ daily: 10, monthly: null }, 'daily', 'must be a decimal amount'],
    [{ daily: null, monthly: '1.23456' }, 'monthly', 'more than 4 decimal places'],
    [{ daily: '100', monthly: '99.99' }, 'monthly', 'must not be less than the daily limit'],
    [{ daily: null, weekly: '5' }, 'weekly', 'is not a spending cap setting'],
  ])('refuses %j on %s', (value, path, message) => {
    const problems = checkSpendingCap(value, KES);
    expect(problems).toHaveLength(1);
    expect(problems[0].path).toBe(path);
    expect(problems[0].message).toContain(message);
  });

  it('needs a known price for a cap, not for none', () => {
    expect(paths({ daily: '5', monthly: null }, null)).toEqual(['daily']);
    expect(paths({ daily: null, monthly: '5' }, null)).toEqual(['monthly']);
    expect(checkSpendingCap({ daily: '5' }, null)[0].message).toContain('costPerSegment');
    expect(paths({ daily: null, monthly: null }, null)).toEqual([]);
  });

  it('names the config path', () => {
    expect(paths({ daily: 'x' })).toEqual(['daily']);
    expect(checkSpendingCap({ daily: 'x' }, KES, 'spendingCap')[0].path).toBe('spendingCap.daily');
    expect(checkSpendingCap('500', KES, 'spendingCap')[0].path).toBe('spendingCap');
  });

  it('keeps the values trimmed', () => {
    expect(normalizeSpendingCap({ daily: ' 500 ', monthly: undefined })).toEqual({ daily: '500', monthly: null });
  });
});

describe('spendPeriods in Africa/Nairobi (UTC+3)', () => {
  it('puts 20:59 UTC and 21:00 UTC on two local days', () => {
    const before = spendPeriods(new Date('2026-12-02T20:59:59Z'), NAIROBI);
    const after = spendPeriods(new Date('2026-12-02T21:00:00Z'), NAIROBI);
    expect(before.daily.key).toBe('day:2026-12-02');
    expect(after.daily.key).toBe('day:2026-12-03');
    expect(before.daily.end.toISOString()).toBe('2026-12-02T21:00:00.000Z');
    expect(after.daily.start.toISOString()).toBe('2026-12-02T21:00:00.000Z');
  });

  it('turns the month at local midnight of the 1st, and the year with it', () => {
    const lastEvening = spendPeriods(new Date('2026-12-31T20:30:00Z'), NAIROBI);
    const newYear = spendPeriods(new Date('2026-12-31T21:00:00Z'), NAIROBI);
    expect(lastEvening.monthly.key).toBe('month:2026-12');
    expect(lastEvening.monthly.end.toISOString()).toBe('2026-12-31T21:00:00.000Z');
    expect(newYear.monthly.key).toBe('month:2027-01');
    expect(newYear.daily.key).toBe('day:2027-01-01');
    expect(newYear.monthly.start.toISOString()).toBe('2026-12-31T21:00:00.000Z');
  });

  it('ends February on the 28th and a leap February on the 29th', () => {
    expect(spendPeriods(new Date('2027-02-15T09:00:00Z'), NAIROBI).monthly.end.toISOString()).toBe(
      '2027-02-28T21:00:00.000Z'
    );
    expect(spendPeriods(new Date('2028-02-15T09:00:00Z'), NAIROBI).monthly.end.toISOString()).toBe(
      '2028-02-29T21:00:00.000Z'
    );
  });

  it('has a 23-hour day when clocks spring forward elsewhere', () => {
    const { daily } = spendPeriods(new Date('2026-03-29T12:00:00Z'), 'Europe/London');
    expect(daily.end.getTime() - daily.start.getTime()).toBe(23 * 3600_000);
  });
});

describe('reservation math', () => {
  it('fits up to the limit exactly, not one unit past it', () => {
    expect(fits(92_000n, 8000n, 100_000n)).toBe(true);
    expect(fits(92_001n, 8000n, 100_000n)).toBe(false);
    expect(fits(10n ** 15n, 8000n, null)).toBe(true);
    expect(fits(0n, 1n, 0n)).toBe(false);
  });

  it('warns from 80 % of a limit', () => {
    expect(reachedWarning(79_999n, 100_000n)).toBe(false);
    expect(reachedWarning(80_000n, 100_000n)).toBe(true);
    expect(reachedWarning(80_000n, null)).toBe(false);
    expect(reachedWarning(0n, 0n)).toBe(false);
  });

  it('says the share spent in whole percent', () => {
    expect(percentOf(80_000n, 100_000n)).toBe(80);
    expect(percentOf(99_999n, 100_000n)).toBe(99);
    expect(percentOf(5n, null)).toBeNull();
    expect(percentOf(0n, 0n)).toBe(100);
  });
});
