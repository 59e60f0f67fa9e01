import { useFetchClient } from '@strapi/strapi/admin';
import type { KeyHeaders } from '../hooks/useIdempotencyKey';
import type { DeliveryDetail, DeliveryFilters, DeliverySummary, Pagination, TickReport, UnmatchedReport, UpcomingItem } from './types';

/** The delivery log, the editor's actions on it, the upcoming schedule and the tick. */
export function useDeliveriesApi() {
  const { get, post } = useFetchClient();
  return {
    list: async (filters: DeliveryFilters, page: number, pageSize: number) => {
      const params: Record<string, string | number> = { page, pageSize };
      for (const [key, value] of Object.entries(filters)) {
        if (Array.isArray(value) ? value.length : value) params[key] = Array.isArray(value) ? value.join(',') : (value as string);
      }
      return (await get<{ data: DeliverySummary[]; meta: { pagination: Pagination } }>('/reminders/deliveries', { params })).data;
    },
    get: async (documentId: string) => (await get<{ data: DeliveryDetail }>(`/reminders/deliveries/${documentId}`)).data.data,
    retry: async (documentId: string, headers: KeyHeaders) => (await post<{ data: DeliveryDetail }>(`/reminders/deliveries/${documentId}/retry`, undefined, { headers })).data.data,
    cancel: async (documentId: string, headers: KeyHeaders) => (await post<{ data: DeliveryDetail }>(`/reminders/deliveries/${documentId}/cancel`, undefined, { headers })).data.data,
    resolve: async (documentId: string, sent: boolean, headers: KeyHeaders) =>
      (await post<{ data: DeliveryDetail }>(`/reminders/deliveries/${documentId}/resolve`, { sent }, { headers })).data.data,
    unmatchedReports: async (page: number, pageSize: number) =>
      (await get<{ data: UnmatchedReport[]; meta: { pagination: Pagination } }>('/reminders/deliveries/unmatched-reports', { params: { page, pageSize } })).data,
    upcoming: async (from: Date, to: Date) =>
      (await get<{ data: UpcomingItem[]; meta: { count: number } }>('/reminders/scheduler/preview', { params: { from: from.toISOString(), to: to.toISOString() } })).data.data,
    tick: async () => (await post<{ data: TickReport }>('/reminders/scheduler/tick')).data.data,
  };
}
