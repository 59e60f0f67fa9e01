import { useFetchClient } from '@strapi/strapi/admin';
import type { SearchRecords } from '../../../contracts/records';
import type {
  DeleteRule,
  GetRule,
  GetRuleOptions,
  ListRules,
  PreviewRule,
  RuleOverlapCheck,
  SaveRule,
} from '../../../contracts/rules';
import type { Target } from './types';

/** Rules, the rule editor's options, template previews and the records to preview against. */
export function useRulesApi() {
  const { get, post, put, del } = useFetchClient();
  return {
    list: async (page: number, pageSize: number) =>
      (await get<ListRules.Response>('/reminders/rules', { params: { page, pageSize } })).data,
    options: async () => (await get<GetRuleOptions.Response>('/reminders/rules/options')).data.data,
    get: async (documentId: string) => (await get<GetRule.Response>(`/reminders/rules/${documentId}`)).data.data,
    create: async (rule: SaveRule.Request['body']) =>
      (await post<SaveRule.Response>('/reminders/rules', rule)).data.data,
    update: async (documentId: string, rule: SaveRule.Request['body']) =>
      (await put<SaveRule.Response>(`/reminders/rules/${documentId}`, rule)).data.data,
    setEnabled: async (documentId: string, enabled: boolean) =>
      (await put<SaveRule.Response>(`/reminders/rules/${documentId}/enabled`, { enabled })).data.data,
    remove: async (documentId: string) => {
      await del<DeleteRule.Response>(`/reminders/rules/${documentId}`);
    },
    /** A rule being edited: its sends for a record, each rendered as it will read when sent. */
    previewRule: async (request: PreviewRule.Request['body']) =>
      (await post<PreviewRule.Response>('/reminders/rules/preview', request)).data.data,
    /** The enabled rules sharing records with a rule being edited, and one record's combined schedule. */
    overlap: async (request: RuleOverlapCheck.Request['body']) =>
      (await post<RuleOverlapCheck.Response>('/reminders/rules/overlap', request)).data.data,
    records: async (target: Target, query: string) =>
      (await get<SearchRecords.Response>(`/reminders/records/${target}`, { params: query ? { q: query } : {} })).data
        .data,
  };
}
