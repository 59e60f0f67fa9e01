import crypto from 'crypto';
import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import {
  type ClaimedKey,
  type IdempotentAction,
  IDEMPOTENCY_HEADER,
  LEASES_PER_REQUEST,
  POLL_MS,
  RETENTION_MS,
  WAIT_MS,
  decide,
  fingerprintOf,
  keepsAnswer,
  keyDigest,
  scopeOf,
} from '../domain/idempotency';
import { type Knex, newDocumentId, readDate } from './scheduling/outbox-table';
import { getConfig } from '../utils';

export const IDEMPOTENT_REQUESTS = 'reminders_idempotent_requests';
/** Old keys are deleted at most this often per instance, on a write: one indexed DELETE. */
const PURGE_EVERY_MS = 60_000;

/** What a request is answered: its HTTP status and JSON body. */
interface Answer {
  status: number;
  body: unknown;
}

/** The request as far as idempotency cares: what makes it the same request, and whose it is. */
export interface IdempotentContext {
  method: string;
  path: string;
  request: { body?: unknown };
  state?: { user?: { id?: string | number } };
  status: number;
  body: unknown;
}

/** 409, in Strapi's error shape: the request conflicts with the current state (a recent send not confirmed). */
export class ConflictError<TDetails = unknown> extends errors.ApplicationError<'ConflictError', string, TDetails> {
  constructor(message: string, details?: TDetails) {
    super(message, details);
    this.name = 'ConflictError';
  }
}

const errorAnswer = (status: number, name: string, message: string, details: unknown = {}): Answer => ({
  status,
  body: { data: null, error: { status, name, message, details } },
});

/** The statuses Strapi's error middleware gives its error classes (not exported by @strapi/core), and ours. */
const STATUSES: [abstract new (...args: never[]) => Error, number][] = [
  [errors.UnauthorizedError, 401],
  [errors.ForbiddenError, 403],
  [errors.NotFoundError, 404],
  [errors.PayloadTooLargeError, 413],
  [errors.RateLimitError, 429],
  [errors.NotImplementedError, 501],
  [ConflictError, 409],
];

