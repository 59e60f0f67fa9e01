import { NumberInput } from '@strapi/design-system';
import { FormField, type FormFieldProps } from './FormField';

/** A labelled whole number, with its error. */
export function NumberField({
  value,
  disabled,
  onValueChange,
  ...field
}: Omit<FormFieldProps, 'children'> & {
  value: number | undefined;
  disabled?: boolean;
  onValueChange: (value: number | undefined) => void;
}) {
  return (
    <FormField {...field}>
      <NumberInput value={value} disabled={disabled} onValueChange={onValueChange} />
    </FormField>
  );
}
