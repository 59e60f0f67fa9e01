import type { z } from '@strapi/utils';
import type { FieldError } from '../domain/field-errors';
import { readIdempotencyKey } from '../domain/idempotency';
import type { IdempotentContext } from '../services/idempotency';
import { refuse } from './refuse';

/** What an admin controller reads of Koa's context; the one type every admin handler takes. */
export interface AdminContext extends IdempotentContext {
  params: Record<string, unknown>;
  query: Record<string, unknown>;
  request: { body?: unknown; headers: Record<string, unknown> };
  state?: {
    user?: {
      id?: string | number;
      firstname?: string | null;
      lastname?: string | null;
      username?: string | null;
      email?: string;
    };
  };
}

/** A route's input as its contract (contracts) checks it; `idempotent` routes also read an Idempotency-Key. */
export interface RequestSchemas {
  params?: z.ZodType;
  query?: z.ZodType;
  body?: z.ZodType;
  idempotent?: true;
}

type Part<S, Name extends 'params' | 'query' | 'body'> =
  S extends Record<Name, z.ZodType> ? z.output<S[Name]> : undefined;

export type ValidatedRequest<S extends RequestSchemas> = {
  params: Part<S, 'params'>;
  query: Part<S, 'query'>;
  body: Part<S, 'body'>;
  idempotencyKey: string | undefined;
};

/**
 * Checks every part of a request against its route's schemas, then answers one 400 (`refuse`) naming each
 * field wrong in any part, or gives the checked input. A problem with the body as a whole is named `body`.
 */
export function validateRequest<S extends RequestSchemas>(ctx: AdminContext, schemas: S): ValidatedRequest<S> {
  const problems: FieldError[] = [];
  const read = (part: 'params' | 'query' | 'body', input: unknown) => {
    const schema = schemas[part];
    if (!schema) return undefined;
    const result = schema.safeParse(input);
    if (result.success) return result.data;
    problems.push(
      ...result.error.issues.map((issue) => ({ path: issue.path.join('.') || part, message: issue.message }))
    );
    return undefined;
  };
  const input = {
    params: read('params', ctx.params),
    query: read('query', ctx.query),
    body: read('body', ctx.request.body),
    idempotencyKey: schemas.idempotent ? readIdempotencyKey(ctx.request.headers, problems) : undefined,
  };
  if (problems.length) throw refuse(problems);
  return input as ValidatedRequest<S>;
}
