import { parsePhoneNumberFromString, isSupportedCountry, type CountryCode } from 'libphonenumber-js/max';

export type PhoneParse = { ok: true; e164: string } | { ok: false; problem: string };

export const isRegionCode = (code: string): code is CountryCode => isSupportedCountry(code);

/**
 * How many parsed numbers are remembered, at most. Parsing and checking a number against the full metadata
 * is a fifth of planning a reminder, and the same numbers come back: Upcoming reads its window's on every
 * request, the dispatcher the ones the planner queued. Two generations of half as many each: a number
 * found in the older one moves to the newer, and when the newer is full the older is forgotten whole
 * (deleting a Map's oldest entry one at a time made each deletion slower than the parse it saved, in a
 * run of a hundred thousand numbers). About 3 MB when full.
 */
export const PHONE_MEMO_LIMIT = 20_000;
let recentNumbers = new Map<string, PhoneParse>();
let olderNumbers = new Map<string, PhoneParse>();

function remember(key: string, parsed: PhoneParse): PhoneParse {
  if (recentNumbers.size >= PHONE_MEMO_LIMIT / 2) {
    olderNumbers = recentNumbers;
    recentNumbers = new Map();
  }
  recentNumbers.set(key, parsed);
  return parsed;
}

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
  const recent = recentNumbers.get(key);
  if (recent) return recent;
  const older = olderNumbers.get(key);
  return remember(key, older ?? Object.freeze(parse(input, defaultRegion)));
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
