import { useFetchClient } from '@strapi/strapi/admin';
import type { Settings, Target, TestSendResult } from './types';

/** The settings page: configuration (key masked), callback URLs, resuming a paused sender, the test send. */
export function useSettingsApi() {
  const { get, post } = useFetchClient();
  return {
    get: async () => (await get<{ data: Settings }>('/reminders/settings')).data.data,
    resumeSending: async () => {
      await post('/reminders/settings/resume-sending');
    },
    testSend: async (request: { phone: string; template: string; target?: Target; documentId?: string; language?: string }) =>
      (await post<{ data: TestSendResult }>('/reminders/test-send', request)).data.data,
  };
}
