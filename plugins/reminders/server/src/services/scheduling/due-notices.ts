import crypto from 'crypto';
import type { Core } from '@strapi/strapi';

/**
 * Due notices between instances on one PostgreSQL: an instance that queued something due and will not
 * send it at once says so with NOTIFY, and every instance whose scheduler runs LISTENs on one connection
 * of its own and wakes its dispatcher. A notice is only a hint: the claim in the database still decides
 * who sends, and the minute tick still sends what a lost notice left.
 */

/** The little of `pg`'s Client used here (the driver Strapi's knex already loaded: no dependency of our own). */
interface ListenClient {
  connect(): Promise<void>;
  query(sql: string): Promise<unknown>;
  end(): Promise<void>;
  on(event: 'notification', listener: (message: { channel: string; payload?: string }) => void): void;
  on(event: 'error' | 'end', listener: (error?: Error) => void): void;
}

interface KnexPgClient {
  driver: { Client: new (settings: Record<string, unknown>) => ListenClient };
  connectionSettings: Record<string, unknown>;
}

/** PostgreSQL's identifiers stop at 63 bytes; a longer name would be cut, and two schemas could share one. */
const MAX_CHANNEL_BYTES = 63;
const RETRY_MIN_MS = 500;
const RETRY_MAX_MS = 30_000;

/**
 * The channel of one app's outbox: notices are per database, so the schema is in the name, and two apps
 * (or two test files) on one database never wake each other.
 */
export function dueChannel(schema: string | undefined): string {
  const name = `reminders_due_${schema || 'public'}`;
  if (Buffer.byteLength(name) <= MAX_CHANNEL_BYTES) return name;
  return `reminders_due_${crypto
    .createHash('sha256')
    .update(schema as string)
    .digest('hex')
    .slice(0, 40)}`;
}

const channelOf = (strapi: Core.Strapi) => dueChannel(strapi.db.getSchemaName());

/** Tells the other instances something is due. `instanceId` lets the sender ignore its own notice. */
export async function announceDue(strapi: Core.Strapi, instanceId: string): Promise<void> {
  await strapi.db.connection.raw('SELECT pg_notify(?, ?)', [channelOf(strapi), instanceId]);
}

export interface DueListener {
  close(): Promise<void>;
}

/**
 * Listens for due notices on a connection of its own (not the pool's: a LISTEN holds its connection for
 * good). When the connection drops it connects again, waiting twice as long after each failure up to 30 s;
 * on each (re)connection it wakes once, for what was announced while nobody listened.
 */
export function listenForDue(
  strapi: Core.Strapi,
  { instanceId, onDue }: { instanceId: string; onDue: () => void }
): DueListener {
  const channel = channelOf(strapi);
  const knexClient = strapi.db.connection.client as unknown as KnexPgClient;
  let current: ListenClient | null = null;
  let retryIn = RETRY_MIN_MS;
  let retry: NodeJS.Timeout | null = null;
  let closed = false;

  /** Once per connection (its 'error' and 'end' may both come): forget it, and connect again later. */
  const dropped = (client: ListenClient, error?: Error) => {
    const wasListening = current === client;
    if (wasListening) current = null;
    client.end().catch(() => undefined);
    if (closed) return;
    strapi.log.warn(
      `reminders: the due-notice connection ${wasListening ? 'dropped' : 'failed'}${error ? ` (${error.message})` : ''}; retrying in ${retryIn} ms (the tick still sends everything)`
    );
    retry = setTimeout(connect, retryIn);
    retryIn = Math.min(retryIn * 2, RETRY_MAX_MS);
  };

  async function connect() {
    retry = null;
    if (closed) return;
    // Keep-alive: a connection that only listens sends nothing, and a dead peer would otherwise go unnoticed.
    const client = new knexClient.driver.Client({ ...knexClient.connectionSettings, keepAlive: true });
    let failed = false;
    const fail = (error?: Error) => {
      if (failed) return;
      failed = true;
      dropped(client, error);
    };
    client.on('error', fail);
    client.on('end', () => fail());
    client.on('notification', (message) => {
      if (message.channel === channel && message.payload !== instanceId) onDue();
    });
    try {
      await client.connect();
      await client.query(`LISTEN "${channel.replace(/"/g, '""')}"`);
    } catch (error) {
      fail(error as Error);
      return;
    }
    if (closed || failed) {
      await client.end().catch(() => undefined);
      return;
    }
    current = client;
    retryIn = RETRY_MIN_MS;
    onDue();
  }

  void connect();
  return {
    async close() {
      closed = true;
      if (retry) clearTimeout(retry);
      const client = current;
      current = null;
      await client?.end().catch(() => undefined);
    },
  };
}
