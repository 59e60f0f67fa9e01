import crypto from 'crypto';
import http from 'http';
import type { AddressInfo, Socket } from 'net';
import { SEND_STATUS_NAMES } from '../../plugins/reminders/server/src/providers/africastalking/status';

/**
 * A fake Africa's Talking SMS API for tests and benchmarks: a plain Node HTTP server (no Strapi, no jest)
 * that speaks POST /version1/messaging the way the real one does (form-encoded body, `apiKey` header,
 * HTTP 201 with SMSMessageData), so the official SDK can be driven against it over real sockets.
 *
 * Each request takes the next scripted reply (`reply()`), else the reply set for its recipient
 * (`replyTo()`), else 101 Success. It records what it received and can post callbacks (delivery
 * reports, opt-outs, incoming messages) to a URL, form-encoded like Africa's Talking.
 */

export type FakeReply =
  /** HTTP 201 with this per-recipient status code (101 Success by default), after `delayMs`. */
  | { kind: 'recipient'; statusCode?: number; cost?: string; messageParts?: number; delayMs?: number }
  /** A whole-request HTTP answer: 401 bad credentials, 500, a 200 where 201 is expected... */
  | { kind: 'http'; httpStatus: number; body?: unknown; headers?: Record<string, string>; delayMs?: number }
  /** Reads the request and never answers. */
  | { kind: 'hang' }
  /** Destroys the connection without an answer, after `afterMs`. */
  | { kind: 'reset'; afterMs?: number }
  /** Sends the 201 headers at once, then the body one byte every `intervalMs`. */
  | { kind: 'trickle'; intervalMs: number };

export interface FakeRequest {
  apiKey: string | undefined;
  fields: Record<string, string>;
  receivedAt: number;
  /** When the client closed the connection before the fake answered (an abort); undefined otherwise. */
  closedByClientAt?: number;
  /** Message ids handed out in the answer, one per accepted recipient. */
  messageIds: string[];
}

export interface FakeAfricasTalking {
  /** What AT_API_BASE_URL should be: http://127.0.0.1:<port>/version1 */
  baseUrl: string;
  requests: FakeRequest[];
  /** Scripts the next requests, one reply each, in order. */
  reply(...replies: FakeReply[]): void;
  /** The reply for every request to this number once the scripted ones are used up. */
  replyTo(phone: string, reply: FakeReply): void;
  /** POSTs a form-encoded callback (delivery report, opt-out, incoming message) the way AT does. */
  postForm(url: string, fields: Record<string, string>): Promise<{ status: number; body: string }>;
  /** Resolves once request `index` has arrived (and, with `closed`, once the client closed it). */
  waitForRequest(index: number, options?: { closed?: boolean }): Promise<FakeRequest>;
  close(): Promise<void>;
}

/** GSM-7 (160 / 153 per part) or UCS-2 (70 / 67) by a plain ASCII test: close enough for a fake. */
const partsOf = (message: string) => {
  const [single, multi] = /^[\x20-\x7e\n\r]*$/.test(message) ? [160, 153] : [70, 67];
  const length = [...message].length;
  return length <= single ? 1 : Math.ceil(length / multi);
};

const delay = (ms: number | undefined) => new Promise((resolve) => setTimeout(resolve, ms ?? 0));

