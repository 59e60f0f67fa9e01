import { runWrites } from '../chaos/writes';
import { describeIntegration, testDatabase } from '../helpers/strapi';

/**
 * The short version of the chaos run's writes scenario (tests/chaos/writes.ts), in every `npm test`:
 * records written over REST and the Content Manager API, send now double-clicked, delivery reports posted
 * before, during and after the sends, while instances are killed with SIGKILL and restarted. SQLite runs
 * one instance (killed and restarted while writes wait for it), PostgreSQL two.
 */
describeIntegration('writes while instances are killed', () => {
  it('sends every reminder exactly once and drops no delivery report', async () => {
    const postgres = testDatabase === 'postgres';
    const summary = await runWrites({
      database: postgres ? { client: 'postgres', url: process.env.TEST_POSTGRES_URL as string } : { client: 'sqlite' },
      instances: postgres ? 2 : 1,
      invoices: 40,
      appointments: 20,
      kills: postgres ? 5 : 3,
      writeMs: 40_000,
      basePort: postgres ? 13_410 : 13_400,
      log: (message) => console.log(message),
    });
    expect(summary.messages.examples).toEqual([]);
    expect({
      duplicates: summary.messages.duplicates,
      lost: summary.messages.lost,
      dropped: summary.reports.dropped,
      journalLeft: summary.journalLeft,
    }).toEqual({ duplicates: 0, lost: 0, dropped: 0, journalLeft: 0 });
    expect(summary.kills).toBe(postgres ? 5 : 3);
    expect(summary.messages.received).toBeGreaterThan(0);
    expect(summary.ok).toBe(true);
  }, 420_000);
});
