import { ChoiceField, type CustomFieldProps, useFieldOptions } from './ChoiceField';

/** An IANA time zone (Africa/Nairobi); empty means the rule's, else the plugin's default. */
export default function TimeZoneField(props: CustomFieldProps) {
  return <ChoiceField {...props} codes={useFieldOptions()?.timeZones} codeLabel={(code) => code} />;
}
