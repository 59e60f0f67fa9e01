import * as React from 'react';
import { Box, Flex, Typography } from '@strapi/design-system';
import type { RulePreview } from '../../api/types';
import { useT } from '../../hooks/useT';
import { RTL_LANGUAGES } from './TemplateField';

type Sent = RulePreview['messages'][number];

/**
 * A previewed send's e-mail: its subject, and its HTML in a sandboxed frame (no script runs, no link
 * navigates), as the server rendered it for the record.
 */
export function EmailPreview({ email, problem }: Pick<Sent, 'email'> & { problem?: string }) {
  const t = useT();
  return (
    <Flex direction="column" alignItems="stretch" gap={2} data-testid="preview-email">
      <Typography variant="sigma" textColor="neutral600">
        {t('preview.email')}
      </Typography>
      {email ? (
        <>
          <Typography
            variant="omega"
            fontWeight="bold"
            dir={RTL_LANGUAGES.has(email.language) ? 'rtl' : 'ltr'}
            data-testid="preview-email-subject"
          >
            {t('preview.email.subject', { subject: email.subject })}
          </Typography>
          <Box hasRadius borderColor="neutral200" overflow="hidden">
            <iframe
              sandbox=""
              srcDoc={email.html}
              title={t('preview.email.frame')}
              data-testid="preview-email-frame"
              style={{ width: '100%', height: 280, border: 0, display: 'block', background: '#ffffff' }}
            />
          </Box>
        </>
      ) : (
        <Typography variant="pi" textColor="danger600">
          {problem}
        </Typography>
      )}
    </Flex>
  );
}
