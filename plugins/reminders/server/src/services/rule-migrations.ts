import type { Core } from '@strapi/strapi';
import { withMissingDefaults } from '../domain/conditions';
import type { RuleConditions } from '../domain/rule-definition';
import { PLUGIN_ID, UIDS } from '../constants';
import { getService, isPostgres } from '../utils';

const STORE_KEY = 'migration-default-conditions';
/** pg advisory lock key (arbitrary, constant): one instance migrates, the others wait and find it done. */
const LOCK = 74_110_601;

/**
 * Before, every rule had its target's default conditions (not paid, not void, not cancelled) added at
 * evaluation; now they are a rule's own, visible and removable. Once per database, this writes them into
 * every existing rule that lacks them, so none starts reminding paid invoices. One transaction: under an
 * advisory lock on PostgreSQL (SQLite has one writer), the flag read and set with the rules written, so
 * instances booting together migrate once. Rules are not re-planned: what they match is unchanged.
 */
export async function addDefaultConditionsOnce(strapi: Core.Strapi): Promise<number> {
  const store = strapi.store({ type: 'plugin', name: PLUGIN_ID, key: STORE_KEY });
  const targets = await getService(strapi, 'targets').all();
  return strapi.db.transaction(async ({ trx }) => {
    if (isPostgres(strapi)) await trx.raw('select pg_advisory_xact_lock(?)', [LOCK]);
    if (await store.get({})) return 0;
    const rules = (await strapi.db.query(UIDS.rule).findMany({
      select: ['id', 'target', 'anchor', 'conditions'],
    })) as { id: number; target: string; anchor: string; conditions: RuleConditions | null }[];
    let updated = 0;
    for (const rule of rules) {
      const target = Object.hasOwn(targets, rule.target) ? targets[rule.target] : undefined;
      const conditions = target && withMissingDefaults(target, rule.anchor, rule.conditions);
      if (!conditions) continue;
      await strapi.db.query(UIDS.rule).update({ where: { id: rule.id }, data: { conditions } });
      updated += 1;
    }
    await store.set({ value: { at: new Date().toISOString(), updated } });
    return updated;
  });
}
