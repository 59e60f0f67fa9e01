import * as React from 'react';
import { Box, Flex, Grid, Typography } from '@strapi/design-system';
import type { RuleOptions, Target } from '../../api/types';
import { CodeSelect } from '../../components/CodeSelect';
import { FormField } from '../../components/FormField';
import { type MessageKey, useT } from '../../hooks/useT';
import { PreviewPanel } from './PreviewPanel';
import { TemplateField } from './TemplateField';
import type { RequestedDraft } from './useDebouncedDraft';
import { targetForAnchor } from './ruleDraft';

interface Props {
  target: Target;
  templates: Record<string, string>;
  /** Whether an e-mail is written too: the preview then has something to show without an SMS. */
  hasEmail?: boolean;
  defaultLanguage: string;
  /** The rule as it would be saved, debounced: the preview renders every send of it. */
  draft: RequestedDraft;
  record: string | null;
  onRecordChange: (documentId: string | null) => void;
  options: RuleOptions;
  errors: Record<string, string>;
  disabled?: boolean;
  /** The messages are a library template's: shown, previewed, not edited here. */
  messagesReadOnly?: boolean;
  onChange: (templates: Record<string, string>) => void;
  onDefaultLanguageChange: (language: string) => void;
}

/**
 * The rule's message per language, with a preview rendered by the server (the code that renders what is
 * sent) for a record the editor picks: each send at its real time, as it will read then.
 */
export const MessagesEditor = React.memo(function MessagesEditor({
  target,
  templates,
  hasEmail,
  defaultLanguage,
  draft,
  record,
  onRecordChange,
  options,
  errors,
  disabled,
  messagesReadOnly,
  onChange,
  onDefaultLanguageChange,
}: Props) {
  const t = useT();
  const [language, setLanguage] = React.useState(defaultLanguage);
  const languageLabel = (code: string) => t(`language.${code}` as MessageKey);
  const fallback = React.useCallback(
    (code: string) =>
      code === defaultLanguage
        ? ''
        : t('editor.template.fallback', { language: t(`language.${defaultLanguage}` as MessageKey) }),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [defaultLanguage]
  );

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

      <Grid.Root gap={4}>
        <Grid.Item col={7} s={12} direction="column" alignItems="stretch" gap={2}>
          <TemplateField
            path="templates"
            templates={templates}
            target={targetForAnchor(options, target, draft.draft.anchor)}
            languages={options.languages}
            language={language}
            onLanguageChange={setLanguage}
            fallback={fallback}
            errors={errors}
            disabled={disabled || messagesReadOnly}
            hint={t(messagesReadOnly ? 'editor.source.readOnly' : 'editor.template.hint')}
            onChange={onChange}
          />
          <Box paddingTop={2}>
            <Typography variant="pi" textColor="neutral600">
              {t('editor.filters', { filters: options.filters.join(', ') })}
            </Typography>
          </Box>
        </Grid.Item>
        <Grid.Item col={5} s={12} direction="column" alignItems="stretch">
          <PreviewPanel
            target={target}
            record={record}
            onRecordChange={onRecordChange}
            hasMessage={Boolean(hasEmail || templates[defaultLanguage]?.trim() || templates[language]?.trim())}
            draft={draft}
            language={language}
            options={options}
          />
        </Grid.Item>
      </Grid.Root>
    </Flex>
  );
});
