/**
 * How long an SMS is, the way operators bill it (3GPP TS 23.038 / GSM 03.38).
 *
 * A text made only of GSM 03.38 characters is sent as GSM-7: 160 septets in one part, 153 per part when
 * concatenated (the user data header takes 7). Extension-table characters (€ [ ] { } ^ ~ | \ and form feed)
 * take two septets (escape + character). Any other character (Arabic, ç, ê, emoji, a non-breaking space)
 * switches the whole message to UCS-2: 70 UTF-16 code units in one part, 67 per part, an emoji counting 2.
 */

import { formatAmount, minorUnits, parseAmount } from './money';

export type SmsEncoding = 'GSM_7' | 'UCS_2';

export interface SmsMeasure {
  encoding: SmsEncoding;
  /** Length in the encoding's units: septets for GSM-7 (extension characters 2), UTF-16 code units for UCS-2. */
  characters: number;
  /** Parts the message is sent in; 0 for an empty text, which is nothing to send. */
  segments: number;
  /** Capacity of each part: 160 or 153 (GSM-7), 70 or 67 (UCS-2). */
  perSegment: number;
}

// The GSM 03.38 default alphabet without the escape code (0x1B), and its extension table.
const GSM_BASIC = new Set(
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà'
);
const GSM_EXTENSION = new Set('\f^{}\\[~]|€');

const LIMITS = { GSM_7: { single: 160, multi: 153 }, UCS_2: { single: 70, multi: 67 } } as const;

/** Cost of each character in septets, or undefined when the text cannot be sent as GSM-7. */
function gsmUnits(text: string): number[] | undefined {
  const units: number[] = [];
  for (const character of text) {
    if (GSM_BASIC.has(character)) units.push(1);
    else if (GSM_EXTENSION.has(character)) units.push(2);
    else return undefined;
  }
  return units;
}

export function measureSms(text: string): SmsMeasure {
  const gsm = gsmUnits(text);
  const encoding: SmsEncoding = gsm ? 'GSM_7' : 'UCS_2';
  // Iterating a string yields code points, so an astral character (emoji) is one entry of 2 code units.
  const units = gsm ?? Array.from(text, (character) => character.length);
  const characters = units.reduce((sum, unit) => sum + unit, 0);
  const { single, multi } = LIMITS[encoding];
  if (characters === 0) return { encoding, characters, segments: 0, perSegment: single };
  if (characters <= single) return { encoding, characters, segments: 1, perSegment: single };

  // Parts are filled greedily but never split an escape sequence or a surrogate pair: such a character
  // moves whole to the next part, which is how handsets and SMSCs concatenate (and why 153 × 2 septets
  // with a € straddling the boundary take three parts, not two).
  let segments = 1;
  let used = 0;
  for (const unit of units) {
    if (used + unit > multi) {
      segments += 1;
      used = 0;
    }
    used += unit;
  }
  return { encoding, characters, segments, perSegment: multi };
}

/** A price per segment: a decimal string with at most 4 places (providers bill fractions of a cent). */
export interface SegmentPrice {
  amount: string;
  currency: string;
}

const PRICE_DIGITS = 4;

/**
 * segments × price, exactly (integer arithmetic), written with at least the currency's minor units:
 * 3 × 0.80 KES → "2.40", 3 × 0.8125 KES → "2.4375", 2 × 50 UGX → "100".
 */
export function estimateCost(segments: number, price: SegmentPrice): SegmentPrice {
  const parsed = parseAmount(price.amount, PRICE_DIGITS);
  if (!parsed.ok) throw new Error(`price per segment "${price.amount}" ${parsed.problem}`);
  const exact = formatAmount(parsed.minor * BigInt(segments), PRICE_DIGITS);
  const keep = minorUnits(price.currency);
  const amount = exact.replace(new RegExp(`(\\.\\d{${keep}}\\d*?)0+$`), '$1').replace(/\.$/, '');
  return { amount, currency: price.currency };
}
