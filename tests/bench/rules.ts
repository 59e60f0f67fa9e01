/**
 * The 20 enabled rules the benchmarks run with: what a business with invoices and appointments would
 * configure (before and after the due date, weekly repeats until paid, final notices, appointment
 * reminders a week, a day and hours before, staff and both recipients, booking confirmations).
 * Written with the Query Engine (no Document Service middleware), so creating them plans nothing: the
 * benchmark decides when planning happens.
 */
import type { Core } from '@strapi/strapi';
import { UIDS } from '../../plugins/reminders/server/src/constants';

const invoiceTemplates = {
  en: 'Hi {{ customer.name }}, invoice {{ invoice.number }} of {{ invoice.balance | money }} is due {{ invoice.dueDate | relative }} ({{ invoice.dueDate | date }}).',
  sw: 'Habari {{ customer.name }}, ankara {{ invoice.number }} ya {{ invoice.balance | money }} inadaiwa {{ invoice.dueDate | relative }}.',
  fr: 'Bonjour {{ customer.name }}, la facture {{ invoice.number }} de {{ invoice.balance | money }} est due {{ invoice.dueDate | relative }}.',
  ar: 'مرحباً {{ customer.name }}، الفاتورة {{ invoice.number }} بمبلغ {{ invoice.balance | money }} مستحقة {{ invoice.dueDate | relative }}.',
};
const appointmentTemplates = {
  en: 'Reminder: {{ appointment.title }} {{ appointment.startsAt | relative }} at {{ appointment.startsAt | time }}{% if appointment.location %}, {{ appointment.location }}{% endif %}.',
  sw: 'Kumbusho: {{ appointment.title }} {{ appointment.startsAt | relative }} saa {{ appointment.startsAt | time }}.',
  fr: 'Rappel : {{ appointment.title }} {{ appointment.startsAt | relative }} à {{ appointment.startsAt | time }}.',
  ar: 'تذكير: {{ appointment.title }} {{ appointment.startsAt | relative }} الساعة {{ appointment.startsAt | time }}.',
};

/** A rule as the benchmarks install it: the rule's fields (templates default to the target's above). */
export type BenchRule = Record<string, unknown> & { name: string; target: string };

const days = (
  amount: number,
  direction: 'before' | 'after',
  repeat?: { every: number; unit: string; times: number }
) => ({ amount, unit: 'days', direction, ...(repeat ? { repeat } : {}) });

