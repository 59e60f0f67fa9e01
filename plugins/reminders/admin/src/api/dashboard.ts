import { useFetchClient } from '@strapi/strapi/admin';
import type { DashboardSummary } from '../../../contracts/dashboard';

export function useDashboardApi() {
  const { get } = useFetchClient();
  return {
    summary: async (days: number) =>
      (await get<DashboardSummary.Response>('/reminders/dashboard', { params: { days } })).data.data,
  };
}
