import { useT } from '../../hooks/useT';
import { valueLabel } from '../labels';
import { ChoiceField, type CustomFieldProps } from './ChoiceField';

/** An enumeration (a payment or appointment status) whose values read as words: "Partially paid", not partially_paid. */
export default function StatusField(props: CustomFieldProps) {
  const t = useT();
  return <ChoiceField {...props} codes={props.attribute.enum ?? []} codeLabel={(code) => valueLabel(t, code)} />;
}
