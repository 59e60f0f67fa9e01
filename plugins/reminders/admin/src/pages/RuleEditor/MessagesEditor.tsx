import * as React from 'react';
import {
  Alert,
  Badge,
  Box,
  Flex,
  Grid,
  Loader,
  MenuItem,
  SimpleMenu,
  Tabs,
  Textarea,
  Typography,
} from '@strapi/design-system';
import { useResource } from '../../api/request';
import { useRulesApi } from '../../api/rules';
import type { RuleOptions, Target } from '../../api/types';
import { CodeSelect } from '../../components/CodeSelect';
import { FormField } from '../../components/FormField';
import { RecordPicker } from '../../components/RecordPicker';
import { useProblem } from '../../hooks/useProblem';
import { type MessageKey, useT } from '../../hooks/useT';

interface Props {
  target: Target;
  templates: Record<string, string>;
  defaultLanguage: string;
  timezone: string | null;
  options: RuleOptions;
  errors: Record<string, string>;
  disabled?: boolean;
  onChange: (templates: Record<string, string>) => void;
  onDefaultLanguageChange: (language: string) => void;
}

const RTL_LANGUAGES = new Set(['ar', 'fa', 'he', 'ur']);

/** What the variable picker inserts: amounts formatted in their currency, as an editor almost always wants. */
const variableSnippet = (variable: string, target: RuleOptions['targets'][string] | undefined) =>
  target?.moneyVariables.includes(variable) ? `{{ ${variable} | money }}` : `{{ ${variable} }}`;

/** Waits `delay` after the last change before handing `value` on. */
function useDebounced<T>(value: T, delay: number): T {
  const [debounced, setDebounced] = React.useState(value);
  React.useEffect(() => {
    const timer = setTimeout(() => setDebounced(value), delay);
    return () => clearTimeout(timer);
  }, [value, delay]);
  return debounced;
}

/**
 * The rule's message per language: a template editor with a variable picker, and a live preview rendered by
 * the server against a record the editor picks (the same code that renders what is sent), with its length
 * in characters and SMS segments and its encoding.
 */
