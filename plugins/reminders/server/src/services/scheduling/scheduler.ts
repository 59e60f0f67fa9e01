import crypto from 'crypto';
import os from 'os';
import schedule from 'node-schedule';
import type { Core } from '@strapi/strapi';
import { conditionFieldsOf, evaluateConditions } from '../../domain/conditions';
import { maskPhone } from '../../domain/phone';
import { type PlannedDelivery, fieldsReadBy, resolveZone } from '../../domain/planning';
import {
  type TargetDefinition,
  customerNameOf,
  emailRecipientOf,
  recipientOf,
  recordLabelOf,
} from '../../domain/targets';
import type { DeliveryChannel } from '../../domain/channels';
import { compactDayCounts } from '../delivery-stats/day-counts';
import { type DispatchReport, type DispatcherParts, createDispatcher } from './dispatcher';
import type { ChangeRef } from './change-journal';
import { createChangeFollower } from './change-follower';
import { createOutboxTable, readDate } from './outbox-table';
import { createPlanner } from './planner';
import { changeOfEvent } from './record-events-table';
import { planningDefaults } from './planning-defaults';
import { createSendingPause } from './sending-pause';
import { type RuleRow, enabledRules } from './rule-rows';
import { type WakeUps, createWakeUps } from './wake-ups';
import { type DueListener, announceDue, listenForDue } from './due-notices';
import { getConfig, getService, isPostgres } from '../../utils';

export interface TickReport {
  at: string;
  /** Written records and rules re-planned here because no instance had followed their change. */
  followed: { changes: number; failed: number; error?: string };
  /** `error`: planning as a whole failed (the database, most likely); what was queued was still sent. */
  planned: { rules: number; written: number; failed: number; error?: string };
  /** Fallback e-mails queued by the sweep (those the dispatcher queued itself are not counted). */
  fallbacks: number;
  dispatched: DispatchReport;
  /** Delivery reports kept until now that matched a delivery in this tick (by message id, or an unknown send by phone). */
  appliedReports: number;
}

/** Delivery reports kept because no delivery had their message id when they came (services/delivery-reports). */
export interface KeptReports {
  applyRecorded(messageIds: string[], now: Date): Promise<number>;
  applyMatching(now: Date): Promise<number>;
}

export interface PreviewItem {
  idempotencyKey: string;
  ruleDocumentId: string;
  ruleName: string;
  targetType: string;
  targetDocumentId: string;
  /** The invoice number, the appointment title or a host record's label, and the customer: what an editor recognises. */
  recordLabel: string;
  customerName: string | null;
  recipientRole: string;
  channel: DeliveryChannel;
  /** The SMS's number (masked when asked); empty for an e-mail. */
  phone: string;
  /** An e-mail's address and subject; null for an SMS. */
  email: string | null;
  subject: string | null;
  sendAt: string;
  /** The zone the reminder is timed in: the record's, else the rule's, else the plugin default. */
  timeZone: string;
  text: string;
  /** An SMS's; null for an e-mail. */
  encoding: string | null;
  segments: number | null;
}

const DAY = 24 * 60 * 60_000;
/** Upcoming counts a window's reminders up to this many when it shows a page; past it, "more than". */
export const UPCOMING_COUNT_CAP = 1000;
/** The first stretch of a window Upcoming reads for a page; each next one is twice as long. */
const FIRST_STRETCH_MS = 60 * 60_000;
/** An instance that does not dispatch itself tells the others of what falls due this soon (they time it). */
const NOTICE_AHEAD_MS = 60_000;

/** What the scheduler is wired to: the dispatcher's parts, the kept delivery reports, and the clock service. */
export type SchedulerParts = Pick<
  DispatcherParts,
  | 'provider'
  | 'render'
  | 'optedOutAmong'
  | 'optOut'
  | 'emailSender'
  | 'renderEmail'
  | 'unsubscribeLink'
  | 'emailOptedOutAmong'
> & {
  keptReports: KeptReports;
  /** Where every default "now" comes from (services/clock.ts). */
  now: () => Date;
};

