import { z } from '@strapi/utils';
import { TARGET_KEY } from '../domain/target-mapping';
import type { CountryCode } from 'libphonenumber-js';
import { DELIVERY_STATUSES, type DeliveryStatus } from '../domain/delivery-status';
import { normalizePhone } from '../domain/phone';
import { toUtcInstant } from '../domain/time-zone';

/**
 * The fields of the admin routes' query strings, paths and bodies, as zod schemas (contracts put them
 * together per route). Each message starts with the field's name, as `refuse` has always answered.
 */

/** An error message that names the field it is about: "pageSize must be …". */
export const naming = (problem: string) => (issue: { path?: PropertyKey[] }) =>
  `${(issue.path ?? []).join('.')} ${problem}`;

/** A query string parameter left empty (`?from=`) counts as absent. */
export const optionalParam = <T extends z.ZodType>(schema: T) =>
  z.preprocess((value) => (value === '' ? undefined : value), schema.optional());

export const isText = (value: unknown, maxLength: number): value is string =>
  typeof value === 'string' && value.trim() !== '' && value.length <= maxLength;

/** A whole number from a query string, or `fallback` when absent. */
export const wholeNumber = (fallback: number, min: number, max: number) =>
  optionalParam(
    z
      .custom<string | number>(
        (raw) => {
          const value = typeof raw === 'string' && /^\d{1,9}$/.test(raw) ? Number(raw) : raw;
          return typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max;
        },
        { error: naming(`must be a whole number from ${min} to ${max}`) }
      )
      .transform(Number)
  ).transform((value) => value ?? fallback);

/** page and pageSize, the way Strapi's own lists take them. */
export const pageQuery = (defaultPageSize = 20) => ({
  pageSize: wholeNumber(defaultPageSize, 1, 100),
  page: wholeNumber(1, 1, 1_000_000),
});

/** An ISO 8601 date-time with an offset (no guessed zone), as a Date. */
export const offsetDateTime = z
  .custom<string>((raw) => toUtcInstant(raw) !== undefined, {
    error: naming('must be an ISO 8601 date-time with a UTC offset, such as 2026-12-01T00:00:00Z'),
  })
  .transform((raw) => new Date(toUtcInstant(raw) as string));

export const optionalOffsetDateTime = optionalParam(offsetDateTime);

/** A documentId, from a path or a query string. */
export const documentId = z.custom<string>((value) => isText(value, 64) && /^[A-Za-z0-9_-]+$/.test(value), {
  error: naming('must be a documentId'),
});

/** A target's key; whether it is one now, the targets registry says (a 400 listing them). */
export const target = z.custom<string>((value) => typeof value === 'string' && TARGET_KEY.test(value), {
  error: naming('must be the key of a target, such as invoice'),
});

/** One status or a comma-separated list of them (`?status=failed,unknown`, or the parameter repeated). */
export const deliveryStatuses = optionalParam(
  z.unknown().transform((raw, ctx) => {
    const values = (Array.isArray(raw) ? raw : [raw])
      .flatMap((value) => String(value).split(','))
      .map((value) => value.trim());
    const unknown = values.filter((value) => !DELIVERY_STATUSES.includes(value as DeliveryStatus));
    if (unknown.length) {
      ctx.issues.push({
        code: 'custom',
        input: raw,
        message: `status must be among: ${DELIVERY_STATUSES.join(', ')} (not ${unknown.join(', ')})`,
      });
      return z.NEVER;
    }
    return values as DeliveryStatus[];
  })
);

/** A phone number read in the default region, as E.164; `refusal` says what was wrong with the one given. */
export const phoneNumber = (defaultRegion: string, refusal: (raw: unknown) => string) =>
  z.unknown().transform((raw, ctx) => {
    const parsed = normalizePhone(raw, defaultRegion as CountryCode);
    if (parsed.ok) return parsed.e164;
    ctx.issues.push({ code: 'custom', input: raw, message: refusal(raw) });
    return z.NEVER;
  });

/** A boolean body field, with the message saying what true and false mean. */
export const flag = (meaning: string) => z.boolean({ error: naming(`must be ${meaning}`) });

/** What a body that is not a JSON object is told. */
export const jsonObjectExpected = (example: string) => `the body must be a JSON object like ${example}`;

/** A body that must be a JSON object, whose fields a service checks (a 400 naming each); `example` shows one. */
export const jsonObject = (example: string) =>
  z.custom<Record<string, unknown>>((value) => typeof value === 'object' && value !== null && !Array.isArray(value), {
    error: jsonObjectExpected(example),
  });
