import { Typography } from '@strapi/design-system';
import { useIntl } from 'react-intl';

/**
 * A zone's short name as editors here know it: African English names EAT, WAT, SAST and GMT where other
 * locales (and Arabic) only say GMT+3.
 */
const zoneName = (date: Date, timeZone: string | undefined) =>
  new Intl.DateTimeFormat('en-KE', { timeZone, timeZoneName: 'short' })
    .formatToParts(date)
    .find((part) => part.type === 'timeZoneName')?.value ?? '';

/**
 * Says an instant in the admin's language in `timeZone` (the record's zone for a reminder; the browser's
 * without one), with the zone's name: "Tue, 5 May, 09:00 EAT". The year only when it is not this one.
 */
export function useFormatInstant() {
  const { formatDate } = useIntl();
  return (value: string, timeZone?: string) => {
    const date = new Date(value);
    const thisYear = new Date().getFullYear() === date.getFullYear();
    const text = formatDate(date, {
      weekday: 'short',
      day: 'numeric',
      month: 'short',
      ...(thisYear ? {} : { year: 'numeric' }),
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
      ...(timeZone ? { timeZone } : {}),
    });
    return `${text} ${zoneName(date, timeZone)}`.trim();
  };
}

/**
 * An instant in the admin's language, in the record's zone when `timeZone` is given (a reminder is timed in
 * its record's zone) with the zone named; on hover, the same instant in the editor's own zone.
 */
export function DateTime({
  value,
  fallback = '—',
  timeZone,
}: {
  value: string | null | undefined;
  fallback?: string;
  timeZone?: string;
}) {
  const format = useFormatInstant();
  if (!value) return <Typography textColor="neutral500">{fallback}</Typography>;
  return (
    <time dateTime={value} title={format(value)}>
      {format(value, timeZone)}
    </time>
  );
}
