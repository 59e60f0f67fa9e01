import crypto from 'crypto';
import type { Core } from '@strapi/strapi';

const DAY = 24 * 60 * 60 * 1000;
const HISTORY_DAYS = 14;

/** What a past send became, with the reason Africa's Talking would have given, in proportions a real account sees. */
const OUTCOMES = [
  ...Array(14).fill({ status: 'delivered', report: 'Success' }),
  { status: 'accepted', report: 'Sent' },
  {
    status: 'failed',
    report: 'Failed (UserDoesNotExist)',
    errorCode: 'UserDoesNotExist',
    reason: 'The number does not exist on the mobile network.',
  },
  {
    status: 'failed',
    report: 'AbsentSubscriber',
    errorCode: 'AbsentSubscriber',
    reason: 'The phone was off or out of coverage until the message expired.',
  },
  {
    status: 'rejected',
    errorCode: '403',
    reason: "Africa's Talking refused the number as invalid (403 InvalidPhoneNumber).",
  },
] as { status: string; report?: string; errorCode?: string; reason?: string }[];

/** A small deterministic sequence, so every fresh demo database shows the same history. */
function sequence(seed: number) {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  };
}

/**
 * Two weeks of delivery history for the demo rules, so the dashboard, the delivery log and the rules list
 * have something to show on a fresh clone: each message rendered by the plugin's own templates against a
 * demo record, with the outcomes and costs an Africa's Talking account records. Keys start with
 * `demo-history:`, so they never collide with what the scheduler plans.
 */
interface DemoRule {
  documentId: string;
  target: 'invoice' | 'appointment';
  templates: Record<string, string>;
  defaultLanguage?: string | null;
}

type DemoRecord = Record<string, unknown> & {
  documentId: string;
  paymentStatus?: string;
  invoiceStatus?: string;
  appointmentStatus?: string;
};

export async function seedDemoHistory(strapi: Core.Strapi, now = new Date()) {
  const random = sequence(20261125);
  const templates = strapi.plugin('reminders').service('templates');
  const targets = strapi.plugin('reminders').service('targets');
  const rules = (await strapi.db.query('plugin::reminders.reminder-rule').findMany({})) as DemoRule[];
  const rows: Record<string, unknown>[] = [];
  for (const rule of rules) {
    const target = await targets.get(rule.target);
    const records = ((await targets.findRecords(target, {})) as DemoRecord[]).filter(
      (record) =>
        record.paymentStatus !== 'paid' && record.invoiceStatus !== 'void' && record.appointmentStatus !== 'cancelled'
    );
    if (records.length === 0) continue;
    for (let daysAgo = HISTORY_DAYS - 1; daysAgo >= 1; daysAgo -= 1) {
      const count = 2 + Math.floor(random() * 6);
      for (let index = 0; index < count; index += 1) {
        const record = records[Math.floor(random() * records.length)];
        const at = new Date(now.getTime() - daysAgo * DAY);
        at.setUTCHours(5 + Math.floor(random() * 12), Math.floor(random() * 60), 0, 0);
        const outcome = OUTCOMES[Math.floor(random() * OUTCOMES.length)];
        const message = templates.renderForRecord({
          target,
          templates: rule.templates,
          defaultLanguage: rule.defaultLanguage ?? 'en',
          record,
          now: at,
        });
        const sent = outcome.status !== 'rejected';
        const later = (minutes: number) => new Date(at.getTime() + minutes * 60_000).toISOString();
        const events = [
          { at: later(-1440), status: 'queued', detail: 'Planned' },
          { at: at.toISOString(), status: sent ? 'accepted' : 'rejected', detail: sent ? 'Success' : outcome.reason },
          ...(outcome.report && outcome.status !== 'accepted'
            ? [
                {
                  at: later(1 + Math.floor(random() * 5)),
                  status: outcome.status,
                  detail: `Delivery report: ${outcome.report}`,
                },
              ]
            : []),
        ];
        rows.push({
          document_id: crypto.randomBytes(12).toString('hex'),
          idempotency_key: `demo-history:${rule.documentId}:${record.documentId}:${daysAgo}:${index}`,
          rule_document_id: rule.documentId,
          target_type: rule.target,
          target_document_id: record.documentId,
          step_index: 0,
          occurrence: 0,
          recipient_role: 'customer',
          phone: record.phone,
          body: message.text,
          encoding: message.encoding,
          segments: message.segments,
          scheduled_for: at,
          not_before: at,
          delivery_status: outcome.status,
          attempts: 1,
          send_started_at: at,
          provider: 'africastalking',
          provider_message_id: sent ? `ATXid_demo${crypto.randomBytes(8).toString('hex')}` : null,
          cost: sent ? `KES ${(0.8 * message.segments).toFixed(4)}` : null,
          error_code: outcome.errorCode ?? null,
          reason: outcome.reason ?? null,
          events: JSON.stringify(events),
          created_at: at,
          updated_at: at,
          published_at: at,
        });
      }
    }
  }
  for (let start = 0; start < rows.length; start += 100)
    await strapi.db.connection('reminders_deliveries').insert(rows.slice(start, start + 100));
  return rows.length;
}
