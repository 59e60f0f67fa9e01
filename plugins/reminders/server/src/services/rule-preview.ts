import type { Core } from '@strapi/strapi';
import type { CountryCode } from 'libphonenumber-js';
import { errors } from '@strapi/utils';
import { conditionsToFilter, evaluateConditions } from '../domain/conditions';
import { type PlanningRule, isEventAnchor, resolveZone } from '../domain/planning';
import { changeContext, sampleEvent } from '../domain/record-events';
import { scheduleOfRecord } from '../domain/record-schedule';
import { type RuleConditions, checkRule } from '../domain/rule-definition';
import { type TargetDefinition, recordLabelOf } from '../domain/targets';
import { templateRecipientOf } from '../domain/recipients';
import {
  type EmailTemplates,
  TemplateError,
  emailTemplatesOfStep,
  sampleRecord,
  templatesOfStep,
  withLibraryMessages,
} from '../domain/templates';
import { type StepChannel, channelOfStep } from '../domain/channels';
import { refuse } from '../validation/refuse';
import { getConfig, getService } from '../utils';
import { enabledRules, libraryOf } from './scheduling/rule-rows';
import { planningDefaults } from './scheduling/planning-defaults';
import type { RenderedEmail, RenderedMessage } from './templates';

/** A rule being edited, as the editor holds it: not saved, perhaps never. */
type DraftRule = PlanningRule & {
  name: string;
  templates: Record<string, string>;
  defaultLanguage?: string | null;
  channel?: string | null;
  emailTemplates?: EmailTemplates | null;
  optOutFooter?: boolean | null;
  allowReplies?: boolean | null;
};

type StoredRecord = Record<string, unknown> & { documentId: string };

/** The unsubscribe link a previewed e-mail ends with: each real recipient gets their own. */
export const EXAMPLE_UNSUBSCRIBE_URL = 'https://example.com/unsubscribe';

/** How many sends the editor's preview renders; the rest it counts ("and 12 more"). */
export const PREVIEW_LIMIT = 8;

export interface ScheduledMessage {
  stepIndex: number;
  occurrence: number;
  /** When it goes out (after quiet hours), ISO 8601. */
  sendAt: string;
  /** Already past: a rule saved now would not send it. */
  past: boolean;
  /** How the step sends: by SMS, by e-mail, or by SMS with e-mail when the SMS cannot go. */
  channel: StepChannel;
  /** The SMS as it will read at `sendAt` (null for an e-mail step), or why it cannot be rendered for this record. */
  message: RenderedMessage | null;
  problem?: string;
  /** For a step that sends e-mail: the e-mail as it will read, with an example unsubscribe link, or why not. */
  email?: RenderedEmail | null;
  emailProblem?: string;
}

export interface RulePreview {
  /** The zone the times are in (the record's, else the rule's, else the plugin default). */
  zone: string;
  /** The record previewed; null for sample data. */
  record: { documentId: string; label: string } | null;
  messages: ScheduledMessage[];
  more: number;
}

export interface RuleOverlap {
  /** The enabled rules of the same target that can remind a record the draft reminds. */
  rules: { documentId: string; name: string }[];
  /** The record the combined schedule is for: the picked one, else the first the rules share. */
  record: { documentId: string; label: string } | null;
  zone: string | null;
  /** Every SMS to come for that record from the draft and those rules, by date. */
  schedule: { ruleDocumentId: string | null; ruleName: string; stepIndex: number; sendAt: string }[];
}

/** A rendering, or why this record cannot be rendered (any other error is the server's). */
function rendered<T>(render: () => T): { message: T | null; problem?: string } {
  try {
    return { message: render() };
  } catch (error) {
    if (!(error instanceof TemplateError)) throw error;
    return { message: null, problem: error.message };
  }
}

