import { FilterError, formatDate, formatDateTime, formatMoney, formatRelative, formatTime } from '../filters';
import { measureSms } from '../../sms-segments';

// Monday 7 December 2026, 09:00 in Nairobi (UTC+3).
const now = new Date('2026-12-07T06:00:00Z');
const nairobi = (locale = 'en') => ({ locale, timeZone: 'Africa/Nairobi', now });

describe('formatMoney', () => {
  it.each([
    ['12500', 'KES', 'en', 'KES 12,500.00'],
    ['12500.5', 'KES', 'fr', '12 500,50 KES'],
    ['12500.50', 'KES', 'sw', 'Ksh 12,500.50'],
    ['120.5', 'JOD', 'en', 'JOD 120.500'],
    ['120.005', 'JOD', 'fr', '120,005 JOD'],
    ['350000', 'UGX', 'en', 'UGX 350,000'],
    ['350000', 'UGX', 'sw', 'UGX 350,000'],
    ['75000', 'XOF', 'fr', '75 000 F CFA'],
    ['0', 'KES', 'en', 'KES 0.00'],
    [1500.5, 'KES', 'en', 'KES 1,500.50'],
  ])('%p %s in %s is %p', (amount, currency, locale, expected) => {
    expect(formatMoney(amount, currency, locale)).toBe(expected);
  });

  it('writes Arabic amounts the Arabic way (right-to-left mark, currency after)', () => {
    expect(formatMoney('120.5', 'JOD', 'ar')).toBe('\u200F120.500 د.أ.\u200F');
    expect(formatMoney('12500', 'KES', 'ar')).toBe('\u200F12,500.00 KES');
  });

  it('keeps every digit of a large amount (no float on the way)', () => {
    expect(formatMoney('123456789012345.67', 'KES', 'en')).toBe('KES 123,456,789,012,345.67');
  });

  it('uses plain spaces, so English and French amounts stay GSM-7', () => {
    for (const locale of ['en', 'fr', 'sw']) {
      for (const [amount, currency] of [
        ['12500', 'KES'],
        ['75000', 'XOF'],
        ['120.5', 'JOD'],
      ]) {
        expect(measureSms(formatMoney(amount, currency, locale)).encoding).toBe('GSM_7');
      }
    }
  });

  it.each([[undefined], [null], ['']])('renders a missing amount (%p) as nothing', (amount) => {
    expect(formatMoney(amount, 'KES', 'en')).toBe('');
  });

  it.each([
    [undefined, 'money needs an ISO 4217 currency such as "KES"'],
    ['XYZ', 'money needs an ISO 4217 currency such as "KES", not "XYZ"'],
    ['kes', 'money needs an ISO 4217 currency such as "KES", not "kes"'],
  ])('refuses the currency %p', (currency, message) => {
    expect(() => formatMoney('1', currency, 'en')).toThrow(new FilterError(message));
  });

  it.each([
    ['12.345', 'KES', 'money: "12.345" has more than 2 decimal places'],
    ['1.5', 'UGX', 'money: "1.5" has more than 0 decimal places'],
    ['-5', 'KES', 'money: "-5" must not be negative'],
    ['lots', 'KES', 'money: "lots" must be a decimal amount such as "1500.00"'],
  ])('refuses the amount %p in %s', (amount, currency, message) => {
    expect(() => formatMoney(amount, currency, 'en')).toThrow(message);
  });
});

