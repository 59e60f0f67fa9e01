import { useFetchClient } from '@strapi/strapi/admin';
import type { DeliverySummary, RecordReminders, Target } from './types';

/** One invoice's or appointment's reminders, for the panel on its Content Manager page. */
export function useRecordsApi() {
  const { get, post } = useFetchClient();
  return {
    reminders: async (target: Target, documentId: string) => (await get<{ data: RecordReminders }>(`/reminders/records/${target}/${documentId}/reminders`)).data.data,
    sendNow: async (target: Target, documentId: string, rule: string) =>
      (await post<{ data: DeliverySummary[] }>(`/reminders/records/${target}/${documentId}/send-now`, { rule })).data.data,
  };
}
