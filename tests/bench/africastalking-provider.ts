/**
 * The Africa's Talking provider against the fake server, over real sockets: what the provider and the
 * official SDK cost per message, how concurrency hides the provider's latency, and how closely the
 * deadline holds when the server never answers. Not a test: timings depend on the machine. Run it with
 *
 *   node -r esbuild-register tests/bench/africastalking-provider.ts [messages]
 *
 * and record the figures in BENCHMARKS.md.
 */
import { performance } from 'perf_hooks';
import { startFakeAfricasTalking, type FakeAfricasTalking, type FakeReply } from '../fake-africastalking';
import { createAfricasTalkingProvider } from '../../plugins/reminders/server/src/providers/africastalking';

const total = Number(process.argv[2] ?? 2000);
const apiKey = 'atsk_benchmark_key_0000000000000000';

const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];

async function run(
  fake: FakeAfricasTalking,
  name: string,
  messages: number,
  concurrency: number,
  reply: FakeReply,
  timeoutMs = 10_000
) {
  const provider = createAfricasTalkingProvider({ username: 'sandbox', apiKey, apiBaseUrl: fake.baseUrl, timeoutMs });
  fake.replyTo('+254712345678', reply);
  const latencies: number[] = [];
  const kinds = new Map<string, number>();
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < messages) {
        next += 1;
        const at = performance.now();
        const outcome = await provider.send({
          to: '+254712345678',
          body: 'Hi Wanjiku, invoice INV-1001 of KES 10,000.00 is due in 3 days.',
        });
        latencies.push(performance.now() - at);
        kinds.set(outcome.kind, (kinds.get(outcome.kind) ?? 0) + 1);
      }
    })
  );
  const elapsed = performance.now() - started;
  latencies.sort((a, b) => a - b);
  const ms = (value: number) => value.toFixed(1);
  console.log(
    `| ${name} | ${messages} | ${concurrency} | ${Math.round(elapsed)} | ${Math.round((messages / elapsed) * 1000)} | ${ms(quantile(latencies, 0.5))} | ${ms(quantile(latencies, 0.95))} | ${ms(quantile(latencies, 0.99))} | ${[...kinds].map(([kind, count]) => `${kind} ${count}`).join(', ')} |`
  );
}

(async () => {
  const fake = await startFakeAfricasTalking({ username: 'sandbox', apiKey });
  console.log('| scenario | messages | concurrency | total ms | messages/s | p50 ms | p95 ms | p99 ms | outcomes |');
  console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |');
  await run(fake, 'warm-up', 200, 8, { kind: 'recipient' });
  await run(fake, 'accepted, answer at once', total, 1, { kind: 'recipient' });
  await run(fake, 'accepted, answer at once', total, 8, { kind: 'recipient' });
  await run(fake, 'accepted, answer after 100 ms', total / 4, 8, { kind: 'recipient', delayMs: 100 });
  await run(fake, 'accepted, answer after 100 ms', total / 4, 32, { kind: 'recipient', delayMs: 100 });
  await run(fake, 'never answers, deadline 200 ms', 64, 8, { kind: 'hang' }, 200);
  await new Promise((resolve) => setTimeout(resolve, 500)); // let the last close events reach the server
  const open = fake.requests.filter(
    (request) => request.closedByClientAt === undefined && request.messageIds.length === 0
  ).length;
  console.log(`\nHung requests whose socket the client did not close: ${open}`);
  await fake.close();
})();
