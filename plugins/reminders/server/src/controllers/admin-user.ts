import type { Core } from '@strapi/strapi';
import type { IdempotentAction } from '../domain/idempotency';
import type { AdminContext } from '../validation/validate-request';
import { getService } from '../utils';

/** How an editor is named in a delivery's timeline: "Ada Lovelace", else their email. */
export function editorName(ctx: {
  state?: { user?: { firstname?: string | null; lastname?: string | null; username?: string | null; email?: string } };
}): string {
  const user = ctx.state?.user;
  if (!user) return 'an editor';
  const name = [user.firstname, user.lastname].filter(Boolean).join(' ').trim();
  return name || user.username || user.email || 'an editor';
}

/** An editor's action (retry a delivery, apply a reply…), answered once per Idempotency-Key, `run` given their name. */
export const editorAction =
  (strapi: Core.Strapi) =>
  (ctx: AdminContext, action: IdempotentAction, key: string | undefined, run: (editor: string) => Promise<unknown>) =>
    getService(strapi, 'idempotency').respond(ctx, action, key, () => run(editorName(ctx)));
