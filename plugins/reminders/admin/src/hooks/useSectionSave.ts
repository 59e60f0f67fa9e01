import * as React from 'react';
import { useNotification } from '@strapi/strapi/admin';
import { useProblem } from './useProblem';

/**
 * Saving one section of the Settings page: while it runs, then a notice and `onSaved`, or the server's 400
 * kept by field path (shown on each field) with its message (shown above the section).
 */
export function useSectionSave(saved: string, onSaved: () => void) {
  const problem = useProblem();
  const { toggleNotification } = useNotification();
  const [errors, setErrors] = React.useState<Record<string, string>>({});
  const [formError, setFormError] = React.useState<string | null>(null);
  const [saving, setSaving] = React.useState(false);

  const save = async (write: () => Promise<unknown>) => {
    setSaving(true);
    setFormError(null);
    try {
      await write();
      setErrors({});
      toggleNotification({ type: 'success', message: saved });
      onSaved();
    } catch (error) {
      const found = problem(error);
      setErrors(Object.fromEntries(found.fields.map((field) => [field.path, field.message])));
      setFormError(found.message);
    } finally {
      setSaving(false);
    }
  };
  return { save, saving, errors, formError, clearFormError: () => setFormError(null) };
}
