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

/**
 * A delivery status in the admin's language, coloured by what it means for the editor. A test send that went
 * out reads "Test", not "Sent": it reminded nobody (and the dashboard does not count it).
 */
export function StatusBadge({ status, targetType }: { status: DeliveryStatus; targetType?: string }) {
  const t = useT();
  const test = targetType === 'test' && (status === 'accepted' || status === 'delivered');
  return (
    <Badge variant={test ? 'alternative' : (STATUS_VARIANTS[status] ?? 'neutral')} data-status={test ? 'test' : status}>
      {t(test ? 'status.test' : (`status.${status}` as MessageKey))}
    </Badge>
  );
}
