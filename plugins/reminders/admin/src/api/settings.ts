import { useFetchClient } from '@strapi/strapi/admin';
import type { KeyHeaders } from '../hooks/useIdempotencyKey';
import type {
  GetSettings,
  OptOutFooterSettings,
  ProtectionSettings,
  ResumeSending,
  SaveOptOutFooter,
  SaveProtection,
  SaveSpendingCap,
  SpendingSettings,
} from '../../../contracts/settings';
import type { TestSend } from '../../../contracts/test-send';

export type TestSendRequest = TestSend.Request['body'];
export type { OptOutFooterSettings, ProtectionSettings, SpendingSettings };

/** The settings page: configuration (key masked), callback URLs, resuming a paused sender, the test send. */
export function useSettingsApi() {
  const { get, post, put } = useFetchClient();
  return {
    get: async () => (await get<GetSettings.Response>('/reminders/settings')).data.data,
    saveProtection: async (settings: SaveProtection.Request['body']) =>
      (await put<SaveProtection.Response, SaveProtection.Request['body']>('/reminders/settings/protection', settings))
        .data.data,
    saveSpendingCap: async (cap: SaveSpendingCap.Request['body']) =>
      (await put<SaveSpendingCap.Response, SaveSpendingCap.Request['body']>('/reminders/settings/spending-cap', cap))
        .data.data,
    saveOptOutFooter: async (settings: SaveOptOutFooter.Request['body']) =>
      (
        await put<SaveOptOutFooter.Response, SaveOptOutFooter.Request['body']>(
          '/reminders/settings/opt-out-footer',
          settings
        )
      ).data.data,
    resumeSending: async () => {
      await post<ResumeSending.Response>('/reminders/settings/resume-sending');
    },
    testSend: async (request: TestSendRequest, headers: KeyHeaders) =>
      (await post<TestSend.Response, TestSendRequest>('/reminders/test-send', request, { headers })).data.data,
  };
}
