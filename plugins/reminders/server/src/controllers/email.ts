import type { Core } from '@strapi/strapi';
import { type GetEmailSettings, type TestEmailResult, testEmail } from '../../../contracts/email';
import { settleOutcome } from '../domain/send-outcome';
import { type AdminContext, validateRequest } from '../validation/validate-request';
import { getService } from '../utils';

/** The test e-mail: short, the same for everyone, sent the way reminder e-mails go. */
const TEST_MESSAGE = {
  subject: 'Test e-mail from SMS Reminders',
  text: 'This test e-mail was sent from the SMS Reminders settings page. Reminder e-mails go out the same way.',
  html: '<p>This test e-mail was sent from the SMS Reminders settings page. Reminder e-mails go out the same way.</p>',
  headers: {},
};

/** Admin: the Settings page's e-mail section. */
export default ({ strapi }: { strapi: Core.Strapi }) => ({
  /** GET /reminders/email: the email plugin's provider and addresses, never its options. */
  async settings(ctx: AdminContext) {
    ctx.body = { data: getService(strapi, 'email-sender').settings() } satisfies GetEmailSettings.Response;
  },

  /** POST /reminders/email/test { to }: one test e-mail now; answers what the provider said. */
  async test(ctx: AdminContext) {
    const {
      body: { to },
      idempotencyKey,
    } = validateRequest(ctx, testEmail);
    const sender = getService(strapi, 'email-sender').get();
    await getService(strapi, 'idempotency').respond(ctx, 'test-email', idempotencyKey, async () => {
      const outcome = await sender.send({ to, ...TEST_MESSAGE });
      const settled = settleOutcome(outcome);
      const data: TestEmailResult = {
        to,
        sender: sender.name,
        status: settled.status,
        detail: settled.detail,
        messageId: settled.columns.provider_message_id ?? null,
        errorCode: settled.columns.error_code,
        simulated: outcome.kind === 'accepted' && Boolean(outcome.simulated),
      };
      return data;
    });
  },
});
