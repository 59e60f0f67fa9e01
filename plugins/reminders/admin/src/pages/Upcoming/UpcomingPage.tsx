import * as React from 'react';
import {
  Badge,
  EmptyStateLayout,
  Field,
  Flex,
  SingleSelect,
  SingleSelectOption,
  Table,
  Tbody,
  Td,
  Th,
  Thead,
  Tr,
  Typography,
  Box,
} from '@strapi/design-system';
import { Layouts, Page, Pagination, useQueryParams } from '@strapi/strapi/admin';
import { NavLink } from 'react-router-dom';
import { useDeliveriesApi } from '../../api/deliveries';
import { useResource } from '../../api/request';
import { DateTime } from '../../components/DateTime';
import { BASE } from '../../components/PluginNav';
import { ProblemState } from '../../components/ProblemState';
import { TickButton } from '../../components/TickButton';
import { type MessageKey, useT } from '../../hooks/useT';

const PERIODS = [1, 3, 7, 14, 31];
const DAY = 86_400_000;

/**
 * Upcoming: what will be sent in the next days, from the scheduler's own preview (what is queued, and what
 * the planner will add), rendered by the code that renders what is sent. Nothing is sent or written.
 */
export function UpcomingPage() {
  const t = useT();
  const api = useDeliveriesApi();
  const [{ query }, setQuery] = useQueryParams<{ days?: string; page?: string; pageSize?: string }>();
  const days = PERIODS.includes(Number(query.days)) ? Number(query.days) : 7;
  const page = Math.max(1, Number(query.page ?? 1) || 1);
  const pageSize = Number(query.pageSize ?? 20) || 20;
  // The window starts at load time; reloading (after a tick) asks again from the new now.
  const [version, setVersion] = React.useState(0);
  const upcoming = useResource(() => {
    const from = new Date();
    return api.upcoming(from, new Date(from.getTime() + days * DAY));
  }, [days, version]);

  const header = (
    <Layouts.Header
      title={t('upcoming.title')}
      subtitle={upcoming.data ? t('upcoming.subtitle', { count: upcoming.data.length, days }) : undefined}
      primaryAction={<TickButton onDone={() => setVersion((value) => value + 1)} />}
    />
  );
  const periodSelect = (
    <Field.Root name="days" width="240px">
      <Field.Label>{t('upcoming.period')}</Field.Label>
      <SingleSelect value={String(days)} onChange={(value) => setQuery({ days: String(value), page: '1' })}>
        {PERIODS.map((period) => (
          <SingleSelectOption key={period} value={String(period)}>
            {t('upcoming.nextDays', { days: period })}
          </SingleSelectOption>
        ))}
      </SingleSelect>
    </Field.Root>
  );

  if (upcoming.isLoading && !upcoming.data) return <Page.Loading />;
  if (upcoming.error && !upcoming.data) return <ProblemState error={upcoming.error} onRetry={upcoming.reload} />;
  const items = upcoming.data ?? [];
  const shown = items.slice((page - 1) * pageSize, page * pageSize);

  return (
    <Page.Main>
      <Page.Title>{t('upcoming.title')}</Page.Title>
      {header}
      <Layouts.Action startActions={periodSelect} />
      <Layouts.Content>
        {items.length === 0 ? (
          <EmptyStateLayout content={t('upcoming.empty', { days })} hasRadius shadow="tableShadow" />
        ) : (
          <Flex direction="column" alignItems="stretch" gap={4}>
            <Table colCount={5} rowCount={shown.length + 1}>
              <Thead>
                <Tr>
                  <Th>
                    <Typography variant="sigma">{t('upcoming.column.sendAt')}</Typography>
                  </Th>
                  <Th>
                    <Typography variant="sigma">{t('upcoming.column.rule')}</Typography>
                  </Th>
                  <Th>
                    <Typography variant="sigma">{t('upcoming.column.record')}</Typography>
                  </Th>
                  <Th>
                    <Typography variant="sigma">{t('upcoming.column.recipient')}</Typography>
                  </Th>
                  <Th>
                    <Typography variant="sigma">{t('upcoming.column.message')}</Typography>
                  </Th>
                </Tr>
              </Thead>
              <Tbody>
                {shown.map((item) => (
                  <Tr key={item.idempotencyKey} data-testid="upcoming-row">
                    <Td>
                      <Typography>
                        <DateTime value={item.sendAt} />
                      </Typography>
                    </Td>
                    <Td>
                      <Typography tag={NavLink} to={`${BASE}/rules/${item.ruleDocumentId}`} textColor="primary600">
                        {item.ruleName}
                      </Typography>
                    </Td>
                    <Td>
                      <Flex direction="column" alignItems="flex-start">
                        <Typography fontWeight="semiBold">{item.recordLabel}</Typography>
                        <Typography variant="pi" textColor="neutral600">
                          {item.customerName}
                        </Typography>
                      </Flex>
                    </Td>
                    <Td>
                      <Flex direction="column" alignItems="flex-start">
                        <Typography dir="ltr">{item.phone}</Typography>
                        <Typography variant="pi" textColor="neutral600">
                          {t(`recipient.${item.recipientRole}` as MessageKey)}
                        </Typography>
                      </Flex>
                    </Td>
                    <Td style={{ maxWidth: 420, whiteSpace: 'normal' }}>
                      <Box>
                        <Typography variant="pi" tag="p" style={{ whiteSpace: 'pre-wrap' }} data-testid="upcoming-text">
                          {item.text}
                        </Typography>
                        <Flex gap={1} paddingTop={1}>
                          <Badge size="S">{t('upcoming.segments', { count: item.segments })}</Badge>
                          <Badge size="S">{item.encoding === 'UCS_2' ? 'UCS-2' : 'GSM-7'}</Badge>
                        </Flex>
                      </Box>
                    </Td>
                  </Tr>
                ))}
              </Tbody>
            </Table>
            <Pagination.Root
              pageCount={Math.max(1, Math.ceil(items.length / pageSize))}
              total={items.length}
              defaultPageSize={20}
            >
              <Pagination.PageSize />
              <Pagination.Links />
            </Pagination.Root>
          </Flex>
        )}
      </Layouts.Content>
    </Page.Main>
  );
}
