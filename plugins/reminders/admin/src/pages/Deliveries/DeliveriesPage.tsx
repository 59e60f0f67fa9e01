import * as React from 'react';
import {
  Box,
  Button,
  DatePicker,
  EmptyStateLayout,
  Field,
  Flex,
  MultiSelect,
  MultiSelectOption,
  SingleSelect,
  SingleSelectOption,
  Table,
  Tbody,
  Td,
  TextInput,
  Th,
  Thead,
  Tr,
  Typography,
} from '@strapi/design-system';
import { Cross, Search } from '@strapi/icons';
import { Layouts, Page, Pagination, useQueryParams } from '@strapi/strapi/admin';
import { useNavigate } from 'react-router-dom';
import { useDeliveriesApi } from '../../api/deliveries';
import { useResource } from '../../api/request';
import { useRulesApi } from '../../api/rules';
import { DELIVERY_STATUSES, type DeliveryFilters } from '../../api/types';
import { DateTime } from '../../components/DateTime';
import { BASE } from '../../components/PluginNav';
import { ProblemState } from '../../components/ProblemState';
import { StatusBadge } from '../../components/StatusBadge';
import { TickButton } from '../../components/TickButton';
import { usePermissions } from '../../hooks/usePermissions';
import { useProblem } from '../../hooks/useProblem';
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
  target?: string;
  record?: string;
};

/** A calendar day picked in the filters, as the instant its local day starts (or the next one starts). */
const dayStart = (day: string | undefined, plusDays = 0) => {
  if (!day || !/^\d{4}-\d{2}-\d{2}$/.test(day)) return undefined;
  const [year, month, date] = day.split('-').map(Number);
  return new Date(year, month - 1, date + plusDays).toISOString();
};
const toDay = (date: Date | undefined) =>
  date
    ? `${date.getFullYear()}-${String(date.getMonth() + 1).padStart(2, '0')}-${String(date.getDate()).padStart(2, '0')}`
    : undefined;
const fromDay = (day: string | undefined) => {
  if (!day) return undefined;
  const [year, month, date] = day.split('-').map(Number);
  return new Date(year, month - 1, date);
};

/** The delivery log: filtered and paginated on the server, newest first; a row opens the delivery. */
export function DeliveriesPage() {
  const t = useT();
  const can = usePermissions();
  const api = useDeliveriesApi();
  const rulesApi = useRulesApi();
  const problem = useProblem();
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
    target: query.target,
    record: query.record,
  };
  const deliveries = useResource(
    () => api.list(filters, page, pageSize),
    [page, pageSize, query.status, query.rule, query.from, query.to, query.phone, query.target, query.record]
  );
  const rules = useResource(() => rulesApi.list(1, 100), [], can.readRules);
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
        target: undefined,
        record: undefined,
      } as unknown as Query,
      'remove'
    );
  const filtered = Boolean(query.status || query.rule || query.from || query.to || query.phone || query.record);
  const filterProblem = deliveries.error ? problem(deliveries.error) : null;

  const filterBar = (
    <Flex gap={3} alignItems="flex-end" wrap="wrap" data-testid="delivery-filters">
      <Field.Root name="status" width="240px">
        <Field.Label>{t('deliveries.filter.status')}</Field.Label>
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
      </Field.Root>
      {can.readRules && (
        <Field.Root name="rule" width="240px">
          <Field.Label>{t('deliveries.filter.rule')}</Field.Label>
          <SingleSelect
            value={query.rule ?? ''}
            placeholder={t('deliveries.filter.anyRule')}
            onChange={(value) => filter({ rule: value ? String(value) : undefined })}
            onClear={() => filter({ rule: undefined })}
            clearLabel={t('actions.clear')}
          >
            {(rules.data?.data ?? []).map((rule) => (
              <SingleSelectOption key={rule.documentId} value={rule.documentId}>
                {rule.name}
              </SingleSelectOption>
            ))}
          </SingleSelect>
        </Field.Root>
      )}
      <Field.Root name="from" width="180px">
        <Field.Label>{t('deliveries.filter.from')}</Field.Label>
        <DatePicker
          value={fromDay(query.from)}
          onChange={(date) => filter({ from: toDay(date) })}
          onClear={() => filter({ from: undefined })}
          clearLabel={t('actions.clear')}
        />
      </Field.Root>
      <Field.Root name="to" width="180px">
        <Field.Label>{t('deliveries.filter.to')}</Field.Label>
        <DatePicker
          value={fromDay(query.to)}
          onChange={(date) => filter({ to: toDay(date) })}
          onClear={() => filter({ to: undefined })}
          clearLabel={t('actions.clear')}
        />
      </Field.Root>
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
        {data.length === 0 ? (
          <EmptyStateLayout
            content={filtered ? t('deliveries.empty.filtered') : t('deliveries.empty')}
            hasRadius
            shadow="tableShadow"
          />
        ) : (
          <Flex direction="column" alignItems="stretch" gap={4}>
            <Table colCount={7} rowCount={data.length + 1}>
              <Thead>
                <Tr>
                  <Th>
                    <Typography variant="sigma">{t('deliveries.column.when')}</Typography>
                  </Th>
                  <Th>
                    <Typography variant="sigma">{t('deliveries.column.status')}</Typography>
                  </Th>
                  <Th>
                    <Typography variant="sigma">{t('deliveries.column.rule')}</Typography>
                  </Th>
                  <Th>
                    <Typography variant="sigma">{t('deliveries.column.record')}</Typography>
                  </Th>
                  <Th>
                    <Typography variant="sigma">{t('deliveries.column.phone')}</Typography>
                  </Th>
                  <Th>
                    <Typography variant="sigma">{t('deliveries.column.segments')}</Typography>
                  </Th>
                  <Th>
                    <Typography variant="sigma">{t('deliveries.column.reason')}</Typography>
                  </Th>
                </Tr>
              </Thead>
              <Tbody>
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
                        <DateTime value={delivery.notBefore} />
                      </Typography>
                    </Td>
                    <Td>
                      <StatusBadge status={delivery.status} />
                    </Td>
                    <Td style={{ maxWidth: 220, whiteSpace: 'normal' }}>
                      <Typography variant="pi">
                        {delivery.ruleName ??
                          (delivery.targetType === 'test' ? t('deliveries.testSend') : t('deliveries.noRule'))}
                      </Typography>
                    </Td>
                    <Td>
                      <Flex direction="column" alignItems="flex-start">
                        <Typography fontWeight="semiBold">{delivery.record?.label ?? '—'}</Typography>
                        <Typography variant="pi" textColor="neutral600">
                          {delivery.record?.customerName}
                        </Typography>
                      </Flex>
                    </Td>
                    <Td>
                      <Typography dir="ltr">{delivery.phone}</Typography>
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
                        {delivery.reason ?? ''}
                      </Typography>
                    </Td>
                  </Tr>
                ))}
              </Tbody>
            </Table>
            {pagination && (
              <Pagination.Root pageCount={pagination.pageCount} total={pagination.total} defaultPageSize={20}>
                <Pagination.PageSize />
                <Pagination.Links />
              </Pagination.Root>
            )}
            {pagination?.capped && (
              <Typography variant="pi" textColor="neutral600">
                {t('deliveries.capped')}
              </Typography>
            )}
          </Flex>
        )}
        <UnmatchedReports onPhone={(number) => filter({ phone: number })} refreshKey={deliveries.data} />
      </Layouts.Content>
    </Page.Main>
  );
}
