import * as React from 'react';
import { isFetchError } from '@strapi/strapi/admin';

/** A field the server refused, as `refuse` names it: "templates.en", "steps[0].amount". */
export interface FieldProblem {
  path: string;
  message: string;
}

/** What went wrong with a request, in words, with the fields the server named and its other details. */
export interface RequestProblem {
  status?: number;
  message: string;
  fields: FieldProblem[];
  details?: Record<string, unknown>;
}

interface ServerError {
  status?: number;
  name?: string;
  message?: string;
  details?: { errors?: { path?: string[]; message?: string }[] } & Record<string, unknown>;
}

/** The error the server answered with (Strapi's `{ data: null, error }`), if it answered. */
export const serverErrorOf = (error: unknown): ServerError | undefined =>
  isFetchError(error) ? (error.response?.data as { error?: ServerError } | undefined)?.error : undefined;

/**
 * Reads an error thrown by useFetchClient. The server's own message is kept (it names the field and says
 * what is wrong); 401, 403 and unreachable servers get the messages the caller passes in.
 */
export function readProblem(
  error: unknown,
  messages: { forbidden: string; unauthorized: string; network: string; unknown: string }
): RequestProblem {
  if (isFetchError(error)) {
    const server = serverErrorOf(error);
    const status = error.status ?? server?.status;
    const fields = (server?.details?.errors ?? []).map((item) => ({
      path: (item.path ?? []).join('.'),
      message: item.message ?? '',
    }));
    if (status === 403) return { status, message: messages.forbidden, fields };
    if (status === 401) return { status, message: messages.unauthorized, fields };
    return { status, message: server?.message || error.message || messages.unknown, fields, details: server?.details };
  }
  if (error instanceof TypeError) return { message: messages.network, fields: [] };
  return { message: error instanceof Error && error.message ? error.message : messages.unknown, fields: [] };
}

export interface Resource<T> {
  data: T | undefined;
  error: unknown;
  isLoading: boolean;
  reload: () => void;
}

/**
 * Loads something when `key` changes (and on `reload()`), keeping the previous data while a reload runs.
 * Answers that arrive after a newer request started are dropped.
 */
export function useResource<T>(load: () => Promise<T>, key: unknown[], enabled = true): Resource<T> {
  const [state, setState] = React.useState<{ data?: T; error?: unknown; isLoading: boolean }>({ isLoading: enabled });
  const [version, setVersion] = React.useState(0);
  const latest = React.useRef(0);
  const loadRef = React.useRef(load);
  loadRef.current = load;

  React.useEffect(() => {
    if (!enabled) {
      setState({ isLoading: false });
      return;
    }
    const request = ++latest.current;
    setState((previous) => ({ ...previous, error: undefined, isLoading: true }));
    loadRef.current().then(
      (data) => request === latest.current && setState({ data, isLoading: false }),
      (error: unknown) =>
        request === latest.current && setState((previous) => ({ data: previous.data, error, isLoading: false }))
    );
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [...key, version, enabled]);

  return { ...state, reload: React.useCallback(() => setVersion((value) => value + 1), []) } as Resource<T>;
}
