import crypto from 'crypto';
import { maskEmail } from '../../domain/email-address';
import { acceptedOf, classifyEmailFailure, failureOf, timedOut } from '../../domain/email-outcome';
import type { EmailMessage, EmailSender, ProviderLog, SendOutcome } from '../types';

/** What Strapi's email plugin's `send` takes (its service `plugin::email.email`), as far as reminders use it. */
export interface EmailPluginOptions {
  to: string;
  from?: string;
  replyTo?: string;
  subject: string;
  text: string;
  html: string;
  headers: Record<string, string>;
}

export interface EmailPluginSenderOptions {
  /** The email plugin's send: it hands the message to whatever provider the app configured. */
  send(options: EmailPluginOptions): Promise<unknown>;
  /** The configured provider's name (nodemailer, sendgrid…), for the status only. */
  providerName: string;
  /** Empty: the email plugin's `defaultFrom` / `defaultReplyTo`. */
  from: string;
  replyTo: string;
  timeoutMs: number;
  log?: ProviderLog;
}

/**
 * Reminder e-mails through the host's Strapi email plugin: the app's own provider and settings, so reminders
 * need no mail configuration of their own. A send that outlasts `timeoutMs` is `unknown` (it may still go
 * out); the provider's errors are classified by their codes only (domain/email-outcome.ts).
 */
export function createEmailPluginSender(options: EmailPluginSenderOptions): EmailSender {
  const { timeoutMs, log } = options;

  async function deliver(message: EmailMessage): Promise<SendOutcome> {
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), timeoutMs);
    });
    // Through a promise so that even a provider throwing synchronously is classified, not thrown.
    const sending = Promise.resolve().then(() =>
      options.send({
        to: message.to,
        ...(options.from ? { from: options.from } : {}),
        ...(options.replyTo ? { replyTo: options.replyTo } : {}),
        subject: message.subject,
        text: message.text,
        html: message.html,
        headers: message.headers,
      })
    );
    try {
      const result = await Promise.race([sending, deadline]);
      if (result === 'timeout') return timedOut(timeoutMs);
      return acceptedOf(result, `email-${crypto.randomUUID()}`);
    } catch (error) {
      return classifyEmailFailure(failureOf(error));
    } finally {
      clearTimeout(timer);
      // A send left behind by the deadline may still fail: that is expected, not an unhandled rejection.
      sending.catch(() => undefined);
    }
  }

  return {
    name: 'email-plugin',
    async send(message: EmailMessage): Promise<SendOutcome> {
      const outcome = await deliver(message);
      if (outcome.kind !== 'accepted')
        log?.warn(`E-mail to ${maskEmail(message.to)} ${outcome.kind} (${outcome.errorCode}): ${outcome.reason}`);
      return outcome;
    },
    status: () => ({
      name: 'email-plugin',
      live: true,
      details: {
        mode: `Strapi's email plugin (provider: ${options.providerName})`,
        from: options.from || "(the email plugin's defaultFrom)",
        replyTo: options.replyTo || "(the email plugin's defaultReplyTo)",
        timeoutMs: String(timeoutMs),
      },
    }),
  };
}
