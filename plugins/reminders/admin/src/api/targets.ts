import { useFetchClient } from '@strapi/strapi/admin';
import type { DeleteTarget, ListTargetSummaries, ListTargets, SaveTarget } from '../../../contracts/targets';
import type { TargetMapping } from './types';

/** The Settings page's reminder targets: the host's collection types mapped for rules, and what could be. */
export function useTargetsApi() {
  const { get, put, del } = useFetchClient();
  return {
    /** Every target's key, type and name (any admin). */
    summaries: async () => (await get<ListTargetSummaries.Response>('/reminders/targets')).data.data,
    list: async () => (await get<ListTargets.Response>('/reminders/settings/targets')).data.data,
    /** Maps (or re-maps) a type under `key`; a 400 names each part of the mapping that cannot work. */
    save: async (key: string, mapping: Partial<TargetMapping>) =>
      (
        await put<SaveTarget.Response, Partial<TargetMapping>>(
          `/reminders/settings/targets/${encodeURIComponent(key)}`,
          mapping
        )
      ).data.data,
    /** Unmaps it: the server turns its rules off, saying why. */
    remove: async (key: string) => {
      await del<DeleteTarget.Response>(`/reminders/settings/targets/${encodeURIComponent(key)}`);
    },
  };
}
