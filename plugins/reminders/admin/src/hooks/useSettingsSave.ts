import * as React from 'react';
import { useNotification } from '@strapi/strapi/admin';
import { useProblem } from './useProblem';

/**
 * A Settings section's save: runs `save`, then says `savedMessage` and calls `onSaved`; a refusal gives the
 * message of each field it names (by path, shown on the field) and its whole message (shown above the form).
 */
export function useSettingsSave(save: () => Promise<unknown>, savedMessage: string, onSaved: () => void) {
  const problem = useProblem();
  const { toggleNotification } = useNotification();
  const [errors, setErrors] = React.useState<Record<string, string>>({});
  const [formError, setFormError] = React.useState<string | null>(null);
  const [saving, setSaving] = React.useState(false);

  const run = async () => {
    setSaving(true);
    setFormError(null);
    try {
      await save();
      setErrors({});
      toggleNotification({ type: 'success', message: savedMessage });
      onSaved();
    } catch (error) {
      const found = problem(error);
      setErrors(Object.fromEntries(found.fields.map((field) => [field.path, field.message])));
      setFormError(found.message);
    } finally {
      setSaving(false);
    }
  };

  return { errors, formError, clearFormError: () => setFormError(null), saving, save: run };
}
