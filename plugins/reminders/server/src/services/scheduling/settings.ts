import type { Core } from '@strapi/strapi';
import type { RemindersConfig } from '../../config';
import type { PlanningDefaults, PlanningRule } from '../../domain/planning';
import type { Target } from '../../domain/rule-definition';
import { UIDS } from '../../constants';

export const planningDefaults = (config: RemindersConfig): PlanningDefaults => ({
  timeZone: config.defaultTimezone,
  quietHours: config.quietHours,
  maxLatenessMinutes: config.maxLatenessMinutes,
});

export type StoredRule = PlanningRule & {
  id: number;
  name: string;
  enabled: boolean;
  templates: Record<string, string>;
  defaultLanguage?: string | null;
  senderId?: string | null;
  backfillFrom?: string | Date | null;
};

export const enabledRules = async (strapi: Core.Strapi, target?: Target): Promise<StoredRule[]> =>
  (await strapi.db.query(UIDS.rule).findMany({ where: { enabled: true, ...(target ? { target } : {}) }, orderBy: { id: 'asc' } })) as StoredRule[];
