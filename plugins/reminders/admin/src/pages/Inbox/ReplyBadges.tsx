import { Badge, Typography } from '@strapi/design-system';
import type { ReplyIntent, ReplyStatus } from '../../api/types';
import { type MessageKey, useT } from '../../hooks/useT';

type Variant = 'success' | 'primary' | 'danger' | 'warning' | 'neutral' | 'secondary' | 'alternative';

/** Coloured by what the reply asks of the editor: the open ones stand out, the closed ones recede. */
const VARIANTS: Record<ReplyStatus, Variant> = {
  applied: 'success',
  needs_review: 'warning',
  ambiguous: 'alternative',
  unmatched: 'danger',
  ignored: 'neutral',
  handled: 'secondary',
};

/** A reply's status in the admin's language; a history line's "received" too. */
export function ReplyStatusBadge({ status }: { status: ReplyStatus | 'received' }) {
  const t = useT();
  return (
    <Badge variant={status === 'received' ? 'neutral' : VARIANTS[status]} data-status={status}>
      {t(`inbox.status.${status}` as MessageKey)}
    </Badge>
  );
}

/** The intent understood and the language whose word it was ("Confirm · sw"), or a grey "Not understood". */
export function IntentBadge({ intent, language }: { intent: ReplyIntent | null; language: string | null }) {
  const t = useT();
  if (!intent) {
    return (
      <Typography variant="pi" textColor="neutral600">
        {t('inbox.intent.none')}
      </Typography>
    );
  }
  return (
    <Badge data-intent={intent}>
      {t(`inbox.intent.${intent}` as MessageKey)}
      {language ? ` · ${language}` : ''}
    </Badge>
  );
}
