/** E-mail addresses as reminders use them: compared and stored trimmed and lower-cased. */
export type NormalisedEmail = { ok: true; address: string } | { ok: false; problem: string };

const MAX_LENGTH = 254;
/** A practical check (one @, a dotted domain, no spaces), not RFC 5322's full grammar. */
const SHAPE = /^[^\s@<>()[\]\\,;:"]+@[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)+$/;

export function normaliseEmail(raw: unknown): NormalisedEmail {
  if (typeof raw !== 'string' || raw.trim() === '') return { ok: false, problem: 'is empty' };
  const address = raw.trim().toLowerCase();
  if (address.length > MAX_LENGTH) return { ok: false, problem: `is longer than ${MAX_LENGTH} characters` };
  if (!SHAPE.test(address))
    return { ok: false, problem: `"${raw.trim()}" is not an e-mail address like name@example.com` };
  return { ok: true, address };
}

/** An address as a page or a log may show it: the first letter of the local part, then the domain (j***@example.com). */
export function maskEmail(address: string): string {
  const at = address.lastIndexOf('@');
  if (at < 1) return '***';
  return `${address[0]}***${address.slice(at)}`;
}
