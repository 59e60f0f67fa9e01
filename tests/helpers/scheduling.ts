import type { Core } from '@strapi/strapi';
import type { Scheduler } from '../../plugins/reminders/server/src/services/scheduling/scheduler';
import type { Clock } from '../../plugins/reminders/server/src/services/clock';
import type { SendOutcome, SmsMessage, SmsProvider } from '../../plugins/reminders/server/src/providers/types';

/** A clock the test moves by hand; every default "now" of the plugin reads it (see `useClock`). */
export class TestClock {
  constructor(public now: Date) {}
  set(iso: string) {
    this.now = new Date(iso);
  }
  advance(minutes: number) {
    this.now = new Date(this.now.getTime() + minutes * 60_000);
  }
}

/**
 * A provider that accepts everything and remembers each message it was handed, so a test sees exactly
 * what went out (the Africa's Talking path is tested against the fake server elsewhere).
 */
export class RecordingProvider implements SmsProvider {
  readonly name = 'recording';
  readonly sent: SmsMessage[] = [];
  async send(message: SmsMessage): Promise<SendOutcome> {
    this.sent.push(message);
    return {
      kind: 'accepted',
      messageId: `rec-${this.sent.length}`,
      providerStatus: 'Success',
      parts: 1,
      cost: 'KES 0.8000',
    };
  }
  status() {
    return { name: this.name, live: false, details: {} };
  }
}

export const schedulerOf = (strapi: Core.Strapi) => strapi.plugin('reminders').service('scheduler') as Scheduler;

/** The plugin's clock service reads `clock` from now on. */
export const useClock = (strapi: Core.Strapi, clock: TestClock) =>
  (strapi.plugin('reminders').service('clock') as Clock).set(() => clock.now);

/** Every send goes through `provider` from now on; without one, through the configured provider again. */
export const useProvider = (strapi: Core.Strapi, provider?: SmsProvider) =>
  (strapi.plugin('reminders').service('provider') as { use(next?: SmsProvider): void }).use(provider);

export interface DeliveryRow {
  idempotencyKey: string;
  ruleDocumentId: string;
  phone: string | null;
  targetDocumentId: string;
  stepIndex: number;
  occurrence: number;
  deliveryStatus: string;
  scheduledFor: string;
  notBefore: string;
  reason: string | null;
  reasonDetail: { key: string; values: Record<string, unknown> } | null;
  body: string | null;
  attempts: number;
}

export const deliveriesOf = async (strapi: Core.Strapi, where: Record<string, unknown> = {}): Promise<DeliveryRow[]> =>
  (
    await strapi.db
      .query('plugin::reminders.delivery')
      .findMany({ where, orderBy: [{ notBefore: 'asc' }, { id: 'asc' }] })
  ).map((row: Record<string, unknown>) => ({
    ...(row as unknown as DeliveryRow),
    scheduledFor: new Date(row.scheduledFor as string).toISOString(),
    notBefore: new Date(row.notBefore as string).toISOString(),
  }));

/** Removes every rule, record and delivery, so each test starts from an empty outbox. */
export async function clearReminders(strapi: Core.Strapi) {
  for (const name of [
    'delivery',
    'reminder-rule',
    'message-template',
    'rule-schedule',
    'record-change',
    'record-event',
    'invoice',
    'appointment',
    'opt-out',
  ]) {
    await strapi.db.query(`plugin::reminders.${name}` as never).deleteMany({});
  }
}

const documents = (strapi: Core.Strapi, name: string) =>
  strapi.documents(`plugin::reminders.${name}` as never) as unknown as {
    create(params: { data: Record<string, unknown> }): Promise<{ documentId: string } & Record<string, unknown>>;
    update(params: { documentId: string; data: Record<string, unknown> }): Promise<Record<string, unknown>>;
  };

export const createRule = (strapi: Core.Strapi, data: Record<string, unknown>) =>
  documents(strapi, 'reminder-rule').create({
    data: { name: `rule ${Math.random()}`, templates: { en: 'Hi {{ customer.name }}' }, ...data },
  });
export const createInvoice = (strapi: Core.Strapi, data: Record<string, unknown>) =>
  documents(strapi, 'invoice').create({
    data: {
      number: `INV-${Math.random()}`,
      customerName: 'Wanjiku',
      phone: '0712 345 678',
      currency: 'KES',
      total: '100',
      issueDate: '2026-01-01',
      ...data,
    },
  });
export const createAppointment = (strapi: Core.Strapi, data: Record<string, unknown>) =>
  documents(strapi, 'appointment').create({
    data: { title: 'Check-up', customerName: 'Grace', phone: '0700 111 222', ...data },
  });
/**
 * Thousands of scheduled appointments straight into their table (the Document Service would take minutes):
 * `prefix` + index as documentId, one phone each from `firstPhone` up, starting at `startsAt(index)`.
 */
export async function insertAppointmentRows(
  strapi: Core.Strapi,
  {
    count,
    prefix,
    firstPhone,
    at,
    startsAt,
  }: {
    count: number;
    prefix: string;
    firstPhone: number;
    at: Date;
    startsAt: (index: number) => Date;
  }
) {
  const rows = Array.from({ length: count }, (_, index) => ({
    document_id: `${prefix}${String(index).padStart(8, '0')}`,
    title: `Visit ${index}`,
    customer_name: `Customer ${index}`,
    phone: `+2547${String(firstPhone + index)}`,
    starts_at: startsAt(index),
    appointment_status: 'scheduled',
    language: 'en',
    created_at: at,
    updated_at: at,
    published_at: at,
  }));
  for (let start = 0; start < rows.length; start += 250)
    await strapi.db.connection('reminders_appointments').insert(rows.slice(start, start + 250));
}

export const updateDocument = (strapi: Core.Strapi, name: string, documentId: string, data: Record<string, unknown>) =>
  documents(strapi, name).update({ documentId, data });
