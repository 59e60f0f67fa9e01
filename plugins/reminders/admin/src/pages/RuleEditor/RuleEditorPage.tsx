import * as React from 'react';
import {
  Alert,
  Box,
  Button,
  Dialog,
  Flex,
  Grid,
  NumberInput,
  SingleSelect,
  SingleSelectOption,
  TextInput,
  Toggle,
  Typography,
  Combobox,
  ComboboxOption,
} from '@strapi/design-system';
import { Check, Trash } from '@strapi/icons';
import { BackButton, ConfirmDialog, Layouts, Page, useNotification } from '@strapi/strapi/admin';
import { useIntl } from 'react-intl';
import { useNavigate, useParams } from 'react-router-dom';
import { useResource } from '../../api/request';
import { useRulesApi } from '../../api/rules';
import type { Rule, RuleOptions, RuleWithStats, Target } from '../../api/types';
import { CodeSelect } from '../../components/CodeSelect';
import { DateTime } from '../../components/DateTime';
import { GridField } from '../../components/GridField';
import { BASE } from '../../components/PluginNav';
import { ProblemState } from '../../components/ProblemState';
import { Section } from '../../components/Section';
import { TimeInput } from '../../components/TimeInput';
import { anchorLabel, targetLabel } from '../../components/labels';
import { useNotifyProblem } from '../../hooks/useNotifyProblem';
import { usePermissions } from '../../hooks/usePermissions';
import { useProblem } from '../../hooks/useProblem';
import { type MessageKey, useT } from '../../hooks/useT';
import { ConditionsBuilder } from './ConditionsBuilder';
import { MessagesEditor } from './MessagesEditor';
import { OverlapWarning } from './OverlapWarning';
import { StepsBuilder } from './StepsBuilder';
import { UnsavedChangesGuard } from './UnsavedChangesGuard';
import { fieldWords, problemInWords } from './fieldWords';
import { useDebouncedDraft } from './useDebouncedDraft';
import { fromStored, isDateAnchor, newRule, switchTarget, toPayload } from './ruleDraft';

const TIME_ZONES: string[] =
  (Intl as unknown as { supportedValuesOf?: (key: string) => string[] }).supportedValuesOf?.('timeZone') ?? [];

/** The zone picker: some 400 options, re-rendered only when its own value changes (not on every keystroke). */
const TimeZoneField = React.memo(function TimeZoneField({
  value,
  disabled,
  placeholder,
  onChange,
}: {
  value: string | null;
  disabled: boolean;
  placeholder: string;
  onChange: (zone: string | null) => void;
}) {
  return (
    <Combobox
      value={value ?? ''}
      disabled={disabled}
      placeholder={placeholder}
      onChange={(zone?: string) => onChange(zone ?? null)}
      onClear={() => onChange(null)}
    >
      {TIME_ZONES.map((zone) => (
        <ComboboxOption key={zone} value={zone}>
          {zone}
        </ComboboxOption>
      ))}
    </Combobox>
  );
});

/** Loads the options and, for an existing rule, the rule; then hands over to the form. */
export function RuleEditorPage() {
  const { documentId } = useParams<{ documentId: string }>();
  const api = useRulesApi();
  const options = useResource(() => api.options(), []);
  const stored = useResource(() => (documentId ? api.get(documentId) : Promise.resolve(null)), [documentId]);
  if (options.isLoading || stored.isLoading) return <Page.Loading />;
  if (options.error || !options.data) return <ProblemState error={options.error} onRetry={options.reload} />;
  if (stored.error) return <ProblemState error={stored.error} onRetry={stored.reload} />;
  return <RuleForm key={documentId ?? 'new'} options={options.data} stored={stored.data ?? null} />;
}

