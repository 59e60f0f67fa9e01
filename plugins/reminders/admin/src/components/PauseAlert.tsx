import { Alert, Button } from '@strapi/design-system';
import { useNotification } from '@strapi/strapi/admin';
import { useSettingsApi } from '../api/settings';
import { useNotifyProblem } from '../hooks/useNotifyProblem';
import { useT } from '../hooks/useT';

/**
 * Sending is paused (the provider refused to send, or the spending cap is reached): why, and, for who may, a
 * button that resumes it — not at the spending cap, which only raising the cap lifts (the alert says so).
 */
export function PauseAlert({
  reason,
  atCap,
  canResume,
  onResumed,
  testId,
}: {
  reason: string;
  atCap: boolean;
  canResume: boolean;
  onResumed: () => void;
  testId?: string;
}) {
  const t = useT();
  const api = useSettingsApi();
  const notifyProblem = useNotifyProblem();
  const { toggleNotification } = useNotification();

  const resume = async () => {
    try {
      await api.resumeSending();
      toggleNotification({ type: 'success', message: t('dashboard.resumed') });
      onResumed();
    } catch (error) {
      notifyProblem(error);
    }
  };

  return (
    <Alert
      variant="danger"
      closeLabel={t('actions.close')}
      title={t('dashboard.paused')}
      action={
        canResume && !atCap ? (
          <Button variant="danger-light" onClick={resume}>
            {t('dashboard.resume')}
          </Button>
        ) : undefined
      }
      data-testid={testId}
    >
      {atCap ? `${reason.replace(/\.?$/, '.')} ${t('dashboard.pausedAtCap')}` : reason}
    </Alert>
  );
}
