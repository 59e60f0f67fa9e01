import * as React from 'react';
import {
  Box,
  Button,
  Field,
  Flex,
  MultiSelect,
  MultiSelectOption,
  SingleSelect,
  SingleSelectOption,
  Td,
  TextInput,
  Tr,
  Typography,
} from '@strapi/design-system';
import { Cross, Search } from '@strapi/icons';
import { Layouts, Page, useQueryParams } from '@strapi/strapi/admin';
import { useNavigate } from 'react-router-dom';
import { useDeliveriesApi } from '../../api/deliveries';
import { useResource } from '../../api/request';
import { DELIVERY_STATUSES, type DeliveryFilters } from '../../api/types';
import { DataTable } from '../../components/DataTable';
import { DateTime } from '../../components/DateTime';
import { DayFilter } from '../../components/DayFilter';
import { FormField } from '../../components/FormField';
import { ListOrEmptyState } from '../../components/ListOrEmptyState';
import { PaginationFooter } from '../../components/PaginationFooter';
import { BASE } from '../../components/PluginNav';
import { ProblemState } from '../../components/ProblemState';
import { RuleFilter } from '../../components/RuleFilter';
import { StatusBadge } from '../../components/StatusBadge';
import { Destination } from '../../components/Destination';
import { TextWithNote } from '../../components/TextWithNote';
import { TickButton } from '../../components/TickButton';
import { usePermissions } from '../../hooks/usePermissions';
import { useProblem } from '../../hooks/useProblem';
import { useReason } from '../../hooks/useReason';
import { type MessageKey, useT } from '../../hooks/useT';
import { UnmatchedReports } from './UnmatchedReports';

type Query = {
  page?: string;
  pageSize?: string;
  status?: string;
  rule?: string;
  from?: string;
  to?: string;
  phone?: string;
  channel?: string;
  target?: string;
  record?: string;
};

/** A calendar day picked in the filters, as the instant its local day starts (or the next one starts). */
const dayStart = (day: string | undefined, plusDays = 0) => {
  if (!day || !/^\d{4}-\d{2}-\d{2}$/.test(day)) return undefined;
  const [year, month, date] = day.split('-').map(Number);
  return new Date(year, month - 1, date + plusDays).toISOString();
};

