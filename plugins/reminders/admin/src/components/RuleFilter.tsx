import { SingleSelect, SingleSelectOption } from '@strapi/design-system';
import { useResource } from '../api/request';
import { useRulesApi } from '../api/rules';
import { useT } from '../hooks/useT';
import { FormField } from './FormField';

/** A list's "Rule" filter (the delivery log, Upcoming): any rule, or one of them by name. */
export function RuleFilter({ value, onChange }: { value: string | undefined; onChange: (rule?: string) => void }) {
  const t = useT();
  const api = useRulesApi();
  const rules = useResource(() => api.list(1, 100), []);
  return (
    <FormField name="rule" width="240px" label={t('deliveries.filter.rule')}>
      <SingleSelect
        value={value ?? ''}
        placeholder={t('deliveries.filter.anyRule')}
        onChange={(rule) => onChange(rule ? String(rule) : undefined)}
        onClear={() => onChange(undefined)}
        clearLabel={t('actions.clear')}
      >
        {(rules.data?.data ?? []).map((rule) => (
          <SingleSelectOption key={rule.documentId} value={rule.documentId}>
            {rule.name}
          </SingleSelectOption>
        ))}
      </SingleSelect>
    </FormField>
  );
}
