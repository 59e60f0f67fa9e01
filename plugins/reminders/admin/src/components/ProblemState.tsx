import { Button } from '@strapi/design-system';
import { Page } from '@strapi/strapi/admin';
import { useProblem } from '../hooks/useProblem';
import { useT } from '../hooks/useT';

/** A page that could not load: what the server said, in words, and a way to try again. */
export function ProblemState({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const t = useT();
  const problem = useProblem()(error);
  return (
    <Page.Error
      content={problem.message}
      action={
        onRetry ? (
          <Button variant="secondary" onClick={onRetry}>
            {t('actions.retryLoading')}
          </Button>
        ) : undefined
      }
    />
  );
}
