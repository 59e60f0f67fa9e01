import type { CountryCode } from 'libphonenumber-js';
import { maskPhone, normalizePhone } from '../../domain/phone';
import { maskSecret } from '../../domain/secrets';
import type { ProviderLog, SendOutcome, SmsMessage, SmsProvider } from '../types';
import { createAfricasTalkingReportReader } from './delivery-reports';
import {
  createSdkAgents,
  createSdkSms,
  isSdkHttpError,
  LIVE_BASE_URL,
  SANDBOX_BASE_URL,
  withinCall,
  type SdkSendResult,
} from './sdk';
import { classifyRecipient, classifySummary, classifyTransportFailure, type TransportFailure } from './status';

export interface AfricasTalkingOptions {
  username: string;
  apiKey: string;
  /** Default sender ID or short code; Africa's Talking's own when empty. */
  senderId?: string;
  /** Replaces https://api[.sandbox].africastalking.com/version1 (a proxy, a fake server). */
  apiBaseUrl?: string;
  /** Deadline of every call, connection to last byte. */
  timeoutMs: number;
  /** Region for numbers written without a country code, in sends and in delivery reports. */
  defaultRegion?: CountryCode;
  log?: ProviderLog;
  now?: () => Date;
}

/** The SDK's whole-answer rejections (another 2xx) carry only the body: read the summary out of it. */
function summaryOf(data: unknown): string | undefined {
  if (typeof data === 'string') return data;
  const message = (data as Partial<SdkSendResult> | undefined)?.SMSMessageData?.Message;
  return typeof message === 'string' ? message : undefined;
}

function retryAfterMs(headers: Record<string, unknown> | undefined): number | undefined {
  const seconds = Number(headers?.['retry-after']);
  return Number.isFinite(seconds) && seconds >= 0 ? seconds * 1000 : undefined;
}

/**
 * What went wrong, read from the error field by field. The error itself is an AxiosError whose config holds
 * the API key, so it goes no further than this function.
 */
function transportFailure(error: unknown, httpStatus: number | undefined): TransportFailure {
  if (isSdkHttpError(error)) {
    if (error.response) {
      const { status, data, headers } = error.response;
      return { kind: 'http', status, message: summaryOf(data), retryAfterMs: retryAfterMs(headers) };
    }
    return { kind: 'network', code: error.code ?? 'network-error' };
  }
  if (httpStatus !== undefined) return { kind: 'http', status: httpStatus, message: summaryOf(error) };
  return { kind: 'refused', message: error instanceof Error ? error.message : 'invalid request' };
}

/** One SMS through the official SDK, classified; see sdk.ts for how the timeout and base URL are applied. */
export function createAfricasTalkingProvider(options: AfricasTalkingOptions): SmsProvider {
  const { username, apiKey, timeoutMs, log } = options;
  const now = options.now ?? (() => new Date());
  const sandbox = username.toLowerCase() === 'sandbox';
  const baseUrl = options.apiBaseUrl || (sandbox ? SANDBOX_BASE_URL : LIVE_BASE_URL);
  const defaultRegion = options.defaultRegion ?? 'KE';
  const sms = createSdkSms({ username, apiKey });
  const agents = createSdkAgents();

  async function deliver(to: string, body: string, from: string | undefined): Promise<SendOutcome> {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), timeoutMs);
    // The abort closes the socket; the race makes the deadline hold even if the SDK stopped passing the signal.
    const deadline = new Promise<never>((_, reject) =>
      controller.signal.addEventListener('abort', () => reject(new Error('deadline')))
    );
    const result = await withinCall({ baseUrl, signal: controller.signal, agents }, () =>
      Promise.race([sms.send({ to, message: body, ...(from ? { from } : {}) }), deadline])
    ).finally(() => clearTimeout(timer));

    if (result.ok) {
      const recipient = result.value?.SMSMessageData?.Recipients?.[0];
      if (recipient) return classifyRecipient(recipient, now());
      return classifySummary(summaryOf(result.value) ?? '', now());
    }
    if (controller.signal.aborted) return classifyTransportFailure({ kind: 'timeout', timeoutMs });
    return classifyTransportFailure(transportFailure(result.error, result.httpStatus));
  }

  return {
    name: 'africastalking',
    async send(message: SmsMessage): Promise<SendOutcome> {
      // The SDK's own check knows no region and refuses local formats: hand it E.164 only.
      const phone = normalizePhone(message.to, defaultRegion);
      if (!phone.ok)
        return { kind: 'permanent', errorCode: 'invalid-number', reason: `The recipient's phone ${phone.problem}.` };
      const outcome = await deliver(phone.e164, message.body, message.from || options.senderId || undefined);
      if (outcome.kind !== 'accepted') {
        log?.warn(
          `Africa's Talking: SMS to ${maskPhone(phone.e164)} ${outcome.kind} (${outcome.errorCode}): ${outcome.reason}`
        );
      }
      return outcome;
    },
    deliveryReports: createAfricasTalkingReportReader(defaultRegion),
    status: () => ({
      name: 'africastalking',
      live: !sandbox,
      details: {
        mode: sandbox ? "Sandbox: messages reach the Africa's Talking simulator, not phones" : 'Live',
        username,
        apiKey: maskSecret(apiKey),
        senderId: options.senderId || "(Africa's Talking default)",
        apiBaseUrl: baseUrl,
        timeoutMs: String(timeoutMs),
      },
    }),
  };
}
