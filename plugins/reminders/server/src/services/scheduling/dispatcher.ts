import type { Core } from '@strapi/strapi';
import { evaluateConditions } from '../../domain/conditions';
import { type DeliveryEvent, type DeliveryStatus, appendEvent } from '../../domain/delivery-status';
import { anchorOf, plannedForCurrentAnchor, resolveZone } from '../../domain/planning';
import { type TargetDefinition, type Targets, emailRecipientOf, recipientOf } from '../../domain/targets';
import { type DeliveryChannel, fallsBackToEmail, smsKeyOf } from '../../domain/channels';
import { kindOfRole } from '../../domain/recipients';
import { settleOutcome } from '../../domain/send-outcome';
import { type Reason, reason, reasonText } from '../../domain/reasons';
import { deferPastQuietHours } from '../../domain/schedule';
import { nextBusinessTime } from '../../domain/business-days';
import { capForRule, capWindowStart, deferredTime, nextAllowed } from '../../domain/frequency-cap';
import type { ProtectionSettings } from '../protection';
import type { SpendingLimits } from '../spending';
import { DateTime } from 'luxon';
import type { EmailSender, SendOutcome, SmsProvider } from '../../providers/types';
import type { RenderedEmail, RenderedMessage } from '../templates';
import { groupCommit } from './group-commit';
import { changeOfEvent } from './record-events-table';
import {
  type ClaimedRow,
  type ClaimedRowUpdate,
  NO_LONGER_APPLIES,
  createOutboxTable,
  readDate,
  readJson,
  reasonColumns,
} from './outbox-table';
import { planningDefaults } from './planning-defaults';
import { type RuleRow, ruleRow } from './rule-rows';
import type { SendingPause } from './sending-pause';
import { getConfig, getService } from '../../utils';

/** What one step's message is rendered from, for a record, at a time. */
type RenderArgs = [
  target: TargetDefinition,
  rule: RuleRow,
  record: Record<string, unknown>,
  now: Date,
  stepIndex: number | null,
  /** The delivery's recipient role, for {{ recipient.* }}. */
  role: string,
  /** An event rule's event, for {{ change.* }}. */
  change: Record<string, string | null> | undefined,
];

export interface DispatcherParts {
  instanceId: string;
  provider: () => SmsProvider;
  /** The SMS of one step of a rule for a record (the step's own message, else the rule's), with its opt-out footer. */
  render: (...args: RenderArgs) => Promise<RenderedMessage>;
  /** The e-mail of one step of a rule for a record, with its unsubscribe link. */
  renderEmail: (...args: [...RenderArgs, unsubscribeUrl: string]) => RenderedEmail;
  emailSender: () => EmailSender;
  /** The unsubscribe link of an address, and the List-Unsubscribe headers that carry it. */
  unsubscribeLink: (address: string) => { url: string; headers: Record<string, string> };
  /** Which of these numbers are on the opt-out list. */
  optedOutAmong: (phones: string[]) => Promise<Set<string>>;
  /** Which of these (normalised) addresses unsubscribed from reminder e-mails. */
  emailOptedOutAmong: (addresses: string[]) => Promise<Set<string>>;
  optOut: (phone: string) => Promise<void>;
  pause: SendingPause;
  /** After a write that recorded these provider message ids (one call per group commit): reports kept for them apply. */
  onRecorded?: (messageIds: string[]) => Promise<void>;
  /** Something due at this instant was queued by a send (a fallback e-mail): the wake-ups send it. */
  onQueued?: (dueAt: Date) => void;
}

export interface DispatchReport {
  claimed: number;
  outcomes: Partial<Record<DeliveryStatus, number>>;
  recovered: number;
  paused?: string;
}

const minutes = (count: number) => count * 60_000;

/** What a send re-checks, read for several claimed rows at once. */
interface SendLookups {
  targets: Targets;
  records: Map<string, Record<string, unknown>>;
  optedOut: Set<string>;
  emailOptedOut: Set<string>;
}

const recordKey = (row: Pick<ClaimedRow, 'target_type' | 'target_document_id'>) =>
  `${row.target_type}:${row.target_document_id}`;

/**
 * The dispatcher: claims due deliveries atomically under a lease, re-checks them at send time, sends
 * through the provider and records the outcome. A claim is one SQL statement (FOR UPDATE SKIP LOCKED on
 * PostgreSQL; SQLite serialises writers), so two instances never hold the same row; a row whose send had
 * started when its instance died becomes `unknown`, never sent again by itself.
 */
