import * as React from 'react';
import { Badge, Button, Flex, IconButton, Switch, Td, Tr, Typography } from '@strapi/design-system';
import { Pencil, Plus } from '@strapi/icons';
import { Layouts, Page, useNotification, useQueryParams } from '@strapi/strapi/admin';
import { NavLink, useNavigate } from 'react-router-dom';
import { useResource } from '../../api/request';
import { useRulesApi } from '../../api/rules';
import type { RuleWithStats } from '../../api/types';
import { DataTable } from '../../components/DataTable';
import { DateTime } from '../../components/DateTime';
import { ListOrEmptyState } from '../../components/ListOrEmptyState';
import { PaginationFooter } from '../../components/PaginationFooter';
import { BASE } from '../../components/PluginNav';
import { ProblemState } from '../../components/ProblemState';
import { describeTiming } from '../../components/describeRule';
import { useNotifyProblem } from '../../hooks/useNotifyProblem';
import { usePermissions } from '../../hooks/usePermissions';
import { useT } from '../../hooks/useT';
import { useTargets } from '../../hooks/useTargets';

/** Rules: which are on, what each sent and failed lately, when each last sent and sends next. */
export function RulesPage() {
  const t = useT();
  const can = usePermissions();
  const api = useRulesApi();
  const notifyProblem = useNotifyProblem();
  const targets = useTargets();
  const navigate = useNavigate();
  const { toggleNotification } = useNotification();
  const [{ query }] = useQueryParams<{ page?: string; pageSize?: string }>();
  const page = Number(query.page ?? 1) || 1;
  const pageSize = Number(query.pageSize ?? 20) || 20;
  const rules = useResource(() => api.list(page, pageSize), [page, pageSize]);
  const [toggling, setToggling] = React.useState<string | null>(null);

  const toggle = async (rule: RuleWithStats, enabled: boolean) => {
    setToggling(rule.documentId);
    try {
      await api.setEnabled(rule.documentId, enabled);
      toggleNotification({
        type: 'success',
        message: t(enabled ? 'rules.enabled' : 'rules.disabled', { name: rule.name }),
      });
      rules.reload();
    } catch (error) {
      notifyProblem(error);
    } finally {
      setToggling(null);
    }
  };

  const create = can.manageRules ? (
    <Button startIcon={<Plus />} onClick={() => navigate(`${BASE}/rules/new`)}>
      {t('rules.create')}
    </Button>
  ) : undefined;

  if (rules.isLoading && !rules.data) return <Page.Loading />;
  if (rules.error && !rules.data) return <ProblemState error={rules.error} onRetry={rules.reload} />;
  const { data = [], meta } = rules.data ?? { data: [] };

  return (
    <Page.Main>
      <Page.Title>{t('rules.title')}</Page.Title>
      <Layouts.Header
        title={t('rules.title')}
        subtitle={t('rules.subtitle', { count: meta?.pagination.total ?? 0 })}
        primaryAction={create}
      />
      <Layouts.Content>
        <ListOrEmptyState isEmpty={data.length === 0} emptyText={t('rules.empty')} emptyAction={create}>
          <DataTable
            columns={[
              t('rules.column.name'),
              t('rules.column.timing'),
              t('rules.column.enabled'),
              t('rules.column.sent'),
              t('rules.column.failed'),
              t('rules.column.lastSent'),
              t('rules.column.nextSend'),
              t('rules.column.actions'),
            ]}
            rowCount={data.length}
          >
            {data.map((rule) => (
              <Tr key={rule.documentId} data-testid="rule-row">
                <Td style={{ maxWidth: 280, whiteSpace: 'normal' }}>
                  <Flex direction="column" alignItems="flex-start" gap={1}>
                    <Typography
                      fontWeight="bold"
                      tag={NavLink}
                      to={`${BASE}/rules/${rule.documentId}`}
                      textColor="neutral800"
                    >
                      {rule.name}
                    </Typography>
                    <Flex gap={1} wrap="wrap">
                      <Badge>{targets.label(rule.target)}</Badge>
                      {rule.disabledReason && !rule.enabled && (
                        <Badge variant="warning">{t('rules.disabledByPlugin')}</Badge>
                      )}
                    </Flex>
                    {rule.disabledReason && !rule.enabled && (
                      <Typography variant="pi" textColor="warning600" data-testid="rule-disabled-reason">
                        {rule.disabledReason}
                      </Typography>
                    )}
                  </Flex>
                </Td>
                <Td style={{ minWidth: 220, maxWidth: 320, whiteSpace: 'normal' }}>
                  <Typography variant="pi" textColor="neutral700">
                    {describeTiming(rule, t)}
                  </Typography>
                </Td>
                <Td>
                  <Switch
                    aria-label={t('rules.toggle', { name: rule.name })}
                    checked={rule.enabled}
                    disabled={!can.manageRules || toggling === rule.documentId}
                    onCheckedChange={(checked) => toggle(rule, checked)}
                    onLabel={t('rules.on')}
                    offLabel={t('rules.off')}
                    visibleLabels
                  />
                </Td>
                <Td>
                  <Typography textColor="success600">{rule.stats.sent}</Typography>
                </Td>
                <Td>
                  <Typography textColor={rule.stats.failed ? 'danger600' : 'neutral800'}>
                    {rule.stats.failed}
                  </Typography>
                </Td>
                <Td>
                  <Typography variant="pi">
                    <DateTime value={rule.stats.lastSentAt} fallback={t('rules.never')} />
                  </Typography>
                </Td>
                <Td>
                  <Typography variant="pi">
                    {rule.enabled ? (
                      <DateTime value={rule.stats.nextSendAt} fallback={t('rules.noneQueued')} />
                    ) : (
                      t('rules.off')
                    )}
                  </Typography>
                </Td>
                <Td>
                  <IconButton
                    label={t('rules.edit', { name: rule.name })}
                    variant="ghost"
                    onClick={() => navigate(`${BASE}/rules/${rule.documentId}`)}
                  >
                    <Pencil />
                  </IconButton>
                </Td>
              </Tr>
            ))}
          </DataTable>
          <Typography variant="pi" textColor="neutral600">
            {t('rules.statsNote')}
          </Typography>
          {meta && <PaginationFooter pageCount={meta.pagination.pageCount} total={meta.pagination.total} />}
        </ListOrEmptyState>
      </Layouts.Content>
    </Page.Main>
  );
}
