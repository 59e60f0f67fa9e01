import crypto from 'crypto';
import type { Core, UID } from '@strapi/strapi';
import { getConfig } from '../utils';

const snake = (name: string) => name.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase();
/** PostgreSQL cuts identifiers at 63 bytes: a long name keeps its start and a digest of the whole. */
export const indexName = (table: string, column: string, suffix = 'rmd_ix') => {
  const name = `${table}_${column}_${suffix}`;
  return name.length <= 63
    ? name
    : `${name.slice(0, 50)}_${crypto.createHash('sha1').update(name).digest('hex').slice(0, 8)}`;
};

/**
 * At register, before Strapi builds the database schema: the types mapped in `reminders.config.targets` get
 * an index on each anchor field and on their time zone field, so the planner's range queries stay indexed
 * however big the table (as for the plugin's own invoices). A mapping that names what the type lacks is
 * left to the registry to report.
 */
export function addTargetIndexes(strapi: Core.Strapi) {
  for (const mapping of Object.values(getConfig(strapi).targets)) {
    const type = strapi.contentTypes[mapping.uid as UID.ContentType] as
      | {
          collectionName: string;
          attributes: Record<string, { type: string }>;
          indexes?: { name: string; columns: string[] }[];
        }
      | undefined;
    if (!type) continue;
    const fields = [...(Array.isArray(mapping.anchors) ? mapping.anchors : []), mapping.timezone].filter(
      (field): field is string =>
        typeof field === 'string' &&
        ['date', 'datetime', 'string', 'enumeration'].includes(type.attributes[field]?.type)
    );
    const indexes = type.indexes ?? [];
    for (const column of new Set(fields.map(snake))) {
      if (indexes.some((index) => index.columns[0] === column)) continue;
      indexes.push({ name: indexName(type.collectionName, column), columns: [column] });
    }
    type.indexes = indexes;
  }
}
