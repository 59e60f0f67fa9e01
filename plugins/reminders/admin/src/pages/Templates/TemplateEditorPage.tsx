import * as React from 'react';
import { Box, Flex, Grid, Textarea, TextInput, Typography } from '@strapi/design-system';
import { Layouts, Page, useNotification } from '@strapi/strapi/admin';
import { useIntl } from 'react-intl';
import { NavLink, useNavigate, useParams } from 'react-router-dom';
import { useMessageTemplatesApi } from '../../api/messageTemplates';
import { useResource } from '../../api/request';
import { useRulesApi } from '../../api/rules';
import type { MessageTemplate, Rule, RuleOptions, StoredMessageTemplate, TemplateUser } from '../../api/types';
import { CodeSelect } from '../../components/CodeSelect';
import { FormErrorAlert } from '../../components/FormErrorAlert';
import { GridField } from '../../components/GridField';
import { BASE } from '../../components/PluginNav';
import { EditorHeader } from '../../components/EditorHeader';
import { ProblemState } from '../../components/ProblemState';
import { Section } from '../../components/Section';
import { useNotifyProblem } from '../../hooks/useNotifyProblem';
import { usePermissions } from '../../hooks/usePermissions';
import { useProblem } from '../../hooks/useProblem';
import { useT } from '../../hooks/useT';
import { PreviewPanel } from '../RuleEditor/PreviewPanel';
import { targetLabelOf } from '../RuleEditor/RuleSettings';
import { TemplateField } from '../RuleEditor/TemplateField';
import { UnsavedChangesGuard } from '../RuleEditor/UnsavedChangesGuard';
import { problemInWords } from '../RuleEditor/fieldWords';
import { newRule, starterTemplate, starterTiming, toPayload } from '../RuleEditor/ruleDraft';
import { useDebouncedDraft } from '../RuleEditor/useDebouncedDraft';

type Stored = StoredMessageTemplate & { usedBy: TemplateUser[] };

/** Loads the rule editor's options and, for an existing template, the template; then hands over to the form. */
export function TemplateEditorPage() {
  const { documentId } = useParams<{ documentId: string }>();
  const rulesApi = useRulesApi();
  const api = useMessageTemplatesApi();
  const options = useResource(() => rulesApi.options(), []);
  const stored = useResource(() => (documentId ? api.get(documentId) : Promise.resolve(null)), [documentId]);
  if (options.isLoading || stored.isLoading) return <Page.Loading />;
  if (options.error || !options.data) return <ProblemState error={options.error} onRetry={options.reload} />;
  if (stored.error) return <ProblemState error={stored.error} onRetry={stored.reload} />;
  return <TemplateForm key={documentId ?? 'new'} options={options.data} stored={stored.data ?? null} />;
}

const newTemplate = (options: RuleOptions): MessageTemplate => {
  const { target } = newRule(options);
  return { name: '', target, messages: { en: starterTemplate(target, options) }, description: '' };
};

/** What the API is sent: messages left empty are left out. */
const toBody = (template: MessageTemplate): Partial<MessageTemplate> => ({
  name: template.name.trim(),
  target: template.target,
  messages: Object.fromEntries(Object.entries(template.messages).filter(([, text]) => text.trim() !== '')),
  description: template.description?.trim() || null,
});

/**
 * A rule sending the template with the target's usual timing, for the preview: the template rendered for a
 * record at the times a rule would send it, by the code that renders what is sent.
 */
const previewDraft = (template: MessageTemplate, language: string, options: RuleOptions): Partial<Rule> => {
  const messages = toBody(template).messages ?? {};
  const defaultLanguage = Object.hasOwn(messages, language) ? language : (Object.keys(messages)[0] ?? language);
  return toPayload(
    {
      ...newRule(options),
      ...starterTiming(template.target, options),
      target: template.target,
      name: template.name || 'preview',
      templates: messages,
      defaultLanguage,
    },
    options
  );
};

