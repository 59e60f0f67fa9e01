import { z } from '@strapi/utils';
import { MESSAGE_TEMPLATE_FIELDS, type TemplateUser } from '../server/src/services/message-templates';
import { documentId, jsonObjectExpected, optionalParam, target } from '../server/src/validation/admin-input';

/** The admin API's template library routes (/reminders/message-templates…): what each takes and answers. */

export type { TemplateUser };

/** A template of the library as the Templates page reads and writes it (content-types/message-template). */
export interface MessageTemplate {
  id?: number;
  documentId?: string;
  name: string;
  /** The key of the target whose rules may choose it (its variables are that target's). */
  target: string;
  /** The message per language, written and checked as a rule's `templates`. */
  messages: Record<string, string>;
  description?: string | null;
}
export type StoredMessageTemplate = MessageTemplate & { documentId: string };

const isJsonObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** The fields of a body, checked as given (the Document Service checks the values); another field is refused by name. */
const templateFields = z
  .custom<Partial<MessageTemplate>>(isJsonObject, {
    error: jsonObjectExpected('{"name": "…", "target": "invoice", "messages": {"en": "…"}}'),
  })
  .check((ctx) => {
    for (const key of Object.keys(ctx.value)) {
      if ((MESSAGE_TEMPLATE_FIELDS as readonly string[]).includes(key)) continue;
      ctx.issues.push({
        code: 'custom',
        path: [key],
        input: ctx.value,
        message: `${key} is not a field of a message template (fields: ${MESSAGE_TEMPLATE_FIELDS.join(', ')})`,
      });
    }
  });

const templateParams = z.object({ documentId });

export const listMessageTemplates = { query: z.object({ target: optionalParam(target) }) };
export const getMessageTemplate = { params: templateParams };
export const createMessageTemplate = { body: templateFields };
export const updateMessageTemplate = { params: templateParams, body: templateFields };
export const deleteMessageTemplate = { params: templateParams };

export declare namespace ListMessageTemplates {
  interface Response {
    data: StoredMessageTemplate[];
  }
}
/** GET /message-templates/:documentId: the template and the rules that send it. */
export declare namespace GetMessageTemplate {
  interface Response {
    data: StoredMessageTemplate & { usedBy: TemplateUser[] };
  }
}
export declare namespace SaveMessageTemplate {
  interface Request {
    body: Partial<MessageTemplate>;
  }
  interface Response {
    data: StoredMessageTemplate;
  }
}
export declare namespace DeleteMessageTemplate {
  interface Response {
    data: { documentId: string };
  }
}
