import * as React from 'react';
import { Button, Dialog } from '@strapi/design-system';
import { WarningCircle } from '@strapi/icons';
import { useBlocker } from 'react-router-dom';
import { useT } from '../../hooks/useT';

/**
 * Asks before leaving with unsaved changes, as Strapi's own editor does: a dialog for a move inside the
 * admin (plugin navigation, back, a link), the browser's prompt for closing or reloading the tab.
 * `isDirty` is read when leaving, so a save that navigates right after is not asked about.
 */
export function UnsavedChangesGuard({ isDirty }: { isDirty: () => boolean }) {
  const t = useT();
  const blocker = useBlocker(
    ({ currentLocation, nextLocation }) =>
      isDirty() &&
      (currentLocation.pathname !== nextLocation.pathname || currentLocation.search !== nextLocation.search)
  );
  React.useEffect(() => {
    const warn = (event: BeforeUnloadEvent) => {
      if (!isDirty()) return;
      event.preventDefault();
      event.returnValue = '';
    };
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [isDirty]);

  if (blocker.state !== 'blocked') return null;
  return (
    <Dialog.Root open onOpenChange={(open: boolean) => !open && blocker.reset()}>
      <Dialog.Content data-testid="unsaved-dialog">
        <Dialog.Header>{t('editor.unsaved.title')}</Dialog.Header>
        <Dialog.Body icon={<WarningCircle width="24px" height="24px" fill="danger600" />}>
          {t('editor.unsaved.body')}
        </Dialog.Body>
        <Dialog.Footer>
          <Dialog.Cancel>
            <Button fullWidth variant="tertiary" onClick={() => blocker.reset()}>
              {t('actions.cancel')}
            </Button>
          </Dialog.Cancel>
          <Button fullWidth variant="danger-light" onClick={() => blocker.proceed()}>
            {t('editor.unsaved.leave')}
          </Button>
        </Dialog.Footer>
      </Dialog.Content>
    </Dialog.Root>
  );
}
