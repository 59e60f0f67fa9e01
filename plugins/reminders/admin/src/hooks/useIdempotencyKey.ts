import * as React from 'react';
import { isFetchError } from '@strapi/strapi/admin';
import { serverErrorOf } from '../api/request';

/** Headers carrying an action's Idempotency-Key, for useFetchClient's `post(url, body, { headers })`. */
export type KeyHeaders = Record<string, string>;

const HEADER = 'Idempotency-Key';

/** A random UUID (v4). crypto.randomUUID exists only on https pages; getRandomValues everywhere. */
function newKey(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6] & 0x0f) | 0x40;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * Whether the server gave its answer to the request: not a network error (it may have acted without us
 * hearing), not a 5xx (it released the key), not "still being processed" (the same key gets the answer).
 */
function answered(error: unknown): boolean {
  if (!isFetchError(error) || error.status === undefined || error.status >= 500) return false;
  return !(error.status === 409 && serverErrorOf(error)?.details?.header === HEADER);
}

/**
 * One Idempotency-Key per user intent, so that the server acts once however often the request goes out:
 * `withKey(intent, (headers) => api.retry(id, headers))` reuses the key while the request is in flight
 * and when the same intent is sent again after no answer, and renews it once the server answered.
 * `intent` names what is asked (the action and its input): another intent gets another key.
 */
export function useIdempotencyKey() {
  const held = React.useRef<{ intent: string; key: string } | null>(null);
  return React.useCallback(async <T>(intent: string, request: (headers: KeyHeaders) => Promise<T>): Promise<T> => {
    if (held.current?.intent !== intent) held.current = { intent, key: newKey() };
    const { key } = held.current;
    const renew = () => {
      if (held.current?.key === key) held.current = null;
    };
    try {
      const result = await request({ [HEADER]: key });
      renew();
      return result;
    } catch (error) {
      if (answered(error)) renew();
      throw error;
    }
  }, []);
}
