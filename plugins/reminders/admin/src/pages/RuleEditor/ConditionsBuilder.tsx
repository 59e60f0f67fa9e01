import * as React from 'react';
import { Box, Flex, MultiSelect, MultiSelectOption, TextInput, Typography } from '@strapi/design-system';
import type { ConditionDefinition, RuleCondition, RuleConditions } from '../../api/types';
import { AddButton } from '../../components/AddButton';
import { CodeSelect } from '../../components/CodeSelect';
import { FormField } from '../../components/FormField';
import { RemoveButton } from '../../components/RemoveButton';
import { fieldLabel, valueLabel } from '../../components/labels';
import { type MessageKey, useT } from '../../hooks/useT';

interface Props {
  conditions: RuleConditions;
  fields: Record<string, ConditionDefinition>;
  errors: Record<string, string>;
  disabled?: boolean;
  onChange: (conditions: RuleConditions) => void;
}

interface ListProps {
  conditions: RuleCondition[];
  /** Where the API's errors for this list are: `conditions`, or `conditions.anyOf[1]`. */
  path: string;
  fields: Record<string, ConditionDefinition>;
  errors: Record<string, string>;
  disabled?: boolean;
  onChange: (conditions: RuleCondition[]) => void;
}

const operatorsFor = (definition: ConditionDefinition) =>
  definition.kind === 'amount' ? ['eq', 'gt', 'gte', 'lt', 'lte'] : ['in', 'notIn', 'eq'];
const isList = (operator: string) => operator === 'in' || operator === 'notIn';

/** A condition as it starts for a field: "is one of" for statuses and texts, "more than 0" for amounts. */
function startCondition(field: string, definition: ConditionDefinition): RuleCondition {
  if (definition.kind === 'amount') return { field, operator: 'gt', value: '0' };
  return { field, operator: 'in', value: definition.kind === 'choice' ? [definition.values[0]] : [] };
}

/**
 * A rule's conditions: one list whose conditions must all hold, or, once an editor adds an OR group, any of
 * several groups (each all-of). Back to a plain list when one group is left.
 */
export const ConditionsBuilder = React.memo(function ConditionsBuilder({
  conditions,
  fields,
  errors,
  disabled,
  onChange,
}: Props) {
  const t = useT();
  const names = Object.keys(fields);
  const groups = Array.isArray(conditions) ? [conditions] : conditions.anyOf;
  const setGroups = (next: RuleCondition[][]) => onChange(next.length === 1 ? next[0] : { anyOf: next });
  const addGroup = () => setGroups([...groups, [startCondition(names[0], fields[names[0]])]]);
  const listProps = { fields, errors, disabled };

  return (
    <Flex direction="column" alignItems="stretch" gap={3}>
      <Typography variant="pi" textColor="neutral600">
        {t(groups.length > 1 ? 'editor.conditions.anyOf' : 'editor.conditions.hint')}
      </Typography>
      {errors.conditions && (
        <Typography variant="pi" textColor="danger600">
          {errors.conditions}
        </Typography>
      )}
      {errors['conditions.anyOf'] && (
        <Typography variant="pi" textColor="danger600">
          {errors['conditions.anyOf']}
        </Typography>
      )}
      {groups.length === 1 ? (
        <ConditionList {...listProps} conditions={groups[0]} path="conditions" onChange={(list) => setGroups([list])} />
      ) : (
        groups.map((group, number) => (
          <React.Fragment key={number}>
            {number > 0 && (
              <Typography variant="sigma" textColor="neutral600">
                {t('editor.conditions.or')}
              </Typography>
            )}
            <Box padding={4} hasRadius borderColor="neutral200" data-testid="condition-group">
              <Flex justifyContent="space-between" paddingBottom={2}>
                <Typography variant="delta">{t('editor.conditions.group', { number: number + 1 })}</Typography>
                {!disabled && (
                  <RemoveButton
                    label={t('editor.conditions.removeGroup', { number: number + 1 })}
                    onClick={() => setGroups(groups.filter((_, position) => position !== number))}
                  />
                )}
              </Flex>
              <ConditionList
                {...listProps}
                conditions={group}
                path={`conditions.anyOf[${number}]`}
                onChange={(list) =>
                  setGroups(groups.map((current, position) => (position === number ? list : current)))
                }
              />
            </Box>
          </React.Fragment>
        ))
      )}
      {!disabled && names.length > 0 && <AddButton label={t('editor.conditions.addGroup')} onClick={addGroup} />}
    </Flex>
  );
});