/**
 * The scheduler every instance runs: one tick plans (planner) and sends what is due (dispatcher). Time is
 * always passed in, so tests and the CLI drive it with their own clock; the node-schedule job passes the
 * clock service's. Ticks on one instance never overlap; ticks on several instances are safe by construction.
 */
/** Ids or numbers per lookup query: far below either database's limit on bound parameters. */
const LOOKUP_CHUNK = 1_000;

/** The values `lookup` answers for, asked a chunk at a time. */
async function inChunks(values: string[], lookup: (chunk: string[]) => Promise<Set<string>>) {
  const found = new Set<string>();
  const unique = [...new Set(values)];
  for (let start = 0; start < unique.length; start += LOOKUP_CHUNK)
    for (const value of await lookup(unique.slice(start, start + LOOKUP_CHUNK))) found.add(value);
  return found;
}

export const createScheduler = (strapi: Core.Strapi, parts: SchedulerParts) => {
  const instanceId = `${os.hostname()}:${process.pid}:${crypto.randomBytes(3).toString('hex')}`;
  const clock = parts.now;
  const outbox = createOutboxTable(strapi);
  const pause = createSendingPause(strapi);
  const planner = createPlanner(strapi);
  // Applying kept reports never fails a send or a tick: what is left is retried by the next tick.
  const keptReportsFailed = (error: Error) => {
    strapi.log.error(`reminders: applying kept delivery reports failed, the next tick retries: ${error.message}`);
    return 0;
  };
  const onRecorded = async (messageIds: string[]) =>
    void (await parts.keptReports.applyRecorded(messageIds, clock()).catch(keptReportsFailed));
  const dispatcher = createDispatcher(strapi, { ...parts, instanceId, pause, onRecorded, onQueued: dueQueued });
  const changes = createChangeFollower(strapi, planner, instanceId);
  let job: schedule.Job | null = null;
  let running: Promise<void> | null = null;
  /** Set while this instance's scheduler runs with wake-ups on: it dispatches what falls due at once. */
  let wakeUps: WakeUps | null = null;
  let listener: DueListener | null = null;

  /** A timer for `at` when it comes before the next tick (which sends it otherwise), so it leaves on time. */
  function wakeAt(at: Date) {
    const nextTick = job?.nextInvocation();
    if (wakeUps && nextTick && at.getTime() < nextTick.getTime()) wakeUps.wakeAt(at.getTime());
  }

  /** After a pass: the timer for the first queued delivery due later. */
  async function armTimer(now: Date) {
    if (!wakeUps) return;
    const next = await outbox.earliestQueued({ after: now });
    if (next) wakeAt(next);
  }

  /**
   * A woken pass: what is due now. One that found nothing (told of a reminder due in a few seconds) sets the
   * timer for it; under load, passes that send leave that query to the ticks.
   */
  async function wokenPass() {
    const now = clock();
    if ((await dispatcher.dispatch(now)).claimed === 0) await armTimer(now);
  }

  /**
   * Something due at `dueAt` was queued on this instance (a re-plan, a fallback e-mail): sent by this one
   * when it dispatches, at once or right after its running pass; by the others, told through PostgreSQL,
   * when it does not dispatch or is behind (a pass already waits). One due later, by a timer before the
   * next tick. Waking the others for every write would have them race this instance for the same rows:
   * passes for nothing.
   */
  function dueQueued(dueAt: Date | null) {
    if (!dueAt || !getConfig(strapi).scheduler.wakeUps) return;
    const now = clock();
    const dueNow = dueAt <= now;
    if (wakeUps && !dueNow) return wakeAt(dueAt);
    const handledHere = dueNow && wakeUps !== null && wakeUps.wake() !== 'joined';
    if (handledHere || !isPostgres(strapi) || dueAt.getTime() > now.getTime() + NOTICE_AHEAD_MS) return;
    announceDue(strapi, instanceId).catch((error: Error) =>
      strapi.log.warn(
        `reminders: telling other instances a reminder is due failed, the tick sends it: ${error.message}`
      )
    );
  }

  /** One tick; `dispatch` sends what is due (the periodic tick's never runs beside a woken pass). */
  async function tickWith(now: Date, dispatch: (now: Date) => Promise<DispatchReport>): Promise<TickReport> {
    // First what written records still need (a dead instance's, a failed reaction's), so it is sent below.
    const followed = await changes.followUnfollowed(now).then(
      ({ followed: count, failed }) => ({ changes: count, failed }),
      (error: Error) => {
        strapi.log.error(`reminders: following the change journal failed, the next tick retries: ${error.message}`);
        return { changes: 0, failed: 0, error: error.message };
      }
    );
    // Sending what is already queued does not depend on planning: a planning failure is reported, not fatal.
    const planned = await planner.plan(now).catch((error: Error) => {
      strapi.log.error(`reminders: planning failed, the next tick retries: ${error.message}`);
      return { rules: 0, written: 0, failed: 0, error: error.message };
    });
    // E-mails that SMS of "SMS, else e-mail" steps still need (an instance died after settling the SMS).
    const fallbacks = await outbox.queueEmailFallbacks(now).catch((error: Error) => {
      strapi.log.error(`reminders: queueing fallback e-mails failed, the next tick retries: ${error.message}`);
      return 0;
    });
    const dispatched = await dispatch(now);
    // Kept reports whose delivery is known now: its id was written, or it is an unknown send to their number.
    const appliedReports = await parts.keptReports.applyMatching(now).catch(keptReportsFailed);
    // The dashboard is exact without it; compacting keeps what it reads to a few rows a day.
    await compactDayCounts(strapi).catch((error: Error) =>
      strapi.log.error(`reminders: compacting the day counts failed, the next tick retries: ${error.message}`)
    );
    return { at: now.toISOString(), followed, planned, fallbacks, dispatched, appliedReports };
  }

  /** One tick at `now` (the CLI's, a test's): its dispatch runs as called, beside any other. */
  const tick = (now: Date = clock()) => tickWith(now, (at) => dispatcher.dispatch(at));

  /**
   * The records these deliveries are for, by "target:documentId", read a chunk of ids per query: only the
   * fields `select` names for a target (every field when it names none).
   */
  async function recordsOf(
    targets: Record<string, TargetDefinition>,
    deliveries: { targetType: string; targetDocumentId: string }[],
    select: (target: TargetDefinition) => string[] | undefined = () => undefined
  ) {
    const records = new Map<string, Record<string, unknown>>();
    for (const [key, target] of Object.entries(targets)) {
      const ids = [
        ...new Set(deliveries.filter((delivery) => delivery.targetType === key).map((d) => d.targetDocumentId)),
      ];
      for (let start = 0; start < ids.length; start += LOOKUP_CHUNK) {
        const where = { documentId: { $in: ids.slice(start, start + LOOKUP_CHUNK) } };
        for (const record of await getService(strapi, 'targets').findRecords(target, where, { select: select(target) }))
          records.set(`${key}:${record.documentId}`, record);
      }
    }
    return records;
  }

  /**
   * What would be sent in (from, to], without sending or writing anything: what is already queued, and
   * what the planner would add, in the order they leave, each rendered with the same code the dispatcher
   * uses. `maskPhones` is for output that leaves the admin, such as the operator command line.
   *
   * With a page (`slice`), the window is read a stretch at a time from its start (an hour, then each
   * stretch twice as long as the one before) until there are enough reminders to render that page and to
   * count up to UPCOMING_COUNT_CAP: a week at a million invoices holds hundreds of thousands, and reading
   * them all took half a minute and hundreds of MB a request. Without one (the CLI), the whole window.
   */
  async function preview(
    from: Date,
    to: Date,
    {
      now = clock(),
      maskPhones = false,
      only = {},
      slice,
    }: {
      now?: Date;
      maskPhones?: boolean;
      /** Only one rule's reminders, one target's or one record's (of `targetType`). */
      only?: { ruleDocumentId?: string; targetType?: string; targetDocumentId?: string };
      /** Only these of the window's reminders rendered (a page); all when absent. */
      slice?: { offset: number; limit: number };
    } = {}
  ): Promise<{ items: PreviewItem[]; total: number; capped: boolean }> {
    const registry = getService(strapi, 'targets');
    const targets = await registry.all();
    const defaults = planningDefaults(getConfig(strapi));
    const rules = new Map(
      (await enabledRules(strapi, only.targetType))
        .filter((rule) => Object.hasOwn(targets, rule.target))
        .filter((rule) => !only.ruleDocumentId || rule.documentId === only.ruleDocumentId)
        .map((rule) => [rule.documentId, rule])
    );
    // Per rule, where planning the window goes on from: a day before it at first (quiet hours can push an
    // occurrence scheduled before the window into it), never before the watermark (what is not queued by
    // then will not be sent); each stretch plans from where the last one stopped.
    const plannedFrom = new Map<string, number>();
    for (const rule of rules.values()) {
      const watermark = await planner.plannedThrough(rule, now);
      plannedFrom.set(rule.documentId, Math.max(from.getTime() - DAY, watermark.getTime()));
    }
    type Candidate = {
      rule: RuleRow;
      delivery: Pick<
        PlannedDelivery,
        'idempotencyKey' | 'targetType' | 'targetDocumentId' | 'recipientRole' | 'eventId' | 'channel'
      > & { stepIndex: number | null };
      sendAt: Date;
    };
    // What deciding who gets a reminder reads of a record (its rules' conditions, recipients, zone): a stretch
    // holds thousands of candidates, and their other fields are only rendered for the page.
    const checkedFields = new Map<string, string[]>();
    for (const rule of rules.values()) {
      const target = targets[rule.target];
      const { phone, staffPhone, email } = target.paths;
      checkedFields.set(target.key, [
        ...new Set([
          ...(checkedFields.get(target.key) ?? []),
          ...fieldsReadBy(target, rule),
          ...conditionFieldsOf(rule.conditions),
          ...[phone, staffPhone, email].filter((path): path is string => path !== undefined),
        ]),
      ]);
    }
    const keys = new Set<string>();
    /** Planned, not in the outbox, leaving after the stretches read so far. */
    let waiting: Candidate[] = [];

    /** The reminders that would really be sent in (start, end], in the order they leave. */
    async function sentIn(start: Date, end: Date) {
      // What might be sent (the first of an idempotency key wins); records, opt-outs and texts are read for
      // all of them at once below: a stretch holds thousands, and one query each made the page take minutes.
      const candidates: Candidate[] = [];
      const consider = (rule: RuleRow | undefined, delivery: Candidate['delivery'], sendAt: Date) => {
        if (!rule || sendAt <= start || sendAt > end) return;
        if (only.targetDocumentId && delivery.targetDocumentId !== only.targetDocumentId) return;
        if (targets[delivery.targetType]) candidates.push({ rule, delivery, sendAt });
      };

      for (const row of await outbox.queuedBetween(start, end)) {
        const delivery = {
          idempotencyKey: row.idempotency_key,
          targetType: row.target_type,
          targetDocumentId: row.target_document_id,
          recipientRole: row.recipient_role,
          stepIndex: row.step_index,
          eventId: row.record_event_id ?? undefined,
          // Rows queued before e-mail existed have no channel: SMS.
          channel: row.channel ?? 'sms',
        };
        consider(rules.get(row.rule_document_id), delivery, readDate(row.not_before) as Date);
      }

      // What the planner will still add, not in the outbox already: planned once, kept until its stretch.
      const planned: Candidate[] = [];
      for (const rule of rules.values()) {
        const windowStart = plannedFrom.get(rule.documentId) as number;
        if (windowStart >= end.getTime()) continue;
        await planner.planWindow(rule, { from: new Date(windowStart), to: end }, now, only.targetDocumentId, {
          sink: async (deliveries) => {
            for (const delivery of deliveries) {
              const { notBefore: sendAt } = delivery;
              if (delivery.status === 'queued' && sendAt > from && sendAt <= to)
                planned.push({ rule, delivery, sendAt });
            }
          },
        });
        plannedFrom.set(rule.documentId, end.getTime());
      }
      const known = await inChunks(
        planned.map(({ delivery }) => delivery.idempotencyKey),
        outbox.keysAmong
      );
      // concat, not push(...): a stretch can plan a hundred thousand, past what a call's arguments hold.
      waiting = waiting.concat(planned.filter(({ delivery }) => !known.has(delivery.idempotencyKey)));
      // A reminder leaves at or after its occurrence: what was planned so far holds all of this stretch's.
      for (const { rule, delivery, sendAt } of waiting) consider(rule, delivery, sendAt);
      waiting = waiting.filter(({ sendAt }) => sendAt > end);

      const records = await recordsOf(
        targets,
        candidates.map(({ delivery }) => delivery),
        (target) => checkedFields.get(target.key)
      );
      const recipients = candidates.map(({ rule, delivery }) => {
        const target = targets[delivery.targetType];
        const record = records.get(`${delivery.targetType}:${delivery.targetDocumentId}`);
        if (!record || !evaluateConditions(target, rule.conditions ?? [], record).ok) return undefined;
        return delivery.channel === 'email'
          ? emailRecipientOf(target, record, delivery.recipientRole)
          : recipientOf(target, record, delivery.recipientRole, defaults.region);
      });
      const [optedOut, emailOptedOut] = await Promise.all([
        inChunks(
          recipients.flatMap((recipient) => (recipient?.ok && 'phone' in recipient ? [recipient.phone] : [])),
          parts.optedOutAmong
        ),
        inChunks(
          recipients.flatMap((recipient) => (recipient?.ok && 'address' in recipient ? [recipient.address] : [])),
          parts.emailOptedOutAmong
        ),
      ]);

      // Who would really get each: the first of an idempotency key, with a recipient, not opted out.
      const sent = candidates.flatMap((candidate, index) => {
        const recipient = recipients[index];
        if (!recipient?.ok || keys.has(candidate.delivery.idempotencyKey)) return [];
        keys.add(candidate.delivery.idempotencyKey);
        const optedOutHere =
          'address' in recipient ? emailOptedOut.has(recipient.address) : optedOut.has(recipient.phone);
        const record = records.get(`${candidate.delivery.targetType}:${candidate.delivery.targetDocumentId}`);
        return optedOutHere ? [] : [{ ...candidate, recipient, record: record as Record<string, unknown> }];
      });
      return sent.sort(
        (a, b) =>
          a.sendAt.getTime() - b.sendAt.getTime() || a.delivery.idempotencyKey.localeCompare(b.delivery.idempotencyKey)
      );
    }

    const enough = slice ? Math.max(slice.offset + slice.limit, UPCOMING_COUNT_CAP + 1) : Infinity;
    let sent: Awaited<ReturnType<typeof sentIn>> = [];
    let readUntil = from;
    for (let length = slice ? FIRST_STRETCH_MS : to.getTime() - from.getTime(); readUntil < to; length *= 2) {
      if (sent.length >= enough) break;
      const end = new Date(Math.min(readUntil.getTime() + length, to.getTime()));
      // Each stretch's reminders leave after the previous one's: appended, they stay in order.
      sent = sent.concat(await sentIn(readUntil, end));
      readUntil = end;
    }
    const complete = readUntil >= to;

    // Rendering is most of a reminder's cost: a week at scale holds a hundred thousand, a page shows twenty.
    const shown = slice ? sent.slice(slice.offset, slice.offset + slice.limit) : sent;
    const shownRecords = await recordsOf(
      targets,
      shown.map(({ delivery }) => delivery)
    );
    const items: PreviewItem[] = [];
    for (const { rule, delivery, sendAt, recipient, record: checked } of shown) {
      const target = targets[delivery.targetType];
      // Deleted since its stretch was read: the fields it was checked with.
      const record = shownRecords.get(`${delivery.targetType}:${delivery.targetDocumentId}`) ?? checked;
      const change = await changeOfEvent(strapi.db.connection, target, delivery.eventId);
      const { stepIndex, recipientRole } = delivery;
      let message: Pick<PreviewItem, 'phone' | 'email' | 'subject' | 'text' | 'encoding' | 'segments'>;
      if ('address' in recipient) {
        const { url } = parts.unsubscribeLink(recipient.address);
        const email = parts.renderEmail(target, rule, record, sendAt, stepIndex, recipientRole, change, url);
        message = {
          phone: '',
          email: recipient.address,
          subject: email.subject,
          text: email.text,
          encoding: null,
          segments: null,
        };
      } else {
        const { phone } = recipient;
        const { text, encoding, segments } = await parts.render(
          target,
          rule,
          record,
          sendAt,
          stepIndex,
          recipientRole,
          change
        );
        message = {
          phone: maskPhones ? maskPhone(phone) : phone,
          email: null,
          subject: null,
          text,
          encoding,
          segments,
        };
      }
      items.push({
        idempotencyKey: delivery.idempotencyKey,
        ruleDocumentId: rule.documentId,
        ruleName: rule.name,
        targetType: delivery.targetType,
        targetDocumentId: delivery.targetDocumentId,
        recordLabel: recordLabelOf(target, record),
        customerName: customerNameOf(target, record),
        recipientRole: delivery.recipientRole,
        channel: delivery.channel,
        ...message,
        sendAt: sendAt.toISOString(),
        timeZone: resolveZone(target, record, rule, defaults),
      });
    }
    // Read to its end, the window's count is exact; stopped early, it is "more than the cap".
    return complete ? { items, total: sent.length, capped: false } : { items, total: UPCOMING_COUNT_CAP, capped: true };
  }

  return {
    tick,
    preview,
    planner,
    dispatcher,
    pause,

    /** A delivery report queued a fallback e-mail due at `dueAt`: sent at once, as a re-plan's reminders are. */
    queued: (dueAt: Date) => dueQueued(dueAt),

    /** A record or rule was written (its change is in the journal): its reminders follow at once. */
    async followChange(ref: ChangeRef, now = clock()) {
      const followed = await changes.follow(ref, now);
      dueQueued(followed.dueAt);
      return followed;
    },

    /**
     * Starts the periodic tick on this instance, when the plugin's scheduler switch is on, and with
     * wake-ups on, dispatches as soon as something falls due (told by other instances on PostgreSQL).
     */
    start() {
      const { enabled, cron, wakeUps: wakeUpsOn } = getConfig(strapi).scheduler;
      if (!enabled || job) return;
      if (wakeUpsOn) {
        wakeUps = createWakeUps({
          pass: wokenPass,
          onError: (error) =>
            strapi.log.error(`reminders: a woken dispatch failed, the next tick retries: ${error.message}`),
          now: () => clock().getTime(),
        });
        const woken = wakeUps;
        // What is due already (queued while this instance was down) goes now, not at the first tick.
        if (isPostgres(strapi)) listener = listenForDue(strapi, { instanceId, onDue: () => void woken.wake() });
        else woken.wake();
      }
      job = schedule.scheduleJob(cron, () => {
        if (running) return;
        const woken = wakeUps;
        const dispatch = woken
          ? (now: Date) => woken.exclusive(() => dispatcher.dispatch(now))
          : (now: Date) => dispatcher.dispatch(now);
        const now = clock();
        running = tickWith(now, dispatch)
          .then(() => armTimer(now))
          .then(
            () => undefined,
            (error: Error) => void strapi.log.error(`reminders: tick failed: ${error.message}`)
          )
          .finally(() => {
            running = null;
          });
      });
      strapi.log.info(`reminders: scheduler started (${cron}${wakeUpsOn ? ', with wake-ups' : ''}) as ${instanceId}`);
    },

    async stop() {
      job?.cancel();
      job = null;
      const woken = wakeUps;
      wakeUps = null;
      await listener?.close();
      listener = null;
      await woken?.close();
      await running;
    },
  };
};

export type Scheduler = ReturnType<typeof createScheduler>;
