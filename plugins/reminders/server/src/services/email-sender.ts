import type { Core } from '@strapi/strapi';
import type { EmailConfig } from '../config';
import { createEmailPluginSender, type EmailPluginOptions } from '../providers/email/email-plugin';
import { createOutboxEmailSender } from '../providers/email/outbox';
import type { EmailSender, ProviderLog } from '../providers/types';
import { getConfig } from '../utils';

/** What Strapi's email plugin is configured with (`plugin::email`); its providerOptions hold secrets, never read here. */
interface EmailPluginConfig {
  provider?: string;
  settings?: { defaultFrom?: string; defaultReplyTo?: string };
}

/** What the Settings page shows of e-mail: names and addresses only, never a provider option. */
export interface EmailSettings {
  /** The reminders' sender mode (`email.sender`). */
  sender: EmailConfig['sender'];
  /** The email plugin's provider (nodemailer, sendmail, sendgrid…). */
  provider: string;
  /** From and Reply-To reminder e-mails go with: the plugin's own when set, else the email plugin's defaults. */
  from: string | null;
  replyTo: string | null;
  timeoutMs: number;
}

const emailPluginConfig = (strapi: Core.Strapi) => (strapi.config.get('plugin::email') ?? {}) as EmailPluginConfig;

/** The configured sender: Strapi's email plugin, or the outbox. */
export function selectEmailSender(strapi: Core.Strapi, config: EmailConfig, log: ProviderLog): EmailSender {
  if (config.sender === 'outbox') return createOutboxEmailSender({ log });
  return createEmailPluginSender({
    send: (options: EmailPluginOptions) => strapi.plugin('email').service('email').send(options),
    providerName: emailPluginConfig(strapi).provider ?? 'unknown',
    from: config.from,
    replyTo: config.replyTo,
    timeoutMs: config.timeoutMs,
    log,
  });
}

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const log: ProviderLog = {
    info: (message) => strapi.log.info(`[reminders] ${message}`),
    warn: (message) => strapi.log.warn(`[reminders] ${message}`),
  };
  let sender: EmailSender | undefined;

  return {
    /** The sender every reminder e-mail goes through, built once from the plugin's `email` options. */
    get(): EmailSender {
      sender ??= selectEmailSender(strapi, getConfig(strapi).email, log);
      return sender;
    },

    /** GET /reminders/email: what sends reminder e-mails, as the Settings page shows it. */
    settings(): EmailSettings {
      const config = getConfig(strapi).email;
      const plugin = emailPluginConfig(strapi);
      return {
        sender: config.sender,
        provider: plugin.provider ?? 'unknown',
        from: config.from || plugin.settings?.defaultFrom || null,
        replyTo: config.replyTo || plugin.settings?.defaultReplyTo || null,
        timeoutMs: config.timeoutMs,
      };
    },
  };
};
