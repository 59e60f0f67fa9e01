import * as React from 'react';
import { Alert, Box, Flex, Grid, Typography } from '@strapi/design-system';
import { Layouts, Page, useNotification } from '@strapi/strapi/admin';
import { useIntl } from 'react-intl';
import { useNavigate, useParams } from 'react-router-dom';
import { useResource } from '../../api/request';
import { useMessageTemplatesApi } from '../../api/messageTemplates';
import { useRulesApi } from '../../api/rules';
import type { Rule, RuleOptions, RuleWithStats } from '../../api/types';
import { DateTime } from '../../components/DateTime';
import { BASE } from '../../components/PluginNav';
import { EditorHeader } from '../../components/EditorHeader';
import { ProblemState } from '../../components/ProblemState';
import { Section } from '../../components/Section';
import { FormErrorAlert } from '../../components/FormErrorAlert';
import { useNotifyProblem } from '../../hooks/useNotifyProblem';
import { usePermissions } from '../../hooks/usePermissions';
import { useProblem } from '../../hooks/useProblem';
import { useT } from '../../hooks/useT';
import { MessagesEditor } from './MessagesEditor';
import { MessageOptions } from './MessageOptions';
import { LibraryContext, MessageSource, useLibraryTemplate } from './MessageSource';
import { OverlapWarning } from './OverlapWarning';
import { RuleSettings, targetLabelOf } from './RuleSettings';
import { UnsavedChangesGuard } from './UnsavedChangesGuard';
import { fieldWords, problemInWords } from './fieldWords';
import { useDebouncedDraft } from './useDebouncedDraft';
import { fromStored, newRule, sendsEmail, targetForAnchor, toPayload } from './ruleDraft';
import { EmailTemplatesField } from './EmailTemplatesField';

/** Loads the options and, for an existing rule, the rule; then hands over to the form. */
export function RuleEditorPage() {
  const { documentId } = useParams<{ documentId: string }>();
  const api = useRulesApi();
  const options = useResource(() => api.options(), []);
  const stored = useResource(() => (documentId ? api.get(documentId) : Promise.resolve(null)), [documentId]);
  // The library, for the rule's and the steps' choice of a template; without it, rules are still written.
  const templatesApi = useMessageTemplatesApi();
  const library = useResource(() => templatesApi.list(), []);
  const libraryTemplates = React.useMemo(() => library.data ?? [], [library.data]);
  if (options.isLoading || stored.isLoading) return <Page.Loading />;
  if (options.error || !options.data) return <ProblemState error={options.error} onRetry={options.reload} />;
  if (stored.error) return <ProblemState error={stored.error} onRetry={stored.reload} />;
  return (
    <LibraryContext.Provider value={libraryTemplates}>
      <RuleForm key={documentId ?? 'new'} options={options.data} stored={stored.data ?? null} />
    </LibraryContext.Provider>
  );
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
  const set = React.useCallback((changes: Partial<Rule>) => setRule((current) => ({ ...current, ...changes })), []);
  const usesLibrary = rule.templateId !== null && rule.templateId !== undefined;
  const chosen = useLibraryTemplate(rule.templateId);
  const onTemplateId = React.useCallback((templateId: string | null) => set({ templateId }), [set]);
  // Stable handlers, so that the memoised sections skip re-rendering while the message is typed.
  const onTemplates = React.useCallback((templates: Rule['templates']) => set({ templates }), [set]);
  const onDefaultLanguage = React.useCallback((defaultLanguage: string) => set({ defaultLanguage }), [set]);
  const onEmailTemplates = React.useCallback(
    (emailTemplates: NonNullable<Rule['emailTemplates']>) => set({ emailTemplates }),
    [set]
  );
  const withEmail = sendsEmail(rule);
  const { allowReplies, optOutFooter } = rule;
  const messageFlags = React.useMemo(() => ({ allowReplies, optOutFooter }), [allowReplies, optOutFooter]);
  // Everything but the messages, the same object while only a message changes: its sections skip typing.
  const { templates: _templates, emailTemplates: _emails, ...changed } = rule;
  const settingsKey = JSON.stringify(changed);
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const settings = React.useMemo(() => changed, [settingsKey]);

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
      <EditorHeader
        title={title}
        subtitle={
          stored ? t('editor.subtitle', { target: targetLabelOf(t, options, stored.target) }) : t('editor.newSubtitle')
        }
        backTo={`${BASE}/rules`}
        readOnly={readOnly}
        saving={saving}
        onSave={save}
        onDelete={stored ? remove : undefined}
        deleteConfirm={stored ? t('editor.deleteConfirm', { name: stored.name }) : undefined}
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
          <FormErrorAlert
            title={t('editor.notSaved')}
            error={formError}
            onClose={() => setFormError(null)}
            testId="form-error"
          />
          <Grid.Root gap={4}>
            <Grid.Item col={9} s={12} direction="column" alignItems="stretch" gap={4}>
              <RuleSettings
                rule={settings}
                options={options}
                errors={errors}
                readOnly={readOnly}
                set={set}
                setRule={setRule}
                startingMessage={startingMessage}
              />

              <Section
                title={t('editor.section.message')}
                subtitle={t('editor.section.message.subtitle')}
                testId="messages"
              >
                <MessageSource
                  path=""
                  templateId={rule.templateId}
                  target={rule.target}
                  errors={errors}
                  disabled={readOnly}
                  onChange={onTemplateId}
                />
                <MessagesEditor
                  target={rule.target}
                  templates={usesLibrary ? (chosen?.messages ?? {}) : rule.templates}
                  hasEmail={withEmail && Object.keys(rule.emailTemplates ?? {}).length > 0}
                  messagesReadOnly={usesLibrary}
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
                <MessageOptions rule={messageFlags} errors={errors} disabled={readOnly} onChange={set} />
              </Section>

              {withEmail && (
                <Section title={t('editor.section.email')} subtitle={t('editor.section.email.subtitle')} testId="email">
                  <EmailTemplatesField
                    path="emailTemplates"
                    emailTemplates={rule.emailTemplates ?? {}}
                    target={targetForAnchor(options, rule.target, rule.anchor)}
                    languages={options.languages}
                    defaultLanguage={rule.defaultLanguage ?? 'en'}
                    errors={errors}
                    disabled={readOnly}
                    onChange={onEmailTemplates}
                  />
                </Section>
              )}
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
