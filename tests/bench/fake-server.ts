/**
 * The fake Africa's Talking server in its own process, for benchmarks: the app under test does not share
 * its event loop with the server it sends to (a real provider is another machine). Driven over IPC by
 * startFakeProcess() below; not run by hand.
 */
import { fork, type ChildProcess } from 'child_process';
import { startFakeAfricasTalking } from '../fake-africastalking';

interface Command {
  /** Answer the next `count` requests with 201/101 Success after `delayMs`. */
  script?: { count: number; delayMs: number };
  /** Report how many requests arrived, how many distinct messages (recipient and text) they carried, and the most copies of one. */
  stats?: boolean;
  /** Forget the requests received so far. */
  reset?: boolean;
  /** Report each request's message and when it arrived (ms since the epoch, this machine's clock). */
  arrivals?: boolean;
}

export interface FakeProcess {
  baseUrl: string;
  script(count: number, delayMs: number): Promise<void>;
  stats(): Promise<{ requests: number; distinct: number; maxCopies: number }>;
  reset(): Promise<void>;
  arrivals(): Promise<{ message: string; at: number }[]>;
  close(): Promise<void>;
}

/** Starts the fake in a child process; resolves with its address once it listens. */
export function startFakeProcess(options: { username: string; apiKey: string }): Promise<FakeProcess> {
  const child: ChildProcess = fork(__filename, [JSON.stringify(options)], {
    execArgv: ['-r', 'esbuild-register'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const waiting: ((message: unknown) => void)[] = [];
  child.on('message', (message) => waiting.shift()?.(message));
  const ask = <T>(command: Command | null): Promise<T> =>
    new Promise((resolve) => {
      waiting.push(resolve as (message: unknown) => void);
      if (command) child.send(command);
    });
  return ask<{ baseUrl: string }>(null).then(({ baseUrl }) => ({
    baseUrl,
    script: (count, delayMs) => ask({ script: { count, delayMs } }),
    stats: () => ask({ stats: true }),
    reset: () => ask({ reset: true }),
    arrivals: () => ask({ arrivals: true }),
    close: () =>
      new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  }));
}

if (require.main === module) {
  (async () => {
    const fake = await startFakeAfricasTalking(JSON.parse(process.argv[2]));
    process.on('message', (command: Command) => {
      if (command.script)
        fake.reply(
          ...Array.from({ length: command.script.count }, () => ({
            kind: 'recipient' as const,
            delayMs: command.script!.delayMs,
          }))
        );
      if (command.reset) fake.requests.length = 0;
      if (command.stats) {
        const copies = new Map<string, number>();
        for (const request of fake.requests) {
          const key = `${request.fields.to}\n${request.fields.message}`;
          copies.set(key, (copies.get(key) ?? 0) + 1);
        }
        let maxCopies = 0;
        for (const count of copies.values()) maxCopies = Math.max(maxCopies, count);
        process.send?.({ requests: fake.requests.length, distinct: copies.size, maxCopies });
      } else if (command.arrivals)
        process.send?.(fake.requests.map((request) => ({ message: request.fields.message, at: request.receivedAt })));
      else process.send?.({ ok: true });
    });
    process.on('SIGTERM', () => fake.close().then(() => process.exit(0)));
    process.on('disconnect', () => fake.close().then(() => process.exit(0)));
    process.send?.({ baseUrl: fake.baseUrl });
  })();
}