/** One list of conditions that must all hold: a field, an operator and a value per row. */
function ConditionList({ conditions, path, fields, errors, disabled, onChange }: ListProps) {
  const t = useT();
  const names = Object.keys(fields);
  const labelsOf = (definition: ConditionDefinition) =>
    definition.kind === 'choice' ? (definition.labels ?? {}) : ({} as Record<string, string>);
  const update = (index: number, condition: RuleCondition) =>
    onChange(conditions.map((current, position) => (position === index ? condition : current)));

  return (
    <Flex direction="column" alignItems="stretch" gap={3}>
      {errors[path] && path !== 'conditions' && (
        <Typography variant="pi" textColor="danger600">
          {errors[path]}
        </Typography>
      )}
      {conditions.map((condition, index) => {
        const definition = fields[condition.field] ?? { kind: 'text' };
        // The app's own status values by their configured label, the built-in ones translated.
        const labelOfValue = (value: string) => labelsOf(definition)[value] ?? valueLabel(t, value);
        const error = (part: string) => errors[`${path}[${index}].${part}`];
        return (
          <Flex key={index} gap={3} alignItems="flex-start" wrap="wrap" data-testid="condition">
            <FormField
              name={`${path}[${index}].field`}
              error={error('field')}
              width="200px"
              label={t('editor.conditions.field')}
            >
              <CodeSelect
                codes={names.includes(condition.field) ? names : [...names, condition.field]}
                codeLabel={(name) => fieldLabel(t, name)}
                value={condition.field}
                disabled={disabled}
                onChange={(name) => update(index, startCondition(name, fields[name] ?? { kind: 'text' }))}
              />
            </FormField>
            <FormField
              name={`${path}[${index}].operator`}
              error={error('operator')}
              width="180px"
              label={t('editor.conditions.operator')}
            >
              <CodeSelect
                codes={operatorsFor(definition)}
                codeLabel={(operator) => t(`operator.${operator}` as MessageKey)}
                value={condition.operator}
                disabled={disabled}
                onChange={(operator) => {
                  const values = Array.isArray(condition.value)
                    ? condition.value
                    : condition.value
                      ? [condition.value]
                      : [];
                  update(index, { ...condition, operator, value: isList(operator) ? values : (values[0] ?? '') });
                }}
              />
            </FormField>
            <FormField
              name={`${path}[${index}].value`}
              error={error('value')}
              width="260px"
              label={t('editor.conditions.value')}
            >
              {definition.kind === 'choice' && isList(condition.operator) ? (
                <MultiSelect
                  value={condition.value as string[]}
                  disabled={disabled}
                  withTags
                  onChange={(value) => update(index, { ...condition, value })}
                >
                  {definition.values.map((value) => (
                    <MultiSelectOption key={value} value={value}>
                      {labelOfValue(value)}
                    </MultiSelectOption>
                  ))}
                </MultiSelect>
              ) : definition.kind === 'choice' ? (
                <CodeSelect
                  codes={definition.values}
                  codeLabel={labelOfValue}
                  value={condition.value as string}
                  disabled={disabled}
                  onChange={(value) => update(index, { ...condition, value })}
                />
              ) : (
                <TextInput
                  value={Array.isArray(condition.value) ? condition.value.join(', ') : condition.value}
                  disabled={disabled}
                  placeholder={definition.kind === 'amount' ? '0' : 'en, sw'}
                  onChange={(event: React.ChangeEvent<HTMLInputElement>) => {
                    const text = event.target.value;
                    update(index, {
                      ...condition,
                      value: isList(condition.operator)
                        ? text
                            .split(',')
                            .map((item) => item.trim())
                            .filter(Boolean)
                        : text.trim(),
                    });
                  }}
                />
              )}
            </FormField>
            {!disabled && (
              <Box paddingTop={6}>
                <RemoveButton
                  label={t('editor.conditions.remove', { number: index + 1 })}
                  onClick={() => onChange(conditions.filter((_, position) => position !== index))}
                />
              </Box>
            )}
          </Flex>
        );
      })}
      {!disabled && names.length > 0 && (
        <AddButton
          label={t('editor.conditions.add')}
          onClick={() => onChange([...conditions, startCondition(names[0], fields[names[0]])])}
        />
      )}
    </Flex>
  );
}
