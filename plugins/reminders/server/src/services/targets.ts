import type { Core, UID } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import type { FieldError } from '../domain/field-errors';
import {
  type AttributeView,
  type ContentTypeView,
  type TargetMapping,
  checkTargetMapping,
  fieldsFitting,
} from '../domain/target-mapping';
import { conditionFieldsOf } from '../domain/conditions';
import { customStatusesOf } from '../domain/custom-statuses';
import { type TargetDefinition, type Targets, configuredBuiltInTargets } from '../domain/targets';
import { refuse } from '../validation/refuse';
import { noteChange } from './scheduling/change-journal';
import { type RuleRow, enabledRules } from './scheduling/rule-rows';
import { UIDS } from '../constants';
import { getConfig, getService } from '../utils';

/** How long an instance trusts the mappings it read: a mapping saved on another instance is seen this soon. */
const CACHE_MS = 2000;
const STORE_KEY = 'targets';

export type MappingSource = 'config' | 'settings';

/** A host target that cannot be used now (its type or a mapped field is gone), and why. */
export interface BrokenTarget {
  key: string;
  source: MappingSource;
  uid: string;
  problems: string[];
}

interface Registry {
  targets: Targets;
  broken: BrokenTarget[];
  sources: Record<string, MappingSource>;
  stored: Record<string, TargetMapping>;
}

const RELATION_TO_ONE = new Set(['oneToOne', 'manyToOne']);

/** The relations a set of paths crosses, each with the fields read from it: a Query Engine populate. */
function populateOf(paths: (string | undefined)[]): Record<string, { select: string[] }> {
  const populate: Record<string, { select: string[] }> = {};
  for (const path of paths) {
    const [relation, field] = path?.split('.') ?? [];
    if (field) (populate[relation] ??= { select: [] }).select.push(field);
  }
  return populate;
}

export interface FindRecords {
  /** Only these paths (and id, documentId); every field when absent. */
  select?: string[];
  orderBy?: Record<string, 'asc' | 'desc'>;
  limit?: number;
}

