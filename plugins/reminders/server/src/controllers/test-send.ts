import type { Core } from '@strapi/strapi';
import type { FieldError } from '../domain/field-errors';
import { readIdempotencyKey } from '../domain/idempotency';
import type { IdempotentContext } from '../services/idempotency';
import { refuse } from '../validation/refuse';
import { readPreviewRequest, renderPreview } from './templates';
import { getConfig, getService } from '../utils';


export default ({ strapi }: { strapi: Core.Strapi }) => ({
  /**
   * POST /reminders/test-send { phone, template, target?, documentId?, language? }, Idempotency-Key
   * optional: one SMS with the template rendered against the record (or sample data), sent now and
   * recorded in the delivery log.
   */
  async send(ctx: IdempotentContext & { request: { body?: unknown; headers: Record<string, unknown> } }) {
    const problems: FieldError[] = [];
    const key = readIdempotencyKey(ctx.request.headers, problems);
    if (problems.length) throw refuse(problems);
    const body = (ctx.request.body ?? {}) as Record<string, unknown>;
    const { languages } = getConfig(strapi);
    const optOuts = getService(strapi, 'opt-outs');
    const phone = optOuts.e164(body.phone);
    if (!phone) throw refuse([{ path: 'phone', message: `phone ${JSON.stringify(body.phone ?? null)} is not a phone number` }]);
    if (await optOuts.isOptedOut(phone)) throw refuse([{ path: 'phone', message: 'phone has opted out of SMS: nothing is ever sent to it' }]);
    const request = readPreviewRequest({ target: 'invoice', ...body, phone: undefined }, languages);
    const message = await renderPreview(strapi, request);
    if (message.segments === 0) throw refuse([{ path: 'template', message: 'template renders an empty message: there is nothing to send' }]);
    const sender = getService(strapi, 'test-send');
    await getService(strapi, 'idempotency').respond(ctx, 'test-send', key, (keyDigest) => sender.send(phone, message, keyDigest));
  },
});
