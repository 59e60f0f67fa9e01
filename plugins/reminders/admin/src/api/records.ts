import { useFetchClient } from '@strapi/strapi/admin';
import type { KeyHeaders } from '../hooks/useIdempotencyKey';
import type { GetRecordReminders, SendNow } from '../../../contracts/records';
import type { Target } from './types';

/** One record's reminders (an invoice, an appointment, a host type's record), for the panel on its Content Manager page. */
export function useRecordsApi() {
  const { get, post } = useFetchClient();
  return {
    reminders: async (target: Target, documentId: string) =>
      (await get<GetRecordReminders.Response>(`/reminders/records/${target}/${documentId}/reminders`)).data.data,
    /** `confirm`: send even though the rule sent to the record a few minutes ago (else a 409 asks). */
    sendNow: async (target: Target, documentId: string, rule: string, confirm: boolean, headers: KeyHeaders) =>
      (
        await post<SendNow.Response, SendNow.Request['body']>(
          `/reminders/records/${target}/${documentId}/send-now`,
          confirm ? { rule, confirm } : { rule },
          { headers }
        )
      ).data.data,
  };
}
