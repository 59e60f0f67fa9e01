import { SingleSelect, SingleSelectOption } from '@strapi/design-system';
import { FormField } from './FormField';

/** Chooses how many days a page looks at (the `days` query parameter). */
export function PeriodSelect({
  label,
  periods,
  days,
  optionLabel,
  onChange,
}: {
  label: string;
  periods: number[];
  days: number;
  optionLabel: (days: number) => string;
  onChange: (days: string) => void;
}) {
  return (
    <FormField name="days" width="240px" label={label}>
      <SingleSelect value={String(days)} onChange={(value) => onChange(String(value))}>
        {periods.map((period) => (
          <SingleSelectOption key={period} value={String(period)}>
            {optionLabel(period)}
          </SingleSelectOption>
        ))}
      </SingleSelect>
    </FormField>
  );
}
