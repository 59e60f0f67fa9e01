import { Typography } from '@strapi/design-system';
import { useT } from '../../hooks/useT';
import { valueLabel } from '../labels';

/** A status in the Content Manager's list view, in words. */
export function StatusCell({ value }: { value: unknown }) {
  const t = useT();
  return <Typography textColor="neutral800">{typeof value === 'string' ? valueLabel(t, value) : '-'}</Typography>;
}
