import { useFetchClient } from '@strapi/strapi/admin';
import type { KeyHeaders } from '../hooks/useIdempotencyKey';
import type { GetDelivery, ListDeliveries, ListUnmatchedReports, ResolveDelivery } from '../../../contracts/deliveries';
import type { PreviewSchedule, Tick } from '../../../contracts/scheduler';
import type { DeliveryFilters } from './types';

/** The delivery log, the editor's actions on it, the upcoming schedule and the tick. */
export function useDeliveriesApi() {
  const { get, post } = useFetchClient();
  return {
    list: async (filters: DeliveryFilters, page: number, pageSize: number) => {
      const params: Record<string, string | number> = { page, pageSize };
      for (const [key, value] of Object.entries(filters)) {
        if (Array.isArray(value) ? value.length : value)
          params[key] = Array.isArray(value) ? value.join(',') : (value as string);
      }
      return (await get<ListDeliveries.Response>('/reminders/deliveries', { params })).data;
    },
    get: async (documentId: string) =>
      (await get<GetDelivery.Response>(`/reminders/deliveries/${documentId}`)).data.data,
    retry: async (documentId: string, headers: KeyHeaders) =>
      (await post<GetDelivery.Response>(`/reminders/deliveries/${documentId}/retry`, undefined, { headers })).data.data,
    cancel: async (documentId: string, headers: KeyHeaders) =>
      (await post<GetDelivery.Response>(`/reminders/deliveries/${documentId}/cancel`, undefined, { headers })).data
        .data,
    resolve: async (documentId: string, sent: boolean, headers: KeyHeaders) =>
      (
        await post<GetDelivery.Response, ResolveDelivery.Request['body']>(
          `/reminders/deliveries/${documentId}/resolve`,
          { sent },
          { headers }
        )
      ).data.data,
    unmatchedReports: async (page: number, pageSize: number) =>
      (
        await get<ListUnmatchedReports.Response>('/reminders/deliveries/unmatched-reports', {
          params: { page, pageSize },
        })
      ).data,
    /** A page of what will be sent in (from, to], of one rule or one record (of its target) when `only` says so. */
    upcoming: async (from: Date, to: Date, only: Omit<PreviewSchedule.Filters, 'from' | 'to'> = {}) =>
      (
        await get<PreviewSchedule.Response>('/reminders/scheduler/preview', {
          params: { from: from.toISOString(), to: to.toISOString(), ...only },
        })
      ).data,
    tick: async () => (await post<Tick.Response>('/reminders/scheduler/tick')).data.data,
  };
}