const createRulePreviewService = ({ strapi }: { strapi: Core.Strapi }) => {
  const targets = () => getService(strapi, 'targets');
  const now = () => getService(strapi, 'clock').now();

  /** The draft as saving would check it (its name aside): a 400 naming each field, else the rule with its defaults. */
  async function checkDraft(draft: Record<string, unknown>): Promise<{ rule: DraftRule; target: TargetDefinition }> {
    const all = await targets().all();
    const config = getConfig(strapi);
    const library = await libraryOf(strapi, [draft]);
    const checked = checkRule({ ...draft, name: 'preview' }, config.languages, all, {
      region: config.defaultRegion as CountryCode,
      library,
    });
    if (!checked.ok) throw refuse(checked.errors);
    // The messages of a chosen library template, as sending will read them.
    const rule = withLibraryMessages({ ...draft, ...checked.value, documentId: 'draft' } as DraftRule, library);
    return { rule, target: all[rule.target] };
  }

  async function recordOf(target: TargetDefinition, documentId: string): Promise<StoredRecord> {
    const found = await targets().findRecord(target, documentId);
    if (!found) throw new errors.NotFoundError(`No ${target.key} with documentId "${documentId}"`);
    return found;
  }

  /**
   * The draft's sends for one record (sample data without one), each at its real send time and rendered as
   * of that time, with the step's own message: what the SMS will say then ("in 2 hours", not "tomorrow").
   */
  async function preview(
    draft: Record<string, unknown>,
    { documentId, language }: { documentId?: string; language?: string }
  ): Promise<RulePreview> {
    const { rule, target } = await checkDraft(draft);
    const at = now();
    const defaults = planningDefaults(getConfig(strapi));
    // Sample data is a record created now, for rules that count from the creation.
    const sample = (): StoredRecord => ({
      documentId: `sample-${target.key}`,
      ...sampleRecord(target, at, rule.timezone ?? defaults.timeZone),
      createdAt: at,
    });
    const record = documentId ? await recordOf(target, documentId) : sample();
    const zone = resolveZone(target, record, rule, defaults);
    // An event rule is previewed as if its event happened now, to the record as it is.
    const event = isEventAnchor(target, rule)
      ? { id: 0, occurredAt: at, ...sampleEvent(target, rule.anchor, record, rule.eventTo) }
      : undefined;
    const schedule = scheduleOfRecord(target, rule, record, at, defaults, event);
    const { footers } = await getService(strapi, 'opt-out-footer').get();
    const messages = schedule.slice(0, PREVIEW_LIMIT).map((send): ScheduledMessage => {
      const base = {
        stepIndex: send.stepIndex,
        occurrence: send.occurrence,
        sendAt: send.notBefore.toISOString(),
        // An event rule's sends follow the event imagined now: none of them has passed. The sample is created
        // now: an "instantly" rule's send is now, not past.
        past: !event && (documentId ? send.notBefore <= at : send.notBefore < at),
      };
      const channel = channelOfStep(rule, rule.steps[send.stepIndex]);
      const common = {
        target,
        defaultLanguage: rule.defaultLanguage ?? 'en',
        record,
        timeZone: zone,
        now: send.notBefore,
        language,
        recipient: templateRecipientOf(target, record, rule, send.recipientRole),
        change: event && changeContext(target, rule.anchor, event),
      };
      const templates = getService(strapi, 'templates');
      const sms =
        channel === 'email'
          ? { message: null }
          : rendered(() =>
              templates.renderForRecord({
                ...common,
                templates: templatesOfStep(rule, send.stepIndex),
                footers,
                optOutFooter: rule.optOutFooter,
                allowReplies: rule.allowReplies,
              })
            );
      if (channel === 'sms') return { ...base, channel, ...sms };
      const email = rendered(() =>
        templates.renderEmailForRecord({
          ...common,
          emailTemplates: emailTemplatesOfStep(rule, send.stepIndex),
          unsubscribeUrl: EXAMPLE_UNSUBSCRIBE_URL,
        })
      );
      return {
        ...base,
        channel,
        ...sms,
        email: email.message,
        ...(email.problem ? { emailProblem: email.problem } : {}),
      };
    });
    return {
      zone,
      record: documentId ? { documentId, label: recordLabelOf(target, record) } : null,
      messages,
      more: schedule.length - messages.length,
    };
  }

  /** Whether a record can match both lists of conditions: the database's filter, then the exact check. */
  async function shared(
    target: TargetDefinition,
    a: RuleConditions | null | undefined,
    b: RuleConditions | null | undefined
  ): Promise<StoredRecord[]> {
    const candidates = await targets().findRecords(
      target,
      { $and: [...conditionsToFilter(a), ...conditionsToFilter(b)] },
      { orderBy: { id: 'asc' }, limit: 20 }
    );
    return candidates.filter(
      (record) => evaluateConditions(target, a, record).ok && evaluateConditions(target, b, record).ok
    );
  }

  /**
   * The enabled rules of the draft's target that share records with it, and the combined schedule of one
   * of those records: every SMS to come from all of them, by date, with each rule's name.
   */
  const NO_OVERLAP: RuleOverlap = { rules: [], record: null, zone: null, schedule: [] };

  async function overlap(
    draft: Record<string, unknown>,
    { documentId, ruleDocumentId }: { documentId?: string; ruleDocumentId?: string }
  ): Promise<RuleOverlap> {
    const { rule, target } = await checkDraft(draft);
    // An event rule sends when something happens, not on a schedule: nothing to add up with the others.
    if (isEventAnchor(target, rule)) return NO_OVERLAP;
    const conditions = rule.conditions ?? [];
    // Event rules among the others have no schedule either: they never add up with this one's.
    const others = (await enabledRules(strapi, rule.target)).filter(
      (other) =>
        other.documentId !== ruleDocumentId &&
        Object.hasOwn(target.anchors, other.anchor) &&
        !isEventAnchor(target, other)
    );
    const overlapping: { rule: (typeof others)[number]; records: StoredRecord[] }[] = [];
    for (const other of others) {
      const records = await shared(target, conditions, other.conditions ?? []);
      if (records.length) overlapping.push({ rule: other, records });
    }
    const record = documentId ? await recordOf(target, documentId) : overlapping[0]?.records[0];
    if (!overlapping.length || !record) return NO_OVERLAP;

    const at = now();
    const defaults = planningDefaults(getConfig(strapi));
    const sendsOf = (planning: PlanningRule, ruleDocumentId: string | null, ruleName: string) =>
      evaluateConditions(target, planning.conditions ?? [], record).ok
        ? scheduleOfRecord(target, planning, record, at, defaults)
            .filter((send) => send.notBefore > at)
            .map((send) => ({ ruleDocumentId, ruleName, stepIndex: send.stepIndex, sendAt: send.notBefore }))
        : [];
    const schedule = [
      ...sendsOf(rule, null, typeof draft.name === 'string' && draft.name.trim() ? draft.name : ''),
      ...overlapping.flatMap(({ rule: other }) => sendsOf(other, other.documentId, other.name)),
    ].sort((a, b) => a.sendAt.getTime() - b.sendAt.getTime());
    // Nothing more to come for this record from any of them (an "instantly" rule sent at its creation).
    if (!schedule.length) return NO_OVERLAP;
    return {
      rules: overlapping.map(({ rule: other }) => ({ documentId: other.documentId, name: other.name })),
      record: { documentId: record.documentId, label: recordLabelOf(target, record) },
      zone: resolveZone(target, record, rule, defaults),
      schedule: schedule.map((send) => ({ ...send, sendAt: send.sendAt.toISOString() })),
    };
  }

  return { preview, overlap };
};

export type RulePreviewService = ReturnType<typeof createRulePreviewService>;
export default createRulePreviewService;
