import type { AddressInfo } from 'net';
import { simpleParser } from 'mailparser';
import { SMTPServer, type SMTPServerAddress } from 'smtp-server';

/**
 * A real SMTP server for tests (smtp-server, on 127.0.0.1 at a random port): whatever Strapi's email plugin
 * sends through nodemailer arrives here and is parsed (mailparser), so a test reads what a mail client would.
 * It can refuse an address with any reply code (at RCPT TO, as a mail server refuses a mailbox) or take a
 * message for an address and never answer (a stalled server: the sender cannot know whether it went).
 */

export interface SinkMessage {
  from: string;
  to: string;
  subject: string;
  text: string;
  html: string;
  /** Every header as it arrived, by its name in lower case (folded lines joined). */
  headers: Record<string, string>;
}

export interface SmtpSink {
  port: number;
  /** The messages received, in order. */
  messages: SinkMessage[];
  /** Answers RCPT TO for this address with `code` and `text` (550 no such user, 451 try later…). */
  refuse(address: string, code: number, text: string): void;
  /** Takes the whole message for this address, then never answers. */
  stall(address: string): void;
  close(): Promise<void>;
}

/** The environment that points the demo app's email plugin (config/plugins.ts) at the sink. */
export const smtpEnv = (sink: Pick<SmtpSink, 'port'>) => ({ SMTP_HOST: '127.0.0.1', SMTP_PORT: String(sink.port) });

const headerValue = (line: string) =>
  line
    .slice(line.indexOf(':') + 1)
    .replace(/\r?\n[ \t]+/g, ' ')
    .trim();

export interface SmtpSinkOptions {
  /** Requires a login with these (over plain SMTP, as a test may); none: no AUTH offered. */
  credentials?: { user: string; pass: string };
  closeTimeoutMs?: number;
}

export async function startSmtpSink(options: SmtpSinkOptions = {}): Promise<SmtpSink> {
  const messages: SinkMessage[] = [];
  const refusals = new Map<string, { code: number; text: string }>();
  const stalls = new Set<string>();
  const key = (address: string) => address.trim().toLowerCase();

  const server = new SMTPServer({
    // Plain SMTP, as a local relay or a test mail catcher is; a login only when asked for.
    authOptional: !options.credentials,
    allowInsecureAuth: true,
    disabledCommands: options.credentials ? ['STARTTLS'] : ['STARTTLS', 'AUTH'],
    onAuth(auth, _session, callback) {
      const { user, pass } = options.credentials ?? {};
      if (auth.username === user && auth.password === pass) return callback(null, { user });
      callback(Object.assign(new Error('Invalid username or password'), { responseCode: 535 }));
    },
    logger: false,
    // A stalled conversation is cut when the sink closes, not waited for.
    closeTimeout: options.closeTimeoutMs ?? 100,
    onRcptTo(address: SMTPServerAddress, _session, callback) {
      const refusal = refusals.get(key(address.address));
      if (!refusal) return callback();
      callback(Object.assign(new Error(refusal.text), { responseCode: refusal.code }));
    },
    onData(stream, session, callback) {
      const stalled = session.envelope.rcptTo.some((rcpt) => stalls.has(key(rcpt.address)));
      simpleParser(stream)
        .then((parsed) => {
          if (stalled) return;
          const text = (value: { text: string } | { text: string }[] | undefined) =>
            Array.isArray(value) ? value.map((item) => item.text).join(', ') : (value?.text ?? '');
          messages.push({
            from: text(parsed.from),
            to: text(parsed.to),
            subject: parsed.subject ?? '',
            text: parsed.text ?? '',
            html: typeof parsed.html === 'string' ? parsed.html : '',
            headers: Object.fromEntries(parsed.headerLines.map(({ key: name, line }) => [name, headerValue(line)])),
          });
          callback();
        })
        .catch((error: Error) => callback(error));
    },
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });

  return {
    port: (server.server.address() as AddressInfo).port,
    messages,
    refuse: (address, code, text) => refusals.set(key(address), { code, text }),
    stall: (address) => stalls.add(key(address)),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
