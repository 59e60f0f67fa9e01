import * as React from 'react';
import { Flex, TextInput, Textarea } from '@strapi/design-system';
import type { Rule, RuleOptions } from '../../api/types';
import { FormField } from '../../components/FormField';
import { type MessageKey, useT } from '../../hooks/useT';
import { LanguageTabs, RTL_LANGUAGES, VariableMenu, useInsertAtCursor } from './TemplateField';

type Emails = NonNullable<Rule['emailTemplates']>;

interface Props {
  /** The API path of these e-mails: "emailTemplates". */
  path: string;
  emailTemplates: Emails;
  target: RuleOptions['targets'][string] | undefined;
  languages: readonly string[];
  defaultLanguage: string;
  errors: Record<string, string>;
  disabled?: boolean;
  onChange: (emailTemplates: Emails) => void;
}

/** E-mails by language: a tab per language, a one-line subject and a plain-text body, each with the variable picker. */
export const EmailTemplatesField = React.memo(function EmailTemplatesField({
  path,
  emailTemplates,
  target,
  languages,
  defaultLanguage,
  errors,
  disabled,
  onChange,
}: Props) {
  const t = useT();
  const [language, setLanguage] = React.useState(defaultLanguage);
  const email = emailTemplates[language] ?? { subject: '', body: '' };
  const set = (changes: Partial<typeof email>) => onChange({ ...emailTemplates, [language]: { ...email, ...changes } });
  const subject = useInsertAtCursor<HTMLInputElement>(email.subject, (value) => set({ subject: value }));
  const body = useInsertAtCursor<HTMLTextAreaElement>(email.body, (value) => set({ body: value }));
  const languageLabel = (code: string) => t(`language.${code}` as MessageKey);
  const dir = RTL_LANGUAGES.has(language) ? 'rtl' : 'ltr';
  const fallback =
    language === defaultLanguage ? '' : t('editor.email.fallback', { language: languageLabel(defaultLanguage) });
  const field = `${path}.${language}`;

  return (
    <Flex direction="column" alignItems="stretch" gap={3} data-testid="email-templates">
      <LanguageTabs
        languages={languages}
        language={language}
        onLanguageChange={setLanguage}
        written={(code) => Boolean(emailTemplates[code]?.subject.trim() || emailTemplates[code]?.body.trim())}
      />
      <FormField
        name={`${field}.subject`}
        error={errors[`${field}.subject`] ?? errors[field] ?? errors[path]}
        label={t('editor.email.subject', { language: languageLabel(language) })}
        labelAction={!disabled && <VariableMenu target={target} onInsert={subject.insert} />}
      >
        <TextInput
          ref={subject.ref}
          value={email.subject}
          disabled={disabled}
          dir={dir}
          placeholder={fallback}
          onChange={(event: React.ChangeEvent<HTMLInputElement>) => set({ subject: event.target.value })}
        />
      </FormField>
      <FormField
        name={`${field}.body`}
        error={errors[`${field}.body`]}
        hint={t('editor.email.body.hint')}
        label={t('editor.email.body', { language: languageLabel(language) })}
        labelAction={!disabled && <VariableMenu target={target} onInsert={body.insert} />}
      >
        <Textarea
          ref={body.ref}
          value={email.body}
          disabled={disabled}
          dir={dir}
          placeholder={fallback}
          onChange={(event: React.ChangeEvent<HTMLTextAreaElement>) => set({ body: event.target.value })}
          style={{ minHeight: 160 }}
        />
      </FormField>
    </Flex>
  );
});
