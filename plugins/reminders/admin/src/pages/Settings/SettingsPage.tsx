import * as React from 'react';
import { Alert, Badge, Flex, Grid, Typography } from '@strapi/design-system';
import { Layouts, Page } from '@strapi/strapi/admin';
import { useResource } from '../../api/request';
import { useSettingsApi } from '../../api/settings';
import { useTargetsApi } from '../../api/targets';
import { PauseAlert } from '../../components/PauseAlert';
import { ProblemState } from '../../components/ProblemState';
import { Section } from '../../components/Section';
import { targetLabel } from '../../components/labels';
import { usePermissions } from '../../hooks/usePermissions';
import { type MessageKey, useT } from '../../hooks/useT';
import en from '../../translations/en.json';
import { STARTER_TEMPLATES, hostStarterTemplate } from '../RuleEditor/ruleDraft';
import { CopyField } from './CopyField';
import { EmailSection } from './EmailSection';
import { FooterSection } from './FooterSection';
import { ProtectionSection } from './ProtectionSection';
import { SpendingCapSection } from './SpendingCapSection';
import { TargetsSection } from './TargetsSection';
import { TestSend, type TestSendTarget } from './TestSend';

function Row({ label, value, testId }: { label: string; value: React.ReactNode; testId?: string }) {
  return (
    <Grid.Root gap={2} paddingTop={1} paddingBottom={1} data-testid={testId}>
      <Grid.Item col={4} s={12}>
        <Typography variant="sigma" textColor="neutral600">
          {label}
        </Typography>
      </Grid.Item>
      <Grid.Item col={8} s={12}>
        <Typography dir="auto">{value}</Typography>
      </Grid.Item>
    </Grid.Root>
  );
}

/**
 * Settings: which provider sends (API key masked), the sending defaults, the callback URLs to paste into
 * Africa's Talking, and a test send. Values come from config/plugins.ts and the environment, as the
 * README describes; the page says where to change each.
 */
export function SettingsPage() {
  const t = useT();
  const can = usePermissions();
  const api = useSettingsApi();
  const targetsApi = useTargetsApi();
  const settings = useResource(() => api.get(), []);
  const targets = useResource(() => targetsApi.list(), []);
  // The test send renders against the built-ins and every mapped type that can be used now.
  const testTargets: TestSendTarget[] = [
    ...Object.keys(STARTER_TEMPLATES).map((key) => ({
      key,
      label: targetLabel(t, key),
      template: STARTER_TEMPLATES[key],
    })),
    ...(targets.data?.targets ?? [])
      .filter((target) => target.problems.length === 0)
      .map((target) => ({
        key: target.key,
        label: target.displayName,
        template: hostStarterTemplate(target.mapping.label),
      })),
  ];

  if (settings.isLoading && !settings.data) return <Page.Loading />;
  if (settings.error || !settings.data) return <ProblemState error={settings.error} onRetry={settings.reload} />;
  const data = settings.data;
  const details = Object.entries(data.provider.details);

  return (
    <Page.Main>
      <Page.Title>{t('settings.title')}</Page.Title>
      <Layouts.Header title={t('settings.title')} subtitle={t('settings.subtitle')} />
      <Layouts.Content>
        <Flex direction="column" alignItems="stretch" gap={4}>
          {data.pause && (
            <PauseAlert reason={data.pause.reason} atCap={data.pause.atCap} canResume onResumed={settings.reload} />
          )}
          {data.warnings.map((warning) => (
            <Alert key={warning} variant="warning" closeLabel={t('actions.close')} title={t('settings.warning')}>
              {warning}
            </Alert>
          ))}
          <Grid.Root gap={4}>
            <Grid.Item col={6} s={12} direction="column" alignItems="stretch">
              <Section title={t('settings.provider')} subtitle={t('settings.provider.subtitle')} testId="provider">
                <Flex gap={2}>
                  <Typography variant="beta" data-testid="provider-name">
                    {data.provider.name === 'africastalking'
                      ? "Africa's Talking"
                      : data.provider.name === 'outbox'
                        ? t('settings.outbox')
                        : data.provider.name}
                  </Typography>
                  <Badge variant={data.provider.live ? 'success' : 'secondary'}>
                    {data.provider.live ? t('settings.live') : t('settings.notLive')}
                  </Badge>
                </Flex>
                {details.map(([key, value]) => (
                  <Row
                    key={key}
                    label={`settings.detail.${key}` in en ? t(`settings.detail.${key}` as MessageKey) : key}
                    value={value}
                    testId={`detail-${key}`}
                  />
                ))}
              </Section>
            </Grid.Item>
            <Grid.Item col={6} s={12} direction="column" alignItems="stretch">
              <Section title={t('settings.sending')} subtitle={t('settings.sending.subtitle')}>
                <Row label={t('settings.senderId')} value={data.senderId ?? t('settings.senderId.none')} />
                <Row label={t('settings.region')} value={data.defaultRegion} />
                <Row label={t('settings.timezone')} value={data.defaultTimezone} />
                <Row
                  label={t('settings.quietHours')}
                  value={
                    data.quietHours
                      ? `${data.quietHours.start} – ${data.quietHours.end}`
                      : t('settings.quietHours.none')
                  }
                />
                <Row
                  label={t('settings.maxLateness')}
                  value={t('settings.minutes', { count: data.maxLatenessMinutes })}
                />
                <Row
                  label={t('settings.languages')}
                  value={data.languages.map((code) => t(`language.${code}` as MessageKey)).join(', ')}
                />
                <Row
                  label={t('settings.price')}
                  value={data.costPerSegment ? `${data.costPerSegment.amount} ${data.costPerSegment.currency}` : '—'}
                />
                <Row
                  label={t('settings.scheduler')}
                  value={
                    data.scheduler.enabled
                      ? t('settings.scheduler.on', { cron: data.scheduler.cron })
                      : t('settings.scheduler.off')
                  }
                />
              </Section>
            </Grid.Item>
          </Grid.Root>
          <ProtectionSection settings={data.protection} onSaved={settings.reload} />
          <SpendingCapSection settings={data.spendingCap} onSaved={settings.reload} />
          <FooterSection settings={data.optOutFooter} languages={data.languages} onSaved={settings.reload} />
          <TargetsSection overview={targets} />
          <Section title={t('settings.callbacks')} subtitle={t('settings.callbacks.subtitle')} testId="callbacks">
            {data.callbacks ? (
              <Flex direction="column" alignItems="stretch" gap={3}>
                <CopyField
                  name="deliveryReports"
                  label={t('settings.callbacks.deliveryReports')}
                  hint={t('settings.callbacks.deliveryReports.hint')}
                  value={data.callbacks.deliveryReports}
                />
                <CopyField
                  name="optOuts"
                  label={t('settings.callbacks.optOuts')}
                  hint={t('settings.callbacks.optOuts.hint')}
                  value={data.callbacks.optOuts}
                />
                <CopyField
                  name="incomingMessages"
                  label={t('settings.callbacks.incomingMessages')}
                  hint={t('settings.callbacks.incomingMessages.hint')}
                  value={data.callbacks.incomingMessages}
                />
              </Flex>
            ) : (
              <Typography textColor="danger600">{t('settings.callbacks.none')}</Typography>
            )}
          </Section>
          <EmailSection canTest={can.testSend} />
          {can.testSend && (
            <Section title={t('settings.testSend')} subtitle={t('settings.testSend.subtitle')}>
              <TestSend languages={data.languages} targets={testTargets} />
            </Section>
          )}
        </Flex>
      </Layouts.Content>
    </Page.Main>
  );
}
