import type { Core } from '@strapi/strapi';

const MINUTE = 60 * 1000;
const HOUR = 60 * MINUTE;
const HISTORY_DAYS = 14;
/** What one SMS segment to a Kenyan number costs, in Africa's Talking's words. */
const PRICE_PER_SEGMENT = 0.8;
const DELIVERY = 'plugin::reminders.delivery';

/** The delivery reports Africa's Talking posts after a send, in turn: delivered mostly, as a real account sees. */
const REPORTS: { status: string; failureReason?: string }[] = [
  { status: 'Success' },
  { status: 'Success' },
  { status: 'Success' },
  { status: 'Failed', failureReason: 'UserDoesNotExist' },
  { status: 'Success' },
  { status: 'Success' },
  { status: 'Sent' },
  { status: 'Success' },
  { status: 'AbsentSubscriber' },
  { status: 'Success' },
];

/** A small deterministic sequence, so every fresh demo database shows the same outcomes. */
function sequence(seed: number) {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  };
}

interface Clock {
  now(): Date;
  set(next: () => Date): () => Date;
}

/**
 * Two weeks of delivery history that the demo rules would really have sent: the plugin's clock is moved back
 * two weeks, `setup` writes the demo records and rules there, and the real scheduler (planner and
 * dispatcher) is ticked forward to `now`, at every instant something is due, so each past SMS went out at
 * its rule's time, with its step and occurrence, after the rules' conditions, quiet hours and caps.
 * Nothing leaves the machine: sends go to a stand-in that answers as Africa's Talking does; its delivery
 * reports (delivered mostly, a few failures) and the costs are applied afterwards through the plugin's own
 * delivery-report service. Returns the number of past deliveries.
 */
export async function seedDemoHistory(strapi: Core.Strapi, setup: () => Promise<void>, now = new Date()) {
  const service = (name: string) => strapi.plugin('reminders').service(name);
  const clock = service('clock') as Clock;
  const random = sequence(20261125);
  const sent: { messageId: string; at: Date }[] = [];
  let at = new Date(now.getTime() - HISTORY_DAYS * 24 * HOUR);
  at.setUTCSeconds(0, 0);

  const restoreClock = clock.set(() => at);
  service('provider').use({
    name: 'africastalking',
    async send() {
      const messageId = `ATXid_demo${Math.floor(random() * 2 ** 48).toString(16)}`;
      sent.push({ messageId, at });
      return { kind: 'accepted', messageId, providerStatus: 'Success' };
    },
    status: () => ({ name: 'africastalking', live: false, details: { mode: 'Demo history: nothing is sent' } }),
  });
  try {
    await setup();
    const scheduler = service('scheduler');
    // A tick plans through its horizon (a day by default): the clock may jump that far, no further, and still
    // find every delivery due meanwhile queued, so it stops at each.
    const longestStep =
      (strapi.plugin('reminders').config('scheduler') as { horizonMinutes: number }).horizonMinutes * MINUTE;
    for (;;) {
      await scheduler.tick(at);
      if (at >= now) break;
      const next = await strapi.db.query(DELIVERY).findOne({
        select: ['notBefore'],
        where: { deliveryStatus: 'queued', notBefore: { $gt: at } },
        orderBy: { notBefore: 'asc' },
      });
      const due = next ? new Date(next.notBefore).getTime() : Infinity;
      at = new Date(Math.min(due, at.getTime() + longestStep, now.getTime()));
    }
  } finally {
    service('provider').use();
    clock.set(restoreClock);
  }

  const reports = service('delivery-reports');
  for (const [index, { messageId, at: sentAt }] of sent.entries()) {
    const report = REPORTS[index % REPORTS.length];
    await reports.apply({ messageId, ...report }, new Date(sentAt.getTime() + (1 + Math.floor(random() * 5)) * MINUTE));
  }
  const accepted = (await strapi.db.query(DELIVERY).findMany({
    select: ['id', 'segments'],
    where: { providerMessageId: { $in: sent.map(({ messageId }) => messageId) } },
  })) as { id: number; segments: number }[];
  for (const { id, segments } of accepted)
    await strapi.db
      .query(DELIVERY)
      .update({ where: { id }, data: { cost: `KES ${(PRICE_PER_SEGMENT * segments).toFixed(4)}` } });
  return strapi.db.query(DELIVERY).count({ where: { notBefore: { $lte: now }, deliveryStatus: { $ne: 'queued' } } });
}
