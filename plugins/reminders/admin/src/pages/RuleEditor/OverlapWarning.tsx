import * as React from 'react';
import { Alert, Flex, Typography } from '@strapi/design-system';
import { useResource } from '../../api/request';
import { useRulesApi } from '../../api/rules';
import { useT } from '../../hooks/useT';
import { useFormatInstant } from '../../components/DateTime';
import type { RequestedDraft } from './useDebouncedDraft';

interface Props {
  /** The draft, debounced: a new one only when typing stops. */
  draft: RequestedDraft;
  record: string | null;
  /** The rule being edited, which does not overlap itself. */
  ruleDocumentId?: string;
}

/**
 * Warns when enabled rules of the same target can remind the records this rule reminds, with every SMS one
 * of those records would get from all of them, by date. A draft the server refuses warns of nothing: its
 * errors show on the form and in the preview.
 */
export const OverlapWarning = React.memo(function OverlapWarning({ draft, record, ruleDocumentId }: Props) {
  const t = useT();
  const api = useRulesApi();
  const sendTime = useFormatInstant();
  const overlap = useResource(
    () =>
      api.overlap({
        rule: draft.draft,
        ...(record ? { documentId: record } : {}),
        ...(ruleDocumentId ? { ruleDocumentId } : {}),
      }),
    [draft.key, record, ruleDocumentId]
  );
  const found = overlap.error ? undefined : overlap.data;
  if (!found || found.rules.length === 0 || !found.record || !found.zone) return null;
  const zone = found.zone;
  return (
    <Alert
      variant="warning"
      closeLabel={t('actions.close')}
      title={t('overlap.title', { count: found.rules.length })}
      data-testid="overlap-warning"
    >
      <Flex direction="column" alignItems="stretch" gap={1} paddingTop={1}>
        <Typography>
          {t('overlap.body', {
            rules: found.rules.map((rule) => rule.name).join(', '),
            record: found.record.label,
          })}
        </Typography>
        <ul data-testid="overlap-schedule">
          {found.schedule.map((sent) => (
            <li key={`${sent.ruleDocumentId}:${sent.sendAt}:${sent.stepIndex}`}>
              <Typography variant="pi">
                {sendTime(sent.sendAt, zone)} —{' '}
                {sent.ruleDocumentId ? sent.ruleName : sent.ruleName || t('overlap.thisRule')}
              </Typography>
            </li>
          ))}
        </ul>
      </Flex>
    </Alert>
  );
});