/** The answer Strapi gives an application error; undefined for anything else (a 500, left to Strapi). */
export function answerOf(error: unknown): Answer | undefined {
  if (!(error instanceof errors.ApplicationError)) return undefined;
  const status = STATUSES.find(([type]) => error instanceof type)?.[1] ?? 400;
  return errorAnswer(status, error.name, error.message, error.details);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

type Row = Record<string, unknown>;
const claimedKeyOf = (row: Row): ClaimedKey => ({
  fingerprint: row.fingerprint as string,
  state: row.state as ClaimedKey['state'],
  owner: (row.owner as string) ?? null,
  leaseUntil: readDate(row.lease_until) ?? null,
});

/**
 * The Strapi side of idempotent editor actions (domain/idempotency.ts): a key is claimed by one
 * INSERT … ON CONFLICT DO NOTHING on (scope, key), so on SQLite and PostgreSQL, on one instance or many,
 * exactly one request acts; the others wait for its stored answer and give it again.
 */
const createIdempotency = ({ strapi }: { strapi: Core.Strapi }) => {
  const leaseFrom = (now: Date) =>
    new Date(now.getTime() + LEASES_PER_REQUEST * getConfig(strapi).scheduler.leaseSeconds * 1000);
  const knex = (): Knex => strapi.db.connection;
  const table = () => knex()(IDEMPOTENT_REQUESTS);
  let purgedAt = 0;

  /** The action's answer: `{ data }`, or the 4xx it was refused with. A 5xx (or a crash) is thrown. */
  async function attempt(work: () => Promise<unknown>): Promise<Answer> {
    try {
      return { status: 200, body: { data: await work() } };
    } catch (error) {
      const answer = answerOf(error);
      if (!answer || !keepsAnswer(answer.status)) throw error;
      return answer;
    }
  }

  /** Inserts the key as this request's, unless it is there already; the row as it now stands (undefined if released meanwhile). */
  async function claim(
    scope: string,
    key: string,
    fingerprint: string,
    owner: string,
    now: Date
  ): Promise<Row | undefined> {
    await table()
      .insert({
        document_id: newDocumentId(),
        scope,
        idempotency_key: key,
        fingerprint,
        state: 'in_progress',
        owner,
        lease_until: leaseFrom(now),
        created_at: now,
        updated_at: now,
        published_at: now,
      })
      .onConflict(['scope', 'idempotency_key'])
      .ignore();
    return table().where({ scope, idempotency_key: key }).first();
  }

  /** Takes a key whose holder let its lease run out; false when another request took it first. */
  const takeOver = async (row: Row, owner: string, now: Date) =>
    (await table()
      .where({ id: row.id, state: 'in_progress' })
      .andWhere((query) => query.whereNull('lease_until').orWhere('lease_until', '<=', now))
      .update({ owner, lease_until: leaseFrom(now), updated_at: now })) === 1;

  /** Acts as the key's holder: stores a kept answer, releases the key on a failure (so a retry acts). */
  async function act(id: unknown, owner: string, work: () => Promise<unknown>): Promise<Answer> {
    let answer: Answer;
    try {
      answer = await attempt(work);
    } catch (error) {
      await table().where({ id, owner }).del();
      throw error;
    }
    await table()
      .where({ id, owner })
      .update({
        state: 'done',
        owner: null,
        lease_until: null,
        response_status: answer.status,
        response_body: JSON.stringify(answer.body),
        updated_at: new Date(),
      });
    return answer;
  }

  /** Deletes the keys older than RETENTION_MS (by the index on created_at); how many. */
  const purge = (now: Date): Promise<number> =>
    table()
      .where('created_at', '<', new Date(now.getTime() - RETENTION_MS))
      .del();

  /** Runs `work` once for the key in its scope, whatever the number of requests carrying it. */
  async function once(scope: string, key: string, fingerprint: string, work: () => Promise<unknown>): Promise<Answer> {
    const owner = crypto.randomBytes(16).toString('hex');
    const deadline = Date.now() + WAIT_MS;
    if (Date.now() - purgedAt >= PURGE_EVERY_MS) {
      purgedAt = Date.now();
      await purge(new Date());
    }
    for (;;) {
      const now = new Date();
      // No row: the holder released the key (it failed) between the insert and the read; claim it again.
      const row = await claim(scope, key, fingerprint, owner, now);
      if (row) {
        const decision = decide(claimedKeyOf(row), { fingerprint, owner, now });
        if (decision === 'conflict') {
          return errorAnswer(
            422,
            'UnprocessableEntityError',
            `This ${IDEMPOTENCY_HEADER} was already used for another request (another action, record or body): use a new key for a new request.`,
            {
              header: IDEMPOTENCY_HEADER,
            }
          );
        }
        if (decision === 'replay')
          return { status: Number(row.response_status), body: JSON.parse(row.response_body as string) };
        if (decision === 'run' || (decision === 'take-over' && (await takeOver(row, owner, now))))
          return act(row.id, owner, work);
      }
      if (Date.now() >= deadline) {
        return errorAnswer(
          409,
          'ConflictError',
          `A request with this ${IDEMPOTENCY_HEADER} is still being processed: try again in a moment with the same key.`,
          { header: IDEMPOTENCY_HEADER }
        );
      }
      await sleep(POLL_MS);
    }
  }

  return {
    purge,

    /**
     * Answers an editor's action: `work` returns the answer's `data`. With an Idempotency-Key (validated by
     * the controller), the same key with the same request acts once and gets the same status and body,
     * concurrently or later; with another request it is refused (422). Without a key, it just acts.
     * `work` is given a digest of the key in its scope, for what it derives from the key (a delivery's key).
     */
    async respond(
      ctx: IdempotentContext,
      action: IdempotentAction,
      key: string | undefined,
      work: (digest: string | undefined) => Promise<unknown>
    ) {
      const scope = scopeOf(action, ctx.state?.user?.id);
      const answer = key
        ? await once(scope, key, fingerprintOf({ method: ctx.method, path: ctx.path, body: ctx.request.body }), () =>
            work(keyDigest(scope, key))
          )
        : await attempt(() => work(undefined));
      ctx.status = answer.status;
      ctx.body = answer.body;
    },
  };
};

export type Idempotency = ReturnType<typeof createIdempotency>;
export default createIdempotency;
