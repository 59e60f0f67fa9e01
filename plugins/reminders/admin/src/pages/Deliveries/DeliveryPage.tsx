import * as React from 'react';
import { Alert, Badge, Box, Button, Dialog, Flex, Grid, Link, Typography } from '@strapi/design-system';
import { ArrowClockwise, Check, Cross } from '@strapi/icons';
import { BackButton, ConfirmDialog, Layouts, Page, useNotification } from '@strapi/strapi/admin';
import { NavLink, useParams } from 'react-router-dom';
import { useDeliveriesApi } from '../../api/deliveries';
import { useResource } from '../../api/request';
import type { DeliveryAction, DeliveryDetail } from '../../api/types';
import { DateTime } from '../../components/DateTime';
import { BASE } from '../../components/PluginNav';
import { ProblemState } from '../../components/ProblemState';
import { Section } from '../../components/Section';
import { StatusBadge } from '../../components/StatusBadge';
import { Timeline } from '../../components/Timeline';
import { Destination } from '../../components/Destination';
import { type KeyHeaders, useIdempotencyKey } from '../../hooks/useIdempotencyKey';
import { useNotifyProblem } from '../../hooks/useNotifyProblem';
import { usePermissions } from '../../hooks/usePermissions';
import { useReason } from '../../hooks/useReason';
import { type MessageKey, useT } from '../../hooks/useT';
import { recipientLabel } from '../../components/labels';
import { useTargets } from '../../hooks/useTargets';

const ACTION_ICONS: Record<DeliveryAction, React.ReactNode> = {
  retry: <ArrowClockwise />,
  cancel: <Cross />,
  'mark-sent': <Check />,
  'mark-not-sent': <Cross />,
};

/** One line of the details list. */
function Detail({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <Flex direction="column" alignItems="flex-start" gap={1}>
      <Typography variant="sigma" textColor="neutral600">
        {label}
      </Typography>
      <Typography tag="div">{children}</Typography>
    </Flex>
  );
}

