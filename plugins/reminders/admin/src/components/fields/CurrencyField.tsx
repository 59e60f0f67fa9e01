import { useIntl } from 'react-intl';
import { ChoiceField, type CustomFieldProps, useFieldOptions } from './ChoiceField';

/** An ISO 4217 currency, its code first and its name in the admin's language. */
export default function CurrencyField(props: CustomFieldProps) {
  const { locale } = useIntl();
  const names = new Intl.DisplayNames([locale], { type: 'currency' });
  return (
    <ChoiceField {...props} codes={useFieldOptions()?.currencies} codeLabel={(code) => `${code} · ${names.of(code)}`} />
  );
}