describe('formatDate', () => {
  it.each([
    [undefined, 'en', 'Dec 10, 2026'],
    ['short', 'en', '12/10/26'],
    ['medium', 'en', 'Dec 10, 2026'],
    ['long', 'en', 'December 10, 2026'],
    ['full', 'en', 'Thursday, December 10, 2026'],
    [undefined, 'fr', '10 déc. 2026'],
    ['full', 'fr', 'jeudi 10 décembre 2026'],
    [undefined, 'sw', '10 Des 2026'],
    ['long', 'sw', '10 Desemba 2026'],
    ['long', 'ar', '10 ديسمبر 2026'],
    ['d MMM yyyy', 'en', '10 Dec 2026'],
    ['dd/MM/yyyy', 'en', '10/12/2026'],
    ["EEEE d MMMM 'kwa saa' HH:mm", 'sw', 'Alhamisi 10 Desemba kwa saa 00:00'],
  ])('writes a calendar date with %p in %s', (format, locale, expected) => {
    expect(formatDate('2026-12-10', format, nairobi(locale))).toBe(expected);
  });

  it.each(['Pacific/Kiritimati', 'Pacific/Pago_Pago', 'UTC'])(
    'keeps a calendar date the same day in %s',
    (timeZone) => {
      expect(formatDate('2026-12-10', 'yyyy-MM-dd', { locale: 'en', timeZone, now })).toBe('2026-12-10');
    }
  );

  it('writes the local date of an instant', () => {
    // 22:30 UTC on the 9th is already the 10th in Nairobi and still the 9th in New York.
    expect(formatDate('2026-12-09T22:30:00.000Z', 'd MMMM', nairobi())).toBe('10 December');
    expect(formatDate('2026-12-09T22:30:00.000Z', 'd MMMM', { locale: 'en', timeZone: 'America/New_York', now })).toBe(
      '9 December'
    );
  });

  it('accepts a Date', () => {
    expect(formatDate(new Date('2026-12-09T22:30:00Z'), 'yyyy-MM-dd', nairobi())).toBe('2026-12-10');
  });

  it.each([[undefined], [null], ['']])('renders a missing date (%p) as nothing', (value) => {
    expect(formatDate(value, undefined, nairobi())).toBe('');
  });

  it.each([['soon'], ['2026-13-01'], ['2026-12-10T10:00:00'], [12500]])('refuses %p, which is not a date', (value) => {
    expect(() => formatDate(value, undefined, nairobi())).toThrow(
      `date: "${String(value)}" is neither a date (YYYY-MM-DD) nor a date-time with a UTC offset`
    );
  });

  it('refuses a format that is not text', () => {
    expect(() => formatDate('2026-12-10', 5, nairobi())).toThrow(
      'a date format must be short, medium, long, full or a pattern such as "d MMM yyyy"'
    );
  });
});

describe('formatTime', () => {
  const startsAt = '2026-12-08T07:00:00.000Z'; // 10:00 in Nairobi

  it.each([
    [undefined, 'en', '10:00 AM'],
    ['short', 'fr', '10:00'],
    [undefined, 'sw', '10:00'],
    [undefined, 'ar', '10:00 ص'],
    ['long', 'en', '10:00:00 AM GMT+3'],
    ['HH:mm', 'en', '10:00'],
    ["HH'h'mm", 'fr', '10h00'],
  ])('writes the local time with %p in %s', (format, locale, expected) => {
    expect(formatTime(startsAt, format, nairobi(locale))).toBe(expected);
  });

  it('writes the time in the time zone it is given', () => {
    expect(formatTime(startsAt, 'HH:mm', { locale: 'en', timeZone: 'Africa/Lagos', now })).toBe('08:00');
    expect(formatTime('2026-12-08T10:00:00+03:00', 'HH:mm', { locale: 'en', timeZone: 'UTC', now })).toBe('07:00');
  });

  it('uses a plain space before AM, so English times stay GSM-7', () => {
    expect(measureSms(formatTime(startsAt, undefined, nairobi())).encoding).toBe('GSM_7');
  });

  it('refuses a calendar date, which has no time of day', () => {
    expect(() => formatTime('2026-12-10', undefined, nairobi())).toThrow(
      'time: "2026-12-10" is a calendar date and has no time of day'
    );
  });

  it('renders a missing time as nothing', () => {
    expect(formatTime(null, undefined, nairobi())).toBe('');
  });
});

