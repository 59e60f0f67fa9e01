import type { Core } from '@strapi/strapi';
import { getConfig } from '../../utils';

export interface SendingAlert {
  at: string;
  errorCode: string;
  reason: string;
}

const ALERT_LIMIT = 20;

/**
 * An account problem (insufficient balance, invalid sender ID, risk hold) pauses sending on every
 * instance for a while and leaves an alert for the editors. Kept in Strapi's plugin store (a database row),
 * so all instances see it.
 */
export const createSendingPause = (strapi: Core.Strapi) => {
  const store = () => strapi.store({ type: 'plugin', name: 'reminders' });

  return {
    /** The reason sending is paused at `now`, if it is. */
    async current(now: Date): Promise<string | undefined> {
      const pause = (await store().get({ key: 'sending-pause' })) as { until: string; reason: string } | null;
      return pause && new Date(pause.until) > now ? pause.reason : undefined;
    },

    /** Pauses sending and raises an alert; returns when sending resumes by itself. */
    async start(now: Date, errorCode: string, reason: string): Promise<Date> {
      const until = new Date(now.getTime() + getConfig(strapi).scheduler.pauseMinutes * 60_000);
      await store().set({ key: 'sending-pause', value: { until: until.toISOString(), errorCode, reason } });
      const alerts = ((await store().get({ key: 'alerts' })) as SendingAlert[] | null) ?? [];
      await store().set({
        key: 'alerts',
        value: [...alerts, { at: now.toISOString(), errorCode, reason }].slice(-ALERT_LIMIT),
      });
      return until;
    },

    async resume() {
      await store().delete({ key: 'sending-pause' });
    },

    async alerts(): Promise<SendingAlert[]> {
      return ((await store().get({ key: 'alerts' })) as SendingAlert[] | null) ?? [];
    },
  };
};

export type SendingPause = ReturnType<typeof createSendingPause>;
