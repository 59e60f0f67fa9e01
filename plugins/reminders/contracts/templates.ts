import { z } from '@strapi/utils';
import { isTimeZone } from '../server/src/domain/time-zone';
import type { RenderedMessage } from '../server/src/services/templates';
import { isText, jsonObjectExpected, target } from '../server/src/validation/admin-input';

/** The admin API's template preview (POST /reminders/templates/preview), whose fields a test send takes too. */

export type { RenderedMessage } from '../server/src/services/templates';

/** What a preview reads, in the plugin's languages; the template itself is checked on rendering. */
export const previewFields = (languages: readonly string[]) => ({
  target,
  template: z.custom<string>((value) => isText(value, 2000), {
    error: 'template must be a non-empty message of at most 2000 characters',
  }),
  language: z
    .custom<string>((value) => languages.includes(value as string), {
      error: `language must be one of: ${languages.join(', ')}`,
    })
    .optional(),
  documentId: z
    .custom<string>((value) => isText(value, 64), { error: 'documentId must be the documentId of a record' })
    .optional(),
  timezone: z
    .custom<string>(isTimeZone, { error: 'timezone must be an IANA time zone such as Africa/Nairobi' })
    .optional(),
});

/** Whether the preview is of a rule with the opt-out footer (the default) and one allowing replies (not). */
const ruleFlags = {
  optOutFooter: z.boolean({ error: 'optOutFooter must be true or false' }).optional(),
  allowReplies: z.boolean({ error: 'allowReplies must be true or false' }).optional(),
};

export const previewTemplate = ({ languages }: { languages: readonly string[] }) => ({
  body: z.object(
    { ...previewFields(languages), ...ruleFlags },
    {
      error: jsonObjectExpected('{"target": "invoice", "template": "Hi {{ customer.name }}"}'),
    }
  ),
});

export declare namespace PreviewTemplate {
  interface Request {
    body: z.output<ReturnType<typeof previewTemplate>['body']>;
  }
  interface Response {
    data: RenderedMessage;
  }
}