export async function startFakeAfricasTalking(
  options: { username?: string; apiKey?: string } = {}
): Promise<FakeAfricasTalking> {
  const username = options.username ?? 'sandbox';
  const apiKey = options.apiKey ?? 'fake-api-key';
  const requests: FakeRequest[] = [];
  const script: FakeReply[] = [];
  const byPhone = new Map<string, FakeReply>();
  const waiters = new Set<() => void>();
  const resetByFake = new WeakSet<FakeRequest>();
  const notify = () => waiters.forEach((wake) => wake());

  const answer = (res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
    const text = typeof body === 'string' ? body : JSON.stringify(body);
    res.writeHead(status, { 'Content-Type': typeof body === 'string' ? 'text/plain' : 'application/json', ...headers });
    res.end(text);
  };

  const sendMessages = async (req: http.IncomingMessage, res: http.ServerResponse, record: FakeRequest) => {
    const { fields } = record;
    if (record.apiKey !== apiKey || fields.username !== username) {
      return answer(res, 401, 'The supplied authentication is invalid');
    }
    for (const field of ['to', 'message']) {
      if (!fields[field]) return answer(res, 400, `Request is missing required form field '${field}'`);
    }
    const numbers = fields.to.split(',');
    const reply = script.shift() ?? byPhone.get(numbers[0]) ?? { kind: 'recipient' };
    switch (reply.kind) {
      case 'hang':
        return;
      case 'reset':
        await delay(reply.afterMs);
        resetByFake.add(record);
        req.socket.destroy();
        return;
      case 'http':
        await delay(reply.delayMs);
        return answer(res, reply.httpStatus, reply.body ?? '', reply.headers);
      case 'trickle': {
        const body = JSON.stringify({ SMSMessageData: { Message: 'Sent to 1/1', Recipients: [] } });
        res.writeHead(201, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) });
        for (const byte of body) {
          if (res.destroyed) return;
          res.write(byte);
          await delay(reply.intervalMs);
        }
        res.end();
        return;
      }
      case 'recipient': {
        await delay(reply.delayMs);
        const statusCode = reply.statusCode ?? 101;
        const accepted = statusCode < 200;
        const parts = reply.messageParts ?? partsOf(fields.message);
        const recipients = numbers.map((number) => {
          const messageId = accepted ? `ATXid_${crypto.randomBytes(12).toString('hex')}` : 'None';
          if (accepted) record.messageIds.push(messageId);
          const cost = accepted ? (reply.cost ?? `KES ${(0.8 * parts).toFixed(4)}`) : '0';
          return {
            statusCode,
            number,
            status: SEND_STATUS_NAMES[statusCode] ?? 'Unknown',
            cost,
            messageId,
            messageParts: parts,
          };
        });
        const sent = accepted ? recipients.length : 0;
        return answer(res, 201, {
          SMSMessageData: {
            Message: `Sent to ${sent}/${recipients.length} Total Cost: ${accepted ? recipients[0].cost : 'KES 0'}`,
            Recipients: recipients,
          },
        });
      }
    }
  };

  const server = http.createServer((req, res) => {
    let raw = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (raw += chunk));
    req.on('end', () => {
      const header = req.headers.apikey;
      const record: FakeRequest = {
        apiKey: Array.isArray(header) ? header[0] : header,
        fields: Object.fromEntries(new URLSearchParams(raw)),
        receivedAt: Date.now(),
        messageIds: [],
      };
      res.on('close', () => {
        if (!res.writableFinished && !resetByFake.has(record)) record.closedByClientAt = Date.now();
        notify();
      });
      if (req.method !== 'POST' || req.url?.split('?')[0] !== '/version1/messaging')
        return answer(res, 404, 'Not found');
      requests.push(record);
      notify();
      sendMessages(req, res, record).catch(() => req.socket.destroy());
    });
  });
  // Node's default of 5 s idle races the SDK's keep-alive reuse: a request written on a socket the server is
  // closing is reset (ECONNRESET, recorded as "unknown"). Gateways keep idle connections open far longer.
  server.keepAliveTimeout = 120_000;
  const sockets = new Set<Socket>();
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    baseUrl: `http://127.0.0.1:${port}/version1`,
    requests,
    reply: (...replies) => script.push(...replies),
    replyTo: (phone, reply) => byPhone.set(phone, reply),
    async postForm(url, fields) {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams(fields).toString(),
      });
      return { status: response.status, body: await response.text() };
    },
    waitForRequest(index, { closed = false } = {}) {
      return new Promise((resolve) => {
        const check = () => {
          const request = requests[index];
          if (request && (!closed || request.closedByClientAt !== undefined)) {
            waiters.delete(check);
            resolve(request);
          }
        };
        waiters.add(check);
        check();
      });
    },
    close() {
      sockets.forEach((socket) => socket.destroy());
      return new Promise((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
    },
  };
}
