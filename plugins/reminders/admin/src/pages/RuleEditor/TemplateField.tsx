import * as React from 'react';
import { MenuItem, SimpleMenu, Tabs, Textarea } from '@strapi/design-system';
import type { RuleOptions } from '../../api/types';
import { FormField } from '../../components/FormField';
import { type MessageKey, useT } from '../../hooks/useT';

export const RTL_LANGUAGES = new Set(['ar', 'fa', 'he', 'ur']);

/** What the variable picker inserts: amounts formatted in their currency, as an editor almost always wants. */
const variableSnippet = (variable: string, target: RuleOptions['targets'][string] | undefined) =>
  target?.moneyVariables.includes(variable) ? `{{ ${variable} | money }}` : `{{ ${variable} }}`;

/** The variable picker: inserts a variable (amounts with `| money`) where the cursor is. */
export function VariableMenu({
  target,
  onInsert,
}: {
  target: RuleOptions['targets'][string] | undefined;
  onInsert: (snippet: string) => void;
}) {
  const t = useT();
  return (
    <SimpleMenu label={t('editor.variables.insert')} variant="tertiary" size="S">
      {(target?.variables ?? []).map((variable) => {
        const snippet = variableSnippet(variable, target);
        return (
          <MenuItem key={variable} onSelect={() => onInsert(snippet)}>
            {snippet}
          </MenuItem>
        );
      })}
    </SimpleMenu>
  );
}

/** Inserts text at the cursor of a text box (or at its end), then puts the cursor after it. */
export function useInsertAtCursor<E extends HTMLTextAreaElement | HTMLInputElement>(
  value: string,
  setValue: (value: string) => void
) {
  const ref = React.useRef<E>(null);
  const insert = (snippet: string) => {
    const element = ref.current;
    const start = element?.selectionStart ?? value.length;
    const end = element?.selectionEnd ?? value.length;
    setValue(value.slice(0, start) + snippet + value.slice(end));
    requestAnimationFrame(() => {
      element?.focus();
      element?.setSelectionRange(start + snippet.length, start + snippet.length);
    });
  };
  return { ref, insert };
}

/** A tab per language, a dot on those with a message written. */
export function LanguageTabs({
  languages,
  language,
  onLanguageChange,
  written,
}: {
  languages: readonly string[];
  language: string;
  onLanguageChange: (language: string) => void;
  written: (language: string) => boolean;
}) {
  const t = useT();
  return (
    <Tabs.Root value={language} onValueChange={onLanguageChange} variant="simple">
      <Tabs.List aria-label={t('editor.languages')}>
        {languages.map((code) => (
          <Tabs.Trigger key={code} value={code}>
            {t(`language.${code}` as MessageKey)}
            {written(code) ? ' ●' : ''}
          </Tabs.Trigger>
        ))}
      </Tabs.List>
    </Tabs.Root>
  );
}

interface Props {
  /** The API path of these messages: "templates", "steps[1].templates". */
  path: string;
  templates: Record<string, string>;
  target: RuleOptions['targets'][string] | undefined;
  languages: readonly string[];
  language: string;
  onLanguageChange: (language: string) => void;
  /** Shown in an empty language: which message its records get instead. */
  fallback: (language: string) => string;
  errors: Record<string, string>;
  disabled?: boolean;
  hint?: string;
  onChange: (templates: Record<string, string>) => void;
}

/** Messages by language: a tab per language, the message box and a variable picker that inserts at the cursor. */
export const TemplateField = React.memo(function TemplateField({
  path,
  templates,
  target,
  languages,
  language,
  onLanguageChange,
  fallback,
  errors,
  disabled,
  hint,
  onChange,
}: Props) {
  const t = useT();
  const template = templates[language] ?? '';
  const languageLabel = (code: string) => t(`language.${code}` as MessageKey);
  const setTemplate = (text: string) => onChange({ ...templates, [language]: text });
  const { ref: textarea, insert } = useInsertAtCursor<HTMLTextAreaElement>(template, setTemplate);

  return (
    <>
      <LanguageTabs
        languages={languages}
        language={language}
        onLanguageChange={onLanguageChange}
        written={(code) => Boolean(templates[code]?.trim())}
      />
      <FormField
        name={`${path}.${language}`}
        error={errors[`${path}.${language}`] ?? errors[path]}
        hint={hint}
        label={t('editor.template', { language: languageLabel(language) })}
        labelAction={!disabled && <VariableMenu target={target} onInsert={insert} />}
      >
        <Textarea
          ref={textarea}
          value={template}
          disabled={disabled}
          dir={RTL_LANGUAGES.has(language) ? 'rtl' : 'ltr'}
          placeholder={fallback(language)}
          onChange={(event: React.ChangeEvent<HTMLTextAreaElement>) => setTemplate(event.target.value)}
          style={{ minHeight: 120 }}
        />
      </FormField>
    </>
  );
});
