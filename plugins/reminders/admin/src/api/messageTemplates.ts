import { useFetchClient } from '@strapi/strapi/admin';
import type {
  DeleteMessageTemplate,
  GetMessageTemplate,
  ListMessageTemplates,
  SaveMessageTemplate,
} from '../../../contracts/message-templates';

/** The template library: the Templates pages and the rule editor's choice of a template. */
export function useMessageTemplatesApi() {
  const { get, post, put, del } = useFetchClient();
  return {
    list: async () => (await get<ListMessageTemplates.Response>('/reminders/message-templates')).data.data,
    get: async (documentId: string) =>
      (await get<GetMessageTemplate.Response>(`/reminders/message-templates/${documentId}`)).data.data,
    create: async (template: SaveMessageTemplate.Request['body']) =>
      (await post<SaveMessageTemplate.Response>('/reminders/message-templates', template)).data.data,
    update: async (documentId: string, template: SaveMessageTemplate.Request['body']) =>
      (await put<SaveMessageTemplate.Response>(`/reminders/message-templates/${documentId}`, template)).data.data,
    remove: async (documentId: string) => {
      await del<DeleteMessageTemplate.Response>(`/reminders/message-templates/${documentId}`);
    },
  };
}
