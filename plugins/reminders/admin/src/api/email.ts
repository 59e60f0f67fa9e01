import { useFetchClient } from '@strapi/strapi/admin';
import type { KeyHeaders } from '../hooks/useIdempotencyKey';
import type { GetEmailSettings, TestEmail } from '../../../contracts/email';

export type { EmailSettings, TestEmailResult } from '../../../contracts/email';

/** The Settings page's e-mail section: what sends reminder e-mails, and a test e-mail. */
export function useEmailApi() {
  const { get, post } = useFetchClient();
  return {
    get: async () => (await get<GetEmailSettings.Response>('/reminders/email')).data.data,
    test: async (to: string, headers: KeyHeaders) =>
      (await post<TestEmail.Response, TestEmail.Request['body']>('/reminders/email/test', { to }, { headers })).data
        .data,
  };
}
