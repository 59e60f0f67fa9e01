import { useFetchClient } from '@strapi/strapi/admin';
import type { KeyHeaders } from '../hooks/useIdempotencyKey';
import type { Settings, Target, TestSendResult } from './types';

export interface TestSendRequest {
  phone: string;
  template: string;
  target?: Target;
  documentId?: string;
  language?: string;
}

/** The settings page: configuration (key masked), callback URLs, resuming a paused sender, the test send. */
export function useSettingsApi() {
  const { get, post } = useFetchClient();
  return {
    get: async () => (await get<{ data: Settings }>('/reminders/settings')).data.data,
    resumeSending: async () => {
      await post('/reminders/settings/resume-sending');
    },
    testSend: async (request: TestSendRequest, headers: KeyHeaders) => (await post<{ data: TestSendResult }>('/reminders/test-send', request, { headers })).data.data,
  };
}
