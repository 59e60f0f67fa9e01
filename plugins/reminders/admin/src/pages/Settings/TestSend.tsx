import * as React from 'react';
import {
  Box,
  Button,
  Flex,
  Grid,
  SingleSelect,
  SingleSelectOption,
  TextInput,
  Textarea,
  Typography,
  Badge,
} from '@strapi/design-system';
import { PaperPlane } from '@strapi/icons';
import { NavLink } from 'react-router-dom';
import { type TestSendRequest, useSettingsApi } from '../../api/settings';
import type { DeliveryStatus, Target, TestSendResult } from '../../api/types';
import { CodeSelect } from '../../components/CodeSelect';
import { GridField } from '../../components/GridField';
import { BASE } from '../../components/PluginNav';
import { RecordPicker } from '../../components/RecordPicker';
import { StatusBadge } from '../../components/StatusBadge';
import { useIdempotencyKey } from '../../hooks/useIdempotencyKey';
import { usePermissions } from '../../hooks/usePermissions';
import { useProblem } from '../../hooks/useProblem';
import { type MessageKey, useT } from '../../hooks/useT';

/** A target the test send can render against: its key, its name, and the message it starts from. */
export interface TestSendTarget {
  key: Target;
  label: string;
  template: string;
}

/** One SMS to a number the editor gives, rendered against a record or sample data, sent through the provider now. */
export function TestSend({ languages, targets }: { languages: string[]; targets: TestSendTarget[] }) {
  const t = useT();
  const can = usePermissions();
  const api = useSettingsApi();
  const problem = useProblem();
  const [phone, setPhone] = React.useState('');
  const [target, setTarget] = React.useState<Target>(targets[0]?.key ?? 'invoice');
  const templateOf = (key: Target) => targets.find((item) => item.key === key)?.template ?? '';
  const [record, setRecord] = React.useState<string | null>(null);
  const [language, setLanguage] = React.useState<string>('');
  const [template, setTemplate] = React.useState(() => templateOf(target));
  const [sending, setSending] = React.useState(false);
  const [result, setResult] = React.useState<TestSendResult | null>(null);
  const [failure, setFailure] = React.useState<{ message: string; fields: Record<string, string> } | null>(null);
  const withKey = useIdempotencyKey();

  const send = async () => {
    setSending(true);
    setFailure(null);
    setResult(null);
    try {
      const request: TestSendRequest = {
        phone,
        template,
        target,
        ...(record ? { documentId: record } : {}),
        ...(language ? { language } : {}),
      };
      setResult(await withKey(JSON.stringify(request), (headers) => api.testSend(request, headers)));
    } catch (error) {
      const found = problem(error);
      setFailure({
        message: found.message,
        fields: Object.fromEntries(found.fields.map((field) => [field.path, field.message])),
      });
    } finally {
      setSending(false);
    }
  };

  return (
    <Flex direction="column" alignItems="stretch" gap={4} data-testid="test-send">
      <Grid.Root gap={4}>
        <GridField
          col={4}
          s={12}
          name="phone"
          required
          error={failure?.fields.phone}
          hint={t('testSend.phone.hint')}
          label={t('testSend.phone')}
        >
          <TextInput
            value={phone}
            dir="ltr"
            placeholder="+254712345678"
            onChange={(event: React.ChangeEvent<HTMLInputElement>) => setPhone(event.target.value)}
          />
        </GridField>
        <GridField col={4} s={12} name="testTarget" label={t('editor.target')}>
          <SingleSelect
            value={target}
            onChange={(value) => {
              const next = value as Target;
              setTarget(next);
              setRecord(null);
              if (template === templateOf(target)) setTemplate(templateOf(next));
            }}
          >
            {targets.map((item) => (
              <SingleSelectOption key={item.key} value={item.key}>
                {item.label}
              </SingleSelectOption>
            ))}
          </SingleSelect>
        </GridField>
        <GridField col={4} s={12} name="testLanguage" error={failure?.fields.language} label={t('testSend.language')}>
          <CodeSelect
            codes={languages}
            codeLabel={(code) => t(`language.${code}` as MessageKey)}
            value={language}
            placeholder={t('testSend.language.record')}
            onChange={setLanguage}
            onClear={() => setLanguage('')}
            clearLabel={t('actions.clear')}
          />
        </GridField>
        <GridField
          col={12}
          name="testRecord"
          error={failure?.fields.documentId}
          hint={can.readRules ? t('preview.record.hint') : t('testSend.sampleOnly')}
          label={t('preview.record')}
        >
          {can.readRules ? <RecordPicker target={target} value={record} onChange={setRecord} /> : null}
        </GridField>
        <GridField
          col={12}
          name="testTemplate"
          error={failure?.fields.template}
          required
          label={t('testSend.template')}
        >
          <Textarea
            value={template}
            onChange={(event: React.ChangeEvent<HTMLTextAreaElement>) => setTemplate(event.target.value)}
          />
        </GridField>
      </Grid.Root>
      <Box>
        <Button
          startIcon={<PaperPlane />}
          onClick={send}
          loading={sending}
          disabled={!phone.trim() || !template.trim()}
        >
          {t('testSend.send')}
        </Button>
      </Box>
      {failure && (
        <Typography textColor="danger600" data-testid="test-send-error">
          {failure.message}
        </Typography>
      )}
      {result && (
        <Box padding={4} background="neutral100" hasRadius data-testid="test-send-result">
          <Flex direction="column" alignItems="stretch" gap={2}>
            <Flex gap={2}>
              <StatusBadge status={result.status as DeliveryStatus} />
              <Badge>{t('upcoming.segments', { count: result.segments })}</Badge>
              <Badge>{result.encoding === 'UCS_2' ? 'UCS-2' : 'GSM-7'}</Badge>
            </Flex>
            <Typography tag="p" style={{ whiteSpace: 'pre-wrap' }} dir="auto">
              {result.text}
            </Typography>
            {result.reason && <Typography textColor="neutral600">{result.reason}</Typography>}
            {can.readDeliveries && (
              <Typography tag={NavLink} to={`${BASE}/deliveries/${result.deliveryDocumentId}`} textColor="primary600">
                {t('testSend.openDelivery')}
              </Typography>
            )}
          </Flex>
        </Box>
      )}
    </Flex>
  );
}
