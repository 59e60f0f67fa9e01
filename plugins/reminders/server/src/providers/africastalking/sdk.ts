import { AsyncLocalStorage } from 'async_hooks';
import http from 'http';
import https from 'https';
import path from 'path';

/**
 * A typed facade over the parts of the official africastalking SDK (0.8.3) this provider uses. The package
 * ships no typings and @types/africastalking does not match it, so the shapes are written here.
 *
 * Two of its edges are handled here, scoped to one call so nothing else in the process is touched:
 * - Its URLs are module state (lib/common.js), and a `sandbox` username flips the whole process to the
 *   sandbox, one way. The SMS class is built directly (lib/sms.js), which skips that switch, and each of
 *   our requests is re-addressed to the provider's own base URL.
 * - It has no timeout. Each of our requests carries the caller's AbortSignal; axios destroys the socket on
 *   abort (the provider tests see the fake server's connection close).
 * - Its requests go through the process's default agents and axios's redirect follower. Ours go through the
 *   provider's own keep-alive agents (connections reused whatever Node's defaults), without redirects: the
 *   API answers where it is asked, and a redirect would carry the API key elsewhere. That also skips the
 *   follower's per-request wrapping, a measurable share of each send's CPU.
 * Both go through a request interceptor on the SDK's private axios instance that acts only inside
 * `withinCall()` (AsyncLocalStorage), so other users of the SDK or of axios are unaffected.
 */

export interface SdkRecipient {
  statusCode: number;
  number: string;
  status: string;
  cost: string;
  messageId: string;
  messageParts?: number;
}

export interface SdkSendResult {
  SMSMessageData: { Message: string; Recipients: SdkRecipient[] };
}

export interface SdkSms {
  /** Resolves only on HTTP 201; rejects with the raw body on another 2xx, an AxiosError otherwise. */
  send(params: { to: string; message: string; from?: string }): Promise<SdkSendResult>;
}

/** What this facade reads of an AxiosError. Its `config` holds the API key: never pass it on. */
export interface SdkHttpError {
  isAxiosError: true;
  code?: string;
  response?: { status: number; data?: unknown; headers?: Record<string, unknown> };
}

export const isSdkHttpError = (error: unknown): error is SdkHttpError =>
  typeof error === 'object' && error !== null && (error as { isAxiosError?: unknown }).isAxiosError === true;

/** The connections of one provider instance, reused from send to send. */
export interface SdkAgents {
  http: http.Agent;
  https: https.Agent;
}

/** Idle connections close after 5 s, as with Node's default agent: before a server's own keep-alive ends. */
const AGENT_OPTIONS = { keepAlive: true, timeout: 5000 };
export const createSdkAgents = (): SdkAgents => ({
  http: new http.Agent(AGENT_OPTIONS),
  https: new https.Agent(AGENT_OPTIONS),
});

interface CallScope {
  baseUrl: string;
  signal: AbortSignal;
  agents: SdkAgents;
  /** The HTTP status of the answer, for the SDK's non-201 rejections that carry only the body. */
  httpStatus?: number;
}

interface RequestConfig {
  url?: string;
  signal?: AbortSignal;
  httpAgent?: http.Agent;
  httpsAgent?: https.Agent;
  maxRedirects?: number;
}

interface SdkAxios {
  interceptors: {
    request: {
      use(
        onFulfilled: (config: RequestConfig) => RequestConfig,
        onRejected: null,
        options: { synchronous: boolean }
      ): number;
    };
    response: { use(onFulfilled: (response: { status: number }) => unknown): number };
  };
}

// The SDK is CommonJS without typings, and its own axios is only reachable through the SDK's folder.
/* eslint-disable @typescript-eslint/no-require-imports */
const sdkDir = path.dirname(require.resolve('africastalking/package.json'));
const SmsClass: new (options: {
  username: string;
  apiKey: string;
  format: string;
}) => SdkSms = require('africastalking/lib/sms');
// The SDK's own axios (it pins a version and gets its own copy), resolved the way the SDK resolves it.
const sdkAxios: SdkAxios = require(require.resolve('axios', { paths: [sdkDir] }));
/* eslint-enable @typescript-eslint/no-require-imports */

export const LIVE_BASE_URL = 'https://api.africastalking.com/version1';
export const SANDBOX_BASE_URL = 'https://api.sandbox.africastalking.com/version1';

const scope = new AsyncLocalStorage<CallScope>();

/** The SDK builds https://api[.sandbox].africastalking.com/version1/<path>; keep <path>, swap the base. */
function rebase(url: string, baseUrl: string): string {
  const { pathname, search } = new URL(url);
  return baseUrl.replace(/\/+$/, '') + pathname.replace(/^\/version1/, '') + search;
}

sdkAxios.interceptors.request.use(
  (config) => {
    const call = scope.getStore();
    if (!call || !config.url) return config;
    return {
      ...config,
      url: rebase(config.url, call.baseUrl),
      signal: call.signal,
      httpAgent: call.agents.http,
      httpsAgent: call.agents.https,
      maxRedirects: 0,
    };
  },
  null,
  { synchronous: true }
);
sdkAxios.interceptors.response.use((response) => {
  const call = scope.getStore();
  if (call) call.httpStatus = response.status;
  return response;
});

export function createSdkSms(credentials: { username: string; apiKey: string }): SdkSms {
  return new SmsClass({ ...credentials, format: 'application/json' });
}

/**
 * Runs one SDK call addressed to `baseUrl`, bound to `signal`, over `agents`. Returns the call's result or
 * error, with the HTTP status of the answer when there was one.
 */
export async function withinCall<T>(
  scoped: Omit<CallScope, 'httpStatus'>,
  call: () => Promise<T>
): Promise<{ ok: true; value: T } | { ok: false; error: unknown; httpStatus?: number }> {
  const state: CallScope = { ...scoped };
  try {
    return { ok: true, value: await scope.run(state, call) };
  } catch (error) {
    return { ok: false, error, ...(state.httpStatus !== undefined ? { httpStatus: state.httpStatus } : {}) };
  }
}
