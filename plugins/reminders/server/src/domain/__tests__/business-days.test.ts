import { DEFAULT_BUSINESS_CALENDAR, checkBusinessCalendar, nextBusinessTime } from '../business-days';

/* Africa/Nairobi is UTC+3 all year; Europe/London changes to BST on 2026-03-29 at 01:00 local (a Sunday). */
const move = (iso: string, zone = 'Africa/Nairobi', calendar = DEFAULT_BUSINESS_CALENDAR) => {
  const result = nextBusinessTime(new Date(iso), zone, calendar);
  return { at: result.at.toISOString(), because: result.because };
};

describe('nextBusinessTime', () => {
  it('leaves a business day alone', () => {
    // Wednesday 2026-12-23, 09:00 in Nairobi.
    expect(move('2026-12-23T06:00:00Z')).toEqual({ at: '2026-12-23T06:00:00.000Z', because: undefined });
  });

  it('moves a Saturday to Monday at the same local time', () => {
    expect(move('2026-12-05T06:00:00Z')).toEqual({ at: '2026-12-07T06:00:00.000Z', because: 'weekend' });
  });

  it('reads the weekday in the record zone', () => {
    // 22:00Z on Friday the 4th is already Saturday 01:00 in Nairobi.
    expect(move('2026-12-04T22:00:00Z').at).toBe('2026-12-06T22:00:00.000Z');
  });

  it('skips a run of holidays and the weekend after it', () => {
    const calendar = {
      weekendDays: [6, 7],
      holidays: [
        { date: '2026-12-25', name: 'Christmas Day' },
        { date: '2026-12-28', name: 'Boxing Day (observed)' },
        { date: '2027-01-01', name: "New Year's Day" },
      ],
    };
    // Friday 25th → Sat, Sun, Mon 28th holiday → Tuesday 29th.
    expect(move('2026-12-25T06:00:00Z', 'Africa/Nairobi', calendar)).toEqual({
      at: '2026-12-29T06:00:00.000Z',
      because: { date: '2026-12-25', name: 'Christmas Day' },
    });
    // Friday 1 January → Monday 4 January.
    expect(move('2027-01-01T06:00:00Z', 'Africa/Nairobi', calendar).at).toBe('2027-01-04T06:00:00.000Z');
  });

  it('honours a Friday–Saturday weekend', () => {
    expect(move('2026-12-04T06:00:00Z', 'Asia/Amman', { weekendDays: [5, 6], holidays: [] }).at).toBe(
      '2026-12-06T06:00:00.000Z'
    );
  });

  it('keeps the local time across a DST change', () => {
    // Saturday 28 March 09:00 GMT → Monday 30 March 09:00 BST (08:00Z).
    expect(move('2026-03-28T09:00:00Z', 'Europe/London').at).toBe('2026-03-30T08:00:00.000Z');
  });
});

describe('checkBusinessCalendar', () => {
  it('accepts the default and a holiday list', () => {
    expect(
      checkBusinessCalendar({ weekendDays: [5, 6], holidays: [{ date: '2026-12-25', name: 'Christmas' }] })
    ).toEqual([]);
  });

  it('names each wrong field', () => {
    const errors = checkBusinessCalendar({
      weekendDays: [0, 6],
      holidays: [
        { date: '2026-02-30', name: 'x' },
        { date: '2026-12-25', name: '' },
        { date: '2026-12-25', name: 'again' },
      ],
    });
    expect(errors.map((error) => error.path)).toEqual([
      'weekendDays',
      'holidays[0].date',
      'holidays[1].name',
      'holidays[2].date',
    ]);
    expect(checkBusinessCalendar({ weekendDays: [1, 2, 3, 4, 5, 6, 7], holidays: [] })[0].message).toMatch(
      /at least one business day/
    );
  });
});
