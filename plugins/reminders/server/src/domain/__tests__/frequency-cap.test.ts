import {
  DEFAULT_FREQUENCY_CAP,
  capForRule,
  capWindowStart,
  checkFrequencyCap,
  checkRuleFrequencyCap,
  deferredTime,
  nextAllowed,
} from '../frequency-cap';

/* Africa/Nairobi is UTC+3 all year; Europe/London changes to BST on 2026-03-29 at 01:00 local. */
const at = (iso: string) => new Date(iso);
const next = (now: string, sent: string[], cap = DEFAULT_FREQUENCY_CAP, zone = 'Africa/Nairobi') => {
  const result = nextAllowed(at(now), sent.map(at), cap, zone);
  return { at: result.at.toISOString(), limit: result.limit };
};

describe('nextAllowed', () => {
  it('allows a send when nothing was sent', () => {
    expect(next('2026-03-02T06:00:00Z', [])).toEqual({ at: '2026-03-02T06:00:00.000Z', limit: undefined });
  });

  it('allows anything without a cap', () => {
    const result = nextAllowed(at('2026-03-02T06:00:00Z'), [at('2026-03-02T06:00:00Z')], null, 'Africa/Nairobi');
    expect(result).toEqual({ at: at('2026-03-02T06:00:00Z') });
  });

  it('holds a second send of the local day until the next local midnight', () => {
    // 06:00Z is 09:00 in Nairobi; its next day starts at 21:00Z.
    expect(next('2026-03-02T06:00:00Z', ['2026-03-02T05:00:00Z'])).toEqual({
      at: '2026-03-02T21:00:00.000Z',
      limit: 'perDay',
    });
  });

  it('counts the day in the recipient zone, not UTC', () => {
    // 22:00Z on the 1st is already the 2nd in Nairobi: a send at 23:30Z the 1st is the same local day.
    expect(next('2026-03-01T23:30:00Z', ['2026-03-01T22:00:00Z']).limit).toBe('perDay');
    // ...while 20:00Z on the 1st is still the 1st in Nairobi: only the spacing is left, and it is over.
    expect(next('2026-03-01T23:30:00Z', ['2026-03-01T20:00:00Z']).limit).toBeUndefined();
  });

  it('holds a send until the spacing after the last one ends', () => {
    const cap = { perDay: 5, perWeek: null, minSpacingMinutes: 60 };
    expect(next('2026-03-02T06:00:00Z', ['2026-03-02T05:30:00Z'], cap)).toEqual({
      at: '2026-03-02T06:30:00.000Z',
      limit: 'minSpacingMinutes',
    });
  });

  it('holds a send past the week once the week is full, until the oldest send leaves the 7 local days', () => {
    const cap = { perDay: 1, perWeek: 3, minSpacingMinutes: 60 };
    const sent = ['2026-03-02T06:00:00Z', '2026-03-03T06:00:00Z', '2026-03-04T06:00:00Z'];
    // The 2nd (local) leaves the week that ends on the 8th; the 9th starts at 21:00Z on the 8th.
    expect(next('2026-03-05T06:00:00Z', sent, cap)).toEqual({ at: '2026-03-08T21:00:00.000Z', limit: 'perWeek' });
  });

  it('settles several limits together: the day is full and the next day is in the spacing', () => {
    const cap = { perDay: 1, perWeek: null, minSpacingMinutes: 180 };
    // Sent at 23:00 local; the next local day starts in one hour, the spacing ends in three.
    expect(next('2026-03-02T20:30:00Z', ['2026-03-02T20:00:00Z'], cap)).toEqual({
      at: '2026-03-02T23:00:00.000Z',
      limit: 'minSpacingMinutes',
    });
  });

  it('finds the local midnight across a DST change', () => {
    // London: the 29th starts at 00:00 GMT, the 30th at 23:00Z on the 29th (BST).
    expect(next('2026-03-29T10:00:00Z', ['2026-03-29T08:00:00Z'], DEFAULT_FREQUENCY_CAP, 'Europe/London')).toEqual({
      at: '2026-03-29T23:00:00.000Z',
      limit: 'perDay',
    });
  });
});

describe('capWindowStart', () => {
  it('reaches back to the start of the sixth local day before', () => {
    expect(capWindowStart(at('2026-03-08T06:00:00Z'), DEFAULT_FREQUENCY_CAP, 'Africa/Nairobi').toISOString()).toBe(
      '2026-03-01T21:00:00.000Z'
    );
  });
});

describe('checking caps', () => {
  it('accepts a cap, partial caps and no limits', () => {
    expect(checkFrequencyCap({ perDay: 1, perWeek: 3, minSpacingMinutes: 60 }, 'frequencyCap')).toEqual([]);
    expect(checkFrequencyCap({ perDay: 2 }, 'frequencyCap')).toEqual([]);
    expect(checkRuleFrequencyCap(null)).toEqual([]);
    expect(checkRuleFrequencyCap('none')).toEqual([]);
  });

  it('names each wrong field', () => {
    expect(
      checkRuleFrequencyCap({ perDay: 0, perWeek: 'x', minSpacingMinutes: -1, other: 1 }).map((e) => e.path)
    ).toEqual(['frequencyCap.other', 'frequencyCap.perDay', 'frequencyCap.perWeek', 'frequencyCap.minSpacingMinutes']);
    expect(checkRuleFrequencyCap('all')).toEqual([
      expect.objectContaining({ path: 'frequencyCap', message: expect.stringMatching(/must be an object/) }),
    ]);
    expect(checkFrequencyCap({ perDay: 3, perWeek: 2 }, 'cap')).toEqual([
      expect.objectContaining({ path: 'cap.perWeek' }),
    ]);
  });

  it("picks a rule's own cap, none, or the plugin's", () => {
    expect(capForRule('none', DEFAULT_FREQUENCY_CAP)).toBeNull();
    expect(capForRule(null, DEFAULT_FREQUENCY_CAP)).toBe(DEFAULT_FREQUENCY_CAP);
    expect(capForRule({ perDay: 2 } as never, DEFAULT_FREQUENCY_CAP)).toEqual({
      perDay: 2,
      perWeek: null,
      minSpacingMinutes: null,
    });
  });
});

describe('deferredTime', () => {
  it("keeps a held-back reminder's local time of day on the day the cap allows", () => {
    const scheduled = at('2026-03-02T06:00:00Z'); // 09:00 in Nairobi
    expect(
      deferredTime({ at: at('2026-03-02T21:00:00Z'), limit: 'perDay' }, scheduled, 'Africa/Nairobi').toISOString()
    ).toBe('2026-03-03T06:00:00.000Z');
    expect(
      deferredTime({ at: at('2026-03-02T06:30:00Z'), limit: 'minSpacingMinutes' }, scheduled, 'Africa/Nairobi')
    ).toEqual(at('2026-03-02T06:30:00Z'));
  });
});
