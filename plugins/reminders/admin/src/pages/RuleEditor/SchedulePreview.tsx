import * as React from 'react';
import { Alert, Badge, Box, Flex, Loader, Typography } from '@strapi/design-system';
import { useIntl } from 'react-intl';
import { useResource } from '../../api/request';
import { useRulesApi } from '../../api/rules';
import type { RuleOptions } from '../../api/types';
import { useFormatInstant } from '../../components/DateTime';
import { useProblem } from '../../hooks/useProblem';
import { useT } from '../../hooks/useT';
import { problemInWords } from './fieldWords';
import { RTL_LANGUAGES } from './TemplateField';
import { EmailPreview } from './EmailPreview';
import type { RequestedDraft } from './useDebouncedDraft';

interface Props {
  /** The draft, debounced: a new one only when typing stops. */
  draft: RequestedDraft;
  record: string | null;
  language: string;
  options: RuleOptions;
}

/**
 * The rule's sends for the picked record (or sample data), each at its real send time in the record's zone
 * and rendered by the server as of that time, with its step's message: what the SMS will say then.
 */
export const SchedulePreview = React.memo(function SchedulePreview({ draft, record, language, options }: Props) {
  const t = useT();
  const { locale } = useIntl();
  const api = useRulesApi();
  const problem = useProblem();
  const sendTime = useFormatInstant();
  const preview = useResource(
    () => api.previewRule({ rule: draft.draft, language, ...(record ? { documentId: record } : {}) }),
    [draft.key, record, language]
  );
  const found = preview.error ? problem(preview.error) : null;

  if (preview.isLoading && !preview.data) return <Loader small>{t('state.loading')}</Loader>;
  if (found)
    return (
      <Flex direction="column" alignItems="stretch" gap={1} data-testid="preview-error">
        {(found.fields.length ? found.fields.map((field) => problemInWords(field, t, locale)) : [found.message]).map(
          (message) => (
            <Typography key={message} variant="pi" textColor="danger600">
              {message}
            </Typography>
          )
        )}
      </Flex>
    );
  if (!preview.data) return null;
  const { zone, messages, more } = preview.data;
  if (messages.length === 0)
    return (
      <Typography variant="pi" textColor="neutral600">
        {t('preview.schedule.none')}
      </Typography>
    );
  return (
    <Flex direction="column" alignItems="stretch" gap={3} data-testid="preview-schedule">
      {messages.map((sent) => (
        <Box
          key={`${sent.stepIndex}:${sent.occurrence}`}
          padding={3}
          background="neutral0"
          hasRadius
          borderColor="neutral200"
          data-testid="preview-send"
        >
          <Flex direction="column" alignItems="stretch" gap={2}>
            <Flex gap={2} wrap="wrap">
              <Typography variant="sigma" textColor="neutral600">
                {sent.occurrence === 0
                  ? t('preview.schedule.step', { number: sent.stepIndex + 1 })
                  : t('preview.schedule.repeat', { number: sent.stepIndex + 1, occurrence: sent.occurrence + 1 })}
              </Typography>
              {sent.past && <Badge variant="warning">{t('preview.schedule.past')}</Badge>}
            </Flex>
            <Typography variant="pi" textColor="neutral600" data-testid="preview-at">
              {t('preview.schedule.at', { date: sendTime(sent.sendAt, zone) })}
            </Typography>
            {sent.message ? (
              <>
                <Typography
                  tag="p"
                  dir={RTL_LANGUAGES.has(sent.message.language) ? 'rtl' : 'ltr'}
                  style={{ whiteSpace: 'pre-wrap' }}
                  data-testid="preview-text"
                >
                  {sent.message.footer ? (
                    <>
                      {sent.message.text.slice(0, sent.message.text.length - sent.message.footer.length)}
                      {/* The opt-out footer, told apart: the plugin adds it, the editor did not write it. */}
                      <Typography textColor="neutral600" data-testid="preview-footer">
                        {sent.message.footer}
                      </Typography>
                    </>
                  ) : (
                    sent.message.text
                  )}
                </Typography>
                <Flex gap={2} wrap="wrap" data-testid="preview-counter">
                  <Badge>{t('preview.characters', { count: sent.message.characters })}</Badge>
                  <Badge variant={sent.message.segments > options.maxSegments ? 'warning' : 'secondary'}>
                    {t('preview.segments', { count: sent.message.segments, perSegment: sent.message.perSegment })}
                  </Badge>
                  <Badge variant={sent.message.encoding === 'UCS_2' ? 'warning' : 'success'}>
                    {sent.message.encoding === 'UCS_2' ? 'UCS-2' : 'GSM-7'}
                  </Badge>
                  {sent.message.estimatedCost && (
                    <Badge>
                      {t('preview.cost', {
                        amount: sent.message.estimatedCost.amount,
                        currency: sent.message.estimatedCost.currency,
                      })}
                    </Badge>
                  )}
                </Flex>
                {sent.message.warnings.map((warning) => (
                  <Alert key={warning} variant="warning" closeLabel={t('actions.close')} title={t('preview.warning')}>
                    {warning}
                  </Alert>
                ))}
              </>
            ) : sent.channel === 'email' ? null : (
              <Typography variant="pi" textColor="danger600">
                {sent.problem}
              </Typography>
            )}
            {(sent.channel === 'email' || sent.channel === 'sms_or_email') && (
              <EmailPreview email={sent.email} problem={sent.emailProblem} />
            )}
          </Flex>
        </Box>
      ))}
      {more > 0 && (
        <Typography variant="pi" textColor="neutral600" data-testid="preview-more">
          {t('preview.schedule.more', { count: more })}
        </Typography>
      )}
    </Flex>
  );
});
