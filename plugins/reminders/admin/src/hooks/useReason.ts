import { useIntl } from 'react-intl';
import { useFormatInstant } from '../components/DateTime';
import { anchorLabel, fieldLabel, labelOr, targetLabel, valueLabel } from '../components/labels';
import { hasMessage, useT } from './useT';

/** A reason as the server stores it: a key and its values (fields and statuses by their keys, instants in ISO). */
export interface ReasonDetail {
  key: string;
  values: Record<string, string | number | string[]>;
}

/**
 * Says why a delivery is where it is in the admin's language: `reason.<key>` with its values in words (a field
 * by its label, a status by its label, an instant in the record's zone). A row written before reasons had keys,
 * or a key this admin does not know, falls back to the server's English sentence.
 */
export function useReason() {
  const t = useT();
  const { locale } = useIntl();
  const formatInstant = useFormatInstant();
  const lower = (text: string) => text.toLocaleLowerCase(locale);
  const value = (raw: unknown) => (raw === '' || raw === null ? t('reason.empty') : valueLabel(t, String(raw)));

  return (english: string | null | undefined, detail?: ReasonDetail | null): string => {
    const key = detail && `reason.${detail.key}`;
    if (!detail || !key || !hasMessage(key)) return english ?? '';
    const { values } = detail;
    const zone = typeof values.zone === 'string' ? values.zone : undefined;
    const words: Record<string, string | number> = {};
    for (const [name, raw] of Object.entries(values)) {
      if (name === 'target') words.target = lower(targetLabel(t, String(raw)));
      else if (name === 'field') words.field = fieldLabel(t, String(raw));
      // "The invoice is paid": a state in a sentence; `actual` starts a clause ("Payment status is Paid").
      else if (name === 'value') words.value = lower(value(raw));
      else if (name === 'actual') words.actual = value(raw);
      else if (name === 'expected') words.expected = (Array.isArray(raw) ? raw : [raw]).map(value).join(', ');
      else if (name === 'operator') words.operator = labelOr(t, `operator.${raw}`, String(raw));
      else if (name === 'role') words.role = lower(labelOr(t, `recipient.${raw}`, String(raw)));
      else if (name === 'anchor') words.anchor = anchorLabel(t, String(raw));
      else if (name === 'unit') words.unit = labelOr(t, `unit.${raw}`, String(raw));
      else if (['at', 'event', 'due', 'until', 'writtenAt', 'anchorAt'].includes(name))
        words[name] = formatInstant(String(raw), zone);
      else words[name] = Array.isArray(raw) ? raw.join(', ') : raw;
    }
    return t(key, words);
  };
}
