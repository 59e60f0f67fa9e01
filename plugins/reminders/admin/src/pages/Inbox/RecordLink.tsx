import { Link, Typography } from '@strapi/design-system';
import { NavLink } from 'react-router-dom';
import type { ReplyRecord } from '../../api/types';
import type { useTargets } from '../../hooks/useTargets';

/**
 * A record a reply is about, as a link to its Content Manager page (when its target is still a content type
 * the plugin knows), with its short code when the customer was asked to choose.
 */
export function RecordLink({ record, targets }: { record: ReplyRecord; targets: ReturnType<typeof useTargets> }) {
  const model = targets.targets[record.target]?.uid;
  const label = record.code ? `${record.code} · ${record.label}` : record.label;
  if (!model) return <Typography>{label}</Typography>;
  return (
    <Link
      tag={NavLink}
      to={`/content-manager/collection-types/${model}/${record.documentId}`}
      onClick={(event: React.MouseEvent) => event.stopPropagation()}
      data-testid="reply-record"
    >
      {label}
    </Link>
  );
}