describe('formatDateTime', () => {
  const startsAt = '2026-12-08T07:00:00.000Z';

  it.each([
    [undefined, 'en', 'Dec 8, 2026, 10:00 AM'],
    ['long', 'en', 'December 8, 2026 at 10:00 AM'],
    ['full', 'fr', 'mardi 8 décembre 2026 à 10:00'],
    [undefined, 'sw', '8 Des 2026, 10:00'],
    ['EEE d MMM, HH:mm', 'en', 'Tue 8 Dec, 10:00'],
  ])('writes date and local time with %p in %s', (format, locale, expected) => {
    expect(formatDateTime(startsAt, format, nairobi(locale))).toBe(expected);
  });

  it('refuses a calendar date', () => {
    expect(() => formatDateTime('2026-12-10', undefined, nairobi())).toThrow(
      'datetime: "2026-12-10" is a calendar date and has no time of day'
    );
  });

  it('renders a missing value as nothing', () => {
    expect(formatDateTime(undefined, undefined, nairobi())).toBe('');
  });
});

describe('formatRelative', () => {
  it.each([
    ['2026-12-07', 'en', 'today'],
    ['2026-12-08', 'en', 'tomorrow'],
    ['2026-12-10', 'en', 'in 3 days'],
    ['2026-12-06', 'en', 'yesterday'],
    ['2026-12-02', 'en', '5 days ago'],
    ['2026-12-08', 'fr', 'demain'],
    ['2026-12-10', 'fr', 'dans 3 jours'],
    ['2026-12-08', 'sw', 'kesho'],
    ['2026-12-10', 'sw', 'baada ya siku 3'],
    ['2026-12-08', 'ar', 'غدًا'],
  ])('says %s is %p in %s', (date, locale, expected) => {
    expect(formatRelative(date, nairobi(locale))).toBe(expected);
  });

  it.each([
    ['2026-12-08T07:00:00.000Z', 'tomorrow'], // tomorrow 10:00, 25 hours away
    ['2026-12-07T20:59:00.000Z', 'in 15 hours'], // 23:59 tonight
    ['2026-12-07T21:00:00.000Z', 'tomorrow'], // 00:00 tomorrow, 15 hours away
    ['2026-12-07T08:00:00.000Z', 'in 2 hours'],
    ['2026-12-07T06:30:00.000Z', 'in 30 minutes'],
    ['2026-12-07T05:15:00.000Z', '45 minutes ago'],
    ['2026-12-07T03:00:00.000Z', '3 hours ago'],
    ['2026-12-04T07:00:00.000Z', '3 days ago'],
  ])('says the instant %s is %p', (instant, expected) => {
    expect(formatRelative(instant, nairobi())).toBe(expected);
  });

  it('counts calendar days in the time zone, not 24-hour periods', () => {
    // 01:00 on Tuesday in Nairobi is 16 hours away but tomorrow; in UTC it is still Monday.
    expect(formatRelative('2026-12-07T22:00:00.000Z', nairobi())).toBe('tomorrow');
    expect(formatRelative('2026-12-07T22:00:00.000Z', { locale: 'en', timeZone: 'UTC', now })).toBe('in 16 hours');
  });

  it('counts days across a daylight saving change', () => {
    // New York leaves DST on 1 November 2026: 9 calendar days span 217 hours, still "in 9 days".
    const beforeChange = new Date('2026-10-27T14:00:00Z');
    expect(formatRelative('2026-11-05', { locale: 'en', timeZone: 'America/New_York', now: beforeChange })).toBe(
      'in 9 days'
    );
  });

  it('uses a plain apostrophe, so French stays GSM-7', () => {
    expect(formatRelative('2026-12-07', nairobi('fr'))).toBe("aujourd'hui");
  });

  it('renders a missing value as nothing', () => {
    expect(formatRelative(null, nairobi())).toBe('');
  });
});
