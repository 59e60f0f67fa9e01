/**
 * Wake-ups: what makes the dispatcher run as soon as something is due, instead of at the next tick. Passes
 * on one instance run one at a time (the tick's own dispatch included); wake-ups asked for while one runs
 * coalesce into a single pass after it, so a burst of a thousand writes starts two passes, not a thousand.
 * A timer wakes the dispatcher at a time planned before the next tick. Knows nothing of Strapi.
 */
/**
 * What became of a wake-up: a pass starts at once (the instance was idle), or is next after the running
 * one, or one was already waiting and this joins it (the instance is behind: others may help).
 */
export type Woken = 'started' | 'next' | 'joined';

export interface WakeUps {
  /** Asks for a pass. */
  wake(): Woken;
  /** A pass at `at` (ms since the epoch), unless a timer is already set for then or earlier. */
  wakeAt(at: number): void;
  /** Runs `work` (the tick's dispatch) alone: after the running pass, never beside another. */
  exclusive<T>(work: () => Promise<T>): Promise<T>;
  /** No more passes or timers; resolves once the running pass ended. */
  close(): Promise<void>;
}

export interface WakeUpOptions {
  /** One dispatcher pass; its errors go to `onError` (the tick retries what it left). */
  pass: () => Promise<void>;
  onError: (error: Error) => void;
  /** The current time, in ms since the epoch (the plugin's clock). */
  now: () => number;
}

export function createWakeUps({ pass, onError, now }: WakeUpOptions): WakeUps {
  /** The last pass queued: the next one starts after it. */
  let tail: Promise<unknown> = Promise.resolve();
  /** Passes running or waiting to run. */
  let queued = 0;
  /** A woken pass is waiting to start: later wake-ups join it. */
  let waiting = false;
  let timer: { at: number; handle: NodeJS.Timeout } | null = null;
  let closed = false;

  function enqueue<T>(work: () => Promise<T>): Promise<T> {
    queued += 1;
    const result = tail.then(work).finally(() => {
      queued -= 1;
    });
    tail = result.catch(() => undefined);
    return result;
  }

  function wake(): Woken {
    if (closed || waiting) return 'joined';
    const idle = queued === 0;
    waiting = true;
    void enqueue(async () => {
      waiting = false;
      if (!closed) await pass().catch(onError);
    });
    return idle ? 'started' : 'next';
  }

  return {
    wake,

    wakeAt(at) {
      if (closed || (timer && timer.at <= at)) return;
      if (timer) clearTimeout(timer.handle);
      const handle = setTimeout(
        () => {
          timer = null;
          wake();
        },
        Math.max(0, at - now())
      );
      // A timer alone never keeps the process alive (a CLI run, a test's end).
      handle.unref();
      timer = { at, handle };
    },

    exclusive: (work) => enqueue(work),

    async close() {
      closed = true;
      if (timer) clearTimeout(timer.handle);
      timer = null;
      await tail;
    },
  };
}
