/**
 * Which message ids have a delivery report kept lately: the dispatcher asks after each write, so it must
 * cost no query for the writes whose ids have none (nearly all). Only a report kept within `horizonMs` can
 * be waiting for a write (a send's outcome is written within its lease). This instance's own are known at
 * once; other instances' are read at most every `refreshMs`, and one a stale read misses is the tick's.
 */
export function createRecentKeptReports(
  readSince: (since: Date) => Promise<string[]>,
  horizonMs: () => number,
  refreshMs = 1000
) {
  let read = new Set<string>();
  let readAt = -Infinity;
  /** Kept here, with when (wall clock): a read that started before one was kept does not lose it. */
  const own = new Map<string, number>();

  return {
    kept(messageId: string) {
      own.set(messageId, Date.now());
    },

    /** Those of `messageIds` that may have kept reports; `now` is the clock reports are received on. */
    async among(messageIds: string[], now: Date): Promise<string[]> {
      const wall = Date.now();
      if (wall - readAt >= refreshMs) {
        readAt = wall; // before the read: concurrent writes do not each start one
        read = new Set(await readSince(new Date(now.getTime() - horizonMs())));
        for (const [messageId, at] of own) if (wall - at > horizonMs()) own.delete(messageId);
      }
      return messageIds.filter((messageId) => own.has(messageId) || read.has(messageId));
    },
  };
}
