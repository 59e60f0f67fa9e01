import type { Core } from '@strapi/strapi';
import type { DeliveryStatus } from '../domain/delivery-status';
import {
  REMINDER_EVENTS,
  type ReminderEvent,
  eventOfTransition,
  eventPayload,
  signedEvent,
} from '../domain/webhook-events';
import { createOutboxTable } from './scheduling/outbox-table';
import { getConfig } from '../utils';

/**
 * The reminder events, through Strapi's own webhooks: offered in Settings → Webhooks, emitted on Strapi's
 * event hub once a delivery's transition is committed, by the instance that wrote it (the write happens
 * once, so the event does), and signed with `webhooks.secret` when one is set (domain/webhook-events.ts).
 */
/** Strapi's own event for an updated entry, which Settings → Webhooks offers as "Entry: Update". */
const ENTRY_UPDATE = 'entry.update';
const DELIVERY_UID = 'plugin::reminders.delivery';

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const outbox = createOutboxTable(strapi);

  /**
   * Whether a webhook of this instance listens to the event, so that a send reads nothing more when none
   * does. Strapi keeps its webhooks in the runner's private map; were it gone in a later Strapi, every event
   * is emitted.
   */
  const subscribed = (event: string) => {
    const webhooks = (strapi.get('webhookRunner') as { webhooksMap?: Map<string, unknown[]> }).webhooksMap;
    return webhooks ? (webhooks.get(event)?.length ?? 0) > 0 : true;
  };

  return {
    /** In bootstrap: the events a webhook may subscribe to. */
    register() {
      const store = strapi.get('webhookStore') as { addAllowedEvent(key: string, value: string): void };
      for (const [key, event] of Object.entries(REMINDER_EVENTS)) store.addAllowedEvent(key, event);
    },

    /**
     * After a commit that moved these deliveries to `status`: the event of each transition that makes one, about
     * the row as it is now but with the status of this transition (a report may already have moved it on).
     * Never throws: the transition stands whatever becomes of its event, which is logged.
     */
    async transitioned(changes: { id: number; status: DeliveryStatus; errorCode?: unknown }[]) {
      const wanted = new Map<number, { event: ReminderEvent; status: DeliveryStatus }>();
      const asEntries = getConfig(strapi).webhooks.entryEvents && subscribed(ENTRY_UPDATE);
      for (const { id, status, errorCode } of changes) {
        const event = eventOfTransition(status, errorCode);
        if (event && (subscribed(event) || asEntries)) wanted.set(id, { event, status });
      }
      if (wanted.size === 0) return;
      try {
        const secret = getConfig(strapi).webhooks.secret;
        // Wall-clock seconds, not the plugin's clock: the receiver compares the timestamp with its own clock.
        const now = new Date();
        for (const row of await outbox.eventSources([...wanted.keys()])) {
          const { event, status } = wanted.get(row.id) as { event: ReminderEvent; status: DeliveryStatus };
          const delivery = eventPayload({ ...row, delivery_status: status }, row.rule_name);
          const signed = signedEvent(event, delivery, now, secret);
          if (subscribed(event)) await strapi.eventHub.emit(event, signed);
          // Strapi's entry event body: the model and the entry, here the reminder event and its signed delivery.
          if (asEntries)
            await strapi.eventHub.emit(ENTRY_UPDATE, {
              model: 'delivery',
              uid: DELIVERY_UID,
              entry: { event, ...signed },
            });
        }
      } catch (error) {
        strapi.log.error(
          `reminders: reminder events not emitted for deliveries ${[...wanted.keys()].join(', ')}: ${(error as Error).message}`
        );
      }
    },
  };
};