function RuleForm({ options, stored }: { options: RuleOptions; stored: RuleWithStats | null }) {
  const t = useT();
  const can = usePermissions();
  const api = useRulesApi();
  const problem = useProblem();
  const notifyProblem = useNotifyProblem();
  const navigate = useNavigate();
  const { locale } = useIntl();
  const { toggleNotification } = useNotification();
  const [rule, setRule] = React.useState<Rule>(() => (stored ? fromStored(stored) : newRule(options)));
  const [record, setRecord] = React.useState<string | null>(null);
  React.useEffect(() => setRecord(null), [rule.target]);
  // What the API would be sent: the preview and the overlap check read it, and it tells unsaved changes.
  const draft = React.useMemo(() => toPayload(rule, options), [rule, options]);
  const draftKey = JSON.stringify(draft);
  const latestKey = React.useRef(draftKey);
  latestKey.current = draftKey;
  const savedKey = React.useRef(draftKey);
  const isDirty = React.useCallback(() => latestKey.current !== savedKey.current, []);
  // The server sees the draft once typing stops: the preview and the overlap check re-render only then.
  const requested = useDebouncedDraft(draft);
  // A step given its own message starts from the rule's; read when it is, so typing does not re-render the steps.
  const ruleTemplates = React.useRef(rule.templates);
  ruleTemplates.current = rule.templates;
  const startingMessage = React.useCallback(() => ruleTemplates.current, []);
  const [errors, setErrors] = React.useState<Record<string, string>>({});
  const [formError, setFormError] = React.useState<string | null>(null);
  const [saving, setSaving] = React.useState(false);
  const readOnly = !can.manageRules;
  // A rule whose target is no longer mapped still opens (the plugin disabled it and says why): with nothing to offer.
  const target = options.targets[rule.target] ?? {
    uid: '',
    displayName: rule.target,
    builtIn: false,
    anchors: [rule.anchor],
    dateAnchors: [],
    conditions: {},
    variables: [],
    moneyVariables: [],
    recipients: ['customer'],
  };
  const targetKeys = Object.hasOwn(options.targets, rule.target)
    ? Object.keys(options.targets)
    : [...Object.keys(options.targets), rule.target];
  const labelOfTarget = (key: string) =>
    Object.hasOwn(options.targets, key)
      ? targetLabel(t, key, options.targets[key])
      : t('editor.target.unmapped', { target: key });
  const dateAnchor = isDateAnchor(rule, options);
  const set = React.useCallback((changes: Partial<Rule>) => setRule((current) => ({ ...current, ...changes })), []);
  // Stable handlers, so that the memoised sections skip re-rendering while the message is typed.
  const onSteps = React.useCallback((steps: Rule['steps']) => set({ steps }), [set]);
  const onConditions = React.useCallback((conditions: Rule['conditions']) => set({ conditions }), [set]);
  const onTemplates = React.useCallback((templates: Rule['templates']) => set({ templates }), [set]);
  const onDefaultLanguage = React.useCallback((defaultLanguage: string) => set({ defaultLanguage }), [set]);
  const onTimezone = React.useCallback((timezone: string | null) => set({ timezone }), [set]);

  const save = async () => {
    setSaving(true);
    setErrors({});
    setFormError(null);
    try {
      const payload = toPayload(rule, options);
      const saved = stored?.documentId ? await api.update(stored.documentId, payload) : await api.create(payload);
      toggleNotification({ type: 'success', message: t('editor.saved', { name: saved.name }) });
      // Saved: leaving is no longer asked about, from the navigation just below on.
      savedKey.current = JSON.stringify(payload);
      navigate(`${BASE}/rules/${saved.documentId}`, { replace: true });
      if (stored?.documentId) {
        const next = fromStored(saved);
        savedKey.current = JSON.stringify(toPayload(next, options));
        setRule(next);
      }
    } catch (error) {
      const found = problem(error);
      // Each field's error by its label, in the editor's locale; the alert names the fields the same way.
      setErrors(Object.fromEntries(found.fields.map((field) => [field.path, problemInWords(field, t, locale)])));
      setFormError(
        found.fields.length
          ? t('editor.notSaved.fields', {
              fields: [...new Set(found.fields.map((field) => fieldWords(field.path, t)))].join(', '),
            })
          : found.message
      );
    } finally {
      setSaving(false);
    }
  };

  const remove = async () => {
    if (!stored?.documentId) return;
    try {
      await api.remove(stored.documentId);
      toggleNotification({ type: 'success', message: t('editor.deleted', { name: stored.name }) });
      navigate(`${BASE}/rules`);
    } catch (error) {
      notifyProblem(error);
    }
  };

  const title = stored ? stored.name : t('editor.newTitle');
  return (
    <Page.Main>
      <Page.Title>{title}</Page.Title>
      <Layouts.Header
        navigationAction={<BackButton fallback={`${BASE}/rules`} />}
        title={title}
        subtitle={stored ? t('editor.subtitle', { target: labelOfTarget(stored.target) }) : t('editor.newSubtitle')}
        primaryAction={
          !readOnly && (
            <Button startIcon={<Check />} onClick={save} loading={saving}>
              {t('actions.save')}
            </Button>
          )
        }
        secondaryAction={
          !readOnly &&
          stored && (
            <Dialog.Root>
              <Dialog.Trigger>
                <Button variant="danger-light" startIcon={<Trash />}>
                  {t('actions.delete')}
                </Button>
              </Dialog.Trigger>
              <ConfirmDialog onConfirm={remove}>{t('editor.deleteConfirm', { name: stored.name })}</ConfirmDialog>
            </Dialog.Root>
          )
        }
      />
      <Layouts.Content>
        <Flex direction="column" alignItems="stretch" gap={4}>
          {stored?.disabledReason && !rule.enabled && (
            <Alert
              variant="warning"
              closeLabel={t('actions.close')}
              title={t('rules.disabledByPlugin')}
              data-testid="disabled-reason"
            >
              {stored.disabledReason}
            </Alert>
          )}
          {!readOnly && <UnsavedChangesGuard isDirty={isDirty} />}
          {rule.enabled && <OverlapWarning draft={requested} record={record} ruleDocumentId={stored?.documentId} />}
          {formError && (
            <Alert
              variant="danger"
              closeLabel={t('actions.close')}
              title={t('editor.notSaved')}
              onClose={() => setFormError(null)}
              data-testid="form-error"
            >
              {formError}
            </Alert>
          )}
          <Grid.Root gap={4}>
            <Grid.Item col={9} s={12} direction="column" alignItems="stretch" gap={4}>
              <Section title={t('editor.section.general')}>
                <Grid.Root gap={4}>
                  <GridField col={6} s={12} name="name" error={errors.name} required label={t('editor.name')}>
                    <TextInput
                      value={rule.name}
                      disabled={readOnly}
                      onChange={(event: React.ChangeEvent<HTMLInputElement>) => set({ name: event.target.value })}
                    />
                  </GridField>
                  <GridField col={3} s={6} name="target" error={errors.target} required label={t('editor.target')}>
                    <CodeSelect
                      codes={targetKeys}
                      codeLabel={labelOfTarget}
                      value={rule.target}
                      disabled={readOnly}
                      onChange={(name) => setRule((current) => switchTarget(current, name as Target, options))}
                    />
                  </GridField>
                  <GridField col={3} s={6} name="enabled" label={t('editor.enabled')}>
                    <Toggle
                      checked={rule.enabled}
                      disabled={readOnly}
                      onLabel={t('rules.on')}
                      offLabel={t('rules.off')}
                      onChange={(event: React.ChangeEvent<HTMLInputElement>) => set({ enabled: event.target.checked })}
                    />
                  </GridField>
                  <GridField col={4} s={12} name="recipient" error={errors.recipient} label={t('editor.recipient')}>
                    <CodeSelect
                      codes={target.recipients}
                      codeLabel={(recipient) => t(`recipient.${recipient}` as MessageKey)}
                      value={rule.recipient ?? 'customer'}
                      disabled={readOnly || target.recipients.length === 1}
                      onChange={(recipient) => set({ recipient })}
                    />
                  </GridField>
                  <GridField col={4} s={12} name="channel" hint={t('editor.channel.hint')} label={t('editor.channel')}>
                    <SingleSelect value="sms" disabled onChange={() => undefined}>
                      <SingleSelectOption value="sms">SMS</SingleSelectOption>
                    </SingleSelect>
                  </GridField>
                  <GridField
                    col={4}
                    s={12}
                    name="senderId"
                    error={errors.senderId}
                    hint={t('editor.senderId.hint')}
                    label={t('editor.senderId')}
                  >
                    <TextInput
                      value={rule.senderId ?? ''}
                      maxLength={11}
                      disabled={readOnly}
                      onChange={(event: React.ChangeEvent<HTMLInputElement>) => set({ senderId: event.target.value })}
                    />
                  </GridField>
                </Grid.Root>
              </Section>

              <Section title={t('editor.section.when')} subtitle={t('editor.section.when.subtitle')}>
                <Grid.Root gap={4}>
                  <GridField col={4} s={12} name="anchor" error={errors.anchor} required label={t('editor.anchor')}>
                    <CodeSelect
                      codes={target.anchors}
                      codeLabel={(anchor) => anchorLabel(t, anchor)}
                      value={rule.anchor}
                      disabled={readOnly}
                      onChange={(anchor) => {
                        const becomesDate = target.dateAnchors.includes(anchor);
                        set({ anchor, sendAt: becomesDate ? rule.sendAt || '09:00' : null });
                      }}
                    />
                  </GridField>
                  {dateAnchor && (
                    <GridField
                      col={3}
                      s={6}
                      name="sendAt"
                      error={errors.sendAt}
                      hint={t('editor.sendAt.hint')}
                      label={t('editor.sendAt')}
                    >
                      <TimeInput value={rule.sendAt} disabled={readOnly} onChange={(sendAt) => set({ sendAt })} />
                    </GridField>
                  )}
                  <GridField
                    col={5}
                    s={12}
                    name="timezone"
                    error={errors.timezone}
                    hint={t('editor.timezone.hint', { zone: options.defaultTimezone })}
                    label={t('editor.timezone')}
                  >
                    <TimeZoneField
                      value={rule.timezone ?? null}
                      disabled={readOnly}
                      placeholder={t('editor.timezone.placeholder')}
                      onChange={onTimezone}
                    />
                  </GridField>
                </Grid.Root>
                {rule.anchor === 'instantly' ? (
                  <Typography variant="pi" textColor="neutral600">
                    {t('editor.instantly.hint')}
                  </Typography>
                ) : (
                  <StepsBuilder
                    steps={rule.steps}
                    anchor={rule.anchor}
                    target={rule.target}
                    options={options}
                    startingMessage={startingMessage}
                    defaultLanguage={rule.defaultLanguage ?? 'en'}
                    errors={errors}
                    disabled={readOnly}
                    onChange={onSteps}
                  />
                )}
                <Grid.Root gap={4}>
                  <GridField
                    col={3}
                    s={6}
                    name="quietHoursStart"
                    error={errors.quietHoursStart}
                    hint={
                      options.quietHours
                        ? t('editor.quietHours.default', {
                            start: options.quietHours.start,
                            end: options.quietHours.end,
                          })
                        : t('editor.quietHours.none')
                    }
                    label={t('editor.quietHoursStart')}
                  >
                    <TimeInput
                      value={rule.quietHoursStart}
                      disabled={readOnly}
                      onChange={(quietHoursStart) => set({ quietHoursStart })}
                    />
                  </GridField>
                  <GridField
                    col={3}
                    s={6}
                    name="quietHoursEnd"
                    error={errors.quietHoursEnd}
                    label={t('editor.quietHoursEnd')}
                  >
                    <TimeInput
                      value={rule.quietHoursEnd}
                      disabled={readOnly}
                      onChange={(quietHoursEnd) => set({ quietHoursEnd })}
                    />
                  </GridField>
                  <GridField
                    col={4}
                    s={12}
                    name="maxLatenessMinutes"
                    error={errors.maxLatenessMinutes}
                    hint={t('editor.maxLateness.hint', { minutes: options.maxLatenessMinutes })}
                    label={t('editor.maxLateness')}
                  >
                    <NumberInput
                      value={rule.maxLatenessMinutes ?? undefined}
                      disabled={readOnly}
                      placeholder={String(options.maxLatenessMinutes)}
                      onValueChange={(value) => set({ maxLatenessMinutes: value ?? null })}
                    />
                  </GridField>
                </Grid.Root>
              </Section>

              <Section title={t('editor.section.conditions')}>
                <ConditionsBuilder
                  conditions={rule.conditions}
                  fields={target.conditions}
                  errors={errors}
                  disabled={readOnly}
                  onChange={onConditions}
                />
              </Section>

              <Section
                title={t('editor.section.message')}
                subtitle={t('editor.section.message.subtitle')}
                testId="messages"
              >
                <MessagesEditor
                  target={rule.target}
                  templates={rule.templates}
                  defaultLanguage={rule.defaultLanguage ?? 'en'}
                  draft={requested}
                  record={record}
                  onRecordChange={setRecord}
                  options={options}
                  errors={errors}
                  disabled={readOnly}
                  onChange={onTemplates}
                  onDefaultLanguageChange={onDefaultLanguage}
                />
              </Section>
            </Grid.Item>

            <Grid.Item col={3} s={12} direction="column" alignItems="stretch">
              <Box background="neutral0" hasRadius shadow="tableShadow" padding={4} width="100%">
                <Flex direction="column" alignItems="stretch" gap={3}>
                  <Typography variant="sigma" textColor="neutral600" tag="h2">
                    {t('editor.activity')}
                  </Typography>
                  {stored ? (
                    <>
                      <Typography variant="omega">{t('editor.activity.sent', { count: stored.stats.sent })}</Typography>
                      <Typography variant="omega" textColor={stored.stats.failed ? 'danger600' : undefined}>
                        {t('editor.activity.failed', { count: stored.stats.failed })}
                      </Typography>
                      <Typography variant="pi" textColor="neutral600">
                        {t('rules.column.lastSent')}:{' '}
                        <DateTime value={stored.stats.lastSentAt} fallback={t('rules.never')} />
                      </Typography>
                      <Typography variant="pi" textColor="neutral600">
                        {t('rules.column.nextSend')}:{' '}
                        <DateTime value={stored.stats.nextSendAt} fallback={t('rules.noneQueued')} />
                      </Typography>
                    </>
                  ) : (
                    <Typography variant="pi" textColor="neutral600">
                      {t('editor.activity.new')}
                    </Typography>
                  )}
                  <Typography variant="pi" textColor="neutral600">
                    {t('editor.noBlast')}
                  </Typography>
                </Flex>
              </Box>
            </Grid.Item>
          </Grid.Root>
        </Flex>
      </Layouts.Content>
    </Page.Main>
  );
}