/** The delivery log: filtered and paginated on the server, newest first; a row opens the delivery. */
export function DeliveriesPage() {
  const t = useT();
  const can = usePermissions();
  const api = useDeliveriesApi();
  const problem = useProblem();
  const reasonOf = useReason();
  const navigate = useNavigate();
  const [{ query }, setQuery] = useQueryParams<Query>();
  const page = Math.max(1, Number(query.page ?? 1) || 1);
  const pageSize = Number(query.pageSize ?? 20) || 20;
  const filters: DeliveryFilters = {
    status: query.status ? query.status.split(',') : undefined,
    rule: query.rule,
    from: dayStart(query.from),
    to: dayStart(query.to, 1),
    phone: query.phone,
    channel: query.channel,
    target: query.target,
    record: query.record,
  };
  const deliveries = useResource(
    () => api.list(filters, page, pageSize),
    [
      page,
      pageSize,
      query.status,
      query.rule,
      query.from,
      query.to,
      query.phone,
      query.channel,
      query.target,
      query.record,
    ]
  );
  const [phone, setPhone] = React.useState(query.phone ?? '');
  React.useEffect(() => setPhone(query.phone ?? ''), [query.phone]);

  const filter = (changes: Partial<Query>) => setQuery({ ...changes, page: '1' } as Query);
  const clear = () =>
    setQuery(
      {
        page: '1',
        status: undefined,
        rule: undefined,
        from: undefined,
        to: undefined,
        phone: undefined,
        channel: undefined,
        target: undefined,
        record: undefined,
      } as unknown as Query,
      'remove'
    );
  const filtered = Boolean(
    query.status || query.rule || query.from || query.to || query.phone || query.channel || query.record
  );
  const filterProblem = deliveries.error ? problem(deliveries.error) : null;

  const filterBar = (
    <Flex gap={3} alignItems="flex-end" wrap="wrap" data-testid="delivery-filters">
      <FormField name="status" width="240px" label={t('deliveries.filter.status')}>
        <MultiSelect
          value={filters.status ?? []}
          placeholder={t('deliveries.filter.anyStatus')}
          onChange={(value: string[]) => filter({ status: value.length ? value.join(',') : undefined })}
          withTags
        >
          {DELIVERY_STATUSES.map((status) => (
            <MultiSelectOption key={status} value={status}>
              {t(`status.${status}` as MessageKey)}
            </MultiSelectOption>
          ))}
        </MultiSelect>
      </FormField>
      {can.readRules && <RuleFilter value={query.rule} onChange={(rule) => filter({ rule })} />}
      <DayFilter
        name="from"
        label={t('deliveries.filter.from')}
        day={query.from}
        onChange={(from) => filter({ from })}
      />
      <DayFilter name="to" label={t('deliveries.filter.to')} day={query.to} onChange={(to) => filter({ to })} />
      <FormField name="channel" width="160px" label={t('deliveries.filter.channel')}>
        <SingleSelect
          value={query.channel ?? ''}
          onChange={(value: string | number) => filter({ channel: value ? String(value) : undefined })}
        >
          <SingleSelectOption value="">{t('deliveries.filter.anyChannel')}</SingleSelectOption>
          <SingleSelectOption value="sms">{t('channel.sms')}</SingleSelectOption>
          <SingleSelectOption value="email">{t('channel.email')}</SingleSelectOption>
        </SingleSelect>
      </FormField>
      {/* No Field.Error under the number: the problem's message shows above the table. */}
      <Field.Root
        name="phone"
        width="220px"
        error={filterProblem?.fields.find((field) => field.path === 'phone')?.message}
      >
        <Field.Label>{t('deliveries.filter.phone')}</Field.Label>
        <TextInput
          value={phone}
          placeholder="+254712345678"
          onChange={(event: React.ChangeEvent<HTMLInputElement>) => setPhone(event.target.value)}
          onKeyDown={(event: React.KeyboardEvent) =>
            event.key === 'Enter' && filter({ phone: phone.trim() || undefined })
          }
          onBlur={() => phone.trim() !== (query.phone ?? '') && filter({ phone: phone.trim() || undefined })}
          startAction={<Search />}
        />
      </Field.Root>
      {filtered && (
        <Box paddingBottom={1}>
          <Button variant="tertiary" startIcon={<Cross />} onClick={clear}>
            {t('deliveries.filter.clear')}
          </Button>
        </Box>
      )}
    </Flex>
  );

  if (deliveries.isLoading && !deliveries.data) return <Page.Loading />;
  if (deliveries.error && !deliveries.data && !filtered)
    return <ProblemState error={deliveries.error} onRetry={deliveries.reload} />;
  const { data = [], meta } = deliveries.data ?? { data: [] };
  const pagination = meta?.pagination;

  return (
    <Page.Main>
      <Page.Title>{t('deliveries.title')}</Page.Title>
      <Layouts.Header
        title={t('deliveries.title')}
        subtitle={
          pagination
            ? t(pagination.capped ? 'deliveries.subtitle.capped' : 'deliveries.subtitle', { count: pagination.total })
            : undefined
        }
        primaryAction={<TickButton onDone={deliveries.reload} />}
      />
      <Layouts.Action startActions={filterBar} />
      <Layouts.Content>
        {filterProblem && (
          <Box paddingBottom={4}>
            <Typography textColor="danger600" data-testid="deliveries-error">
              {filterProblem.message}
            </Typography>
          </Box>
        )}
        <ListOrEmptyState
          isEmpty={data.length === 0}
          emptyText={filtered ? t('deliveries.empty.filtered') : t('deliveries.empty')}
        >
          <DataTable
            columns={[
              t('deliveries.column.when'),
              t('deliveries.column.status'),
              t('deliveries.column.rule'),
              t('deliveries.column.record'),
              t('deliveries.column.to'),
              t('deliveries.column.segments'),
              t('deliveries.column.reason'),
            ]}
            rowCount={data.length}
          >
            {data.map((delivery) => (
              <Tr
                key={delivery.documentId}
                onClick={() => navigate(`${BASE}/deliveries/${delivery.documentId}`)}
                style={{ cursor: 'pointer' }}
                data-testid="delivery-row"
                data-status={delivery.status}
              >
                <Td>
                  <Typography>
                    <DateTime value={delivery.notBefore} timeZone={delivery.timeZone} />
                  </Typography>
                </Td>
                <Td>
                  <StatusBadge status={delivery.status} targetType={delivery.targetType} />
                </Td>
                <Td style={{ maxWidth: 220, whiteSpace: 'normal' }}>
                  <Typography variant="pi">
                    {delivery.ruleName ??
                      (delivery.targetType === 'test' ? t('deliveries.testSend') : t('deliveries.noRule'))}
                  </Typography>
                </Td>
                <Td>
                  <TextWithNote note={delivery.record?.customerName}>
                    <Typography fontWeight="semiBold">{delivery.record?.label ?? '—'}</Typography>
                  </TextWithNote>
                </Td>
                <Td>
                  <Destination channel={delivery.channel} phone={delivery.phone} email={delivery.email} />
                </Td>
                <Td>
                  <Typography>{delivery.segments ?? '—'}</Typography>
                </Td>
                <Td style={{ minWidth: 180, maxWidth: 280, whiteSpace: 'normal' }}>
                  <Typography
                    variant="pi"
                    textColor={
                      ['failed', 'rejected', 'unknown', 'expired'].includes(delivery.status)
                        ? 'danger600'
                        : 'neutral600'
                    }
                  >
                    {reasonOf(delivery.reason, delivery.reasonDetail)}
                  </Typography>
                </Td>
              </Tr>
            ))}
          </DataTable>
          {pagination && <PaginationFooter pageCount={pagination.pageCount} total={pagination.total} />}
          {pagination?.capped && (
            <Typography variant="pi" textColor="neutral600">
              {t('deliveries.capped')}
            </Typography>
          )}
        </ListOrEmptyState>
        <UnmatchedReports onPhone={(number) => filter({ phone: number })} refreshKey={deliveries.data} />
      </Layouts.Content>
    </Page.Main>
  );
}
