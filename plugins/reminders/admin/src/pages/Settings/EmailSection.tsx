import * as React from 'react';
import { Badge, Box, Button, Flex, Grid, TextInput, Typography } from '@strapi/design-system';
import { Mail } from '@strapi/icons';
import { type TestEmailResult, useEmailApi } from '../../api/email';
import { useResource } from '../../api/request';
import type { DeliveryStatus } from '../../api/types';
import { GridField } from '../../components/GridField';
import { ProblemState } from '../../components/ProblemState';
import { Section } from '../../components/Section';
import { StatusBadge } from '../../components/StatusBadge';
import { useIdempotencyKey } from '../../hooks/useIdempotencyKey';
import { useProblem } from '../../hooks/useProblem';
import { useT } from '../../hooks/useT';

function Line({ label, value, testId }: { label: string; value: string; testId: string }) {
  return (
    <Flex gap={2} data-testid={testId}>
      <Typography variant="sigma" textColor="neutral600">
        {label}
      </Typography>
      <Typography dir="auto">{value}</Typography>
    </Flex>
  );
}

/** One test e-mail to an address the editor gives, the way reminder e-mails go, now. */
function TestEmailForm() {
  const t = useT();
  const api = useEmailApi();
  const problem = useProblem();
  const withKey = useIdempotencyKey();
  const [to, setTo] = React.useState('');
  const [sending, setSending] = React.useState(false);
  const [result, setResult] = React.useState<TestEmailResult | null>(null);
  const [failure, setFailure] = React.useState<{ message: string; field?: string } | null>(null);

  const send = async () => {
    setSending(true);
    setFailure(null);
    setResult(null);
    try {
      setResult(await withKey(`test-email ${to}`, (headers) => api.test(to, headers)));
    } catch (error) {
      const found = problem(error);
      setFailure({ message: found.message, field: found.fields.find((field) => field.path === 'to')?.message });
    } finally {
      setSending(false);
    }
  };

  return (
    <Flex direction="column" alignItems="stretch" gap={3} data-testid="test-email">
      <Grid.Root gap={4}>
        <GridField
          col={6}
          s={12}
          name="testEmailTo"
          required
          error={failure?.field}
          hint={t('email.test.to.hint')}
          label={t('email.test.to')}
        >
          <TextInput
            type="email"
            dir="ltr"
            value={to}
            placeholder="name@example.com"
            onChange={(event: React.ChangeEvent<HTMLInputElement>) => setTo(event.target.value)}
          />
        </GridField>
      </Grid.Root>
      <Box>
        <Button startIcon={<Mail />} onClick={send} loading={sending} disabled={!to.trim()}>
          {t('email.test.send')}
        </Button>
      </Box>
      {failure && !failure.field && (
        <Typography textColor="danger600" data-testid="test-email-error">
          {failure.message}
        </Typography>
      )}
      {result && (
        <Box padding={4} background="neutral100" hasRadius data-testid="test-email-result">
          <Flex direction="column" alignItems="stretch" gap={2}>
            <Flex gap={2}>
              <StatusBadge status={result.status as DeliveryStatus} />
              {result.simulated && <Badge>{t('email.test.simulated')}</Badge>}
            </Flex>
            <Typography dir="auto">{t('email.test.sentTo', { to: result.to })}</Typography>
            <Typography textColor="neutral600" dir="auto">
              {result.detail}
            </Typography>
          </Flex>
        </Box>
      )}
    </Flex>
  );
}

/**
 * Settings → E-mail: reminder e-mails leave through Strapi's email plugin (its provider and addresses shown,
 * never its options) or the outbox; and a test e-mail for whoever may send test messages.
 */
export function EmailSection({ canTest }: { canTest: boolean }) {
  const t = useT();
  const api = useEmailApi();
  const settings = useResource(() => api.get(), []);
  const data = settings.data;

  return (
    <Section title={t('email.title')} subtitle={t('email.subtitle')} testId="email">
      {settings.error ? (
        <ProblemState error={settings.error} onRetry={settings.reload} />
      ) : data ? (
        <Flex direction="column" alignItems="stretch" gap={2}>
          <Flex gap={2}>
            <Typography variant="beta" data-testid="email-sender">
              {data.sender === 'outbox' ? t('email.sender.outbox') : t('email.sender.emailPlugin')}
            </Typography>
            <Badge variant={data.sender === 'outbox' ? 'secondary' : 'success'}>
              {data.sender === 'outbox' ? t('settings.notLive') : t('settings.live')}
            </Badge>
          </Flex>
          <Line label={t('email.provider')} value={data.provider} testId="email-provider" />
          <Line label={t('email.from')} value={data.from ?? t('email.none')} testId="email-from" />
          <Line label={t('email.replyTo')} value={data.replyTo ?? t('email.none')} testId="email-reply-to" />
          <Line label={t('email.timeout')} value={String(data.timeoutMs)} testId="email-timeout" />
          {canTest && <TestEmailForm />}
        </Flex>
      ) : null}
    </Section>
  );
}
