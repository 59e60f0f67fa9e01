/**
 * Exact money arithmetic in integer minor units (BigInt): no float ever touches an amount.
 * Which codes exist comes from the ICU data in Node's Intl; minor units come from the ISO 4217 table
 * below, because ICU's display digits differ from ISO for some (IQD 0 instead of 3, SOS 0 instead of 2).
 */

/** The ISO 4217 codes Node's ICU knows: what an editor chooses from, and all that is accepted. */
export const CURRENCY_CODES: readonly string[] = Intl.supportedValuesOf('currency');
const knownCurrencies = new Set(CURRENCY_CODES);

/** ISO 4217 currencies whose minor unit is not 2. */
const ISO_MINOR_UNITS: Record<string, number> = {
  ...Object.fromEntries(
    'BIF CLP DJF GNF ISK JPY KMF KRW PYG RWF UGX UYI VND VUV XAF XOF XPF'.split(' ').map((code) => [code, 0])
  ),
  ...Object.fromEntries('BHD IQD JOD KWD LYD OMR TND'.split(' ').map((code) => [code, 3])),
  CLF: 4,
  UYW: 4,
};

export function isCurrencyCode(code: unknown): code is string {
  return typeof code === 'string' && /^[A-Z]{3}$/.test(code) && knownCurrencies.has(code);
}

/** ISO 4217 minor units: KES 2, JOD 3, UGX 0. */
export const minorUnits = (currency: string): number => ISO_MINOR_UNITS[currency] ?? 2;

export type AmountParse = { ok: true; minor: bigint } | { ok: false; problem: string };

const decimalPattern = /^(\d{1,15})(?:\.(\d+))?$/;

/** Reads "1500", "1500.5", 1500.5 into minor units, refusing negatives and more decimals than the currency has. */
export function parseAmount(input: unknown, digits: number): AmountParse {
  const text = typeof input === 'number' && Number.isFinite(input) ? String(input) : input;
  if (typeof text !== 'string') return { ok: false, problem: 'must be a decimal amount such as "1500.00"' };
  if (text.trim().startsWith('-')) return { ok: false, problem: 'must not be negative' };
  const match = decimalPattern.exec(text.trim());
  if (!match) return { ok: false, problem: 'must be a decimal amount such as "1500.00"' };
  const [, whole, fraction = ''] = match;
  const significant = fraction.replace(/0+$/, '');
  if (significant.length > digits) {
    return { ok: false, problem: `has more than ${digits} decimal places` };
  }
  return { ok: true, minor: BigInt(whole + fraction.padEnd(digits, '0').slice(0, digits)) };
}

/** Minor units back to a plain decimal string with the currency's digits: 150000n, 2 → "1500.00". */
export function formatAmount(minor: bigint, digits: number): string {
  const negative = minor < 0n;
  const text = (negative ? -minor : minor).toString().padStart(digits + 1, '0');
  const whole = digits === 0 ? text : text.slice(0, -digits);
  const fraction = digits === 0 ? '' : `.${text.slice(-digits)}`;
  return `${negative ? '-' : ''}${whole}${fraction}`;
}

/** Africa's Talking writes costs with 4 decimal places: "KES 0.8000". */
export const COST_DIGITS = 4;

/** "KES 0.8000" in ten-thousandths of the currency, exactly; null for anything else (a missing or odd cost). */
export function parseProviderCost(cost: unknown): { currency: string; tenThousandths: bigint } | null {
  const match = typeof cost === 'string' ? /^([A-Z]{3}) (\d{1,12}(?:\.\d{1,4})?)$/.exec(cost) : null;
  if (!match) return null;
  const amount = parseAmount(match[2], COST_DIGITS);
  return amount.ok ? { currency: match[1], tenThousandths: amount.minor } : null;
}
