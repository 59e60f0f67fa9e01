import { useT } from '../../hooks/useT';
import { valueLabel } from '../labels';
import { ChoiceField, type CustomFieldProps, useFieldOptions } from './ChoiceField';

/**
 * An enumeration (a payment or appointment status) whose values read as words: "Partially paid", not
 * partially_paid; the app's own values (config `statuses`) by their configured labels.
 */
export default function StatusField(props: CustomFieldProps) {
  const t = useT();
  const labels = useFieldOptions()?.statusLabels ?? {};
  return (
    <ChoiceField
      {...props}
      codes={props.attribute.enum ?? []}
      codeLabel={(code) => labels[code] ?? valueLabel(t, code)}
    />
  );
}
