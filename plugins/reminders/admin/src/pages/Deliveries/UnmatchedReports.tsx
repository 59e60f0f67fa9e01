import * as React from 'react';
import { Box, Button, Flex, Td, Tr, Typography } from '@strapi/design-system';
import { ChevronLeft, ChevronRight } from '@strapi/icons';
import { useDeliveriesApi } from '../../api/deliveries';
import { useResource } from '../../api/request';
import { DataTable } from '../../components/DataTable';
import { DateTime } from '../../components/DateTime';
import { Section } from '../../components/Section';
import { useProblem } from '../../hooks/useProblem';
import { useT } from '../../hooks/useT';

const PAGE_SIZE = 10;

/**
 * The delivery reports Africa's Talking posted that no delivery matched yet, newest first. Shown only when
 * there are some; a report with a number filters the log to that number, where an editor resolves the send.
 * Read again whenever `refreshKey` changes (the log was reloaded: a tick may have applied some).
 */
export function UnmatchedReports({ onPhone, refreshKey }: { onPhone: (phone: string) => void; refreshKey: unknown }) {
  const t = useT();
  const api = useDeliveriesApi();
  const problem = useProblem();
  const [page, setPage] = React.useState(1);
  const reports = useResource(() => api.unmatchedReports(page, PAGE_SIZE), [page, refreshKey]);

  if (reports.error) {
    return (
      <Box paddingTop={6}>
        <Typography textColor="danger600" data-testid="unmatched-reports-error">
          {problem(reports.error).message}
        </Typography>
      </Box>
    );
  }
  const { data = [], meta } = reports.data ?? {};
  if (!meta || meta.pagination.total === 0) return null;

  return (
    <Box paddingTop={6}>
      <Section
        title={t('deliveries.unmatched.title', { count: meta.pagination.total })}
        subtitle={t('deliveries.unmatched.subtitle')}
        testId="unmatched-reports"
      >
        <DataTable
          columns={[
            t('deliveries.unmatched.column.received'),
            t('deliveries.unmatched.column.status'),
            t('deliveries.column.phone'),
            t('deliveries.unmatched.column.messageId'),
            t('deliveries.unmatched.column.network'),
          ]}
          rowCount={data.length}
        >
          {data.map((report) => (
            <Tr
              key={`${report.messageId}:${report.status}:${report.failureReason}:${report.networkCode}`}
              data-testid="unmatched-report"
            >
              <Td>
                <Typography>
                  <DateTime value={report.receivedAt} />
                </Typography>
              </Td>
              <Td>
                <Typography>
                  {report.failureReason ? `${report.status} (${report.failureReason})` : report.status}
                </Typography>
              </Td>
              <Td>
                {report.phone ? (
                  <Button
                    variant="ghost"
                    size="S"
                    onClick={() => onPhone(report.phone as string)}
                    title={t('deliveries.unmatched.showDeliveries')}
                  >
                    <span dir="ltr">{report.phone}</span>
                  </Button>
                ) : (
                  <Typography textColor="neutral500">{t('deliveries.unmatched.noPhone')}</Typography>
                )}
              </Td>
              <Td>
                <Typography variant="pi" dir="ltr" style={{ wordBreak: 'break-all' }}>
                  {report.messageId}
                </Typography>
              </Td>
              <Td>
                <Typography>{report.networkCode ?? '—'}</Typography>
              </Td>
            </Tr>
          ))}
        </DataTable>
        {meta.pagination.pageCount > 1 && (
          <Flex gap={2} justifyContent="flex-end">
            <Button
              variant="tertiary"
              startIcon={<ChevronLeft />}
              disabled={page <= 1}
              onClick={() => setPage(page - 1)}
            >
              {t('deliveries.unmatched.newer')}
            </Button>
            <Typography variant="pi" textColor="neutral600">
              {t('deliveries.unmatched.page', { page, pageCount: meta.pagination.pageCount })}
            </Typography>
            <Button
              variant="tertiary"
              endIcon={<ChevronRight />}
              disabled={page >= meta.pagination.pageCount}
              onClick={() => setPage(page + 1)}
            >
              {t('deliveries.unmatched.older')}
            </Button>
          </Flex>
        )}
      </Section>
    </Box>
  );
}
