import * as React from 'react';
import { Alert, Box, Flex, Grid, Typography } from '@strapi/design-system';
import { Layouts, Page, useQueryParams } from '@strapi/strapi/admin';
import { useIntl } from 'react-intl';
import { useDashboardApi } from '../../api/dashboard';
import { useResource } from '../../api/request';
import { DateTime } from '../../components/DateTime';
import { PauseAlert } from '../../components/PauseAlert';
import { PeriodSelect } from '../../components/PeriodSelect';
import { ProblemState } from '../../components/ProblemState';
import { Section } from '../../components/Section';
import { TickButton } from '../../components/TickButton';
import { usePermissions } from '../../hooks/usePermissions';
import { useT } from '../../hooks/useT';
import { DayChart } from './DayChart';
import { SpendingPanel } from './SpendingPanel';

const PERIODS = [7, 14, 30, 90];

function Figure({
  label,
  value,
  hint,
  tone,
}: {
  label: string;
  value: string;
  hint?: string;
  tone?: 'danger600' | 'success600';
}) {
  return (
    <Box background="neutral0" hasRadius shadow="tableShadow" padding={5} height="100%" data-testid="figure">
      <Flex direction="column" alignItems="flex-start" gap={1}>
        <Typography variant="sigma" textColor="neutral600">
          {label}
        </Typography>
        <Typography variant="alpha" textColor={tone ?? 'neutral800'}>
          {value}
        </Typography>
        {hint && (
          <Typography variant="pi" textColor="neutral600">
            {hint}
          </Typography>
        )}
      </Flex>
    </Box>
  );
}

/** The dashboard: what went out per day and what it cost, how much was delivered, and what needs attention. */
export function DashboardPage() {
  const t = useT();
  const can = usePermissions();
  const api = useDashboardApi();
  const { formatNumber } = useIntl();
  const [{ query }, setQuery] = useQueryParams<{ days?: string }>();
  const days = PERIODS.includes(Number(query.days)) ? Number(query.days) : 14;
  const dashboard = useResource(() => api.summary(days), [days]);

  if (dashboard.isLoading && !dashboard.data) return <Page.Loading />;
  if (dashboard.error || !dashboard.data) return <ProblemState error={dashboard.error} onRetry={dashboard.reload} />;
  const { totals, pause, alerts } = dashboard.data;
  const sent = totals.sent + totals.delivered;
  const emailed = totals.email.sent + totals.email.delivered;
  const cost = totals.cost.map((item) => `${item.amount} ${item.currency}`).join(' + ') || '—';
  const rate =
    totals.deliveryRate === null
      ? '—'
      : formatNumber(totals.deliveryRate, { style: 'percent', maximumFractionDigits: 1 });

  return (
    <Page.Main>
      <Page.Title>{t('dashboard.title')}</Page.Title>
      <Layouts.Header
        title={t('dashboard.title')}
        subtitle={t('dashboard.subtitle', { zone: dashboard.data.timeZone })}
        primaryAction={<TickButton onDone={dashboard.reload} />}
      />
      <Layouts.Action
        startActions={
          <PeriodSelect
            label={t('dashboard.period')}
            periods={PERIODS}
            days={days}
            optionLabel={(period) => t('dashboard.lastDays', { days: period })}
            onChange={(value) => setQuery({ days: value })}
          />
        }
      />
      <Layouts.Content>
        <Flex direction="column" alignItems="stretch" gap={4}>
          {pause && (
            <PauseAlert
              reason={pause.reason}
              atCap={pause.atCap}
              canResume={can.manageSettings}
              onResumed={dashboard.reload}
              testId="pause-alert"
            />
          )}
          <Grid.Root gap={4}>
            <Grid.Item col={2} s={6} direction="column" alignItems="stretch">
              <Figure
                label={t('dashboard.sent')}
                value={formatNumber(sent)}
                hint={
                  emailed
                    ? t('dashboard.sent.emailHint', { count: emailed, failed: totals.email.failed })
                    : t('dashboard.sent.hint')
                }
              />
            </Grid.Item>
            <Grid.Item col={2} s={6} direction="column" alignItems="stretch">
              <Figure label={t('dashboard.delivered')} value={formatNumber(totals.delivered)} tone="success600" />
            </Grid.Item>
            <Grid.Item col={2} s={6} direction="column" alignItems="stretch">
              <Figure
                label={t('dashboard.failed')}
                value={formatNumber(totals.failed)}
                tone={totals.failed ? 'danger600' : undefined}
                hint={totals.unknown ? t('dashboard.unknownHint', { count: totals.unknown }) : undefined}
              />
            </Grid.Item>
            <Grid.Item col={2} s={6} direction="column" alignItems="stretch">
              <Figure label={t('dashboard.rate')} value={rate} hint={t('dashboard.rate.hint')} />
            </Grid.Item>
            <Grid.Item col={2} s={6} direction="column" alignItems="stretch">
              <Figure label={t('dashboard.cost')} value={cost} />
            </Grid.Item>
            <Grid.Item col={2} s={6} direction="column" alignItems="stretch">
              <Figure
                label={t('dashboard.queued')}
                value={formatNumber(totals.queued)}
                hint={t('dashboard.queued.hint')}
              />
            </Grid.Item>
          </Grid.Root>
          <SpendingPanel spending={dashboard.data.spending} />
          <Section
            title={t('dashboard.perDay')}
            subtitle={t('dashboard.perDay.subtitle', { from: dashboard.data.from, to: dashboard.data.to })}
          >
            {sent + totals.failed + totals.unknown === 0 ? (
              <Typography textColor="neutral600">{t('dashboard.nothingSent')}</Typography>
            ) : (
              <DayChart days={dashboard.data.days} />
            )}
          </Section>
          <Section title={t('dashboard.alerts')} subtitle={t('dashboard.alerts.subtitle')} testId="alerts">
            {alerts.length === 0 ? (
              <Typography textColor="neutral600">{t('dashboard.noAlerts')}</Typography>
            ) : (
              <Flex direction="column" alignItems="stretch" gap={2}>
                {alerts.map((alert, index) => (
                  <Alert
                    key={`${alert.at}-${index}`}
                    variant="warning"
                    closeLabel={t('actions.close')}
                    title={
                      alert.kind === 'warning'
                        ? t('dashboard.alert.warning')
                        : t('dashboard.alert', { code: alert.errorCode })
                    }
                  >
                    {alert.reason} · <DateTime value={alert.at} />
                  </Alert>
                ))}
              </Flex>
            )}
          </Section>
        </Flex>
      </Layouts.Content>
    </Page.Main>
  );
}
