import { z } from '@strapi/utils';
import type { TestSendResult } from '../server/src/services/test-send';
import { phoneNumber, target } from '../server/src/validation/admin-input';
import { type PreviewTemplate, previewFields } from './templates';

/** The admin API's test send (POST /reminders/test-send): one SMS now, from a template, to any number. */

export type { TestSendResult } from '../server/src/services/test-send';

const asObject = (body: unknown) => (typeof body === 'object' && body !== null && !Array.isArray(body) ? body : {});

export const testSend = ({ languages, defaultRegion }: { languages: readonly string[]; defaultRegion: string }) => ({
  // No body reads as an empty one, whose phone is missing.
  body: z.preprocess(
    asObject,
    z.object({
      phone: phoneNumber(defaultRegion, (raw) => `phone ${JSON.stringify(raw ?? null)} is not a phone number`),
      ...previewFields(languages),
      target: target.default('invoice'),
    })
  ),
  idempotent: true as const,
});

export declare namespace TestSend {
  interface Request {
    body: { phone: string } & Pick<PreviewTemplate.Request['body'], 'template'> &
      Partial<PreviewTemplate.Request['body']>;
  }
  interface Response {
    data: TestSendResult;
  }
}
