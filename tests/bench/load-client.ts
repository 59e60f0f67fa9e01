/**
 * autocannon in its own process (so the load does not share Strapi's event loop), for the admin API
 * benchmark: runLoad() forks this file, which fires requests at one URL for a while and answers with the
 * latency of every response (autocannon's own histogram has no 95th percentile).
 */
import { fork } from 'child_process';

export interface LoadOptions {
  url: string;
  headers: Record<string, string>;
  connections: number;
  durationSeconds: number;
}

export interface LoadResult {
  requests: number;
  non2xx: number;
  errors: number;
  seconds: number;
  latencies: number[];
}

export function runLoad(options: LoadOptions): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    const child = fork(__filename, [JSON.stringify(options)], {
      execArgv: ['-r', 'esbuild-register'],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    child.once('message', (result) => resolve(result as LoadResult));
    child.once('error', reject);
    child.once('exit', (code) => code !== 0 && reject(new Error(`load client exited with ${code}`)));
  });
}

if (require.main === module) {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const autocannon = require('autocannon');
  const options = JSON.parse(process.argv[2]) as LoadOptions;
  const latencies: number[] = [];
  const instance = autocannon(
    { url: options.url, headers: options.headers, connections: options.connections, duration: options.durationSeconds },
    (
      error: Error | null,
      result: { requests: { total: number }; non2xx: number; errors: number; duration: number }
    ) => {
      if (error) throw error;
      process.send?.(
        {
          requests: result.requests.total,
          non2xx: result.non2xx,
          errors: result.errors,
          seconds: result.duration,
          latencies,
        } satisfies LoadResult,
        () => process.exit(0)
      );
    }
  );
  instance.on('response', (_client: unknown, _status: number, _bytes: number, responseTime: number) =>
    latencies.push(responseTime)
  );
}
