import { useFetchClient } from '@strapi/strapi/admin';
import type { KeyHeaders } from '../hooks/useIdempotencyKey';
import type {
  ActOnReply,
  ListCancelWordOptOuts,
  ListReplies,
  ReplyIntent,
  ReplyStatus,
} from '../../../contracts/replies';

/** What an editor may ask of an open reply: carry out an intent (on a chosen record), ignore it, or close it as handled. */
export interface ApplyInput {
  intent?: ReplyIntent;
  record?: { target: string; documentId: string };
}

/** The inbox of customer replies, the editor's actions on them, and the opt-outs a "CANCEL" reply made before. */
export function useRepliesApi() {
  const { get, post } = useFetchClient();
  const act = async (path: string, body: unknown, headers: KeyHeaders) =>
    (await post<ActOnReply.Response>(`/reminders/replies/${path}`, body, { headers })).data.data;
  return {
    /** `status`: the statuses to list, or 'all'; none: the open ones (the server's default). */
    list: async (status: ReplyStatus[] | 'all' | undefined, page: number, pageSize: number) => {
      const params: Record<string, string | number> = { page, pageSize };
      if (status) params.status = status === 'all' ? 'all' : status.join(',');
      return (await get<ListReplies.Response>('/reminders/replies', { params })).data;
    },
    apply: (documentId: string, input: ApplyInput, headers: KeyHeaders) => act(`${documentId}/apply`, input, headers),
    ignore: (documentId: string, note: string | undefined, headers: KeyHeaders) =>
      act(`${documentId}/ignore`, note ? { note } : {}, headers),
    handled: (documentId: string, note: string | undefined, headers: KeyHeaders) =>
      act(`${documentId}/handled`, note ? { note } : {}, headers),
    cancelWordOptOuts: async () =>
      (await get<ListCancelWordOptOuts.Response>('/reminders/replies/cancel-word-opt-outs')).data.data,
    restoreCancelWordOptOut: async (documentId: string, headers: KeyHeaders) => {
      await post(`/reminders/replies/cancel-word-opt-outs/${documentId}/restore`, undefined, { headers });
    },
  };
}
