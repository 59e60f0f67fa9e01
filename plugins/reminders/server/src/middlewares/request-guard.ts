import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import { maskPhone } from '../domain/phone';
import { getConfig } from '../utils';

/** An E.164 number in a URL, written plainly or with its + percent-encoded (`+2547…`, `%2B2547…`). */
const E164_IN_URL = /(\+|%2B)(\d{7,15})(?!\d)/gi;
/** The secret segment of a callback URL, whatever was sent there (a near miss is almost the secret). */
const CALLBACK_SECRET_SEGMENT = /(\/callbacks\/)[^/?#]+(?=\/)/g;
/** An unsubscribe link's token, which holds the customer's e-mail address. */
const UNSUBSCRIBE_TOKEN = /(\/unsubscribe\?(?:[^#]*&)?token=)[^&#]+/g;

/** The URL as a log line may show it: the callback secret and unsubscribe tokens hidden, phone numbers masked. */
export function redactUrl(url: string, secret: string | undefined): string {
  let redacted = url.replace(CALLBACK_SECRET_SEGMENT, '$1***').replace(UNSUBSCRIBE_TOKEN, '$1***');
  if (secret) redacted = redacted.split(secret).join('***');
  return redacted.replace(
    E164_IN_URL,
    (_match, plus: string, digits: string) => plus + maskPhone(`+${digits}`).slice(1)
  );
}

/** The plugin's write endpoints: its content API, its admin API, and the Content Manager on its types. */
const PLUGIN_PATHS =
  /^\/(api\/reminders\/|reminders\/|content-manager\/(collection-types|single-types)\/plugin::reminders\.)/;
const MAX_DEPTH = 32;

const NUL_MESSAGE = 'Text must not contain the NUL character (U+0000)';

/**
 * How deeply a parsed value nests and whether any of its texts (keys too) holds a NUL character, which
 * PostgreSQL cannot store (it answers a 500). Walked without recursion, so a hostile body cannot overflow
 * the stack; stops at `limit` levels.
 */
export function inspectValue(value: unknown, limit = MAX_DEPTH): { depth: number; nul: boolean } {
  let deepest = 0;
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length) {
    const [item, depth] = stack.pop()!;
    if (typeof item === 'string') {
      if (item.includes('\u0000')) return { depth: deepest, nul: true };
      continue;
    }
    if (typeof item !== 'object' || item === null) continue;
    deepest = Math.max(deepest, depth + 1);
    if (deepest > limit) return { depth: deepest, nul: false };
    for (const [key, child] of Object.entries(item)) stack.push([key, depth + 1], [child, depth + 1]);
  }
  return { depth: deepest, nul: false };
}

/** Why a write's body cannot be read as a record, if it cannot. */
export function bodyProblem(body: unknown): string | undefined {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return 'The request body must be a JSON object';
  const { depth, nul } = inspectValue(body);
  if (depth > MAX_DEPTH) return `The request body nests deeper than ${MAX_DEPTH} levels`;
  if (nul) return NUL_MESSAGE;
  return undefined;
}

/**
 * One server middleware for the plugin's endpoints, added in bootstrap so that it sits inside the app's
 * middlewares (after the request logger and the body parser) and around the routes:
 * - a write whose body is not a JSON object, nests absurdly deep, or holds a NUL character (in the body or
 *   the URL) is a 400 before any controller sees it (Strapi's Content Manager and content API would answer
 *   a 500, overflow the stack, or hand PostgreSQL a text it refuses);
 * - the URL the request logger writes afterwards has the callback secret hidden and phone numbers masked.
 */
export const requestGuard =
  (strapi: Core.Strapi) =>
  async (
    ctx: { url: string; path: string; method: string; request: { body?: unknown } },
    next: () => Promise<unknown>
  ) => {
    try {
      if (PLUGIN_PATHS.test(ctx.path)) {
        // eslint-disable-next-line no-control-regex -- a NUL character, raw or percent-encoded, is refused
        if (/%00|\u0000/i.test(ctx.url)) throw new errors.ValidationError(NUL_MESSAGE);
        const problem = ctx.method === 'POST' || ctx.method === 'PUT' ? bodyProblem(ctx.request.body ?? {}) : undefined;
        if (problem) throw new errors.ValidationError(problem);
      }
      return await next();
    } finally {
      const { callbackSecret } = getConfig(strapi);
      const redacted = redactUrl(ctx.url, callbackSecret);
      if (redacted !== ctx.url) ctx.url = redacted;
    }
  };
