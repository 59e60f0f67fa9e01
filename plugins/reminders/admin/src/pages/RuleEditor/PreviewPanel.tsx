import * as React from 'react';
import { Box, Flex, Typography } from '@strapi/design-system';
import type { RuleOptions, Target } from '../../api/types';
import { FormField } from '../../components/FormField';
import { RecordPicker } from '../../components/RecordPicker';
import { useT } from '../../hooks/useT';
import { SchedulePreview } from './SchedulePreview';
import type { RequestedDraft } from './useDebouncedDraft';

interface Props {
  target: Target;
  record: string | null;
  onRecordChange: (documentId: string | null) => void;
  /** Whether there is a message to preview yet. */
  hasMessage: boolean;
  draft: RequestedDraft;
  language: string;
  options: RuleOptions;
}

/** The preview beside a message (a rule's, a library template's): every send for a picked record, as it will read. */
export function PreviewPanel({ target, record, onRecordChange, hasMessage, draft, language, options }: Props) {
  const t = useT();
  return (
    <Box padding={4} hasRadius background="neutral100" borderColor="neutral200" data-testid="preview">
      <Flex direction="column" alignItems="stretch" gap={3}>
        <Typography variant="sigma" textColor="neutral600" tag="h3">
          {t('preview.schedule.title')}
        </Typography>
        <FormField name="previewRecord" hint={t('preview.record.hint')} label={t('preview.record')}>
          <RecordPicker target={target} value={record} onChange={onRecordChange} />
        </FormField>
        {hasMessage ? (
          <SchedulePreview draft={draft} record={record} language={language} options={options} />
        ) : (
          <Typography variant="pi" textColor="neutral600">
            {t('preview.empty')}
          </Typography>
        )}
      </Flex>
    </Box>
  );
}
