import * as React from 'react';
import {
  Badge,
  Box,
  Button,
  Dialog,
  Divider,
  Flex,
  Link,
  Loader,
  SingleSelect,
  SingleSelectOption,
  Typography,
} from '@strapi/design-system';
import { PaperPlane } from '@strapi/icons';
import { ConfirmDialog, useNotification } from '@strapi/strapi/admin';
import type { PanelComponent } from '@strapi/content-manager/strapi-admin';
import { NavLink } from 'react-router-dom';
import { useRecordsApi } from '../api/records';
import { useResource } from '../api/request';
import type { Target } from '../api/types';
import { useIdempotencyKey } from '../hooks/useIdempotencyKey';
import { usePermissions } from '../hooks/usePermissions';
import { useProblem } from '../hooks/useProblem';
import { type ReasonDetail, useReason } from '../hooks/useReason';
import { useDirection, useT } from '../hooks/useT';
import { useTargets } from '../hooks/useTargets';
import { DateTime } from './DateTime';
import { PanelList } from './PanelList';
import { BASE } from './PluginNav';
import { StatusBadge } from './StatusBadge';
import { TextWithNote } from './TextWithNote';

const SHOWN = 5;
/** A reply's text in the panel: the start of it; the inbox has the rest. */
const REPLY_SHOWN = 60;
const excerpt = (text: string) => (text.length > REPLY_SHOWN ? `${text.slice(0, REPLY_SHOWN - 1)}…` : text);

/**
 * What the panel shows: the record's latest deliveries, what is planned, what the customer replied (to those
 * who may read the inbox), and "send reminder now" for the rules that apply. `version` changes when the document is saved or published: the panel asks again.
 */
