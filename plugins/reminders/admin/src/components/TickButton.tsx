import * as React from 'react';
import { Button } from '@strapi/design-system';
import { Play } from '@strapi/icons';
import { useNotification } from '@strapi/strapi/admin';
import { useDeliveriesApi } from '../api/deliveries';
import { useNotifyProblem } from '../hooks/useNotifyProblem';
import { usePermissions } from '../hooks/usePermissions';
import { useT } from '../hooks/useT';

/** "Run a tick now": plan and send what is due, at once, instead of waiting for the scheduler's minute. */
export function TickButton({ onDone }: { onDone?: () => void }) {
  const t = useT();
  const can = usePermissions();
  const api = useDeliveriesApi();
  const notifyProblem = useNotifyProblem();
  const { toggleNotification } = useNotification();
  const [busy, setBusy] = React.useState(false);
  if (!can.manageDeliveries) return null;

  const run = async () => {
    setBusy(true);
    try {
      const report = await api.tick();
      const sent = Object.values(report.dispatched.outcomes).reduce((sum, count) => sum + (count ?? 0), 0);
      toggleNotification({
        type: report.dispatched.paused || report.planned.error ? 'warning' : 'success',
        message:
          t('tick.done', {
            planned: report.planned.written,
            handled: sent,
            accepted: report.dispatched.outcomes.accepted ?? 0,
          }) + (report.dispatched.paused ? ` ${t('tick.paused', { reason: report.dispatched.paused })}` : ''),
      });
      onDone?.();
    } catch (error) {
      notifyProblem(error);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Button variant="secondary" startIcon={<Play />} onClick={run} loading={busy}>
      {t('tick.run')}
    </Button>
  );
}
