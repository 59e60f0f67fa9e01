import type { Core } from '@strapi/strapi';
import {
  type ChangeRef,
  type ClaimedChange,
  claimChange,
  completeChange,
  releaseChange,
  unfollowedChanges,
} from './change-journal';
import type { Planner } from './planner';
import { getConfig } from '../../utils';

/** Journal rows a tick follows at most (a backlog is only what dead instances or failed reactions left). */
const TICK_LIMIT = 500;

/**
 * Follows the change journal: re-plans a written record (or rule) from its current state, then deletes its
 * journal row. A claim with a lease keeps two followers of one record from interleaving; a write that
 * lands while its record is being re-planned replaces the row's token, and the follower re-plans again
 * until it has followed the latest write. Right after a write its own instance follows it (the fast path);
 * every tick follows what nobody did, on any instance.
 */
export const createChangeFollower = (strapi: Core.Strapi, planner: Planner, instanceId: string) => {
  const knex = () => strapi.db.connection;
  let follows = 0;

  /** Re-plans; when the first reminder it queued is due (a record's: only one due soon). */
  const replan = (ref: ChangeRef, change: ClaimedChange, now: Date): Promise<Date | null> =>
    ref.subject === 'rule'
      ? planner.ruleChanged(ref.documentId, now)
      : planner.replanRecord(ref.subject, ref.documentId, now, change.firstChangedAt);

  /**
   * Follows one change: `followed` false when someone else holds it (they follow it through to its latest
   * write); `dueAt`, when the first reminder it queued soon is due (null: none).
   */
  async function follow(ref: ChangeRef, now: Date): Promise<{ followed: boolean; dueAt: Date | null }> {
    const leaseUntil = new Date(now.getTime() + getConfig(strapi).scheduler.leaseSeconds * 1000);
    // Each follow claims under its own name, so two follows on one instance never complete each other's.
    const claimedBy = `${instanceId}:${(follows += 1)}`;
    let change = await claimChange(knex(), ref, claimedBy, now, leaseUntil);
    if (!change) return { followed: false, dueAt: null };
    let dueAt: Date | null = null;
    try {
      while (change) {
        const due = await replan(ref, change, now);
        if (due && (!dueAt || due < dueAt)) dueAt = due;
        const completed = await completeChange(knex(), ref, claimedBy, change.token);
        change = completed.done ? null : completed.next;
      }
    } catch (error) {
      await releaseChange(knex(), ref, claimedBy).catch(() => undefined); // the lease runs out anyway
      throw error;
    }
    return { followed: true, dueAt };
  }

  return {
    follow,

    /** Follows every change nobody is following; one that fails is logged and left for the next tick. */
    async followUnfollowed(now: Date): Promise<{ followed: number; failed: number }> {
      let followed = 0;
      let failed = 0;
      for (const ref of await unfollowedChanges(knex(), now, TICK_LIMIT)) {
        try {
          if ((await follow(ref, now)).followed) followed += 1;
        } catch (error) {
          failed += 1;
          strapi.log.error(
            `reminders: re-planning the ${ref.subject} ${ref.documentId} failed, the next tick retries: ${(error as Error).message}`
          );
        }
      }
      return { followed, failed };
    },
  };
};

export type ChangeFollower = ReturnType<typeof createChangeFollower>;
