import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import { DELIVERY_STATUSES, type DeliveryStatus } from '../domain/delivery-status';
import { CONDITION_OPERATORS, OFFSET_UNITS, RECIPIENTS } from '../domain/rule-definition';
import { dateAnchorsOf, eventAnchorsOf } from '../domain/targets';
import { CHANGE_VARIABLES } from '../domain/record-events';
import { TEMPLATE_FILTERS, moneyVariablesOf, templateVariablesOf } from '../domain/templates';
import { createOutboxTable } from './scheduling/outbox-table';
import { createWatermarksTable } from './scheduling/watermarks-table';
import { getConfig, getService } from '../utils';
import { UIDS } from '../constants';

/** The fields of a rule an editor writes; everything else (ids, timestamps) is Strapi's. */
export const RULE_FIELDS = [
  'name',
  'enabled',
  'target',
  'anchor',
  'eventTo',
  'steps',
  'sendAt',
  'timezone',
  'conditions',
  'channel',
  'recipient',
  'recipients',
  'templates',
  'emailTemplates',
  'templateId',
  'defaultLanguage',
  'maxLatenessMinutes',
  'quietHoursStart',
  'quietHoursEnd',
  'senderId',
  'backfillFrom',
  'frequencyCap',
  'businessDaysOnly',
  'allowReplies',
  'optOutFooter',
] as const;

/** How far back the rules list counts what each rule sent and what failed. */
export const STATS_DAYS = 30;

const SENT: DeliveryStatus[] = ['accepted', 'delivered'];
const FAILED: DeliveryStatus[] = ['failed', 'rejected', 'expired'];

export interface RuleStats {
  sent: number;
  failed: number;
  lastSentAt: string | null;
  nextSendAt: string | null;
  /** The planner has put every reminder due up to here in the outbox; nextSendAt looks no further. */
  plannedThrough: string | null;
}

/** A rule as the Document Service returns it. */
type RuleDocument = Record<string, unknown> & { id: number; documentId: string; name: string };

