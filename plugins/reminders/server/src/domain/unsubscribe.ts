import crypto from 'crypto';
import { normaliseEmail } from './email-address';

/**
 * Unsubscribe links: a token names one e-mail address and is signed with HMAC-SHA256, so nobody can
 * unsubscribe an address they were not sent. Tokens do not expire (an old e-mail's link keeps working),
 * and carry the address in base64url before the signature: `<address>.<signature>`.
 */
const PURPOSE = 'reminders-unsubscribe-v1';
const SIGNATURE_BYTES = 32;
/** Longer than any token of a 254-character address: refused before any decoding. */
const MAX_TOKEN_LENGTH = 512;

/**
 * The secrets links are signed with: the configured one, else one derived from each of the app's keys
 * (HKDF, so the key itself never signs anything public). Links are signed with the first and accepted with
 * any, so prepending a new app key (Koa's rotation) keeps old links working.
 */
export function unsubscribeSecrets(configured: string, appKeys: unknown): string[] {
  if (configured) return [configured];
  const keys = Array.isArray(appKeys)
    ? appKeys.filter((key): key is string => typeof key === 'string' && key !== '')
    : [];
  return keys.map((key) =>
    Buffer.from(crypto.hkdfSync('sha256', key, PURPOSE, 'unsubscribe links', SIGNATURE_BYTES)).toString('base64url')
  );
}

const signatureOf = (address: string, secret: string) =>
  crypto.createHmac('sha256', secret).update(`${PURPOSE}\n${address}`, 'utf8').digest();

/** The token of a normalised address (normaliseEmail's). */
export function signUnsubscribeToken(address: string, secret: string): string {
  return `${Buffer.from(address, 'utf8').toString('base64url')}.${signatureOf(address, secret).toString('base64url')}`;
}

export type ReadToken = { ok: true; address: string } | { ok: false; problem: string };

const BASE64URL = /^[A-Za-z0-9_-]+$/;

/** The address a token was signed for, if one of the secrets signed it (compared in constant time). */
export function readUnsubscribeToken(token: unknown, secrets: readonly string[]): ReadToken {
  const invalid: ReadToken = { ok: false, problem: 'The unsubscribe link is incomplete or was not made by this site' };
  if (typeof token !== 'string' || token.length > MAX_TOKEN_LENGTH) return invalid;
  const [encoded, signature, ...rest] = token.split('.');
  if (rest.length || !encoded || !signature || !BASE64URL.test(encoded) || !BASE64URL.test(signature)) return invalid;
  const given = Buffer.from(signature, 'base64url');
  if (given.length !== SIGNATURE_BYTES) return invalid;
  const address = Buffer.from(encoded, 'base64url').toString('utf8');
  // A token is only ever made for a normalised address; anything else was not signed here.
  const parsed = normaliseEmail(address);
  if (!parsed.ok || parsed.address !== address) return invalid;
  let signed = false;
  for (const secret of secrets) signed = crypto.timingSafeEqual(signatureOf(address, secret), given) || signed;
  return signed ? { ok: true, address } : invalid;
}

/** The headers that let mail clients offer "Unsubscribe" (RFC 2369) and do it in one click, by a POST (RFC 8058). */
export const listUnsubscribeHeaders = (url: string): Record<string, string> => ({
  'List-Unsubscribe': `<${url}>`,
  'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
});
