import { useT } from '../../hooks/useT';
import { labelOr } from '../labels';
import { ChoiceField, type CustomFieldProps, useFieldOptions } from './ChoiceField';

/** The language of a customer's reminders: one of the plugin's configured languages, in words. */
export default function LanguageField(props: CustomFieldProps) {
  const t = useT();
  return (
    <ChoiceField
      {...props}
      codes={useFieldOptions()?.languages}
      codeLabel={(code) => `${labelOr(t, `language.${code}`, code)} (${code})`}
    />
  );
}
