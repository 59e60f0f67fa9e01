import type { Core } from '@strapi/strapi';
import { testSend } from '../../../contracts/test-send';
import { refuse } from '../validation/refuse';
import { type AdminContext, validateRequest } from '../validation/validate-request';
import { renderPreview } from './templates';
import { getConfig, getService } from '../utils';

export default ({ strapi }: { strapi: Core.Strapi }) => ({
  /**
   * POST /reminders/test-send { phone, template, target?, documentId?, language? }, Idempotency-Key
   * optional: one SMS with the template rendered against the record (or sample data), sent now and
   * recorded in the delivery log.
   */
  async send(ctx: AdminContext) {
    const {
      body: { phone, ...request },
      idempotencyKey,
    } = validateRequest(ctx, testSend(getConfig(strapi)));
    if (await getService(strapi, 'opt-outs').isOptedOut(phone))
      throw refuse([{ path: 'phone', message: 'phone has opted out of SMS: nothing is ever sent to it' }]);
    // A test send is not a reminder: no opt-out footer (its number is not a customer's), no reply hint.
    const message = await renderPreview(strapi, { ...request, optOutFooter: false });
    if (message.segments === 0)
      throw refuse([{ path: 'template', message: 'template renders an empty message: there is nothing to send' }]);
    const sender = getService(strapi, 'test-send');
    await getService(strapi, 'idempotency').respond(ctx, 'test-send', idempotencyKey, (keyDigest) =>
      sender.send(phone, message, keyDigest)
    );
  },
});
