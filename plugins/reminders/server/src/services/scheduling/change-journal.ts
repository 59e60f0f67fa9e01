import crypto from 'crypto';
import { type Knex, newDocumentId, readDate } from './outbox-table';

/**
 * The change journal: one row per record (or rule) written whose reminders are still to be re-planned.
 * The row is written in the write's own transaction, so a committed write always leaves it behind, even
 * when the process dies before it reacts; it is deleted only once a re-plan has followed the latest change.
 * Each write replaces the row's token, so a re-plan that raced with a newer write sees it has more to do.
 */
export const CHANGES = 'reminders_record_changes';

/** What a change is about: a record of a target (its key), or a rule. */
export type ChangeSubject = string;

export interface ChangeRef {
  subject: ChangeSubject;
  documentId: string;
}

/** A claimed change: the token it was claimed at, and when its oldest un-followed write happened. */
export interface ClaimedChange {
  token: string;
  firstChangedAt: Date;
}

const whereRef = ({ subject, documentId }: ChangeRef) => ({ subject_type: subject, subject_document_id: documentId });

/** Notes a write, inside its transaction. A pending row keeps its first time: re-planning starts from there. */
export async function noteChange(trx: Knex, ref: ChangeRef, now: Date): Promise<void> {
  const token = crypto.randomBytes(8).toString('hex');
  await trx(CHANGES)
    .insert({
      document_id: newDocumentId(),
      ...whereRef(ref),
      change_token: token,
      first_changed_at: now,
      changed_at: now,
      created_at: now,
      updated_at: now,
      published_at: now,
    })
    .onConflict(['subject_type', 'subject_document_id'])
    .merge({ change_token: token, changed_at: now, updated_at: now });
}

const claimable = (query: ReturnType<Knex>, now: Date) =>
  query.where((free) => free.whereNull('lease_until').orWhere('lease_until', '<', now));

/**
 * Takes a change for `claimedBy` until `leaseUntil`, in one statement: nobody else follows it meanwhile.
 * Null when it is already followed (gone) or held by someone whose lease has not run out.
 */
export async function claimChange(
  knex: Knex,
  ref: ChangeRef,
  claimedBy: string,
  now: Date,
  leaseUntil: Date
): Promise<ClaimedChange | null> {
  const [row] = await claimable(knex(CHANGES).where(whereRef(ref)), now)
    .update({ claimed_by: claimedBy, lease_until: leaseUntil })
    .returning(['change_token', 'first_changed_at']);
  return row ? { token: row.change_token, firstChangedAt: readDate(row.first_changed_at) as Date } : null;
}

/**
 * Deletes the change if no write came after `token`; otherwise returns the newer change, still held by
 * `claimedBy`, to follow again (null when the lease was lost meanwhile).
 */
export async function completeChange(
  knex: Knex,
  ref: ChangeRef,
  claimedBy: string,
  token: string
): Promise<{ done: true } | { done: false; next: ClaimedChange | null }> {
  const deleted = await knex(CHANGES)
    .where({ ...whereRef(ref), claimed_by: claimedBy, change_token: token })
    .delete();
  if (deleted) return { done: true };
  const row = await knex(CHANGES)
    .where({ ...whereRef(ref), claimed_by: claimedBy })
    .first('change_token', 'first_changed_at');
  return {
    done: false,
    next: row ? { token: row.change_token, firstChangedAt: readDate(row.first_changed_at) as Date } : null,
  };
}

/** Gives a change back after a failed re-plan, so that the next tick tries again without waiting for the lease. */
export async function releaseChange(knex: Knex, ref: ChangeRef, claimedBy: string): Promise<void> {
  await knex(CHANGES)
    .where({ ...whereRef(ref), claimed_by: claimedBy })
    .update({ claimed_by: null, lease_until: null });
}

/** Changes nobody follows now, oldest first: what a dead instance, or a failed reaction, left behind. */
export async function unfollowedChanges(knex: Knex, now: Date, limit: number): Promise<ChangeRef[]> {
  const rows = await claimable(knex(CHANGES).select('subject_type', 'subject_document_id'), now)
    .orderBy('changed_at')
    .limit(limit);
  return rows.map((row: { subject_type: ChangeSubject; subject_document_id: string }) => ({
    subject: row.subject_type,
    documentId: row.subject_document_id,
  }));
}
