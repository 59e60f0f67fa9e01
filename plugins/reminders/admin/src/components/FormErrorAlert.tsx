import { Alert } from '@strapi/design-system';
import { useT } from '../hooks/useT';

/** Why a form was not saved, above the form, until closed or saved again. Nothing when there is no error. */
export function FormErrorAlert({
  title,
  error,
  onClose,
  testId,
}: {
  title: string;
  error: string | null;
  onClose: () => void;
  testId: string;
}) {
  const t = useT();
  if (!error) return null;
  return (
    <Alert variant="danger" closeLabel={t('actions.close')} title={title} onClose={onClose} data-testid={testId}>
      {error}
    </Alert>
  );
}
