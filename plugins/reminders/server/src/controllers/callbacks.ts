import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import type { Context } from 'koa';
import { formField } from '../domain/form-fields';
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

    /**
     * An SMS a customer sent: stored and acted on once (services/replies), answered 200 whatever it says,
     * with what was understood and done. Text beyond 1,600 characters (ten SMS) is cut; NUL characters, which
     * no SMS carries and PostgreSQL refuses, are dropped.
     */
    async incomingMessages(ctx: Context) {
      const body = formOf(ctx);
      const phone = phoneOf(body, 'from');
      const raw = body.text;
      const text = typeof raw === 'string' ? raw.replaceAll('\0', '').trim().slice(0, 1600) : '';
      const result = await getService(strapi, 'replies').receive({
        phone,
        to: formField(body, 'to', 40) ?? null,
        text,
        id: formField(body, 'id', 128) ?? null,
        linkId: formField(body, 'linkId', 128) ?? null,
        date: formField(body, 'date', 40) ?? null,
      });
      ctx.body = { received: true, ...result };
    },
  };
};
