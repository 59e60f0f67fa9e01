import type { Core } from '@strapi/strapi';
import { getConfig } from '../../utils';

export interface SendingAlert {
  at: string;
  errorCode: string;
  reason: string;
  /** A warning that paused nothing (80 % of a spending cap); absent: sending was paused. */
  kind?: 'warning';
}

/** Why and until when sending is paused, as every instance reads it. */
export interface Pause {
  until: string;
  errorCode: string;
  reason: string;
}

const ALERT_LIMIT = 20;
const PAUSE_KEY = 'sending-pause';

/**
 * Strapi's store writes a new key by a read then an insert, with no unique key: two writes at once would leave
 * two rows. Writes of one instance (its lanes, its passes, the services) go one after another; across instances
 * a duplicate is still possible, so lifting a pause removes every row of it.
 */
const writes = new WeakMap<Core.Strapi, Promise<unknown>>();
function serially<T>(strapi: Core.Strapi, work: () => Promise<T>): Promise<T> {
  const next = (writes.get(strapi) ?? Promise.resolve()).then(work, work);
  writes.set(
    strapi,
    next.catch(() => undefined)
  );
  return next;
}

/**
 * An account problem (insufficient balance, invalid sender ID, risk hold) or the spending cap pauses SMS
 * sending on every instance for a while and leaves an alert for the editors. Kept in Strapi's plugin store
 * (a database row), so all instances see it.
 */
export const createSendingPause = (strapi: Core.Strapi) => {
  const store = () => strapi.store({ type: 'plugin', name: 'reminders' });

  /** The pause in force at `now`, if any. */
  async function details(now: Date): Promise<Pause | undefined> {
    const pause = (await store().get({ key: PAUSE_KEY })) as Pause | null;
    return pause && new Date(pause.until) > now ? pause : undefined;
  }

  const alert = (now: Date, errorCode: string, reason: string, kind?: SendingAlert['kind']) =>
    serially(strapi, async () => {
      const alerts = ((await store().get({ key: 'alerts' })) as SendingAlert[] | null) ?? [];
      const added: SendingAlert = { at: now.toISOString(), errorCode, reason, ...(kind ? { kind } : {}) };
      await store().set({ key: 'alerts', value: [...alerts, added].slice(-ALERT_LIMIT) });
    });

  const resume = () =>
    serially(strapi, async () => {
      for (let rows = 0; rows < 10 && (await store().get({ key: PAUSE_KEY })) !== null; rows += 1)
        await store().delete({ key: PAUSE_KEY });
    });

  return {
    details,
    alert,

    /** The reason sending is paused at `now`, if it is. */
    current: async (now: Date): Promise<string | undefined> => (await details(now))?.reason,

    /**
     * Pauses sending (for the configured minutes, or until `until`) and raises an alert unless told not to
     * (another instance raised it already); returns when sending resumes by itself.
     */
    async start(
      now: Date,
      errorCode: string,
      reason: string,
      options: { until?: Date; alert?: boolean } = {}
    ): Promise<Date> {
      const until = options.until ?? new Date(now.getTime() + getConfig(strapi).scheduler.pauseMinutes * 60_000);
      await serially(strapi, () =>
        store().set({ key: PAUSE_KEY, value: { until: until.toISOString(), errorCode, reason } })
      );
      if (options.alert !== false) await alert(now, errorCode, reason);
      return until;
    },

    resume,

    /** Lifts the pause only if its error code is one of these (saving the spending cap lifts a stop at the cap). */
    async resumeIf(errorCodes: string[], now: Date) {
      const pause = await details(now);
      if (pause && errorCodes.includes(pause.errorCode)) await resume();
    },

    async alerts(): Promise<SendingAlert[]> {
      return ((await store().get({ key: 'alerts' })) as SendingAlert[] | null) ?? [];
    },
  };
};

export type SendingPause = ReturnType<typeof createSendingPause>;
