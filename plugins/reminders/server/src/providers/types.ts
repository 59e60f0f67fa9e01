import type { DeliveryReport, ReportMeaning } from '../domain/delivery-report';
import type { SendOutcome } from '../domain/send-outcome';

/** What `send` answers: a domain type, named here too as part of the interface. */
export type { SendOutcome };

/**
 * The one interface every SMS provider implements (one folder per provider under providers/).
 * A provider sends one message and classifies what happened; it never throws for a provider-side problem.
 * It reads its own delivery reports: the rest of the plugin knows only the domain's terms.
 */
export interface SmsMessage {
  /** E.164, already normalised. */
  to: string;
  body: string;
  /** Sender ID or short code; the provider's default when absent. */
  from?: string;
}

export interface ProviderStatus {
  name: string;
  /** Whether it can send real messages. */
  live: boolean;
  /** Safe to show an editor: keys masked. */
  details: Record<string, string>;
}

/** How a provider's delivery reports read: the form its callback posts, and what its words mean. */
export interface DeliveryReportReader {
  /** The report a delivery-report callback posted, or why it is not one (answered with 400). */
  parse(form: Record<string, unknown>): DeliveryReport | { error: string };
  /** What a report in this provider's words means for its delivery; also for one kept and read again. */
  meaning(report: DeliveryReport): ReportMeaning;
}

export interface SmsProvider {
  readonly name: string;
  send(message: SmsMessage): Promise<SendOutcome>;
  status(): ProviderStatus;
  /** Absent for a provider that gets no delivery reports. */
  readonly deliveryReports?: DeliveryReportReader;
}

/** Where a provider writes its lines (Strapi's logger fits). Never handed a secret. */
export interface ProviderLog {
  info(message: string): void;
  warn(message: string): void;
}

/** One reminder e-mail, rendered: a plain-text part always, the HTML part escaped from the same message. */
export interface EmailMessage {
  to: string;
  subject: string;
  text: string;
  html: string;
  /** List-Unsubscribe and List-Unsubscribe-Post, set on every reminder e-mail. */
  headers: Record<string, string>;
}

/**
 * How reminder e-mails leave: through the host's Strapi email plugin (whatever provider it configured), or
 * into the log only (the outbox, for a demo). Like an SmsProvider it classifies what happened and never throws.
 */
export interface EmailSender {
  readonly name: string;
  send(message: EmailMessage): Promise<SendOutcome>;
  status(): ProviderStatus;
}
