import { DELIVERY_STATUSES, type DeliveryStatus } from '../domain/delivery-status';
import type { FieldError } from '../domain/field-errors';
import { TARGETS, type Target } from '../domain/rule-definition';
import { toUtcInstant } from '../domain/time-zone';

/**
 * Readers for the admin routes' query strings and bodies. Each pushes a problem naming the field instead of
 * throwing, so one 400 (through `refuse`) lists everything wrong with a request.
 */

export const isText = (value: unknown, maxLength: number): value is string => typeof value === 'string' && value.trim() !== '' && value.length <= maxLength;

/** A positive whole number written in a query string, or the default when absent. */
export function readWholeNumber(query: Record<string, unknown>, name: string, fallback: number, min: number, max: number, problems: FieldError[]): number {
  const raw = query[name];
  if (raw === undefined || raw === '') return fallback;
  const value = typeof raw === 'string' && /^\d{1,9}$/.test(raw) ? Number(raw) : typeof raw === 'number' ? raw : NaN;
  if (!Number.isInteger(value) || value < min || value > max) {
    problems.push({ path: name, message: `${name} must be a whole number from ${min} to ${max}` });
    return fallback;
  }
  return value;
}

/** page and pageSize, the way Strapi's own lists take them. */
export function readPage(query: Record<string, unknown>, problems: FieldError[], defaultPageSize = 20) {
  const pageSize = readWholeNumber(query, 'pageSize', defaultPageSize, 1, 100, problems);
  const page = readWholeNumber(query, 'page', 1, 1, 1_000_000, problems);
  return { page, pageSize };
}

/** An ISO 8601 instant with an offset, or undefined when absent. */
export function readInstant(query: Record<string, unknown>, name: string, problems: FieldError[]): Date | undefined {
  const raw = query[name];
  if (raw === undefined || raw === '') return undefined;
  const value = toUtcInstant(raw);
  if (!value) problems.push({ path: name, message: `${name} must be an ISO 8601 date-time with a UTC offset, such as 2026-12-01T00:00:00Z` });
  return value ? new Date(value) : undefined;
}

/** One status or a comma-separated list of them. */
export function readStatuses(query: Record<string, unknown>, problems: FieldError[]): DeliveryStatus[] | undefined {
  const raw = query.status;
  if (raw === undefined || raw === '') return undefined;
  const values = (Array.isArray(raw) ? raw : [raw]).flatMap((value) => String(value).split(',')).map((value) => value.trim());
  const unknown = values.filter((value) => !DELIVERY_STATUSES.includes(value as DeliveryStatus));
  if (unknown.length) {
    problems.push({ path: 'status', message: `status must be among: ${DELIVERY_STATUSES.join(', ')} (not ${unknown.join(', ')})` });
    return undefined;
  }
  return values as DeliveryStatus[];
}

/** A documentId from a path or a query string. */
export function readDocumentId(value: unknown, name: string, problems: FieldError[]): string {
  if (!isText(value, 64) || !/^[A-Za-z0-9_-]+$/.test(value)) problems.push({ path: name, message: `${name} must be a documentId` });
  return String(value ?? '');
}

export function readTarget(value: unknown, problems: FieldError[]): Target {
  if (typeof value !== 'string' || !Object.hasOwn(TARGETS, value)) problems.push({ path: 'target', message: `target must be one of: ${Object.keys(TARGETS).join(', ')}` });
  return value as Target;
}

/** A JSON object body, or a problem on `body`. */
export function readObject(body: unknown, example: string, problems: FieldError[]): Record<string, unknown> {
  if (typeof body === 'object' && body !== null && !Array.isArray(body)) return body as Record<string, unknown>;
  problems.push({ path: 'body', message: `the body must be a JSON object like ${example}` });
  return {};
}
