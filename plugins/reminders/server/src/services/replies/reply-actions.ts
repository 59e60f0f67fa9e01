import type { Core } from '@strapi/strapi';
import type { ReplyIntent } from '../../domain/reply-intents';
import type { MatchedRecord } from '../../domain/reply-matching';
import { recordLabel, recordTitle } from '../../domain/reply-records';
import {
  type RecordKind,
  type StaffAlert,
  replyLanguageOf,
  rescheduleMessage,
  staffAlertEmail,
  staffAlertSms,
  whichOneQuestion,
} from '../../domain/reply-messages';
import { REPLY_TARGET } from '../scheduling/outbox-table';
import { createDirectSends } from '../scheduling/direct-sends';
import { createOutboxTable } from '../scheduling/outbox-table';
import type { ReplyChange, ReplyRow, StoredCandidate } from './replies-table';
import { type AnsweredRecord, type LoadedRecord, type ReplyRecords, refKey } from './reply-records';
import { getConfig, getService } from '../../utils';

const lowerFirst = (text: string) => text.charAt(0).toLowerCase() + text.slice(1);
const quote = (text: string) => `"${text.length > 60 ? `${text.slice(0, 59)}…` : text}"`;

/** What acting on a reply decided: its next status and sentence (the event is added by the caller). */
export type Decision = Omit<ReplyChange, 'event'> & { detail?: string };

/**
 * What the plugin does about a reply: carry its intent out on its record (or the opt-out list), ask the
 * customer which record they meant, alert staff. Every message goes through the outbox under a key derived
 * from the reply (reply:<reply>:<purpose>), so a duplicate or a crash and retry never sends one twice.
 */
