import { SingleSelect, SingleSelectOption, type SingleSelectProps } from '@strapi/design-system';

type Props = Omit<SingleSelectProps, 'children' | 'value' | 'onChange'> & {
  /** The codes to choose from (a unit, a language, an operator…). */
  codes: readonly string[];
  /** A code in words, in the admin's language. */
  codeLabel: (code: string) => string;
  value: string | undefined;
  onChange: (code: string) => void;
};

/** A select of codes, each shown in words. */
export function CodeSelect({ codes, codeLabel, onChange, ...select }: Props) {
  return (
    <SingleSelect {...select} onChange={(value) => onChange(String(value))}>
      {codes.map((code) => (
        <SingleSelectOption key={code} value={code}>
          {codeLabel(code)}
        </SingleSelectOption>
      ))}
    </SingleSelect>
  );
}
