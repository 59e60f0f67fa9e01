import { Badge } from '@strapi/design-system';
import type { DeliveryStatus } from '../api/types';
import { type MessageKey, useT } from '../hooks/useT';

type Variant = 'success' | 'primary' | 'danger' | 'warning' | 'neutral' | 'secondary' | 'alternative';

export const STATUS_VARIANTS: Record<DeliveryStatus, Variant> = {
  queued: 'secondary',
  sending: 'alternative',
  accepted: 'primary',
  delivered: 'success',
  failed: 'danger',
  rejected: 'danger',
  unknown: 'warning',
  skipped: 'neutral',
  expired: 'warning',
  cancelled: 'neutral',
};

/** A delivery status in the admin's language, coloured by what it means for the editor. */
export function StatusBadge({ status }: { status: DeliveryStatus }) {
  const t = useT();
  return (
    <Badge variant={STATUS_VARIANTS[status] ?? 'neutral'} data-status={status}>
      {t(`status.${status}` as MessageKey)}
    </Badge>
  );
}
