import * as React from 'react';
import { useFetchClient } from '@strapi/strapi/admin';
import type { FieldOptions, GetFieldOptions } from '../../../../contracts/field-options';
import { CodeSelect } from '../CodeSelect';
import { FormField } from '../FormField';

/** What the Content Manager hands a custom field's input (its edit view's own field props). */
export interface CustomFieldProps {
  name: string;
  label: React.ReactNode;
  hint?: React.ReactNode;
  error?: string;
  required?: boolean;
  disabled?: boolean;
  value?: string | null;
  onChange: (name: string, value: string | null) => void;
  attribute: { enum?: string[] };
}

interface Props extends CustomFieldProps {
  codes: readonly string[] | undefined;
  codeLabel: (code: string) => string;
}

/**
 * A custom field drawn as a select of codes in words. A stored value that is no longer offered (a language
 * removed from the config) stays shown, so opening a record never changes it; the server validates on save.
 */
export function ChoiceField({
  name,
  label,
  hint,
  error,
  required,
  disabled,
  value,
  onChange,
  codes,
  codeLabel,
}: Props) {
  const offered = codes ?? [];
  const shown = value && !offered.includes(value) ? [value, ...offered] : offered;
  return (
    <FormField name={name} label={label} hint={hint} error={error} required={required}>
      <CodeSelect
        codes={shown}
        codeLabel={codeLabel}
        value={value ?? undefined}
        onChange={(code) => onChange(name, code)}
        onClear={required ? undefined : () => onChange(name, null)}
        disabled={disabled || !codes}
        placeholder={codes ? undefined : '…'}
      />
    </FormField>
  );
}

let loading: Promise<FieldOptions> | undefined;

/** The server's choices (GET /reminders/field-options), asked once per page load for all the fields. */
export function useFieldOptions(): FieldOptions | undefined {
  const { get } = useFetchClient();
  const [options, setOptions] = React.useState<FieldOptions>();
  React.useEffect(() => {
    loading ??= get<GetFieldOptions.Response>('/reminders/field-options').then((response) => response.data.data);
    let live = true;
    loading.then(
      (loaded) => live && setOptions(loaded),
      () => {
        loading = undefined; // asked again by the next field that mounts
      }
    );
    return () => {
      live = false;
    };
  }, [get]);
  return options;
}