function RecordReminders({ target, documentId, version }: { target: Target; documentId: string; version?: string }) {
  const t = useT();
  const can = usePermissions();
  const api = useRecordsApi();
  const problem = useProblem();
  const { toggleNotification } = useNotification();
  const reasonOf = useReason();
  const reminders = useResource(() => api.reminders(target, documentId), [target, documentId, version]);
  const [rule, setRule] = React.useState<string | null>(null);
  const [sending, setSending] = React.useState(false);
  /** The server's words when the rule sent to this record a few minutes ago: shown for the editor to confirm. */
  const [recentSend, setRecentSend] = React.useState<string | null>(null);
  const withKey = useIdempotencyKey();
  const direction = useDirection();
  // Only the rules that apply to the record now are offered; those that do not say why instead.
  const notApplying = new Set((reminders.data?.notApplying ?? []).map((item) => item.ruleDocumentId));
  const rules = (reminders.data?.rules ?? []).filter((item) => !notApplying.has(item.documentId));
  const chosen = rules.find((item) => item.documentId === rule)?.documentId ?? rules[0]?.documentId ?? null;

  const sendNow = async (confirm: boolean) => {
    if (!chosen) return;
    setSending(true);
    try {
      const deliveries = await withKey(`${chosen}:${confirm}`, (headers) =>
        api.sendNow(target, documentId, chosen, confirm, headers)
      );
      const failed = deliveries.find(
        (delivery) => !['accepted', 'delivered', 'queued', 'sending'].includes(delivery.status)
      );
      toggleNotification({
        type: failed ? 'warning' : 'success',
        message: failed
          ? t('panel.sendNow.notSent', {
              status: t(`status.${failed.status}` as never),
              reason: reasonOf(failed.reason, failed.reasonDetail),
            })
          : t('panel.sendNow.sent', { count: deliveries.length }),
      });
      reminders.reload();
    } catch (error) {
      const found = problem(error);
      const details = found.details as
        { lastSentAt?: string; reason?: string; reasonDetail?: ReasonDetail } | undefined;
      if (found.status === 409 && details?.lastSentAt) setRecentSend(found.message);
      // The rule stopped applying since the panel loaded (paid meanwhile): say why, and show it.
      else if (found.status === 409 && details?.reasonDetail) {
        toggleNotification({ type: 'warning', message: reasonOf(details.reason, details.reasonDetail) });
        reminders.reload();
      } else toggleNotification({ type: 'danger', message: found.message });
    } finally {
      setSending(false);
    }
  };

  if (reminders.isLoading && !reminders.data) {
    return (
      <Flex justifyContent="center" padding={2}>
        <Loader small>{t('state.loading')}</Loader>
      </Flex>
    );
  }
  if (reminders.error || !reminders.data) {
    return (
      <Typography variant="pi" textColor="danger600">
        {problem(reminders.error).message}
      </Typography>
    );
  }
  const { deliveries, planned, replies } = reminders.data;
  return (
    <Flex direction="column" alignItems="stretch" gap={3} width="100%" dir={direction} data-testid="record-reminders">
      <PanelList
        title={t('panel.sent')}
        emptyText={t('panel.noneSent')}
        rows={deliveries.slice(0, SHOWN).map((delivery) => (
          <Flex key={delivery.documentId} justifyContent="space-between" gap={2} paddingTop={2}>
            <TextWithNote note={delivery.ruleName ?? t('deliveries.noRule')}>
              <Link tag={NavLink} to={`${BASE}/deliveries/${delivery.documentId}`}>
                <DateTime value={delivery.notBefore} timeZone={delivery.timeZone} />
              </Link>
            </TextWithNote>
            <Flex gap={2}>
              {delivery.channel === 'email' && <Badge size="S">{t('channel.email')}</Badge>}
              <StatusBadge status={delivery.status} targetType={delivery.targetType} />
            </Flex>
          </Flex>
        ))}
      >
        {deliveries.length > SHOWN && (
          <Box paddingTop={2}>
            <Link tag={NavLink} to={`${BASE}/deliveries?target=${target}&record=${documentId}`}>
              {t('panel.allDeliveries', { count: deliveries.length })}
            </Link>
          </Box>
        )}
      </PanelList>
      <Divider />
      <PanelList
        title={t('panel.planned')}
        emptyText={t('panel.nonePlanned')}
        rows={planned.slice(0, SHOWN).map((item) => (
          <TextWithNote
            key={`${item.ruleDocumentId}-${item.sendAt}-${item.recipientRole}`}
            note={item.ruleName}
            paddingTop={2}
          >
            <Typography variant="omega">
              <DateTime value={item.sendAt} timeZone={item.timeZone} />
              {item.channel === 'email' ? ` · ${t('channel.email')}` : ''}
            </Typography>
          </TextWithNote>
        ))}
      >
        {planned.length > SHOWN && (
          <Box paddingTop={2}>
            <Link
              tag={NavLink}
              to={`${BASE}/upcoming?days=31&target=${target}&record=${documentId}`}
              data-testid="panel-more-planned"
            >
              {t('panel.morePlanned', { count: planned.length - SHOWN })}
            </Link>
          </Box>
        )}
        {reminders.data.notApplying.map((item) => (
          <Typography key={item.ruleDocumentId} variant="pi" textColor="neutral500" tag="p">
            {t('panel.notApplying', { rule: item.ruleName, reason: reasonOf(item.reason, item.reasonDetail) })}
          </Typography>
        ))}
      </PanelList>
      {can.readInbox && replies.length > 0 && (
        <>
          <Divider />
          <PanelList
            title={t('panel.replies')}
            emptyText=""
            rows={replies.slice(0, SHOWN).map((reply) => (
              <TextWithNote key={reply.documentId} note={reply.outcome} paddingTop={2}>
                <DateTime value={reply.receivedAt} timeZone={deliveries[0]?.timeZone} />
                <Typography variant="omega" dir="auto" data-testid="panel-reply-text">
                  {t('panel.replyText', { text: excerpt(reply.text) })}
                </Typography>
              </TextWithNote>
            ))}
          />
        </>
      )}
      {/* When every rule is one that does not apply, their reasons above say it all. */}
      {can.manageDeliveries && (rules.length > 0 || notApplying.size === 0) && (
        <>
          <Divider />
          {rules.length === 0 ? (
            <Typography variant="pi" textColor="neutral600">
              {t('panel.noRules')}
            </Typography>
          ) : (
            <Flex direction="column" alignItems="stretch" gap={2}>
              <SingleSelect
                aria-label={t('panel.rule')}
                value={chosen ?? undefined}
                onChange={(value) => setRule(String(value))}
                size="S"
              >
                {rules.map((item) => (
                  <SingleSelectOption key={item.documentId} value={item.documentId}>
                    {item.name}
                  </SingleSelectOption>
                ))}
              </SingleSelect>
              <Button
                fullWidth
                variant="secondary"
                startIcon={<PaperPlane />}
                onClick={() => sendNow(false)}
                loading={sending}
                disabled={!chosen}
              >
                {t('panel.sendNow')}
              </Button>
              <Dialog.Root open={recentSend !== null} onOpenChange={(open) => !open && setRecentSend(null)}>
                <ConfirmDialog
                  title={t('panel.sendNow.confirmTitle')}
                  variant="default"
                  onConfirm={() => sendNow(true)}
                >
                  {recentSend}
                </ConfirmDialog>
              </Dialog.Root>
            </Flex>
          )}
        </>
      )}
    </Flex>
  );
}

/**
 * The panel on a target's pages in the Content Manager (invoices, appointments and the host's mapped types,
 * as the rule options list them), for users who may read deliveries. Any other type gets no panel.
 */
export const RecordRemindersPanel: PanelComponent = ({ model, documentId, document }) => {
  const t = useT();
  const can = usePermissions();
  const target = useTargets(can.readDeliveries).keyOf(model);
  if (!target || !documentId || !can.readDeliveries) return null;
  // The document's updatedAt changes on every save and publish: the panel then shows the record as saved.
  return {
    title: t('panel.title'),
    content: <RecordReminders target={target} documentId={documentId} version={document?.updatedAt} />,
  };
};
RecordRemindersPanel.displayName = 'RemindersPanel';
