import * as React from 'react';
import { Box, Button, Dialog, Td, Tr, Typography } from '@strapi/design-system';
import { ArrowClockwise } from '@strapi/icons';
import { ConfirmDialog, useNotification } from '@strapi/strapi/admin';
import { useRepliesApi } from '../../api/replies';
import { useResource } from '../../api/request';
import { DataTable } from '../../components/DataTable';
import { DateTime } from '../../components/DateTime';
import { Section } from '../../components/Section';
import { useIdempotencyKey } from '../../hooks/useIdempotencyKey';
import { useNotifyProblem } from '../../hooks/useNotifyProblem';
import { useProblem } from '../../hooks/useProblem';
import { useT } from '../../hooks/useT';

/**
 * The opt-outs a "CANCEL" reply made before CANCEL meant "cancel the appointment": shown only while there are
 * some, for an editor to decide (never removed silently). Restore lets the number receive reminders again.
 */
export function CancelWordOptOuts({ canManage }: { canManage: boolean }) {
  const t = useT();
  const api = useRepliesApi();
  const problem = useProblem();
  const notifyProblem = useNotifyProblem();
  const { toggleNotification } = useNotification();
  const withKey = useIdempotencyKey();
  const optOuts = useResource(() => api.cancelWordOptOuts(), []);
  const [busy, setBusy] = React.useState<string | null>(null);

  const restore = async (documentId: string, phone: string) => {
    setBusy(documentId);
    try {
      await withKey(`restore:${documentId}`, (headers) => api.restoreCancelWordOptOut(documentId, headers));
      toggleNotification({ type: 'success', message: t('inbox.cancelWord.restored', { phone }) });
    } catch (error) {
      notifyProblem(error);
    } finally {
      setBusy(null);
      optOuts.reload();
    }
  };

  if (optOuts.error) {
    return (
      <Typography textColor="danger600" data-testid="cancel-word-opt-outs-error">
        {problem(optOuts.error).message}
      </Typography>
    );
  }
  const entries = optOuts.data ?? [];
  if (entries.length === 0) return null;
  return (
    <Section
      title={t('inbox.cancelWord.title', { count: entries.length })}
      subtitle={t('inbox.cancelWord.subtitle')}
      testId="cancel-word-opt-outs"
    >
      <DataTable
        columns={[
          t('inbox.column.from'),
          t('inbox.cancelWord.column.since'),
          t('inbox.cancelWord.column.note'),
          ...(canManage ? [''] : []),
        ]}
        rowCount={entries.length}
      >
        {entries.map((entry) => (
          <Tr key={entry.documentId} data-testid="cancel-word-opt-out">
            <Td>
              <Typography dir="ltr">{entry.phone}</Typography>
            </Td>
            <Td>
              <Typography>
                <DateTime value={entry.createdAt} />
              </Typography>
            </Td>
            <Td style={{ whiteSpace: 'normal' }}>
              <Typography dir="auto">{entry.note}</Typography>
            </Td>
            {canManage && (
              <Td>
                <Box>
                  <Dialog.Root>
                    <Dialog.Trigger>
                      <Button
                        size="S"
                        variant="secondary"
                        startIcon={<ArrowClockwise />}
                        loading={busy === entry.documentId}
                        disabled={busy !== null}
                      >
                        {t('inbox.cancelWord.restore')}
                      </Button>
                    </Dialog.Trigger>
                    <ConfirmDialog onConfirm={() => restore(entry.documentId, entry.phone)}>
                      {t('inbox.cancelWord.confirm', { phone: entry.phone })}
                    </ConfirmDialog>
                  </Dialog.Root>
                </Box>
              </Td>
            )}
          </Tr>
        ))}
      </DataTable>
    </Section>
  );
}
