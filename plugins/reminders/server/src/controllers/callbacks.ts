import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import type { Context } from 'koa';
import { formField } from '../domain/form-fields';
import { readKeyword } from '../domain/opt-out-keywords';
import { secretsMatch } from '../domain/secrets';
import { getConfig, getService } from '../utils';

/**
 * The public URLs Africa's Talking posts to (form-encoded). They are not signed, so each carries the
 * configured secret in its path; a wrong or missing one is refused with 401 before the body is read.
 * Valid callbacks are acknowledged with 200 whatever the outcome (a report for a message id no delivery has
 * yet is kept, `kept`), so Africa's Talking stops retrying. A delivery report's fields are the provider's to read.
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
    const phone = getService(strapi, 'opt-outs').e164(formField(body, name, 40));
    if (!phone) throw new errors.ValidationError(`${name} must be a phone number`);
    return phone;
  }

  return {
    async deliveryReports(ctx: Context) {
      const report = getService(strapi, 'provider').reportReader().parse(formOf(ctx));
      if ('error' in report) throw new errors.ValidationError(report.error);
      const result = await getService(strapi, 'delivery-reports').apply(report);
      ctx.body = { received: true, result };
    },

    async optOuts(ctx: Context) {
      const body = formOf(ctx);
      const phone = phoneOf(body, 'phoneNumber');
      const senderId = formField(body, 'senderId', 32);
      const added = await getService(strapi, 'opt-outs').add(
        phone,
        'provider',
        `Opted out through Africa's Talking${senderId ? ` (sender ${senderId})` : ''}`
      );
      ctx.body = { received: true, added };
    },

    async incomingMessages(ctx: Context) {
      const body = formOf(ctx);
      const phone = phoneOf(body, 'from');
      const text = formField(body, 'text', 1000);
      const intent = readKeyword(text);
      if (intent === 'opt-out')
        await getService(strapi, 'opt-outs').add(phone, 'stop_reply', `Replied "${text?.slice(0, 60)}"`);
      if (intent === 'opt-in') await getService(strapi, 'opt-outs').remove(phone);
      ctx.body = { received: true, intent };
    },
  };
};
