import type { Core } from '@strapi/strapi';
import type { RemindersConfig } from '../../config';
import type { PlanningDefaults, PlanningRule } from '../../domain/planning';
import type { Target } from '../../domain/rule-definition';

export const RULE_UID = 'plugin::reminders.reminder-rule';
export const TARGET_UIDS = {
  invoice: 'plugin::reminders.invoice',
  appointment: 'plugin::reminders.appointment',
} as const satisfies Record<Target, string>;

export const pluginConfig = (strapi: Core.Strapi) => strapi.config.get('plugin::reminders') as RemindersConfig;

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
  (await strapi.db.query(RULE_UID).findMany({ where: { enabled: true, ...(target ? { target } : {}) }, orderBy: { id: 'asc' } })) as StoredRule[];
