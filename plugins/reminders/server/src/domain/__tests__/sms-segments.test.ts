import { estimateCost, measureSms } from '../sms-segments';

const gsm = (characters: number, segments: number, perSegment: number) => ({
  encoding: 'GSM_7',
  characters,
  segments,
  perSegment,
});
const ucs2 = (characters: number, segments: number, perSegment: number) => ({
  encoding: 'UCS_2',
  characters,
  segments,
  perSegment,
});

describe('measureSms', () => {
  it('counts an empty text as nothing to send', () => {
    expect(measureSms('')).toEqual(gsm(0, 0, 160));
  });

  describe('GSM-7', () => {
    it.each([
      [1, gsm(1, 1, 160)],
      [160, gsm(160, 1, 160)],
      [161, gsm(161, 2, 153)],
      [306, gsm(306, 2, 153)],
      [307, gsm(307, 3, 153)],
      [459, gsm(459, 3, 153)],
      [460, gsm(460, 4, 153)],
    ])('%i basic characters', (length, expected) => {
      expect(measureSms('a'.repeat(length))).toEqual(expected);
    });

    it('knows the whole basic alphabet, accents, Greek capitals and line breaks included', () => {
      const alphabet =
        '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';
      expect(measureSms(alphabet)).toEqual(gsm(127, 1, 160));
    });

    it.each(['€', '[', ']', '{', '}', '^', '~', '|', '\\', '\f'])(
      'counts the extension character %p as two',
      (character) => {
        expect(measureSms(character)).toEqual(gsm(2, 1, 160));
      }
    );

    it('fits 158 basic characters and one € in one part, not 159', () => {
      expect(measureSms(`${'a'.repeat(158)}€`)).toEqual(gsm(160, 1, 160));
      expect(measureSms(`${'a'.repeat(159)}€`)).toEqual(gsm(161, 2, 153));
    });

    it('fits 80 € signs in one part, and 81 in two', () => {
      expect(measureSms('€'.repeat(80))).toEqual(gsm(160, 1, 160));
      expect(measureSms('€'.repeat(81))).toEqual(gsm(162, 2, 153));
    });

    it('never splits an extension character across parts', () => {
      // 152 septets, then € (2) would straddle the 153 boundary: it moves to part 2 whole.
      expect(measureSms(`${'a'.repeat(152)}€${'a'.repeat(152)}`)).toEqual(gsm(306, 3, 153));
      expect(measureSms(`${'a'.repeat(151)}€${'a'.repeat(153)}`)).toEqual(gsm(306, 2, 153));
    });
  });

  describe('UCS-2', () => {
    it.each([
      [1, ucs2(1, 1, 70)],
      [70, ucs2(70, 1, 70)],
      [71, ucs2(71, 2, 67)],
      [134, ucs2(134, 2, 67)],
      [135, ucs2(135, 3, 67)],
    ])('%i Arabic letters', (length, expected) => {
      expect(measureSms('ب'.repeat(length))).toEqual(expected);
    });

    it('switches the whole message when one character is outside GSM-7', () => {
      expect(measureSms(`${'a'.repeat(69)}ç`)).toEqual(ucs2(70, 1, 70));
      expect(measureSms(`${'a'.repeat(70)}ê`)).toEqual(ucs2(71, 2, 67));
      expect(measureSms('Hi\u00A0there')).toEqual(ucs2(8, 1, 70));
    });

    it('counts an extension character as one code unit once the message is UCS-2', () => {
      expect(measureSms('€ب')).toEqual(ucs2(2, 1, 70));
    });

    it('counts an emoji as two code units', () => {
      expect(measureSms('👍')).toEqual(ucs2(2, 1, 70));
      expect(measureSms(`${'a'.repeat(68)}👍`)).toEqual(ucs2(70, 1, 70));
      expect(measureSms(`${'a'.repeat(69)}👍`)).toEqual(ucs2(71, 2, 67));
    });

    it('never splits an emoji across parts', () => {
      expect(measureSms(`${'a'.repeat(66)}👍${'a'.repeat(66)}`)).toEqual(ucs2(134, 3, 67));
      expect(measureSms(`${'a'.repeat(65)}👍${'a'.repeat(67)}`)).toEqual(ucs2(134, 2, 67));
    });

    it('measures a real Arabic reminder', () => {
      const text = 'مرحباً وانجيكو، الفاتورة INV-1001 بمبلغ 10,000.00 KES مستحقة في 10 ديسمبر 2026.';
      expect(measureSms(text)).toEqual(ucs2(text.length, 2, 67));
    });
  });
});

describe('estimateCost', () => {
  it.each([
    [1, '0.80', 'KES', '0.80'],
    [3, '0.80', 'KES', '2.40'],
    [3, '0.8125', 'KES', '2.4375'],
    [0, '0.80', 'KES', '0.00'],
    [2, '50', 'UGX', '100'],
    [2, '12.5', 'UGX', '25'],
    [3, '0.0333', 'UGX', '0.0999'],
    [4, '0.015', 'JOD', '0.060'],
    [7, '1.1111', 'USD', '7.7777'],
  ])('%i segments at %s %s cost %s', (segments, amount, currency, expected) => {
    expect(estimateCost(segments, { amount, currency })).toEqual({ amount: expected, currency });
  });

  it('refuses a price it cannot read', () => {
    expect(() => estimateCost(1, { amount: '0.80001', currency: 'KES' })).toThrow(
      'price per segment "0.80001" has more than 4 decimal places'
    );
  });
});