export const BENCH_RULES: BenchRule[] = [
  { name: 'Invoice due in 3 days', target: 'invoice', anchor: 'due_date', steps: [days(3, 'before')], sendAt: '09:00' },
  { name: 'Invoice due tomorrow', target: 'invoice', anchor: 'due_date', steps: [days(1, 'before')], sendAt: '09:00' },
  { name: 'Invoice due today', target: 'invoice', anchor: 'due_date', steps: [days(0, 'after')], sendAt: '08:00' },
  {
    name: 'Overdue weekly until paid',
    target: 'invoice',
    anchor: 'due_date',
    steps: [days(1, 'after', { every: 7, unit: 'days', times: 3 })],
    sendAt: '10:00',
    conditions: [{ field: 'balance', operator: 'gt', value: '0' }],
  },
  {
    name: 'Final notices',
    target: 'invoice',
    anchor: 'due_date',
    steps: [days(30, 'after', { every: 30, unit: 'days', times: 2 })],
    sendAt: '10:00',
    conditions: [{ field: 'balance', operator: 'gte', value: '1000' }],
  },
  { name: 'Invoice issued', target: 'invoice', anchor: 'issue_date', steps: [days(0, 'after')], sendAt: '09:30' },
  {
    name: 'Unpaid two weeks after issue',
    target: 'invoice',
    anchor: 'issue_date',
    steps: [days(14, 'after')],
    sendAt: '09:00',
    conditions: [{ field: 'paymentStatus', operator: 'in', value: ['unpaid'] }],
  },
  {
    name: 'Large invoice due in a week',
    target: 'invoice',
    anchor: 'due_date',
    steps: [days(7, 'before')],
    sendAt: '09:00',
    conditions: [{ field: 'total', operator: 'gte', value: '50000' }],
  },
  {
    name: 'Part-paid, balance reminder',
    target: 'invoice',
    anchor: 'due_date',
    steps: [days(2, 'after')],
    sendAt: '11:00',
    conditions: [{ field: 'paymentStatus', operator: 'in', value: ['partially_paid'] }],
  },
  {
    name: 'Two weeks overdue',
    target: 'invoice',
    anchor: 'due_date',
    steps: [days(14, 'after')],
    sendAt: '11:00',
    quietHoursStart: '20:00',
    quietHoursEnd: '08:00',
  },
  {
    name: 'Thanks for your order',
    target: 'invoice',
    anchor: 'created',
    steps: [{ amount: 1, unit: 'hours', direction: 'after' }],
  },
  {
    name: 'Collections',
    target: 'invoice',
    anchor: 'due_date',
    steps: [{ amount: 2, unit: 'months', direction: 'after' }],
    sendAt: '10:30',
    conditions: [{ field: 'balance', operator: 'gt', value: '0' }],
  },
  {
    name: 'Appointment in 24 hours',
    target: 'appointment',
    anchor: 'starts_at',
    steps: [{ amount: 24, unit: 'hours', direction: 'before' }],
  },
  {
    name: 'Appointment in 2 hours',
    target: 'appointment',
    anchor: 'starts_at',
    steps: [{ amount: 2, unit: 'hours', direction: 'before' }],
  },
  {
    name: 'Appointment tomorrow (calendar day)',
    target: 'appointment',
    anchor: 'starts_at',
    steps: [days(1, 'before')],
    quietHoursStart: '21:00',
    quietHoursEnd: '07:00',
  },
  {
    name: 'Please confirm, a week before',
    target: 'appointment',
    anchor: 'starts_at',
    steps: [{ amount: 1, unit: 'weeks', direction: 'before' }],
    conditions: [{ field: 'appointmentStatus', operator: 'in', value: ['scheduled'] }],
  },
  {
    name: 'Staff: next patient in 30 minutes',
    target: 'appointment',
    anchor: 'starts_at',
    steps: [{ amount: 30, unit: 'minutes', direction: 'before' }],
    recipient: 'staff',
  },
  {
    name: 'Both: three days before',
    target: 'appointment',
    anchor: 'starts_at',
    steps: [days(3, 'before')],
    recipient: 'both',
  },
  {
    name: 'How did it go?',
    target: 'appointment',
    anchor: 'ends_at',
    steps: [{ amount: 3, unit: 'hours', direction: 'after' }],
    conditions: [{ field: 'appointmentStatus', operator: 'notIn', value: ['no_show'] }],
    quietHoursStart: '20:00',
    quietHoursEnd: '09:00',
  },
  {
    name: 'Booking confirmed',
    target: 'appointment',
    anchor: 'created',
    steps: [{ amount: 10, unit: 'minutes', direction: 'after' }],
  },
];

export const ruleDocumentId = (index: number) => `benchrule${String(index).padStart(15, '0')}`;

/** Replaces every rule (and every planner watermark) with `rules` (the 20 benchmark rules), all enabled. */
export async function installBenchRules(
  strapi: Core.Strapi,
  now: Date,
  rules: BenchRule[] = BENCH_RULES
): Promise<string[]> {
  await strapi.db.connection('reminders_rule_schedules').delete();
  await strapi.db.connection('reminders_rules').delete();
  const ids: string[] = [];
  for (const [index, rule] of rules.entries()) {
    const documentId = ruleDocumentId(index);
    await strapi.db.query(UIDS.rule).create({
      data: {
        documentId,
        enabled: true,
        channel: 'sms',
        recipient: 'customer',
        defaultLanguage: 'en',
        maxLatenessMinutes: 1440,
        templates: rule.target === 'invoice' ? invoiceTemplates : appointmentTemplates,
        conditions: [],
        ...rule,
        createdAt: now,
        updatedAt: now,
        publishedAt: now,
      },
    });
    ids.push(documentId);
  }
  return ids;
}

/** Sets every rule's planning watermark: the next tick plans (plannedThrough, now + horizon]. */
export async function setWatermarks(strapi: Core.Strapi, ruleIds: string[], plannedThrough: Date) {
  const knex = strapi.db.connection;
  await knex('reminders_rule_schedules').delete();
  await knex('reminders_rule_schedules').insert(
    ruleIds.map((id) => ({
      document_id: id,
      rule_document_id: id,
      planned_through: plannedThrough,
      created_at: plannedThrough,
      updated_at: plannedThrough,
      published_at: plannedThrough,
    }))
  );
}