export function MessagesEditor({
  target,
  templates,
  defaultLanguage,
  timezone,
  options,
  errors,
  disabled,
  onChange,
  onDefaultLanguageChange,
}: Props) {
  const t = useT();
  const api = useRulesApi();
  const problem = useProblem();
  const [language, setLanguage] = React.useState(defaultLanguage);
  const [record, setRecord] = React.useState<string | null>(null);
  const textarea = React.useRef<HTMLTextAreaElement>(null);
  const template = templates[language] ?? '';
  const languageLabel = (code: string) => t(`language.${code}` as MessageKey);
  React.useEffect(() => setRecord(null), [target]);

  const request = useDebounced({ target, template, language, record, timezone }, 400);
  const preview = useResource(
    () =>
      api.preview({
        target: request.target,
        template: request.template,
        language: request.language,
        ...(request.record ? { documentId: request.record } : {}),
        ...(request.timezone ? { timezone: request.timezone } : {}),
      }),
    [request.target, request.template, request.language, request.record, request.timezone],
    request.template.trim() !== ''
  );
  const previewProblem = preview.error ? problem(preview.error) : null;

  const setTemplate = (text: string) => onChange({ ...templates, [language]: text });
  const insert = (snippet: string) => {
    const element = textarea.current;
    const start = element?.selectionStart ?? template.length;
    const end = element?.selectionEnd ?? template.length;
    setTemplate(template.slice(0, start) + snippet + template.slice(end));
    requestAnimationFrame(() => {
      element?.focus();
      element?.setSelectionRange(start + snippet.length, start + snippet.length);
    });
  };

  const templateError =
    errors[`templates.${language}`] ??
    errors.templates ??
    previewProblem?.fields.find((field) => field.path === 'template')?.message;

  return (
    <Flex direction="column" alignItems="stretch" gap={4}>
      <FormField
        name="defaultLanguage"
        error={errors.defaultLanguage}
        hint={t('editor.defaultLanguage.hint')}
        width="280px"
        label={t('editor.defaultLanguage')}
      >
        <CodeSelect
          codes={options.languages}
          codeLabel={languageLabel}
          value={defaultLanguage}
          disabled={disabled}
          onChange={onDefaultLanguageChange}
        />
      </FormField>

      <Tabs.Root value={language} onValueChange={setLanguage} variant="simple">
        <Tabs.List aria-label={t('editor.languages')}>
          {options.languages.map((code) => (
            <Tabs.Trigger key={code} value={code}>
              {languageLabel(code)}
              {templates[code]?.trim() ? ' ●' : ''}
            </Tabs.Trigger>
          ))}
        </Tabs.List>
      </Tabs.Root>

      <Grid.Root gap={4}>
        <Grid.Item col={7} s={12} direction="column" alignItems="stretch">
          <FormField
            name={`templates.${language}`}
            error={templateError}
            hint={t('editor.template.hint')}
            label={t('editor.template', { language: languageLabel(language) })}
            labelAction={
              !disabled && (
                <SimpleMenu label={t('editor.variables.insert')} variant="tertiary" size="S">
                  {(options.targets[target]?.variables ?? []).map((variable) => {
                    const snippet = variableSnippet(variable, options.targets[target]);
                    return (
                      <MenuItem key={variable} onSelect={() => insert(snippet)}>
                        {snippet}
                      </MenuItem>
                    );
                  })}
                </SimpleMenu>
              )
            }
          >
            <Textarea
              ref={textarea}
              value={template}
              disabled={disabled}
              dir={RTL_LANGUAGES.has(language) ? 'rtl' : 'ltr'}
              placeholder={
                language === defaultLanguage
                  ? ''
                  : t('editor.template.fallback', { language: languageLabel(defaultLanguage) })
              }
              onChange={(event: React.ChangeEvent<HTMLTextAreaElement>) => setTemplate(event.target.value)}
              style={{ minHeight: 140 }}
            />
          </FormField>
          <Box paddingTop={2}>
            <Typography variant="pi" textColor="neutral600">
              {t('editor.filters', { filters: options.filters.join(', ') })}
            </Typography>
          </Box>
        </Grid.Item>
        <Grid.Item col={5} s={12} direction="column" alignItems="stretch">
          <Box padding={4} hasRadius background="neutral100" borderColor="neutral200" data-testid="preview">
            <Flex direction="column" alignItems="stretch" gap={3}>
              <Typography variant="sigma" textColor="neutral600" tag="h3">
                {t('preview.title')}
              </Typography>
              <FormField name="previewRecord" hint={t('preview.record.hint')} label={t('preview.record')}>
                <RecordPicker target={target} value={record} onChange={setRecord} />
              </FormField>
              {template.trim() === '' ? (
                <Typography variant="pi" textColor="neutral600">
                  {t('preview.empty')}
                </Typography>
              ) : preview.isLoading && !preview.data ? (
                <Loader small>{t('state.loading')}</Loader>
              ) : previewProblem ? (
                <Typography variant="pi" textColor="danger600" data-testid="preview-error">
                  {previewProblem.message}
                </Typography>
              ) : preview.data ? (
                <>
                  <Box padding={3} background="neutral0" hasRadius borderColor="neutral200">
                    <Typography
                      tag="p"
                      dir={RTL_LANGUAGES.has(preview.data.language) ? 'rtl' : 'ltr'}
                      style={{ whiteSpace: 'pre-wrap' }}
                      data-testid="preview-text"
                    >
                      {preview.data.text}
                    </Typography>
                  </Box>
                  <Flex gap={2} wrap="wrap" data-testid="preview-counter">
                    <Badge>{t('preview.characters', { count: preview.data.characters })}</Badge>
                    <Badge variant={preview.data.segments > options.maxSegments ? 'warning' : 'secondary'}>
                      {t('preview.segments', { count: preview.data.segments, perSegment: preview.data.perSegment })}
                    </Badge>
                    <Badge variant={preview.data.encoding === 'UCS_2' ? 'warning' : 'success'}>
                      {preview.data.encoding === 'UCS_2' ? 'UCS-2' : 'GSM-7'}
                    </Badge>
                    {preview.data.estimatedCost && (
                      <Badge>
                        {t('preview.cost', {
                          amount: preview.data.estimatedCost.amount,
                          currency: preview.data.estimatedCost.currency,
                        })}
                      </Badge>
                    )}
                  </Flex>
                  {preview.data.encoding === 'UCS_2' && (
                    <Typography variant="pi" textColor="neutral600">
                      {t('preview.ucs2')}
                    </Typography>
                  )}
                  {preview.data.warnings.map((warning) => (
                    <Alert key={warning} variant="warning" closeLabel={t('actions.close')} title={t('preview.warning')}>
                      {warning}
                    </Alert>
                  ))}
                </>
              ) : null}
            </Flex>
          </Box>
        </Grid.Item>
      </Grid.Root>
    </Flex>
  );
}
