import { z } from '@strapi/utils';
import type { DeliveryStatus } from '../server/src/domain/delivery-status';
import type { RuleFrequencyCap } from '../server/src/domain/frequency-cap';
import { RULE_FIELDS, type RuleStats, type RulesService } from '../server/src/services/rules';
import type { RuleOverlap, RulePreview } from '../server/src/services/rule-preview';
import { previewFields } from './templates';
import { documentId, flag, jsonObjectExpected, pageQuery } from '../server/src/validation/admin-input';

/** The admin API's rule routes (/reminders/rules…): what each takes and answers. */

export type { RuleStats, RuleOverlap, RulePreview };

/** A target's key: invoice, appointment, or one of the host's mapped types (GET /reminders/rules/options lists them). */
export type Target = string;

/** A step as a rule stores it (JSON): a rule being edited may hold any unit until it is saved, and `repeat: null` clears one. */
export interface RuleStep {
  amount: number;
  unit: string;
  direction: 'before' | 'after';
  repeat?: { every: number; unit: string; times: number } | null;
  /** The step's own message by language; a language it lacks sends the rule's message. */
  templates?: Record<string, string>;
  /** Before-anchor steps: skipped when the record was written (created, its anchor moved) less than this ahead. */
  minimumNotice?: { amount: number; unit: string } | null;
  /** Instead of `templates`: the documentId of a library template this step sends. */
  templateId?: string | null;
  /** sms, email or sms_or_email (SMS, else e-mail); without one, the rule's `channel`. */
  channel?: string | null;
  /** The step's own e-mail by language; a language it lacks sends the rule's e-mail. */
  emailTemplates?: Record<string, EmailTemplate> | null;
}

/** One language's e-mail: a one-line subject and a plain-text body, both templates. */
export interface EmailTemplate {
  subject: string;
  body: string;
}

export type RuleRecipient = { kind: 'customer' } | { kind: 'staff' } | { kind: 'fixed'; phone: string; name?: string };

export interface RuleCondition {
  field: string;
  operator: string;
  value: string | string[];
}

/** All of a list, or any of several groups (each all-of): `{ "anyOf": [[…], […]] }`. */
export type RuleConditions = RuleCondition[] | { anyOf: RuleCondition[][] };

/** A rule as the rule pages read and write it (content-types/reminder-rule). */
export interface Rule {
  id?: number;
  documentId?: string;
  name: string;
  enabled: boolean;
  target: Target;
  anchor: string;
  /** A "status changed" rule's value (null: any change). */
  eventTo?: string | null;
  steps: RuleStep[];
  sendAt?: string | null;
  timezone?: string | null;
  conditions: RuleConditions;
  /** The steps' channel when a step names none: sms (the default), email or sms_or_email. */
  channel?: string | null;
  recipient?: string | null;
  /** Who it sends to; when set it wins over `recipient` (write null to go back to `recipient`). */
  recipients?: RuleRecipient[] | null;
  /** The rule's message per language; empty (or null as stored) when it sends a library template. */
  templates: Record<string, string>;
  /** The rule's e-mail per language, for steps that send e-mail; null when none does. */
  emailTemplates?: Record<string, EmailTemplate> | null;
  /** Instead of `templates`: the documentId of a library template (of the rule's target), read when sending. */
  templateId?: string | null;
  defaultLanguage?: string | null;
  maxLatenessMinutes?: number | null;
  quietHoursStart?: string | null;
  quietHoursEnd?: string | null;
  senderId?: string | null;
  backfillFrom?: string | null;
  /** Customer protection: null for the plugin's frequency cap, "none" for no cap, or the rule's own cap. */
  frequencyCap?: RuleFrequencyCap;
  /** Moves a reminder that would fall on a weekend day or a holiday to the next business day. */
  businessDaysOnly?: boolean | null;
  /** Customers may answer its SMS (YES, NO, R… in their language): {{ reply.hint }} tells them how. */
  allowReplies?: boolean | null;
  /** False: its SMS to customers carry no opt-out footer (on by default). */
  optOutFooter?: boolean | null;
  /** Why the plugin disabled the rule (its target or a mapped field is gone); null once an editor enables it again. */
  disabledReason?: string | null;
}
export type StoredRule = Rule & { documentId: string };
export type RuleWithStats = StoredRule & { stats: RuleStats };

/** A choice's `labels` name the app's own values (config `statuses`). */
export type ConditionDefinition =
  | { kind: 'choice'; values: readonly string[]; labels?: Readonly<Record<string, string>> }
  | { kind: 'amount' }
  | { kind: 'text' };

