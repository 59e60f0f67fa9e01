import * as React from 'react';
import type { Rule } from '../../api/types';

/**
 * The draft as the server should see it, `delay` ms after the last change: one request when typing stops,
 * not one per keystroke. Compared as JSON, so a re-render with the same content starts nothing.
 */
export interface RequestedDraft {
  /** The draft as JSON: what requests are keyed by. */
  key: string;
  draft: Partial<Rule>;
}

export function useDebouncedDraft(draft: Partial<Rule>, delay = 400): RequestedDraft {
  const key = JSON.stringify(draft);
  const [debounced, setDebounced] = React.useState(key);
  React.useEffect(() => {
    const timer = setTimeout(() => setDebounced(key), delay);
    return () => clearTimeout(timer);
  }, [key, delay]);
  return React.useMemo(() => ({ key: debounced, draft: JSON.parse(debounced) as Partial<Rule> }), [debounced]);
}