export const createDispatcher = (strapi: Core.Strapi, parts: DispatcherParts) => {
  const outbox = createOutboxTable(strapi);
  let passes = 0;

  function claim(
    now: Date,
    limit: number,
    claimedBy: string,
    keys?: string[],
    channel?: DeliveryChannel
  ): Promise<ClaimedRow[]> {
    const leaseUntil = new Date(now.getTime() + getConfig(strapi).scheduler.leaseSeconds * 1000);
    return outbox.claimDue(now, limit, claimedBy, leaseUntil, keys, channel);
  }

  /**
   * Writes to claimed rows while this instance still holds them, in group commits: the lanes that finish
   * while a write is running share the next statement, instead of a round trip and a commit each.
   * Whether each row was written comes back to its own lane.
   */
  const writeClaimed = (statuses: DeliveryStatus[], afterWrite?: (written: ClaimedRowUpdate[]) => Promise<void>) =>
    groupCommit(async (updates: ClaimedRowUpdate[]) => {
      const written = await outbox.updateClaimed(updates, statuses);
      await afterWrite?.(updates.filter((update) => written.has(update.id)));
      return updates.map((update) => written.has(update.id));
    });
  /** A delivery report can come before its message id is written: the ones kept meanwhile apply now. */
  const recorded = async (written: ClaimedRowUpdate[]) => {
    const messageIds = written.flatMap(({ set }) =>
      typeof set.provider_message_id === 'string' ? [set.provider_message_id] : []
    );
    if (messageIds.length > 0) await parts.onRecorded?.(messageIds);
  };
  /** The reminder events of the transitions just committed (sent, failed, opted out), from this instance only. */
  const announced = (written: ClaimedRowUpdate[]) =>
    getService(strapi, 'reminder-events').transitioned(
      written.map(({ id, set }) => ({ id, status: set.delivery_status as DeliveryStatus, errorCode: set.error_code }))
    );
  const writeSettled = writeClaimed(['sending', 'unknown'], async (written) => {
    await recorded(written);
    await announced(written);
  });
  const writeSendStarted = writeClaimed(['sending']);

  /** Writes a claimed row's next state, only while this instance still holds it. */
  async function settle(
    row: ClaimedRow,
    status: DeliveryStatus,
    now: Date,
    changes: ClaimedRowUpdate['set'],
    detail?: string
  ) {
    const event: DeliveryEvent = { at: now.toISOString(), status, ...(detail ? { detail } : {}) };
    row.events = appendEvent(readJson(row.events, []), event);
    const written = await writeSettled({
      id: row.id,
      claimedBy: row.claimed_by,
      set: {
        delivery_status: status,
        lease_until: null,
        updated_at: now,
        events: JSON.stringify(row.events),
        ...changes,
      },
    });
    // The tick's sweep queues it too, should this instance die between the two writes.
    if (written && row.fallback_channel === 'email' && fallsBackToEmail(status, changes.error_code as string | null))
      if (await outbox.queueEmailFallbacks(now, [row.id])) parts.onQueued?.(now);
  }

  /**
   * Back to the queue until `at`, saying why (quiet hours, a business day, the frequency cap, a pause). Nothing
   * was attempted: the claim's attempt is given back, so waiting never uses up a reminder's retries.
   */
  async function deferTo(row: ClaimedRow, now: Date, at: Date, why: Reason, extra: ClaimedRowUpdate['set'] = {}) {
    await settle(
      row,
      'queued',
      now,
      { not_before: at, attempts: Math.max(0, row.attempts - 1), ...reasonColumns(why), ...extra },
      reasonText(why)
    );
  }

  const backoffMs = (attempts: number) => minutes(Math.min(60, 2 ** Math.max(0, attempts - 1)));

  async function recordOutcome(row: ClaimedRow, outcome: SendOutcome, now: Date, report: DispatchReport) {
    const maxAttempts = getConfig(strapi).scheduler.maxAttempts;
    const count = (status: DeliveryStatus) => (report.outcomes[status] = (report.outcomes[status] ?? 0) + 1);
    const retriesLeft =
      outcome.kind === 'transient' && row.attempts < Math.min(maxAttempts, 1 + (outcome.maxRetries ?? maxAttempts));
    if (outcome.kind === 'transient' && retriesLeft) {
      await settle(
        row,
        'queued',
        now,
        {
          not_before: new Date(now.getTime() + (outcome.retryAfterMs ?? backoffMs(row.attempts))),
          send_started_at: null,
          error_code: outcome.errorCode,
          ...reasonColumns(reason('willRetry', { text: outcome.reason })),
        },
        outcome.reason
      );
      return count('queued');
    }
    if (outcome.kind === 'account') {
      const until = await parts.pause.start(now, outcome.errorCode, outcome.reason);
      await settle(
        row,
        'queued',
        now,
        {
          not_before: until,
          send_started_at: null,
          error_code: outcome.errorCode,
          ...reasonColumns(reason('sendingPausedBecause', { text: outcome.reason })),
        },
        outcome.reason
      );
      report.paused = outcome.reason;
      return count('queued');
    }
    if (outcome.kind === 'permanent' && outcome.optOut) await parts.optOut((await outbox.phoneOf(row.id)) ?? '');
    const settled = settleOutcome(outcome);
    const why =
      outcome.kind === 'transient'
        ? reason('gaveUp', { text: outcome.reason, attempts: row.attempts })
        : settled.reason;
    await settle(row, settled.status, now, { ...settled.columns, ...reasonColumns(why) }, settled.detail);
    return count(settled.status);
  }

  /**
   * The records and opt-outs of a claimed batch, read one round of sends ahead: when a lane reaches a row
   * whose lookups are not read yet, the next `size` rows (the number in flight) are read in one query per
   * target and one for opt-outs, instead of two queries a row. A record is read at most one round of sends
   * before its own, so the send-time re-check still sees the record as it is now.
   */
  function readAhead(rows: ClaimedRow[], size: number): (index: number) => Promise<SendLookups> {
    const chunks = new Map<number, Promise<SendLookups>>();
    const load = async (chunk: ClaimedRow[]): Promise<SendLookups> => {
      const registry = getService(strapi, 'targets');
      const targets = await registry.all();
      const records = new Map<string, Record<string, unknown>>();
      for (const key of new Set(chunk.map((row) => row.target_type))) {
        if (!Object.hasOwn(targets, key)) continue;
        const documentIds = chunk.filter((row) => row.target_type === key).map((row) => row.target_document_id);
        for (const record of await registry.findRecords(targets[key], { documentId: { $in: documentIds } }))
          records.set(recordKey({ target_type: key, target_document_id: record.documentId }), record);
      }
      const { region } = planningDefaults(getConfig(strapi));
      const phones: string[] = [];
      const addresses: string[] = [];
      for (const row of chunk) {
        const record = records.get(recordKey(row));
        if (!record) continue;
        if (row.channel === 'email') {
          const address = emailRecipientOf(targets[row.target_type], record, row.recipient_role);
          if (address.ok) addresses.push(address.address);
        } else {
          const recipient = recipientOf(targets[row.target_type], record, row.recipient_role, region);
          if (recipient.ok) phones.push(recipient.phone);
        }
      }
      const [optedOut, emailOptedOut] = await Promise.all([
        phones.length ? parts.optedOutAmong(phones) : new Set<string>(),
        addresses.length ? parts.emailOptedOutAmong(addresses) : new Set<string>(),
      ]);
      return { targets, records, optedOut, emailOptedOut };
    };
    return (index) => {
      const start = index - (index % size);
      if (!chunks.has(start)) {
        const loading = load(rows.slice(start, start + size));
        loading.catch(() => undefined); // its rows' sends await it and fail with its error; not unhandled meanwhile
        chunks.set(start, loading);
      }
      return chunks.get(start) as Promise<SendLookups>;
    };
  }

  /**
   * A business-days-only reminder due on a weekend day or a holiday (the Settings may have changed since it
   * was planned) goes back to the queue for the next business day, at the same local time. Its idempotency
   * key stays: it is the same reminder, later.
   */
  async function deferToBusinessDay(row: ClaimedRow, now: Date, zone: string, calendar: ProtectionSettings) {
    const moved = nextBusinessTime(now, zone, calendar);
    if (!moved.because) return false;
    const why = reason('businessDayDeferred', {
      until: moved.at.toISOString(),
      zone,
      day: DateTime.fromJSDate(now, { zone }).toISODate() ?? '',
      ...(moved.because === 'weekend' ? { kind: 'weekend' } : { kind: 'holiday', holiday: moved.because.name }),
    });
    await deferTo(row, now, moved.at, why);
    return true;
  }

  /**
   * Starts the send only if the frequency cap allows one more SMS to the number now (see
   * outbox.startSendWithinCap); otherwise when it would, and the limit in the way.
   */
  async function startWithinCap(
    row: ClaimedRow,
    update: ClaimedRowUpdate & { set: { phone: string } },
    cap: NonNullable<ReturnType<typeof capForRule>>,
    zone: string,
    now: Date
  ): Promise<'started' | 'lost' | ReturnType<typeof nextAllowed>> {
    let held: ReturnType<typeof nextAllowed> = { at: now };
    const result = await outbox.startSendWithinCap(update, row, capWindowStart(now, cap, zone), now, (sent) => {
      held = nextAllowed(now, sent, cap, zone);
      return held.at;
    });
    if (!result.started) return result.allowedAt > now ? held : 'lost';
    return 'started';
  }

  /** An e-mail's send, started (and fenced by the claim) like an SMS's; e-mails are not frequency-capped. */
  async function sendEmail(
    row: ClaimedRow,
    email: RenderedEmail,
    address: string,
    headers: Record<string, string>,
    now: Date,
    report: DispatchReport
  ) {
    const sender = parts.emailSender();
    const started = await writeSendStarted({
      id: row.id,
      claimedBy: row.claimed_by,
      set: {
        send_started_at: now,
        email: address,
        subject: email.subject,
        body: email.text,
        provider: sender.name,
        updated_at: now,
      },
    });
    if (!started) return; // The lease was lost to a recovery; the row is someone else's now.
    const outcome = await sender.send({
      to: address,
      subject: email.subject,
      text: email.text,
      html: email.html,
      headers,
    });
    // The sending pause is Africa's Talking's account (its balance, its sender ID): a mail server refusing the
    // login pauses no SMS; the e-mail is retried with backoff, then fails with that reason.
    await recordOutcome(row, outcome.kind === 'account' ? { ...outcome, kind: 'transient' } : outcome, now, report);
  }

  async function deliver(
    row: ClaimedRow,
    now: Date,
    rules: Map<string, Promise<RuleRow | null>>,
    lookups: Promise<SendLookups>,
    report: DispatchReport,
    protection: ProtectionSettings,
    spending: SpendingLimits
  ) {
    const count = (status: DeliveryStatus) => (report.outcomes[status] = (report.outcomes[status] ?? 0) + 1);
    const finish = async (
      status: DeliveryStatus,
      errorCode: string,
      why: Reason,
      extra: ClaimedRowUpdate['set'] = {}
    ) => {
      await settle(row, status, now, { error_code: errorCode, ...reasonColumns(why), ...extra }, reasonText(why));
      count(status);
    };

    // The read itself is shared: the lanes that start together on a rule wait for one query, not one each.
    if (!rules.has(row.rule_document_id)) rules.set(row.rule_document_id, ruleRow(strapi, row.rule_document_id));
    const rule = await rules.get(row.rule_document_id);
    if (!rule || !rule.enabled) return finish('cancelled', NO_LONGER_APPLIES, reason('ruleGone'));
    const { targets, records, optedOut, emailOptedOut } = await lookups;
    const target: TargetDefinition | undefined = targets[rule.target];
    if (!target) return finish('cancelled', NO_LONGER_APPLIES, reason('targetGone', { target: rule.target }));
    const record = records.get(recordKey(row));
    if (!record)
      return finish(
        'cancelled',
        'record_deleted',
        reason(target.publishedOnly ? 'recordUnpublished' : 'recordDeleted', { target: row.target_type })
      );

    const defaults = planningDefaults(getConfig(strapi));
    const maxLateness = rule.maxLatenessMinutes ?? defaults.maxLatenessMinutes;
    const notBefore = readDate(row.not_before) as Date;
    const late = Math.round((now.getTime() - notBefore.getTime()) / 60_000);
    if (late > maxLateness)
      return finish('expired', 'too_late', reason('lateAtSend', { minutes: late, max: maxLateness }));

    const conditions = evaluateConditions(target, rule.conditions ?? [], record);
    if (!conditions.ok) return finish('cancelled', NO_LONGER_APPLIES, conditions.reason);
    const planned = {
      // An e-mail belongs where its SMS does: the same rule, step, occurrence, recipient and anchor.
      idempotencyKey: smsKeyOf(row.idempotency_key),
      stepIndex: row.step_index,
      occurrence: row.occurrence,
      recipientRole: row.recipient_role,
    };
    if (!plannedForCurrentAnchor(target, rule, record as Record<string, unknown> & { documentId: string }, planned)) {
      return finish(
        'cancelled',
        NO_LONGER_APPLIES,
        reason('anchorChanged', {
          target: row.target_type,
          anchor: rule.anchor,
          anchorName: anchorOf(target, rule).name,
        })
      );
    }

    let phone = '';
    let address = '';
    if (row.channel === 'email') {
      const recipient = emailRecipientOf(target, record, row.recipient_role);
      if (!recipient.ok) return finish('skipped', 'not_sendable', recipient.reason);
      address = recipient.address;
      if (emailOptedOut.has(address)) return finish('skipped', 'opted_out', reason('emailOptedOut'));
    } else {
      const recipient = recipientOf(target, record, row.recipient_role, defaults.region);
      if (!recipient.ok) return finish('skipped', 'not_sendable', recipient.reason);
      phone = recipient.phone;
      if (optedOut.has(phone)) return finish('skipped', 'opted_out', reason('optedOut'));
    }

    const zone = resolveZone(target, record, rule, defaults);
    const quiet =
      rule.quietHoursStart && rule.quietHoursEnd
        ? { start: rule.quietHoursStart, end: rule.quietHoursEnd }
        : (defaults.quietHours ?? undefined);
    const sendableAt = deferPastQuietHours(now, quiet, zone);
    if (sendableAt > now) {
      const event = target.eventField ? readDate(record[target.eventField]) : null;
      if (event && sendableAt > event)
        return finish('skipped', 'quiet_hours', reason('quietHoursPastEvent', { target: target.key }));
      await deferTo(row, now, sendableAt, reason('deferredQuietHours'));
      return count('queued');
    }

    if (rule.businessDaysOnly && (await deferToBusinessDay(row, now, zone, protection))) return count('queued');

    const link = row.channel === 'email' ? parts.unsubscribeLink(address) : undefined;
    let rendered: { email: RenderedEmail } | { sms: RenderedMessage };
    try {
      const change = await changeOfEvent(strapi.db.connection, target, row.record_event_id);
      rendered = link
        ? { email: parts.renderEmail(target, rule, record, now, row.step_index, row.recipient_role, change, link.url) }
        : { sms: await parts.render(target, rule, record, now, row.step_index, row.recipient_role, change) };
    } catch (error) {
      return finish('failed', 'template_error', reason('templateError', { text: (error as Error).message }));
    }
    if ('email' in rendered) return sendEmail(row, rendered.email, address, link?.headers ?? {}, now, report);
    if (report.paused) {
      await deferTo(row, now, now, reason('sendingPaused'));
      return count('queued');
    }
    const message = rendered.sms;
    // The spending cap: the SMS's estimated cost is held against today and this month before it may go. At
    // the cap it goes back to the queue as it was, and SMS sending stops (services/spending.ts).
    const spend = getService(strapi, 'spending');
    const reserved = await spend.reserve(spending, message.segments, now);
    if (!reserved.ok) {
      report.paused = reasonText(reserved.why);
      await deferTo(row, now, now, reserved.why);
      return count('queued');
    }
    const release = () => spend.release(reserved.reservation, now);

    const provider = parts.provider();
    // Mark the send as started before calling the provider: after a crash this tells "maybe sent" (unknown)
    // from "never tried" (back to the queue).
    const sendStarted = {
      id: row.id,
      claimedBy: row.claimed_by,
      set: {
        send_started_at: now,
        phone,
        body: message.text,
        encoding: message.encoding,
        segments: message.segments,
        provider: provider.name,
        updated_at: now,
      },
    };
    // A send now is an editor's explicit act: it is not held back by the cap, but counts against later ones.
    // Only customers are capped: the staff member and a fixed number (the office) get every reminder meant for them.
    const cap =
      row.idempotency_key.startsWith('manual:') || kindOfRole(row.recipient_role) !== 'customer'
        ? null
        : capForRule(rule.frequencyCap, protection.frequencyCap);
    if (cap) {
      const held = await startWithinCap(row, sendStarted, cap, zone, now);
      if (held !== 'started') await release();
      if (held === 'lost') return;
      if (held !== 'started') {
        const event = target.eventField ? readDate(record[target.eventField]) : null;
        const scheduledFor = readDate(row.scheduled_for) as Date;
        const until = deferPastQuietHours(deferredTime(held, scheduledFor, zone), quiet, zone);
        const values = {
          limit: held.limit ?? 'perDay',
          max: cap[held.limit ?? 'perDay'] ?? 0,
          until: until.toISOString(),
          zone,
        };
        if ((until.getTime() - scheduledFor.getTime()) / 60_000 > maxLateness || (event && until > event))
          return finish('skipped', 'frequency_cap', reason('capSkipped', values));
        await deferTo(row, now, until, reason('capDeferred', values), { send_started_at: null });
        return count('queued');
      }
    } else if (!(await writeSendStarted(sendStarted))) return release(); // The lease was lost to a recovery; the row is someone else's now.

    const outcome = await provider.send({
      to: phone,
      body: message.text,
      ...(rule.senderId ? { from: rule.senderId } : {}),
    });
    await recordOutcome(row, outcome, now, report);
    await spend.settle(reserved.reservation, outcome, now);
  }

  /**
   * One dispatch pass: sends what is due at `now` (only the rows with these keys, when given) until
   * nothing is due; while SMS sending is paused, only e-mails. `concurrency` lanes take claimed rows from a queue, and the next
   * batch is claimed as soon as the queue holds no more than one row a lane: no lane waits for a batch's
   * slowest send before the next claim. Rows already claimed when sending pauses still go through
   * `deliver`, which puts them back in the queue at once.
   */
  async function pass(now: Date, keys?: string[]): Promise<DispatchReport> {
    // Each pass claims under its own name: a pass of this instance (a tick, a send now) whose lease ran out
    // and whose rows another pass re-claimed can no longer write to them, nor send them a second time.
    const claimedBy = `${parts.instanceId}:${(passes += 1)}`;
    const report: DispatchReport = { claimed: 0, outcomes: {}, recovered: await outbox.recoverExpiredLeases(now) };
    // The pause is the SMS provider's account (its balance, its sender ID): while it lasts, only e-mails go.
    const pausedFor = await parts.pause.current(now);
    if (pausedFor) report.paused = pausedFor;
    const { dispatchBatchSize, concurrency } = getConfig(strapi).scheduler;
    const rules = new Map<string, Promise<RuleRow | null>>();
    // Read once a pass: a change on the Settings page applies from every instance's next pass.
    const protection = await getService(strapi, 'protection').get();
    const spending = await getService(strapi, 'spending').limits();
    const queue: { row: ClaimedRow; lookups: () => Promise<SendLookups> }[] = [];
    let exhausted = false;
    /** A lane failed (the database, most likely): no more claims; what is claimed is still handled. */
    let failed = false;
    let claiming: Promise<void> | null = null;
    const refill = () => {
      claiming ??= (async () => {
        const claimed = await claim(now, dispatchBatchSize, claimedBy, keys, report.paused ? 'email' : undefined);
        report.claimed += claimed.length;
        if (claimed.length < dispatchBatchSize) exhausted = true;
        const lookups = readAhead(claimed, concurrency);
        claimed.forEach((row, index) => queue.push({ row, lookups: () => lookups(index) }));
      })().finally(() => {
        claiming = null;
      });
      claiming.catch(() => undefined); // a lane that needs the rows awaits it and fails with its error
      return claiming;
    };
    const lane = async () => {
      try {
        for (;;) {
          if (!exhausted && !failed && queue.length <= concurrency) void refill();
          const next = queue.shift();
          if (next) await deliver(next.row, now, rules, next.lookups(), report, protection, spending);
          else if (claiming) await claiming;
          else return;
        }
      } catch (error) {
        failed = true;
        throw error;
      }
    };
    // Every lane has stopped before the pass ends, failed or not: ticks on one instance never overlap.
    const lanes = await Promise.allSettled(Array.from({ length: concurrency }, lane));
    const failure = lanes.find((result): result is PromiseRejectedResult => result.status === 'rejected');
    if (failure) throw failure.reason;
    return report;
  }

  return {
    /** Sends everything due at `now` (a tick). */
    dispatch: (now: Date) => pass(now),

    /** Sends only the rows with these idempotency keys, if due (a send now): nothing else that is due. */
    dispatchKeys: (now: Date, keys: string[]) => pass(now, keys),
  };
};

export type Dispatcher = ReturnType<typeof createDispatcher>;
