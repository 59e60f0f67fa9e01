import * as React from 'react';
import { SingleSelect, SingleSelectOption } from '@strapi/design-system';
import type { StoredMessageTemplate, Target } from '../../api/types';
import { FormField } from '../../components/FormField';
import { useT } from '../../hooks/useT';

/** The library's templates, loaded once by the rule editor for its rule and every step. */
export const LibraryContext = React.createContext<StoredMessageTemplate[]>([]);

/** The library template of this id, if the library (as loaded) has it. */
export function useLibraryTemplate(templateId: string | null | undefined): StoredMessageTemplate | undefined {
  const library = React.useContext(LibraryContext);
  return templateId ? library.find((template) => template.documentId === templateId) : undefined;
}

interface Props {
  /** The API path of the owner: "" for the rule, "steps[1]" for a step. */
  path: string;
  /** null: the owner writes its own message; a documentId (or "" until one is chosen): a library template. */
  templateId: string | null | undefined;
  target: Target;
  errors: Record<string, string>;
  disabled?: boolean;
  onChange: (templateId: string | null) => void;
}

/** "Write a message" or "Use a library template", and which template: one of the rule's target. */
export function MessageSource({ path, templateId, target, errors, disabled, onChange }: Props) {
  const t = useT();
  const library = React.useContext(LibraryContext).filter((template) => template.target === target);
  const field = path ? `${path}.templateId` : 'templateId';
  const usesLibrary = templateId !== null && templateId !== undefined;
  return (
    <>
      <FormField name={path ? `${path}.source` : 'source'} width="280px" label={t('editor.source')}>
        <SingleSelect
          value={usesLibrary ? 'library' : 'write'}
          disabled={disabled}
          onChange={(value) => onChange(value === 'library' ? (library[0]?.documentId ?? '') : null)}
        >
          <SingleSelectOption value="write">{t('editor.source.write')}</SingleSelectOption>
          <SingleSelectOption value="library">{t('editor.source.library')}</SingleSelectOption>
        </SingleSelect>
      </FormField>
      {usesLibrary && (
        <FormField
          name={field}
          error={errors[field]}
          width="280px"
          label={t('editor.source.template')}
          hint={library.length ? undefined : t('editor.source.none')}
        >
          <SingleSelect
            value={templateId || undefined}
            placeholder={t('editor.source.choose')}
            disabled={disabled}
            onChange={(value) => onChange(String(value))}
          >
            {library.map((template) => (
              <SingleSelectOption key={template.documentId} value={template.documentId}>
                {template.name}
              </SingleSelectOption>
            ))}
          </SingleSelect>
        </FormField>
      )}
    </>
  );
}
