import { Typography } from '@strapi/design-system';
import { useIntl } from 'react-intl';

/** An instant in the admin's language and the browser's time zone; the exact UTC instant on hover. */
export function DateTime({
  value,
  fallback = '—',
  timeZone,
}: {
  value: string | null | undefined;
  fallback?: string;
  timeZone?: string;
}) {
  const { formatDate } = useIntl();
  if (!value) return <Typography textColor="neutral500">{fallback}</Typography>;
  return (
    <time dateTime={value} title={value}>
      {formatDate(new Date(value), { dateStyle: 'medium', timeStyle: 'short', ...(timeZone ? { timeZone } : {}) })}
    </time>
  );
}
