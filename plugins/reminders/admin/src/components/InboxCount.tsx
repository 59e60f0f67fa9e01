import * as React from 'react';
import { useRepliesApi } from '../api/replies';
import { usePermissions } from '../hooks/usePermissions';

interface InboxCount {
  /** How many replies wait for an editor; null until known (or when the user may not read the inbox). */
  open: number | null;
  /** Told by the inbox page each time it reads the list, so the menu's badge follows its actions. */
  setOpen: (open: number) => void;
}

const Context = React.createContext<InboxCount>({ open: null, setOpen: () => undefined });

/**
 * The inbox's open count for the plugin's menu: read once when the plugin opens (a one-row page of the
 * inbox answers it in `meta.open`), then kept up to date by the inbox page itself.
 */
export function InboxCountProvider({ children }: { children: React.ReactNode }) {
  const can = usePermissions();
  const api = useRepliesApi();
  const [open, setOpen] = React.useState<number | null>(null);
  const apiRef = React.useRef(api);
  apiRef.current = api;
  React.useEffect(() => {
    if (!can.readInbox) return;
    apiRef.current.list(undefined, 1, 1).then(
      (answer) => setOpen(answer.meta.open),
      // The badge is a hint: without it the menu still leads to the inbox, which shows the problem.
      () => undefined
    );
  }, [can.readInbox]);
  const value = React.useMemo(() => ({ open, setOpen }), [open]);
  return <Context.Provider value={value}>{children}</Context.Provider>;
}

export const useInboxCount = () => React.useContext(Context);
