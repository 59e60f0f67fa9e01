import { useFetchClient } from '@strapi/strapi/admin';
import type { Pagination, RecordOption, Rule, RuleOptions, RuleWithStats, Target, TemplatePreview } from './types';

/** Rules, the rule editor's options, template previews and the records to preview against. */
export function useRulesApi() {
  const { get, post, put, del } = useFetchClient();
  return {
    list: async (page: number, pageSize: number) =>
      (await get<{ data: RuleWithStats[]; meta: { pagination: Pagination } }>('/reminders/rules', { params: { page, pageSize } })).data,
    options: async () => (await get<{ data: RuleOptions }>('/reminders/rules/options')).data.data,
    get: async (documentId: string) => (await get<{ data: RuleWithStats }>(`/reminders/rules/${documentId}`)).data.data,
    create: async (rule: Partial<Rule>) => (await post<{ data: Rule & { documentId: string } }>('/reminders/rules', rule)).data.data,
    update: async (documentId: string, rule: Partial<Rule>) => (await put<{ data: Rule & { documentId: string } }>(`/reminders/rules/${documentId}`, rule)).data.data,
    setEnabled: async (documentId: string, enabled: boolean) => (await put<{ data: Rule }>(`/reminders/rules/${documentId}/enabled`, { enabled })).data.data,
    remove: async (documentId: string) => {
      await del(`/reminders/rules/${documentId}`);
    },
    preview: async (request: { target: Target; template: string; language?: string; documentId?: string; timezone?: string }) =>
      (await post<{ data: TemplatePreview }>('/reminders/templates/preview', request)).data.data,
    records: async (target: Target, query: string) =>
      (await get<{ data: RecordOption[] }>(`/reminders/records/${target}`, { params: query ? { q: query } : {} })).data.data,
  };
}
