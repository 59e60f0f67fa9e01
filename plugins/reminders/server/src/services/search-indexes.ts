import type { Core } from '@strapi/strapi';
import type { TargetDefinition } from '../domain/targets';
import { getService, isPostgres } from '../utils';
import { indexName } from './target-indexes';

/** One advisory lock for the builds: one instance builds, the others go on. */
const BUILD_LOCK = 0x726d6e6473;
const TEXT_TYPES = ['string', 'text', 'uid', 'email'];

type Connection = unknown;

/** The columns of a target's own table a record search matches: its label and customer name, not a relation's. */
function searchedColumns(strapi: Core.Strapi, target: TargetDefinition): string[] {
  const { attributes } = strapi.db.metadata.get(target.uid);
  return [target.paths.label, target.paths.name].flatMap((path) => {
    if (!path || path.includes('.')) return [];
    const attribute = attributes[path] as { type?: string; columnName?: string } | undefined;
    return attribute?.type && TEXT_TYPES.includes(attribute.type) ? [attribute.columnName ?? path] : [];
  });
}

/**
 * On PostgreSQL, a trigram index on each text column a record search matches, for every target: a
 * "contains" filter is `LOWER(CAST(col AS VARCHAR)) LIKE '%…%'`, which no b-tree serves, so finding an
 * invoice by its number read the whole table (0.7 s at a million). Built once, CONCURRENTLY (a host's
 * table takes writes while it builds), after the start and without holding it up; an index a stopped
 * build left invalid is built again. pg_trgm is a trusted extension: the database's owner can create
 * it; where it cannot be had, searches work as before, unindexed.
 */
export async function buildSearchIndexes(strapi: Core.Strapi): Promise<void> {
  if (!isPostgres(strapi)) return;
  const knex = strapi.db.connection;
  const client = knex.client as {
    acquireConnection(): Promise<Connection>;
    releaseConnection(connection: Connection): Promise<void>;
  };
  // Session-level lock and CONCURRENTLY (no transaction): one connection of the pool throughout.
  const connection = await client.acquireConnection();
  const raw = async (sql: string, bindings: readonly unknown[] = []) =>
    (await knex.raw(sql, bindings as never[]).connection(connection as never)) as { rows: Record<string, unknown>[] };
  try {
    const [{ locked }] = (await raw('SELECT pg_try_advisory_lock(?) AS locked', [BUILD_LOCK])).rows;
    if (!locked) return;
    try {
      const opclass = await trigramOperatorClass(strapi, raw);
      if (!opclass) return;
      for (const target of Object.values(await getService(strapi, 'targets').all())) {
        const table = strapi.db.metadata.get(target.uid).tableName;
        for (const column of searchedColumns(strapi, target)) {
          const name = indexName(table, column, 'rmd_trgm');
          const [found] = (
            await raw(
              `SELECT index.indisvalid AS valid FROM pg_index index JOIN pg_class class ON class.oid = index.indexrelid
               WHERE class.relname = ? AND class.relnamespace = current_schema()::regnamespace`,
              [name]
            )
          ).rows;
          if (found?.valid) continue;
          if (found) await raw('DROP INDEX CONCURRENTLY IF EXISTS ??', [name]);
          await raw(`CREATE INDEX CONCURRENTLY ?? ON ?? USING gin (LOWER(CAST(?? AS VARCHAR)) ${opclass})`, [
            name,
            table,
            column,
          ]);
          strapi.log.info(`reminders: record search index ${name} built`);
        }
      }
    } finally {
      await raw('SELECT pg_advisory_unlock(?)', [BUILD_LOCK]);
    }
  } finally {
    await client.releaseConnection(connection);
  }
}

/** pg_trgm's operator class, qualified with the schema the extension lives in; created when missing, if allowed. */
async function trigramOperatorClass(
  strapi: Core.Strapi,
  raw: (sql: string) => Promise<{ rows: Record<string, unknown>[] }>
): Promise<string | undefined> {
  const schemaOf = async () =>
    (
      await raw(
        `SELECT namespace.nspname AS schema FROM pg_extension extension
         JOIN pg_namespace namespace ON namespace.oid = extension.extnamespace WHERE extension.extname = 'pg_trgm'`
      )
    ).rows[0]?.schema as string | undefined;
  let schema = await schemaOf();
  if (!schema) {
    try {
      await raw('CREATE EXTENSION IF NOT EXISTS pg_trgm');
    } catch (error) {
      strapi.log.warn(
        `reminders: record search reads without an index (pg_trgm could not be created: ${(error as Error).message})`
      );
      return undefined;
    }
    schema = await schemaOf();
  }
  return schema && `"${schema.replace(/"/g, '""')}".gin_trgm_ops`;
}