const createRulesService = ({ strapi }: { strapi: Core.Strapi }) => {
  const outbox = createOutboxTable(strapi);
  const watermarks = createWatermarksTable(strapi);
  const documents = () =>
    strapi.documents(UIDS.rule) as unknown as {
      findOne(params: { documentId: string }): Promise<RuleDocument | null>;
      create(params: { data: Record<string, unknown> }): Promise<RuleDocument>;
      update(params: { documentId: string; data: Record<string, unknown> }): Promise<RuleDocument | null>;
      delete(params: { documentId: string }): Promise<unknown>;
    };

  /**
   * What rules did and will do, for a page of rules at once: counts over the last STATS_DAYS days (one
   * statement), the latest send and the next queued one (one statement of index lookups on (rule, status,
   * not before)), and the watermarks (one), the three at the same time.
   */
  async function statsOfRules(documentIds: string[], now: Date): Promise<Map<string, RuleStats>> {
    const since = new Date(now.getTime() - STATS_DAYS * 86_400_000);
    const [counts, edges, plannedThrough] = await Promise.all([
      outbox.ruleCounts(documentIds, [...SENT, ...FAILED], since),
      outbox.ruleEdges(documentIds, {
        lastAccepted: { status: 'accepted', order: 'desc' },
        lastDelivered: { status: 'delivered', order: 'desc' },
        next: { status: 'queued', order: 'asc' },
      }),
      watermarks.ofRules(documentIds),
    ]);
    const count = (documentId: string, statuses: DeliveryStatus[]) =>
      counts
        .filter((row) => row.rule_document_id === documentId && statuses.includes(row.delivery_status))
        .reduce((sum, row) => sum + Number(row.count), 0);
    return new Map(
      documentIds.map((documentId) => {
        const edge = edges.get(documentId);
        const lastSent = [edge?.lastAccepted, edge?.lastDelivered].filter((date): date is Date => date !== undefined);
        const stats: RuleStats = {
          sent: count(documentId, SENT),
          failed: count(documentId, FAILED),
          lastSentAt: lastSent.length
            ? new Date(Math.max(...lastSent.map((date) => date.getTime()))).toISOString()
            : null,
          nextSendAt: edge?.next?.toISOString() ?? null,
          plannedThrough: plannedThrough.get(documentId)?.toISOString() ?? null,
        };
        return [documentId, stats];
      })
    );
  }

  const statsOf = async (documentId: string, now: Date): Promise<RuleStats> =>
    (await statsOfRules([documentId], now)).get(documentId) as RuleStats;

  async function findOne(documentId: string): Promise<RuleDocument> {
    const rule = await documents().findOne({ documentId });
    if (!rule) throw new errors.NotFoundError(`No rule with documentId "${documentId}"`);
    return rule;
  }

  return {
    statsOf,
    findOne,

    /** A page of rules by name, each with its stats. */
    async list(page: number, pageSize: number, now = getService(strapi, 'clock').now()) {
      const [rules, total] = await Promise.all([
        strapi.db.query(UIDS.rule).findMany({
          orderBy: [{ name: 'asc' }, { id: 'asc' }],
          limit: pageSize,
          offset: (page - 1) * pageSize,
        }) as Promise<RuleDocument[]>,
        strapi.db.query(UIDS.rule).count({}),
      ]);
      const stats = await statsOfRules(
        rules.map((rule) => rule.documentId),
        now
      );
      const data = rules.map((rule) => ({ ...rule, stats: stats.get(rule.documentId) as RuleStats }));
      return { data, pagination: { page, pageSize, total, pageCount: Math.max(1, Math.ceil(total / pageSize)) } };
    },

    // Writes go through the Document Service: the same validation (400 naming each field) and the same
    // re-planning as the Content Manager and the REST API.
    create: (data: Record<string, unknown>) => documents().create({ data }),
    async update(documentId: string, data: Record<string, unknown>) {
      await findOne(documentId);
      return (await documents().update({ documentId, data })) as RuleDocument;
    },
    async delete(documentId: string) {
      await findOne(documentId);
      await documents().delete({ documentId });
    },

    /** What the rule editor offers: targets with their anchors, conditions and variables, and the defaults. */
    async options() {
      const config = getConfig(strapi);
      const targets = await getService(strapi, 'targets').all();
      return {
        targets: Object.fromEntries(
          Object.values(targets).map((target) => [
            target.key,
            {
              uid: target.uid,
              displayName: target.displayName,
              builtIn: target.builtIn,
              anchors: Object.keys(target.anchors),
              dateAnchors: dateAnchorsOf(target),
              // Event anchors: the field whose change each is, and the value it waits for (null: any).
              events: Object.fromEntries(
                eventAnchorsOf(target).map(([key, anchor]) => [
                  key,
                  {
                    field: anchor.field,
                    change: anchor.event?.change,
                    to: (anchor.event?.change === 'status' && anchor.event.to) || null,
                  },
                ])
              ),
              conditions: target.conditions,
              defaultConditions: target.defaultConditions,
              anchorKinds: Object.fromEntries(
                Object.entries(target.anchors).map(([key, anchor]) => [key, anchor.kind])
              ),
              variables: templateVariablesOf(target),
              moneyVariables: moneyVariablesOf(target),
              recipients: target.paths.staffPhone ? RECIPIENTS : ['customer'],
            },
          ])
        ),
        units: OFFSET_UNITS,
        operators: CONDITION_OPERATORS,
        filters: TEMPLATE_FILTERS,
        statuses: DELIVERY_STATUSES,
        languages: config.languages,
        defaultTimezone: config.defaultTimezone,
        defaultRegion: config.defaultRegion,
        quietHours: config.quietHours,
        maxLatenessMinutes: config.maxLatenessMinutes,
        maxSegments: config.maxSegments,
        costPerSegment: config.costPerSegment,
        horizonMinutes: config.scheduler.horizonMinutes,
        changeVariables: CHANGE_VARIABLES,
      };
    },
  };
};

export type RulesService = ReturnType<typeof createRulesService>;
export default createRulesService;
