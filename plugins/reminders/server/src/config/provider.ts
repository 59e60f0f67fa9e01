/** The plugin options about sending and callbacks (part of RemindersConfig). */
export interface ProviderConfig {
  /** `auto`: Africa's Talking when its username and API key are set, the outbox otherwise. */
  provider: 'auto' | 'outbox' | 'africastalking';
  africastalking: {
    username: string;
    apiKey: string;
    senderId: string;
    /** Empty: Africa's Talking's own (live, or sandbox for the `sandbox` username). */
    apiBaseUrl: string;
    timeoutMs: number;
  };
  /** Secret part of the callback URLs. Empty: every callback answers 401. */
  callbackSecret: string;
  /** Public base URL of this Strapi, for the callback URLs; Strapi's server.url when empty. */
  publicUrl: string;
}

export const providerDefaults: ProviderConfig = {
  provider: 'auto',
  africastalking: { username: '', apiKey: '', senderId: '', apiBaseUrl: '', timeoutMs: 10_000 },
  callbackSecret: '',
  publicUrl: '',
};

const PROVIDERS = ['auto', 'outbox', 'africastalking'];

const isHttpUrl = (value: string) => {
  try {
    return ['http:', 'https:'].includes(new URL(value).protocol);
  } catch {
    return false;
  }
};

/** Throws with a message naming the option, as the plugin's validator does for the others. */
export function validateProviderConfig(config: ProviderConfig) {
  const at = config.africastalking;
  if (!PROVIDERS.includes(config.provider)) {
    throw new Error(`reminders: provider "${config.provider}" must be one of ${PROVIDERS.join(', ')}`);
  }
  if (Boolean(at.username) !== Boolean(at.apiKey)) {
    throw new Error(
      'reminders: africastalking needs both a username and an API key (AT_USERNAME, AT_API_KEY), or neither'
    );
  }
  if (config.provider === 'africastalking' && !at.username) {
    throw new Error('reminders: provider "africastalking" needs AT_USERNAME and AT_API_KEY');
  }
  if (at.apiBaseUrl && !isHttpUrl(at.apiBaseUrl)) {
    throw new Error(`reminders: africastalking.apiBaseUrl "${at.apiBaseUrl}" is not an http(s) URL`);
  }
  if (!Number.isInteger(at.timeoutMs) || at.timeoutMs < 100 || at.timeoutMs > 120_000) {
    throw new Error('reminders: africastalking.timeoutMs must be a whole number of milliseconds from 100 to 120000');
  }
  if (config.callbackSecret && !/^[A-Za-z0-9_~.-]{16,200}$/.test(config.callbackSecret)) {
    throw new Error(
      'reminders: callbackSecret (REMINDERS_CALLBACK_SECRET) must be at least 16 URL-safe characters (letters, digits, - _ . ~)'
    );
  }
  if (config.publicUrl && !isHttpUrl(config.publicUrl)) {
    throw new Error(`reminders: publicUrl "${config.publicUrl}" is not an http(s) URL`);
  }
}