/** What the rule editor offers (the rules service's `options()`, which the controller checks against this). */
export interface RuleOptions {
  targets: Record<
    string,
    {
      uid: string;
      displayName: string;
      builtIn: boolean;
      anchors: readonly string[];
      dateAnchors: readonly string[];
      /** Event anchors: the field whose change each is, and the value it waits for (null: any, the rule's eventTo). */
      events: Record<string, { field: string; change: 'status' | 'moved' | 'increased'; to: string | null }>;
      conditions: Record<string, ConditionDefinition>;
      /** What a new rule counting from a date or an instant starts with (not paid, not void…): shown, editable. */
      defaultConditions: readonly RuleCondition[];
      /** Each anchor's kind: a new rule counting from an event starts without the default conditions. */
      anchorKinds: Readonly<Record<string, string>>;
      variables: readonly string[];
      /** The variables that are amounts: inserted with `| money`. */
      moneyVariables: readonly string[];
      recipients: readonly string[];
    }
  >;
  units: readonly string[];
  operators: readonly string[];
  filters: readonly string[];
  statuses: readonly DeliveryStatus[];
  languages: readonly string[];
  defaultTimezone: string;
  defaultRegion: string;
  quietHours: { start: string; end: string } | null;
  maxLatenessMinutes: number;
  maxSegments: number;
  costPerSegment: { amount: string; currency: string } | null;
  horizonMinutes: number;
  /** What an event rule's templates add: the field before and after the change. */
  changeVariables: readonly string[];
}

const isJsonObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** The rule fields of a body, checked as given (the Document Service checks the values); another field is refused by name. */
const ruleFields = z
  .custom<Partial<Rule>>(isJsonObject, {
    error: jsonObjectExpected(
      '{"name": "…", "target": "invoice", "anchor": "due_date", "steps": […], "templates": {"en": "…"}}'
    ),
  })
  .check((ctx) => {
    for (const key of Object.keys(ctx.value)) {
      if ((RULE_FIELDS as readonly string[]).includes(key)) continue;
      ctx.issues.push({
        code: 'custom',
        path: [key],
        input: ctx.value,
        message: `${key} is not a field of a rule (fields: ${RULE_FIELDS.join(', ')})`,
      });
    }
  });

const ruleParams = z.object({ documentId });

export const listRules = { query: z.object(pageQuery(50)) };
export const getRule = { params: ruleParams };
export const createRule = { body: ruleFields };
export const updateRule = { params: ruleParams, body: ruleFields };
export const setRuleEnabled = {
  params: ruleParams,
  body: z.object({ enabled: flag('true or false') }, { error: jsonObjectExpected('{"enabled": true}') }),
};
export const deleteRule = { params: ruleParams };

export declare namespace ListRules {
  interface Response {
    data: RuleWithStats[];
    meta: { pagination: Awaited<ReturnType<RulesService['list']>>['pagination'] };
  }
}
export declare namespace GetRuleOptions {
  interface Response {
    data: RuleOptions;
  }
}
export declare namespace GetRule {
  interface Response {
    data: RuleWithStats;
  }
}
/** POST /rules, PUT /rules/:documentId and PUT /rules/:documentId/enabled answer the rule as saved. */
export declare namespace SaveRule {
  interface Request {
    body: Partial<Rule>;
  }
  interface Response {
    data: StoredRule;
  }
}
export declare namespace DeleteRule {
  interface Response {
    data: { documentId: string };
  }
}

/** POST /reminders/rules/preview: a rule being edited, its sends for a record rendered as each will read. */
export const previewRule = ({ languages }: { languages: readonly string[] }) => {
  const { language } = previewFields(languages);
  return {
    body: z.object(
      { rule: ruleFields, documentId: documentId.optional(), language },
      { error: jsonObjectExpected('{"rule": {"target": "invoice", …}, "documentId": "…"}') }
    ),
  };
};
export declare namespace PreviewRule {
  interface Request {
    body: z.output<ReturnType<typeof previewRule>['body']>;
  }
  interface Response {
    data: RulePreview;
  }
}

/** POST /reminders/rules/overlap: the enabled rules that share records with a rule being edited (not itself). */
export const ruleOverlap = {
  body: z.object(
    { rule: ruleFields, documentId: documentId.optional(), ruleDocumentId: documentId.optional() },
    { error: jsonObjectExpected('{"rule": {"target": "invoice", …}}') }
  ),
};
export declare namespace RuleOverlapCheck {
  interface Request {
    body: z.output<(typeof ruleOverlap)['body']>;
  }
  interface Response {
    data: RuleOverlap;
  }
}