export const createReplyActions = (strapi: Core.Strapi, records: ReplyRecords) => {
  const direct = createDirectSends(strapi);
  const outbox = createOutboxTable(strapi);
  const now = () => getService(strapi, 'clock').now();

  const sendKey = (reply: ReplyRow, purpose: string) => ({
    idempotencyKey: `reply:${reply.documentId}:${purpose}`,
    targetType: REPLY_TARGET,
    targetDocumentId: reply.documentId,
  });

  /** Alerts staff once per reply: SMS to replies.staffPhone (else the record's staff), e-mail to replies.staffEmail. */
  async function alertStaff(reply: ReplyRow, alert: StaffAlert, loaded?: LoadedRecord): Promise<string> {
    const config = getConfig(strapi).replies;
    const phone =
      (config.staffPhone && getService(strapi, 'opt-outs').e164(config.staffPhone)) ||
      (loaded ? records.staffPhoneOf(loaded) : null);
    const alerted: string[] = [];
    if (phone) {
      const sent = await direct.sms(
        { ...sendKey(reply, 'staff-sms'), recipientRole: 'staff', detail: 'Staff alert about a customer reply' },
        phone,
        staffAlertSms(alert),
        now()
      );
      alerted.push(`SMS ${sent.status}`);
    }
    if (config.staffEmail) {
      const { subject, text } = staffAlertEmail(alert);
      const sent = await direct.email(
        { ...sendKey(reply, 'staff-email'), recipientRole: 'staff', detail: 'Staff alert about a customer reply' },
        config.staffEmail,
        subject,
        text,
        now()
      );
      alerted.push(`e-mail ${sent.status}`);
    }
    return alerted.length
      ? `Staff alerted (${alerted.join(', ')})`
      : 'No staff phone or e-mail configured: the inbox only';
  }

  /** The customer's language for a message about these records: the word they wrote, else the record's. */
  const languageFor = (reply: ReplyRow, loaded: LoadedRecord | undefined) =>
    replyLanguageOf(reply.language, loaded?.language);

  /** The timeline line of the reminder a reply answered. */
  const noteOnReminder = (deliveryDocumentId: string | null, line: string) =>
    deliveryDocumentId ? outbox.noteOnTimeline(deliveryDocumentId, line, now()) : Promise.resolve(false);

  /** STOP or START, whoever asks: the opt-out list, for every rule, as Africa's Talking's opt-outs are. */
  async function optInOut(reply: ReplyRow, intent: 'opt-out' | 'opt-in'): Promise<Decision> {
    const optOuts = getService(strapi, 'opt-outs');
    if (intent === 'opt-out') {
      const added = await optOuts.add(reply.phone, 'stop_reply', `Replied ${quote(reply.text)}`);
      return { status: 'applied', outcome: added ? 'Opted out of SMS reminders' : 'Already opted out' };
    }
    const removed = await optOuts.remove(reply.phone);
    return { status: 'applied', outcome: removed ? 'Opted in to SMS reminders again' : 'Was not opted out' };
  }

  /** Confirm, cancel or reschedule on the record; `by` is the editor (null: the plugin, by the rule's leave). */
  async function act(
    reply: ReplyRow,
    intent: ReplyIntent | null,
    matched: AnsweredRecord,
    loaded: LoadedRecord,
    by: string | null
  ): Promise<Decision> {
    const record = {
      target: matched.target,
      documentId: matched.documentId,
      deliveryDocumentId: matched.deliveryDocumentId,
    };
    const decided = await decide(reply, intent, loaded, by);
    const who = by ? `${by} applied the reply ${quote(reply.text)}` : `Customer replied ${quote(reply.text)}`;
    await noteOnReminder(matched.deliveryDocumentId, `${who}: ${lowerFirst(decided.outcome)}`);
    return { ...decided, record };
  }

  async function decide(
    reply: ReplyRow,
    intent: ReplyIntent | null,
    loaded: LoadedRecord,
    by: string | null
  ): Promise<Decision> {
    const noun = loaded.target.displayName;
    if (intent === null) return { status: 'needs_review', outcome: 'No request understood: for an editor to read' };
    if (intent === 'opt-out' || intent === 'opt-in') return optInOut(reply, intent);
    if (intent === 'reschedule') {
      const link = records.rescheduleLinkOf(loaded);
      if (!link)
        return {
          status: 'needs_review',
          outcome: `Reschedule asked, but no reschedule link is configured for ${noun}`,
        };
      const label = recordTitle(loaded.target, loaded.record, loaded.zone, languageFor(reply, loaded));
      const sent = await direct.sms(
        { ...sendKey(reply, 'reschedule'), recipientRole: 'customer', detail: 'Reschedule link for a reply' },
        reply.phone,
        rescheduleMessage(languageFor(reply, loaded), label, link),
        now()
      );
      return { status: 'applied', outcome: 'Reschedule link sent', detail: `Reschedule link sent: SMS ${sent.status}` };
    }
    const change = await records.changeStatus(loaded, intent);
    if (!change.ok) return { status: 'needs_review', outcome: change.reason };
    const outcome = `${noun} ${change.already ? 'already ' : ''}${change.value}`;
    if (intent !== 'cancel' || change.already) return { status: 'applied', outcome };
    const alert = await alertStaff(
      reply,
      {
        kind: 'cancelled',
        phone: reply.phone,
        text: reply.text,
        record: recordLabel(loaded.target, loaded.record, loaded.zone),
      },
      loaded
    );
    return { status: 'applied', outcome, detail: `${outcome}${by ? ` by ${by}` : ''}. ${alert}` };
  }

  /** Asks the customer which record they meant, once per reply; the candidates as stored on the reply. */
  async function ask(
    reply: ReplyRow,
    intent: 'confirm' | 'cancel' | 'reschedule',
    candidates: MatchedRecord[],
    loaded: Map<string, LoadedRecord>
  ): Promise<Decision> {
    const first = loaded.get(refKey(candidates[0]));
    const language = languageFor(reply, first);
    const items = candidates.map((candidate) => {
      const record = loaded.get(refKey(candidate)) as LoadedRecord;
      return {
        code: candidate.code as string,
        label: recordTitle(record.target, record.record, record.zone, language),
      };
    });
    const kinds = new Set(candidates.map((candidate) => candidate.target));
    const kind: RecordKind =
      kinds.size === 1 && (kinds.has('appointment') || kinds.has('invoice')) ? ([...kinds][0] as RecordKind) : 'other';
    const sent = await direct.sms(
      {
        ...sendKey(reply, 'question'),
        recipientRole: 'customer',
        detail: 'Asked the customer which record they meant',
      },
      reply.phone,
      whichOneQuestion(language, intent, kind, items),
      now()
    );
    const stored: StoredCandidate[] = candidates.map((candidate) => {
      const record = loaded.get(refKey(candidate)) as LoadedRecord;
      return { ...candidate, label: recordLabel(record.target, record.record, record.zone) };
    });
    const noun = kind === 'other' ? 'records' : `${kind}s`;
    const outcome = `${candidates.length} open ${noun}: asked which`;
    return { status: 'ambiguous', outcome, detail: `${outcome}: SMS ${sent.status}`, candidates: stored, record: null };
  }

  return { act, ask, alertStaff, optInOut, noteOnReminder };
};

export type ReplyActions = ReturnType<typeof createReplyActions>;