/** One delivery: the text sent, what happened and when, why it failed, and what an editor can do about it. */
export function DeliveryPage() {
  const { documentId = '' } = useParams<{ documentId: string }>();
  const t = useT();
  const reasonOf = useReason();
  const can = usePermissions();
  const api = useDeliveriesApi();
  const notifyProblem = useNotifyProblem();
  const { toggleNotification } = useNotification();
  const delivery = useResource(() => api.get(documentId), [documentId]);
  const targets = useTargets();
  const [busy, setBusy] = React.useState<DeliveryAction | null>(null);
  const withKey = useIdempotencyKey();

  const act = async (action: DeliveryAction) => {
    setBusy(action);
    try {
      const run: Record<DeliveryAction, (headers: KeyHeaders) => Promise<DeliveryDetail>> = {
        retry: (headers) => api.retry(documentId, headers),
        cancel: (headers) => api.cancel(documentId, headers),
        'mark-sent': (headers) => api.resolve(documentId, true, headers),
        'mark-not-sent': (headers) => api.resolve(documentId, false, headers),
      };
      const next = await withKey(`${action}:${documentId}`, run[action]);
      toggleNotification({
        type: 'success',
        message: t(`delivery.done.${action}` as MessageKey, { status: t(`status.${next.status}` as MessageKey) }),
      });
      delivery.reload();
    } catch (error) {
      notifyProblem(error);
      delivery.reload();
    } finally {
      setBusy(null);
    }
  };

  if (delivery.isLoading && !delivery.data) return <Page.Loading />;
  if (delivery.error || !delivery.data) return <ProblemState error={delivery.error} onRetry={delivery.reload} />;
  const item = delivery.data;
  const failed = ['failed', 'rejected', 'unknown', 'expired', 'skipped'].includes(item.status);
  const actions = can.manageDeliveries ? item.actions : [];
  // The record's page in the Content Manager, when its target is still a content type the plugin knows.
  const recordModel = targets.targets[item.targetType]?.uid;
  const title =
    item.channel === 'email'
      ? t('delivery.title.email', { email: item.email ?? '—' })
      : t('delivery.title', { phone: item.phone });

  return (
    <Page.Main>
      <Page.Title>{title}</Page.Title>
      <Layouts.Header
        navigationAction={<BackButton fallback={`${BASE}/deliveries`} />}
        title={title}
        subtitle={
          <Flex gap={2} paddingTop={1}>
            <StatusBadge status={item.status} targetType={item.targetType} />
            <Typography textColor="neutral600">
              {item.ruleName ?? (item.targetType === 'test' ? t('deliveries.testSend') : t('deliveries.noRule'))}
            </Typography>
          </Flex>
        }
        primaryAction={
          actions.length > 0 && (
            <Flex gap={2}>
              {actions.map((action) => (
                <Dialog.Root key={action}>
                  <Dialog.Trigger>
                    <Button
                      variant={action === 'cancel' || action === 'mark-not-sent' ? 'danger-light' : 'secondary'}
                      startIcon={ACTION_ICONS[action]}
                      loading={busy === action}
                      disabled={busy !== null}
                    >
                      {t(`delivery.action.${action}` as MessageKey)}
                    </Button>
                  </Dialog.Trigger>
                  <ConfirmDialog
                    onConfirm={() => act(action)}
                    variant={action === 'cancel' || action === 'mark-not-sent' ? 'danger' : 'default'}
                  >
                    {t(`delivery.confirm.${action}` as MessageKey)}
                  </ConfirmDialog>
                </Dialog.Root>
              ))}
            </Flex>
          )
        }
      />
      <Layouts.Content>
        <Flex direction="column" alignItems="stretch" gap={4}>
          {failed && item.reason && (
            <Alert
              variant={item.status === 'skipped' ? 'default' : 'danger'}
              closeLabel={t('actions.close')}
              title={t('delivery.reason')}
              data-testid="delivery-reason"
            >
              {reasonOf(item.reason, item.reasonDetail)}
              {item.errorCode ? ` (${item.errorCode})` : ''}
            </Alert>
          )}
          <Grid.Root gap={4}>
            <Grid.Item col={7} s={12} direction="column" alignItems="stretch" gap={4}>
              <Section title={t('delivery.message')}>
                {item.body ? (
                  <>
                    {item.subject && (
                      <Typography fontWeight="bold" dir="auto" data-testid="delivery-subject">
                        {item.subject}
                      </Typography>
                    )}
                    <Box padding={4} background="neutral100" hasRadius>
                      <Typography tag="p" style={{ whiteSpace: 'pre-wrap' }} dir="auto" data-testid="delivery-body">
                        {item.body}
                      </Typography>
                    </Box>
                    <Flex gap={2} wrap="wrap">
                      {item.segments !== null && <Badge>{t('upcoming.segments', { count: item.segments })}</Badge>}
                      {item.encoding && <Badge>{item.encoding === 'UCS_2' ? 'UCS-2' : 'GSM-7'}</Badge>}
                      {item.cost && <Badge>{t('delivery.cost', { cost: item.cost })}</Badge>}
                    </Flex>
                  </>
                ) : (
                  <Typography textColor="neutral600">{t('delivery.notRendered')}</Typography>
                )}
              </Section>
              <Section title={t('delivery.timeline')}>
                <Timeline
                  testId="delivery-timeline"
                  items={item.events.map((event) => ({
                    at: event.at,
                    badge: <StatusBadge status={event.status} />,
                    detail: event.detail ?? '',
                  }))}
                />
              </Section>
            </Grid.Item>
            <Grid.Item col={5} s={12} direction="column" alignItems="stretch">
              <Section title={t('delivery.details')}>
                <Detail label={t('delivery.to')}>
                  <Destination channel={item.channel} phone={item.phone} email={item.email} />
                  {recipientLabel(t, item.recipientRole)}
                </Detail>
                {item.record && item.targetDocumentId && recordModel && (
                  <Detail label={targets.label(item.targetType)}>
                    <Link
                      tag={NavLink}
                      to={`/content-manager/collection-types/${recordModel}/${item.targetDocumentId}`}
                    >
                      {item.record.label}
                    </Link>
                    {item.record.customerName ? ` · ${item.record.customerName}` : ''}
                  </Detail>
                )}
                {item.ruleDocumentId && (
                  <Detail label={t('deliveries.column.rule')}>
                    <Link tag={NavLink} to={`${BASE}/rules/${item.ruleDocumentId}`}>
                      {item.ruleName ?? item.ruleDocumentId}
                    </Link>
                    {item.stepIndex !== null
                      ? ` · ${t('delivery.step', { step: (item.stepIndex ?? 0) + 1, occurrence: (item.occurrence ?? 0) + 1 })}`
                      : ''}
                  </Detail>
                )}
                <Detail label={t('delivery.scheduledFor')}>
                  <DateTime value={item.scheduledFor} timeZone={item.timeZone} />
                </Detail>
                <Detail label={t('delivery.notBefore')}>
                  <DateTime value={item.notBefore} timeZone={item.timeZone} />
                </Detail>
                <Detail label={t('delivery.attempts')}>{item.attempts}</Detail>
                <Detail label={t('delivery.provider')}>
                  {[item.provider, item.providerMessageId].filter(Boolean).join(' · ') || '—'}
                </Detail>
                <Detail label={t('delivery.key')}>
                  <Typography variant="pi" style={{ wordBreak: 'break-all' }} dir="ltr">
                    {item.idempotencyKey}
                  </Typography>
                </Detail>
              </Section>
            </Grid.Item>
          </Grid.Root>
        </Flex>
      </Layouts.Content>
    </Page.Main>
  );
}