/**
 * The targets registry: the built-ins, the host's types mapped in `reminders.config.targets`, and those an
 * admin mapped on the Settings page (kept in Strapi's store). Every mapping is checked against the types as
 * they are now; one that no longer fits is listed as broken instead of stopping Strapi.
 */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  let cached: { at: number; registry: Registry } | undefined;
  const store = () => strapi.store({ type: 'plugin', name: 'reminders', key: STORE_KEY });

  const attributeView = (attribute: Record<string, unknown>): AttributeView => ({
    type: String(attribute.type),
    ...(Array.isArray(attribute.enum) ? { enum: attribute.enum as string[] } : {}),
    ...(attribute.private ? { private: true } : {}),
  });

  /** A collection type as the mapping check sees it; undefined for anything else. */
  function contentTypeView(uid: string): ContentTypeView | undefined {
    const type = strapi.contentTypes[uid as UID.ContentType] as unknown as
      | {
          uid: string;
          kind: string;
          info: { displayName: string };
          options?: { draftAndPublish?: boolean };
          pluginOptions?: { i18n?: { localized?: boolean } };
          attributes: Record<string, Record<string, unknown>>;
        }
      | undefined;
    if (!type || type.kind !== 'collectionType') return undefined;
    const attributes = Object.fromEntries(
      Object.entries(type.attributes).map(([name, attribute]) => {
        const view = attributeView(attribute);
        const related =
          attribute.type === 'relation' && RELATION_TO_ONE.has(String(attribute.relation)) && attribute.target
            ? strapi.contentTypes[attribute.target as UID.ContentType]
            : undefined;
        if (related)
          view.relatedAttributes = Object.fromEntries(
            Object.entries(related.attributes as Record<string, Record<string, unknown>>).map(([inner, value]) => [
              inner,
              attributeView(value),
            ])
          );
        return [name, view];
      })
    );
    return {
      uid: type.uid,
      displayName: type.info.displayName,
      draftAndPublish: Boolean(type.options?.draftAndPublish),
      localized: type.pluginOptions?.i18n?.localized === true,
      attributes,
    };
  }

  function resolve(stored: Record<string, TargetMapping>): Registry {
    const config = getConfig(strapi);
    const targets: Record<string, TargetDefinition> = {
      ...configuredBuiltInTargets(customStatusesOf(config), config.appointmentTypes),
    };
    const sources: Record<string, MappingSource> = {};
    const broken: BrokenTarget[] = [];
    const add = (key: string, mapping: TargetMapping, source: MappingSource) => {
      const prefix = source === 'config' ? `targets.${key}.` : '';
      const problem = (message: string) => broken.push({ key, source, uid: String(mapping.uid), problems: [message] });
      if (Object.hasOwn(targets, key)) return problem(`"${key}" is already a target`);
      sources[key] = source;
      const checked = checkTargetMapping(
        key,
        mapping as unknown as Record<string, unknown>,
        contentTypeView(mapping.uid),
        prefix
      );
      if (checked.ok) targets[key] = checked.value;
      else
        broken.push({ key, source, uid: String(mapping.uid), problems: checked.errors.map((error) => error.message) });
    };
    for (const [key, mapping] of Object.entries(getConfig(strapi).targets)) add(key, mapping, 'config');
    for (const [key, mapping] of Object.entries(stored)) add(key, mapping, 'settings');
    return { targets, broken, sources, stored };
  }

  async function registry(): Promise<Registry> {
    if (cached && Date.now() - cached.at < CACHE_MS) return cached.registry;
    const stored = ((await store().get({})) ?? {}) as Record<string, TargetMapping>;
    cached = { at: Date.now(), registry: resolve(stored) };
    return cached.registry;
  }

  /**
   * Records of a target that count (published ones of a Draft & Publish type, the mapped locale's of a
   * localised one) matching `where`, with the relations its paths cross populated.
   */
  function findRecords(
    target: TargetDefinition,
    where: Record<string, unknown>,
    { select, orderBy, limit }: FindRecords = {}
  ): Promise<(Record<string, unknown> & { id: number; documentId: string })[]> {
    const scope = [
      ...(target.publishedOnly ? [{ publishedAt: { $notNull: true } }] : []),
      ...(target.locale ? [{ locale: target.locale }] : []),
    ];
    const attributes = strapi.db.metadata.get(target.uid).attributes;
    const columns =
      select &&
      [...new Set(['id', 'documentId', ...select])].filter(
        (path) => !path.includes('.') && Object.hasOwn(attributes, path)
      );
    return strapi.db.query(target.uid).findMany({
      where: scope.length ? { $and: [...scope, where] } : where,
      ...(columns ? { select: columns } : {}),
      populate: populateOf(select ?? Object.values(target.paths)),
      ...(orderBy ? { orderBy } : {}),
      ...(limit ? { limit } : {}),
    }) as Promise<(Record<string, unknown> & { id: number; documentId: string })[]>;
  }

  /** Why an enabled rule cannot run with the targets as they are now, or undefined when it can. */
  function ruleProblem(rule: RuleRow, { targets, broken }: Registry): string | undefined {
    const target = targets[rule.target] as TargetDefinition | undefined;
    if (!target) {
      const reason = broken.find((entry) => entry.key === rule.target)?.problems.join('; ');
      return `Its target "${rule.target}" cannot be used: ${reason ?? 'it is no longer mapped'}`;
    }
    if (!Object.hasOwn(target.anchors, rule.anchor))
      return `Its anchor "${rule.anchor}" is no longer a date field mapped for ${target.key}`;
    const gone = conditionFieldsOf(rule.conditions).find((field) => !Object.hasOwn(target.conditions, field));
    if (gone) return `Its condition on "${gone}" is no longer a field mapped for ${target.key}`;
    return undefined;
  }

  /**
   * Disables the enabled rules that the targets as they are now cannot run (a host type or field removed or
   * renamed, a mapping deleted), with the reason on the rule and in the log. The change journal re-plans
   * each, which cancels what it had queued.
   */
  async function reconcileRules(): Promise<number> {
    const current = await registry();
    for (const entry of current.broken)
      strapi.log.error(
        `reminders: the target "${entry.key}" (${entry.source}) cannot be used: ${entry.problems.join('; ')}`
      );
    let disabled = 0;
    for (const rule of await enabledRules(strapi)) {
      const problem = ruleProblem(rule, current);
      if (!problem) continue;
      const now = getService(strapi, 'clock').now();
      await strapi.db.transaction(async ({ trx }) => {
        await strapi.db
          .query(UIDS.rule)
          .update({ where: { id: rule.id }, data: { enabled: false, disabledReason: problem } });
        await noteChange(trx, { subject: 'rule', documentId: rule.documentId }, now);
      });
      strapi.log.warn(`reminders: rule "${rule.name}" (${rule.documentId}) disabled: ${problem}`);
      disabled += 1;
    }
    return disabled;
  }

  return {
    contentTypeView,
    reconcileRules,

    /** Every usable target, by key. */
    all: async (): Promise<Targets> => (await registry()).targets,

    /** One target; a 400 naming `target` when there is none by that key. */
    async get(key: string): Promise<TargetDefinition> {
      const { targets } = await registry();
      if (!Object.hasOwn(targets, key))
        throw refuse([{ path: 'target', message: `target must be one of: ${Object.keys(targets).join(', ')}` }]);
      return targets[key];
    },

    /** The target of a content type, if it is one (the change journal asks this on every write). */
    async byUid(uid: string): Promise<TargetDefinition | undefined> {
      return Object.values((await registry()).targets).find((target) => target.uid === uid);
    },

    broken: async () => (await registry()).broken,

    /**
     * What the Settings page shows: each mapped target (where it is mapped, its mapping, what is wrong with
     * it) and every collection type of the app with the fields that fit each part of a mapping.
     */
    async overview() {
      const { targets, broken, sources, stored } = await registry();
      const configured = getConfig(strapi).targets;
      const mapped = Object.entries(sources).map(([key, source]) => {
        const mapping = source === 'config' ? configured[key] : stored[key];
        const target = targets[key] as TargetDefinition | undefined;
        return {
          key,
          source,
          mapping,
          displayName: target?.displayName ?? mapping.displayName ?? key,
          problems: broken.find((entry) => entry.key === key)?.problems ?? [],
          unindexedAnchors: target ? unindexedAnchors(target) : [],
        };
      });
      const types = Object.keys(strapi.contentTypes)
        .filter((uid) => uid.startsWith('api::'))
        .flatMap((uid) => {
          const view = contentTypeView(uid);
          return view
            ? [
                {
                  uid,
                  displayName: view.displayName,
                  localized: view.localized,
                  draftAndPublish: view.draftAndPublish,
                  fields: fieldsFitting(view),
                },
              ]
            : [];
        });
      return { targets: mapped, contentTypes: types };
    },

    /** Saves a Settings mapping after checking it (a 400 naming each field); config targets are not editable here. */
    async save(key: string, mapping: Record<string, unknown>): Promise<TargetDefinition> {
      const { targets, sources, stored } = await registry();
      const problems: FieldError[] = [];
      if (sources[key] === 'config')
        problems.push({ path: 'key', message: `key "${key}" is mapped in config/plugins.ts; change it there` });
      const typeView = contentTypeView(String(mapping.uid));
      const clash = Object.values(targets).find((target) => target.uid === mapping.uid && target.key !== key);
      if (clash)
        problems.push({ path: 'uid', message: `uid ${String(mapping.uid)} is already the target "${clash.key}"` });
      if (problems.length) throw refuse(problems);
      const checked = checkTargetMapping(key, mapping, typeView);
      if (!checked.ok) throw refuse(checked.errors);
      await store().set({ value: { ...stored, [key]: mapping } });
      cached = undefined;
      await reconcileRules();
      return checked.value;
    },

    async remove(key: string): Promise<void> {
      const { sources, stored } = await registry();
      if (sources[key] !== 'settings') throw new errors.NotFoundError(`No target "${key}" mapped on the Settings page`);
      const { [key]: _removed, ...rest } = stored;
      await store().set({ value: rest });
      cached = undefined;
      await reconcileRules();
    },

    findRecords,

    /**
     * The id of the n-th newest row of a target's table (drafts and other locales included: a bound, read
     * from the primary key alone), or undefined when it has fewer rows.
     */
    async nthNewestId(target: TargetDefinition, n: number): Promise<number | undefined> {
      const row = (await strapi.db
        .connection(strapi.db.metadata.get(target.uid).tableName)
        .select('id')
        .orderBy('id', 'desc')
        .offset(n - 1)
        .first()) as { id: number } | undefined;
      return row?.id;
    },

    /** One record of a target that counts, or null. */
    async findRecord(target: TargetDefinition, documentId: string) {
      const [record] = await findRecords(target, { documentId }, { limit: 1 });
      return record ?? null;
    },
  };

  /** Anchors of a target with no index whose first column is theirs: planned in batches, but slowly. */
  function unindexedAnchors(target: TargetDefinition): string[] {
    const meta = strapi.db.metadata.get(target.uid);
    const firstColumns = new Set((meta.indexes ?? []).map((index) => index.columns[0]));
    // Events are read from the events table, not by a range over their field.
    return Object.values(target.anchors)
      .filter((anchor) => anchor.kind !== 'event')
      .map((anchor) => anchor.field)
      .filter((field, index, fields) => field !== 'createdAt' && fields.indexOf(field) === index)
      .filter((field) => {
        const column = (meta.attributes[field] as { columnName?: string } | undefined)?.columnName ?? field;
        return !firstColumns.has(column);
      });
  }
};
