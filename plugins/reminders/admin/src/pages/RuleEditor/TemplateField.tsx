import * as React from 'react';
import { MenuItem, SimpleMenu, Tabs, Textarea } from '@strapi/design-system';
import type { RuleOptions } from '../../api/types';
import { FormField } from '../../components/FormField';
import { type MessageKey, useT } from '../../hooks/useT';

export const RTL_LANGUAGES = new Set(['ar', 'fa', 'he', 'ur']);

/** What the variable picker inserts: amounts formatted in their currency, as an editor almost always wants. */
const variableSnippet = (variable: string, target: RuleOptions['targets'][string] | undefined) =>
  target?.moneyVariables.includes(variable) ? `{{ ${variable} | money }}` : `{{ ${variable} }}`;

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
  const textarea = React.useRef<HTMLTextAreaElement>(null);
  const template = templates[language] ?? '';
  const languageLabel = (code: string) => t(`language.${code}` as MessageKey);
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

  return (
    <>
      <Tabs.Root value={language} onValueChange={onLanguageChange} variant="simple">
        <Tabs.List aria-label={t('editor.languages')}>
          {languages.map((code) => (
            <Tabs.Trigger key={code} value={code}>
              {languageLabel(code)}
              {templates[code]?.trim() ? ' ●' : ''}
            </Tabs.Trigger>
          ))}
        </Tabs.List>
      </Tabs.Root>
      <FormField
        name={`${path}.${language}`}
        error={errors[`${path}.${language}`] ?? errors[path]}
        hint={hint}
        label={t('editor.template', { language: languageLabel(language) })}
        labelAction={
          !disabled && (
            <SimpleMenu label={t('editor.variables.insert')} variant="tertiary" size="S">
              {(target?.variables ?? []).map((variable) => {
                const snippet = variableSnippet(variable, target);
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
          placeholder={fallback(language)}
          onChange={(event: React.ChangeEvent<HTMLTextAreaElement>) => setTemplate(event.target.value)}
          style={{ minHeight: 120 }}
        />
      </FormField>
    </>
  );
});
