import { useFetchClient } from '@strapi/strapi/admin';
import type { Dashboard } from './types';

export function useDashboardApi() {
  const { get } = useFetchClient();
  return {
    summary: async (days: number) => (await get<{ data: Dashboard }>('/reminders/dashboard', { params: { days } })).data.data,
  };
}
