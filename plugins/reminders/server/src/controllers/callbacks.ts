import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import type { Context } from 'koa';
import { readKeyword } from '../domain/opt-out-keywords';
import { secretsMatch } from '../domain/secrets';
import { getConfig, getService } from '../utils';

/** A trimmed, bounded text field of a form-encoded body, or undefined. */
const field = (body: Record<string, unknown>, name: string, max: number) => {
  const value = body[name];
  return typeof value === 'string' && value.trim() !== '' && value.length <= max ? value.trim() : undefined;
};

/**
 * The public URLs Africa's Talking posts to (form-encoded). They are not signed, so each carries the
 * configured secret in its path; a wrong or missing one is refused with 401 before the body is read.
 * Valid callbacks are acknowledged with 200 whatever the outcome (a report for a message id no delivery has
 * yet is kept, `kept`), so Africa's Talking stops retrying.
 */
export default ({ strapi }: { strapi: Core.Strapi }) => {

  function formOf(ctx: Context): Record<string, unknown> {
    const { callbackSecret } = getConfig(strapi);
    if (!secretsMatch(ctx.params.secret, callbackSecret)) throw new errors.UnauthorizedError('Unknown callback URL');
    const body = (ctx.request as { body?: unknown }).body;
    return typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
  }

  /** The sender's number in E.164, or a 400. */
  function phoneOf(body: Record<string, unknown>, name: string): string {
    const phone = getService(strapi, 'opt-outs').e164(field(body, name, 40));
    if (!phone) throw new errors.ValidationError(`${name} must be a phone number`);
    return phone;
  }

  return {
    async deliveryReports(ctx: Context) {
      const body = formOf(ctx);
      const id = field(body, 'id', 128);
      const status = field(body, 'status', 64);
      if (!id || !status) throw new errors.ValidationError('A delivery report needs an id and a status');
      // The number and retry count are optional: one that cannot be read is left out, the report still counts.
      const phone = getService(strapi, 'opt-outs').e164(field(body, 'phoneNumber', 40));
      const retryCount = field(body, 'retryCount', 6);
      const result = await getService(strapi, 'delivery-reports').apply({
        id,
        status,
        ...(phone ? { phone } : {}),
        networkCode: field(body, 'networkCode', 32),
        failureReason: field(body, 'failureReason', 64),
        ...(retryCount && /^\d+$/.test(retryCount) ? { retryCount: Number(retryCount) } : {}),
      });
      ctx.body = { received: true, result };
    },

    async optOuts(ctx: Context) {
      const body = formOf(ctx);
      const phone = phoneOf(body, 'phoneNumber');
      const senderId = field(body, 'senderId', 32);
      const added = await getService(strapi, 'opt-outs').add(phone, 'provider', `Opted out through Africa's Talking${senderId ? ` (sender ${senderId})` : ''}`);
      ctx.body = { received: true, added };
    },

    async incomingMessages(ctx: Context) {
      const body = formOf(ctx);
      const phone = phoneOf(body, 'from');
      const text = field(body, 'text', 1000);
      const intent = readKeyword(text);
      if (intent === 'opt-out') await getService(strapi, 'opt-outs').add(phone, 'stop_reply', `Replied "${text?.slice(0, 60)}"`);
      if (intent === 'opt-in') await getService(strapi, 'opt-outs').remove(phone);
      ctx.body = { received: true, intent };
    },
  };
};
