import { useResource } from '../api/request';
import { useTargetsApi } from '../api/targets';
import type { TargetSummary } from '../api/types';
import { targetLabel } from '../components/labels';
import { useT } from './useT';

export type TargetEntry = TargetSummary;

/**
 * Every target by key: the built-ins and the host's mapped types (GET /reminders/targets, which any admin
 * may read). While they load, or when they cannot, none. `enabled` false: none, without asking.
 */
export function useTargets(enabled = true) {
  const t = useT();
  const api = useTargetsApi();
  const summaries = useResource(() => api.summaries(), [], enabled);
  const targets: Record<string, TargetEntry> = Object.fromEntries(
    (summaries.data ?? []).map((target) => [target.key, target])
  );
  return {
    targets,
    /** Still asking which targets there are. */
    isLoading: summaries.isLoading,
    /** A target's key in words (a key no longer mapped: the key itself). */
    label: (key: string) => targetLabel(t, key, targets[key]),
    /** The target a content type is, if it is one. */
    keyOf: (uid: string) => Object.values(targets).find((target) => target.uid === uid)?.key,
  };
}