function TemplateForm({ options, stored }: { options: RuleOptions; stored: Stored | null }) {
  const t = useT();
  const can = usePermissions();
  const api = useMessageTemplatesApi();
  const problem = useProblem();
  const notifyProblem = useNotifyProblem();
  const navigate = useNavigate();
  const { locale } = useIntl();
  const { toggleNotification } = useNotification();
  const [template, setTemplate] = React.useState<MessageTemplate>(() => stored ?? newTemplate(options));
  const [language, setLanguage] = React.useState(options.languages[0] ?? 'en');
  const [record, setRecord] = React.useState<string | null>(null);
  React.useEffect(() => setRecord(null), [template.target]);
  const [errors, setErrors] = React.useState<Record<string, string>>({});
  const [formError, setFormError] = React.useState<string | null>(null);
  const [saving, setSaving] = React.useState(false);
  const readOnly = !can.manageRules;
  const set = (changes: Partial<MessageTemplate>) => setTemplate((current) => ({ ...current, ...changes }));
  const bodyKey = JSON.stringify(toBody(template));
  const latestKey = React.useRef(bodyKey);
  latestKey.current = bodyKey;
  const savedKey = React.useRef(bodyKey);
  const isDirty = React.useCallback(() => latestKey.current !== savedKey.current, []);
  const requested = useDebouncedDraft(previewDraft(template, language, options));
  const onMessages = React.useCallback(
    (messages: Record<string, string>) => setTemplate((current) => ({ ...current, messages })),
    []
  );
  const fallback = React.useCallback(() => '', []);
  const usedBy = stored?.usedBy ?? [];
  const hasMessage = Object.values(template.messages).some((text) => text.trim() !== '');

  const save = async () => {
    setSaving(true);
    setErrors({});
    setFormError(null);
    try {
      const body = toBody(template);
      const saved = stored ? await api.update(stored.documentId, body) : await api.create(body);
      toggleNotification({ type: 'success', message: t('template.saved', { name: saved.name }) });
      savedKey.current = JSON.stringify(body);
      navigate(`${BASE}/templates/${saved.documentId}`, { replace: true });
    } catch (error) {
      const found = problem(error);
      setErrors(Object.fromEntries(found.fields.map((field) => [field.path, problemInWords(field, t, locale)])));
      setFormError(found.message);
    } finally {
      setSaving(false);
    }
  };

  const remove = async () => {
    if (!stored) return;
    try {
      await api.remove(stored.documentId);
      toggleNotification({ type: 'success', message: t('template.deleted', { name: stored.name }) });
      navigate(`${BASE}/templates`);
    } catch (error) {
      // A template in use: the server names the rules that send it.
      notifyProblem(error);
    }
  };

  const title = stored ? stored.name : t('template.newTitle');
  const targetKeys = Object.keys(options.targets);
  return (
    <Page.Main>
      <Page.Title>{title}</Page.Title>
      <EditorHeader
        title={title}
        subtitle={
          stored
            ? t('template.subtitle', { target: targetLabelOf(t, options, stored.target) })
            : t('template.newSubtitle')
        }
        backTo={`${BASE}/templates`}
        readOnly={readOnly}
        saving={saving}
        onSave={save}
        onDelete={stored ? remove : undefined}
        deleteConfirm={stored ? t('template.deleteConfirm', { name: stored.name }) : undefined}
      />
      <Layouts.Content>
        <Flex direction="column" alignItems="stretch" gap={4}>
          {!readOnly && <UnsavedChangesGuard isDirty={isDirty} />}
          <FormErrorAlert
            title={t('template.notSaved')}
            error={formError}
            onClose={() => setFormError(null)}
            testId="form-error"
          />
          <Box background="neutral0" hasRadius shadow="tableShadow" padding={6}>
            <Grid.Root gap={4}>
              <GridField col={6} s={12} name="name" error={errors.name} required label={t('template.name')}>
                <TextInput
                  value={template.name}
                  disabled={readOnly}
                  onChange={(event: React.ChangeEvent<HTMLInputElement>) => set({ name: event.target.value })}
                />
              </GridField>
              <GridField
                col={6}
                s={12}
                name="target"
                error={errors.target}
                required
                label={t('template.target')}
                hint={usedBy.length ? t('template.target.locked') : t('template.target.hint')}
              >
                <CodeSelect
                  codes={targetKeys}
                  codeLabel={(key) => targetLabelOf(t, options, key)}
                  value={template.target}
                  disabled={readOnly || usedBy.length > 0}
                  onChange={(target) => set({ target })}
                />
              </GridField>
              <GridField col={12} name="description" error={errors.description} label={t('template.description')}>
                <Textarea
                  value={template.description ?? ''}
                  disabled={readOnly}
                  onChange={(event: React.ChangeEvent<HTMLTextAreaElement>) => set({ description: event.target.value })}
                />
              </GridField>
            </Grid.Root>
          </Box>

          <Section
            title={t('template.section.messages')}
            subtitle={t('template.section.messages.subtitle')}
            testId="messages"
          >
            <Grid.Root gap={4}>
              <Grid.Item col={7} s={12} direction="column" alignItems="stretch" gap={2}>
                <TemplateField
                  path="messages"
                  templates={template.messages}
                  target={options.targets[template.target]}
                  languages={options.languages}
                  language={language}
                  onLanguageChange={setLanguage}
                  fallback={fallback}
                  errors={errors}
                  disabled={readOnly}
                  hint={t('editor.template.hint')}
                  onChange={onMessages}
                />
                <Typography variant="pi" textColor="neutral600">
                  {t('editor.filters', { filters: options.filters.join(', ') })}
                </Typography>
              </Grid.Item>
              <Grid.Item col={5} s={12} direction="column" alignItems="stretch">
                <PreviewPanel
                  target={template.target}
                  record={record}
                  onRecordChange={setRecord}
                  hasMessage={hasMessage}
                  draft={requested}
                  language={language}
                  options={options}
                />
              </Grid.Item>
            </Grid.Root>
          </Section>

          {stored && (
            <Section title={t('template.section.usedBy')} testId="used-by">
              {usedBy.length === 0 ? (
                <Typography variant="pi" textColor="neutral600">
                  {t('template.usedBy.none')}
                </Typography>
              ) : (
                <Flex direction="column" alignItems="flex-start" gap={1}>
                  {usedBy.map((user) => (
                    <Typography key={user.documentId} tag={NavLink} to={`${BASE}/rules/${user.documentId}`}>
                      {user.rule
                        ? t('template.usedBy.rule', { name: user.name })
                        : t('template.usedBy.steps', {
                            name: user.name,
                            steps: user.steps.length,
                            list: user.steps.map((index) => index + 1).join(', '),
                          })}
                    </Typography>
                  ))}
                </Flex>
              )}
            </Section>
          )}
        </Flex>
      </Layouts.Content>
    </Page.Main>
  );
}
