import { parsePhoneNumberFromString, isSupportedCountry, type CountryCode } from 'libphonenumber-js/max';

export type PhoneParse = { ok: true; e164: string } | { ok: false; problem: string };

export const isRegionCode = (code: string): code is CountryCode => isSupportedCountry(code);

/**
 * How many parsed numbers are remembered. Parsing and checking a number against the full metadata is a
 * fifth of planning a reminder, and the same numbers come back: Upcoming reads its window's on every request,
 * the dispatcher the ones the planner queued. Oldest out first; about 3 MB when full.
 */
export const PHONE_MEMO_LIMIT = 20_000;
const parsedNumbers = new Map<string, PhoneParse>();

/**
 * Normalises a phone number to E.164. Local formats ("0712 345 678") are read in the default region;
 * the full metadata is used so that numbers with an impossible prefix are refused, not only wrong lengths.
 */
export function normalizePhone(input: unknown, defaultRegion: CountryCode | undefined): PhoneParse {
  if (typeof input !== 'string' || input.trim() === '') {
    return { ok: false, problem: 'must be a phone number' };
  }
  if (input.length > 40) {
    return { ok: false, problem: 'is too long to be a phone number' };
  }
  const key = `${defaultRegion ?? ''} ${input}`;
  const known = parsedNumbers.get(key);
  if (known) return known;
  if (parsedNumbers.size >= PHONE_MEMO_LIMIT) parsedNumbers.delete(parsedNumbers.keys().next().value as string);
  const parsed = Object.freeze(parse(input, defaultRegion));
  parsedNumbers.set(key, parsed);
  return parsed;
}

function parse(input: string, defaultRegion: CountryCode | undefined): PhoneParse {
  const parsed = parsePhoneNumberFromString(input, defaultRegion);
  if (!parsed || !parsed.isValid()) {
    const region = defaultRegion ? `default region ${defaultRegion}` : 'written with its country code, such as +254…';
    return { ok: false, problem: `"${input}" is not a valid phone number (${region})` };
  }
  return { ok: true, e164: parsed.number };
}

/** Shows enough of a number to recognise it in a log without disclosing it: +2547******78. */
export function maskPhone(e164: string): string {
  if (e164.length <= 6) return '*'.repeat(e164.length);
  return e164.slice(0, 5) + '*'.repeat(e164.length - 7) + e164.slice(-2);
}
