/**
 * One Strapi instance serving HTTP in its own process, with its scheduler as configured by the environment
 * (the latency benchmark runs the defaults: the minute tick and wake-ups). Driven over IPC by
 * startHttpInstance() below; not run by hand.
 */
import path from 'path';
import { fork, type ChildProcess } from 'child_process';
import type { AddressInfo } from 'net';
import { createStrapi } from '@strapi/strapi';

interface Command {
  /** Create a full-access API token and answer with it (tokens are in the database: every instance takes it). */
  token?: boolean;
  /** Create a reminder rule through the Document Service, as the admin panel would. */
  rule?: Record<string, unknown>;
  stop?: boolean;
}

export interface HttpInstance {
  child: ChildProcess;
  baseUrl: string;
  token(): Promise<string>;
  rule(data: Record<string, unknown>): Promise<void>;
  stop(): Promise<void>;
}

/** Starts an instance with `env`; resolves once it listens on a port of its own. */
export function startHttpInstance(env: Record<string, string | undefined>): Promise<HttpInstance> {
  const child = fork(__filename, [], {
    env,
    // BENCH_CPU_PROF=<dir>: each instance writes a .cpuprofile there when it stops.
    execArgv: [
      '-r',
      'esbuild-register',
      ...(env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${env.BENCH_CPU_PROF}`] : []),
    ],
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  const waiting: ((message: unknown) => void)[] = [];
  child.on('message', (message) => waiting.shift()?.(message));
  const ask = <T>(command: Command | null): Promise<T> =>
    new Promise((resolve, reject) => {
      waiting.push((message) =>
        (message as { error?: string }).error
          ? reject(new Error((message as { error: string }).error))
          : resolve(message as T)
      );
      if (command) child.send(command);
    });
  return ask<{ port: number }>(null).then(({ port }) => ({
    child,
    baseUrl: `http://127.0.0.1:${port}`,
    token: async () => (await ask<{ token: string }>({ token: true })).token,
    rule: async (data) => void (await ask({ rule: data })),
    stop: () =>
      new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.send({ stop: true });
      }),
  }));
}

if (require.main === module) {
  (async () => {
    const appDir = path.resolve(__dirname, '..', '..');
    const strapi = await createStrapi({
      appDir,
      distDir: path.join(appDir, 'dist'),
      autoReload: false,
      serveAdminPanel: false,
    }).load();
    await strapi.server.mount();
    const server = strapi.server.httpServer;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    process.on('message', async (command: Command) => {
      try {
        if (command.stop) {
          await strapi.destroy();
          process.exit(0);
        }
        if (command.token) {
          const created = await strapi
            .service('admin::api-token')
            .create({ name: `latency-${process.pid}`, type: 'full-access', lifespan: null });
          process.send?.({ token: created.accessKey });
        }
        if (command.rule) {
          await strapi.documents('plugin::reminders.reminder-rule' as never).create({ data: command.rule } as never);
          process.send?.({ ok: true });
        }
      } catch (error) {
        process.send?.({ error: (error as Error).message });
      }
    });
    process.send?.({ port: (server.address() as AddressInfo).port });
  })().catch((error) => {
    console.error(error);
    process.exit(1);
  });
}
