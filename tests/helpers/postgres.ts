import { Client } from 'pg';

/** One short-lived PostgreSQL connection for `work` (creating or dropping a schema, reading a table), always closed. */
export async function withPostgres<T>(url: string, work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}
