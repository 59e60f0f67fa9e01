import type { Core } from '@strapi/strapi';
import type { CountryCode } from 'libphonenumber-js';
import type { RemindersConfig } from '../config';
import { createAfricasTalkingProvider } from '../providers/africastalking';
import { createAfricasTalkingReportReader } from '../providers/africastalking/delivery-reports';
import { createOutboxProvider } from '../providers/outbox';
import type { DeliveryReportReader, ProviderLog, ProviderStatus, SmsProvider } from '../providers/types';
import { getConfig, publicApiUrl, publicBaseUrl } from '../utils';

/** The configured provider: Africa's Talking when chosen, or on `auto` when its credentials are set; else the outbox. */
export function selectProvider(config: RemindersConfig, log: ProviderLog): SmsProvider {
  const at = config.africastalking;
  const useAfricasTalking =
    config.provider === 'africastalking' || (config.provider === 'auto' && Boolean(at.username && at.apiKey));
  if (!useAfricasTalking) return createOutboxProvider({ log });
  return createAfricasTalkingProvider({
    username: at.username,
    apiKey: at.apiKey,
    senderId: at.senderId,
    apiBaseUrl: at.apiBaseUrl,
    timeoutMs: at.timeoutMs,
    defaultRegion: config.defaultRegion as CountryCode,
    log,
  });
}

/**
 * How the delivery-report callback reads: as the provider's own reports. The outbox gets none (it sends nothing);
 * a report that comes while it is configured is about an SMS Africa's Talking sent before the configuration changed.
 */
export const selectReportReader = (provider: SmsProvider, config: RemindersConfig): DeliveryReportReader =>
  provider.deliveryReports ?? createAfricasTalkingReportReader(config.defaultRegion as CountryCode);

/** The callbacks Africa's Talking posts to: controller action (controllers/callbacks.ts) → path segment. */
export const CALLBACKS = {
  deliveryReports: 'delivery-reports',
  optOuts: 'opt-outs',
  incomingMessages: 'incoming-messages',
} as const;

export interface ProviderSettings {
  provider: ProviderStatus;
  /** The URLs to paste into the Africa's Talking dashboard; null until a callback secret is set. */
  callbacks: Record<keyof typeof CALLBACKS, string> | null;
  /** What an editor should fix for the callbacks to work, if anything. */
  warnings: string[];
}

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const config = () => getConfig(strapi);
  const log: ProviderLog = {
    info: (message) => strapi.log.info(`[reminders] ${message}`),
    warn: (message) => strapi.log.warn(`[reminders] ${message}`),
  };
  let provider: SmsProvider | undefined;
  let override: SmsProvider | undefined;

  return {
    /** The provider every send goes through, built once from the plugin config (or the one `use` set). */
    get(): SmsProvider {
      provider ??= selectProvider(config(), log);
      return override ?? provider;
    },

    /** Sends through `next` from now on, or through the configured provider again without one (tests count sends this way). */
    use(next?: SmsProvider) {
      override = next;
    },

    /** How delivery reports read: those the callback receives, and those kept until a delivery matches. */
    reportReader(): DeliveryReportReader {
      return selectReportReader(this.get(), config());
    },

    /** What the settings page shows: the provider (key masked) and the exact callback URLs. */
    settings(): ProviderSettings {
      const { callbackSecret, publicUrl } = config();
      const base = publicBaseUrl(strapi);
      const url = (path: string) => publicApiUrl(strapi, `callbacks/${callbackSecret}/${path}`);
      const warnings: string[] = [];
      if (!callbackSecret) warnings.push('Set REMINDERS_CALLBACK_SECRET: until then every callback is refused.');
      if (!publicUrl) warnings.push(`Set PUBLIC_URL to the address Africa's Talking can reach; ${base} is a guess.`);
      return {
        provider: this.get().status(),
        callbacks: callbackSecret
          ? {
              deliveryReports: url(CALLBACKS.deliveryReports),
              optOuts: url(CALLBACKS.optOuts),
              incomingMessages: url(CALLBACKS.incomingMessages),
            }
          : null,
        warnings,
      };
    },
  };
};
