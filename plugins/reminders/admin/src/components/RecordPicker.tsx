import * as React from 'react';
import { Combobox, ComboboxOption } from '@strapi/design-system';
import { useResource } from '../api/request';
import { useRulesApi } from '../api/rules';
import type { Target } from '../api/types';
import { useT } from '../hooks/useT';

interface Props {
  target: Target;
  value: string | null;
  onChange: (documentId: string | null) => void;
  label?: string;
  disabled?: boolean;
}

/**
 * Chooses a record of the target to render against (searching its label and its customer's name: an
 * invoice's number, an appointment's title, a host record's mapped label); none: sample data.
 */
export const RecordPicker = React.memo(function RecordPicker({ target, value, onChange, label, disabled }: Props) {
  const t = useT();
  const api = useRulesApi();
  const [query, setQuery] = React.useState('');
  const [debounced, setDebounced] = React.useState('');
  React.useEffect(() => {
    const timer = setTimeout(() => setDebounced(query), 250);
    return () => clearTimeout(timer);
  }, [query]);
  const records = useResource(() => api.records(target, debounced), [target, debounced]);
  const options = records.data ?? [];
  return (
    <Combobox
      aria-label={label ?? t('preview.record')}
      placeholder={t('preview.sample')}
      value={value ?? ''}
      disabled={disabled}
      loading={records.isLoading}
      loadingMessage={t('state.loading')}
      noOptionsMessage={() => (records.error ? t('preview.recordsUnavailable') : t('preview.noRecords'))}
      onChange={(next?: string) => onChange(next ? next : null)}
      onInputChange={(event: React.ChangeEvent<HTMLInputElement>) => setQuery(event.target.value)}
      onClear={() => onChange(null)}
      autocomplete={{ type: 'list', filter: 'contains' }}
    >
      {options.map((record) => (
        <ComboboxOption key={record.documentId} value={record.documentId}>
          {record.customerName ? `${record.label} · ${record.customerName}` : record.label}
        </ComboboxOption>
      ))}
    </Combobox>
  );
});
