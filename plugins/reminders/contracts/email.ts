import { z } from '@strapi/utils';
import { normaliseEmail } from '../server/src/domain/email-address';
import type { EmailSettings } from '../server/src/services/email-sender';
import type { DeliveryStatus } from '../server/src/domain/delivery-status';

/** The admin API's e-mail routes (/reminders/email…): what sends reminder e-mails, and a test e-mail. */

export type { EmailSettings };

const asObject = (body: unknown) => (typeof body === 'object' && body !== null && !Array.isArray(body) ? body : {});

/** POST /reminders/email/test { "to": "a@b.c" }, Idempotency-Key optional. */
export const testEmail = {
  // No body reads as an empty one, whose `to` is missing.
  body: z.preprocess(
    asObject,
    z.object({
      to: z.unknown().transform((raw, ctx) => {
        const address = normaliseEmail(raw);
        if (address.ok) return address.address;
        ctx.issues.push({ code: 'custom', input: raw, message: `to ${address.problem}` });
        return z.NEVER;
      }),
    })
  ),
  idempotent: true as const,
};

/** What the test e-mail's send answered, as the delivery log would settle it. */
export interface TestEmailResult {
  to: string;
  /** The sender it went through: email-plugin or outbox. */
  sender: string;
  status: Extract<DeliveryStatus, 'accepted' | 'rejected' | 'failed' | 'unknown'>;
  /** The provider's words: "250 Accepted", or why not. */
  detail: string;
  messageId: string | null;
  errorCode: string | null;
  simulated: boolean;
}

export declare namespace GetEmailSettings {
  interface Response {
    data: EmailSettings;
  }
}
export declare namespace TestEmail {
  interface Request {
    body: { to: string };
  }
  interface Response {
    data: TestEmailResult;
  }
}
