import { z } from '@strapi/utils';
import type { DeliverySummary } from '../server/src/services/delivery-log';
import type { ServiceOf } from '../server/src/utils';
import { documentId, flag, jsonObjectExpected, target } from '../server/src/validation/admin-input';

/** The admin API's record routes (/reminders/records…), for the panel on a record's Content Manager page. */

type RecordReminders = ServiceOf<'record-reminders'>;
const recordParams = z.object({ target, documentId });

export const searchRecords = {
  params: z.object({ target }),
  query: z.object({
    q: z
      .custom<string>((value) => typeof value === 'string' && value.length <= 100, {
        error: 'q must be a text of at most 100 characters',
      })
      .optional()
      .transform((value) => value?.trim() ?? ''),
  }),
};
export const recordReminders = { params: recordParams };
export const sendNow = {
  params: recordParams,
  body: z.object(
    { rule: documentId, confirm: flag('true (send even if one was sent a moment ago) or false').optional() },
    { error: jsonObjectExpected('{"rule": "<rule documentId>"}') }
  ),
  idempotent: true,
} as const;

export declare namespace SearchRecords {
  interface Response {
    data: Awaited<ReturnType<RecordReminders['search']>>;
  }
}
export declare namespace GetRecordReminders {
  interface Response {
    data: Awaited<ReturnType<RecordReminders['overview']>>;
  }
}
export declare namespace SendNow {
  interface Request {
    body: z.output<typeof sendNow.body>;
  }
  interface Response {
    data: DeliverySummary[];
  }
}
