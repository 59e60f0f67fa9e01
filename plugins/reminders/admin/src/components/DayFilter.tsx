import { DatePicker } from '@strapi/design-system';
import { useT } from '../hooks/useT';
import { FormField } from './FormField';

/** A calendar day, "YYYY-MM-DD", as the date it names in the browser's time zone. */
const fromDay = (day: string | undefined) => {
  if (!day) return undefined;
  const [year, month, date] = day.split('-').map(Number);
  return new Date(year, month - 1, date);
};
/** A date picked, as its calendar day "YYYY-MM-DD" in the browser's time zone. */
const toDay = (date: Date | undefined) =>
  date
    ? `${date.getFullYear()}-${String(date.getMonth() + 1).padStart(2, '0')}-${String(date.getDate()).padStart(2, '0')}`
    : undefined;

/** A filter on a calendar day (kept as "YYYY-MM-DD" in the URL), which the editor can clear. */
export function DayFilter({
  name,
  label,
  day,
  onChange,
}: {
  name: string;
  label: string;
  day: string | undefined;
  onChange: (day: string | undefined) => void;
}) {
  const t = useT();
  return (
    <FormField name={name} width="180px" label={label}>
      <DatePicker
        value={fromDay(day)}
        onChange={(date) => onChange(toDay(date))}
        onClear={() => onChange(undefined)}
        clearLabel={t('actions.clear')}
      />
    </FormField>
  );
}
