import * as React from 'react';
import { Badge, Box, Button, Flex, Td, Tr, Typography } from '@strapi/design-system';
import { Cross } from '@strapi/icons';
import { Layouts, Page, useQueryParams } from '@strapi/strapi/admin';
import { NavLink } from 'react-router-dom';
import { useDeliveriesApi } from '../../api/deliveries';
import { useResource } from '../../api/request';
import { DataTable } from '../../components/DataTable';
import { DateTime } from '../../components/DateTime';
import { ListOrEmptyState } from '../../components/ListOrEmptyState';
import { PaginationFooter } from '../../components/PaginationFooter';
import { PeriodSelect } from '../../components/PeriodSelect';
import { BASE } from '../../components/PluginNav';
import { ProblemState } from '../../components/ProblemState';
import { RuleFilter } from '../../components/RuleFilter';
import { TextWithNote } from '../../components/TextWithNote';
import { TickButton } from '../../components/TickButton';
import { usePermissions } from '../../hooks/usePermissions';
import { useT } from '../../hooks/useT';
import { recipientLabel } from '../../components/labels';
import { Destination } from '../../components/Destination';
import { useTargets } from '../../hooks/useTargets';

const PERIODS = [1, 3, 7, 14, 31];
const DAY = 86_400_000;

/**
 * Upcoming: what will be sent in the next days, from the scheduler's own preview (what is queued, and what
 * the planner will add), rendered by the code that renders what is sent. Nothing is sent or written.
 */
export function UpcomingPage() {
  const t = useT();
  const api = useDeliveriesApi();
  const targets = useTargets();
  const can = usePermissions();
  const [{ query }, setQuery] = useQueryParams<{
    days?: string;
    page?: string;
    pageSize?: string;
    rule?: string;
    target?: string;
    record?: string;
  }>();
  const days = PERIODS.includes(Number(query.days)) ? Number(query.days) : 7;
  const page = Math.max(1, Number(query.page ?? 1) || 1);
  const pageSize = Number(query.pageSize ?? 20) || 20;
  // The window starts at load time; reloading (after a tick) asks again from the new now.
  const [version, setVersion] = React.useState(0);
  const upcoming = useResource(() => {
    const from = new Date();
    // One record's (the panel's "and N more" link) needs its target; the server refuses a record alone.
    return api.upcoming(from, new Date(from.getTime() + days * DAY), {
      rule: query.rule,
      ...(query.record ? { target: query.target, record: query.record } : {}),
      page: String(page),
      pageSize: String(pageSize),
    });
  }, [days, version, query.rule, query.target, query.record, page, pageSize]);

  const header = (
    <Layouts.Header
      title={t('upcoming.title')}
      subtitle={
        upcoming.data
          ? t(upcoming.data.meta.pagination.capped ? 'upcoming.subtitle.capped' : 'upcoming.subtitle', {
              count: upcoming.data.meta.count,
              days,
            })
          : undefined
      }
      primaryAction={<TickButton onDone={() => setVersion((value) => value + 1)} />}
    />
  );
  const recordLabel = upcoming.data?.data.find((item) => item.targetDocumentId === query.record)?.recordLabel;
  const filters = (
    <Flex gap={3} alignItems="flex-end" wrap="wrap" data-testid="upcoming-filters">
      <PeriodSelect
        label={t('upcoming.period')}
        periods={PERIODS}
        days={days}
        optionLabel={(period) => t('upcoming.nextDays', { days: period })}
        onChange={(value) => setQuery({ days: value, page: '1' })}
      />
      {can.readRules && <RuleFilter value={query.rule} onChange={(rule) => setQuery({ rule, page: '1' })} />}
      {query.record && (
        <Button
          variant="tertiary"
          endIcon={<Cross />}
          onClick={() => setQuery({ target: undefined, record: undefined, page: '1' }, 'remove')}
          data-testid="upcoming-record-filter"
        >
          {t('upcoming.filter.record', { record: recordLabel ?? query.record })}
        </Button>
      )}
    </Flex>
  );

  if (upcoming.isLoading && !upcoming.data) return <Page.Loading />;
  if (upcoming.error && !upcoming.data) return <ProblemState error={upcoming.error} onRetry={upcoming.reload} />;
  const shown = upcoming.data?.data ?? [];
  const pagination = upcoming.data?.meta.pagination;

  return (
    <Page.Main>
      <Page.Title>{t('upcoming.title')}</Page.Title>
      {header}
      <Layouts.Action startActions={filters} />
      <Layouts.Content>
        <ListOrEmptyState isEmpty={!pagination?.total} emptyText={t('upcoming.empty', { days })}>
          <DataTable
            columns={[
              t('upcoming.column.sendAt'),
              t('upcoming.column.rule'),
              t('upcoming.column.record'),
              t('upcoming.column.recipient'),
              t('upcoming.column.message'),
            ]}
            rowCount={shown.length}
          >
            {shown.map((item) => (
              <Tr key={item.idempotencyKey} data-testid="upcoming-row">
                <Td>
                  <Typography>
                    <DateTime value={item.sendAt} timeZone={item.timeZone} />
                  </Typography>
                </Td>
                <Td>
                  <Typography tag={NavLink} to={`${BASE}/rules/${item.ruleDocumentId}`} textColor="primary600">
                    {item.ruleName}
                  </Typography>
                </Td>
                <Td>
                  <TextWithNote note={item.customerName}>
                    <Flex gap={2} wrap="wrap">
                      <Typography fontWeight="semiBold">{item.recordLabel}</Typography>
                      <Badge size="S">{targets.label(item.targetType)}</Badge>
                    </Flex>
                  </TextWithNote>
                </Td>
                <Td>
                  <TextWithNote note={recipientLabel(t, item.recipientRole)}>
                    <Destination channel={item.channel} phone={item.phone} email={item.email} />
                  </TextWithNote>
                </Td>
                <Td style={{ maxWidth: 420, whiteSpace: 'normal' }}>
                  <Box>
                    {item.subject && (
                      <Typography variant="pi" fontWeight="bold" tag="p" dir="auto">
                        {item.subject}
                      </Typography>
                    )}
                    {/* dir="auto": an Arabic (or any right-to-left) message reads right to left, whatever the admin's language. */}
                    <Typography
                      variant="pi"
                      tag="p"
                      dir="auto"
                      style={{ whiteSpace: 'pre-wrap' }}
                      data-testid="upcoming-text"
                    >
                      {item.text}
                    </Typography>
                    {item.segments !== null && (
                      <Flex gap={1} paddingTop={1}>
                        <Badge size="S">{t('upcoming.segments', { count: item.segments })}</Badge>
                        <Badge size="S">{item.encoding === 'UCS_2' ? 'UCS-2' : 'GSM-7'}</Badge>
                      </Flex>
                    )}
                  </Box>
                </Td>
              </Tr>
            ))}
          </DataTable>
          {pagination && <PaginationFooter pageCount={pagination.pageCount} total={pagination.total} />}
        </ListOrEmptyState>
      </Layouts.Content>
    </Page.Main>
  );
}
