import {
  Box,
  Button,
  Field,
  Flex,
  IconButton,
  MultiSelect,
  MultiSelectOption,
  SingleSelect,
  SingleSelectOption,
  TextInput,
  Typography,
} from '@strapi/design-system';
import { Plus, Trash } from '@strapi/icons';
import type { ConditionDefinition, RuleCondition } from '../../api/types';
import { type MessageKey, useT } from '../../hooks/useT';

interface Props {
  conditions: RuleCondition[];
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

/** All conditions must hold for a record to be reminded (paid, void and cancelled records never are). */
export function ConditionsBuilder({ conditions, fields, errors, disabled, onChange }: Props) {
  const t = useT();
  const names = Object.keys(fields);
  const update = (index: number, condition: RuleCondition) =>
    onChange(conditions.map((current, position) => (position === index ? condition : current)));

  return (
    <Flex direction="column" alignItems="stretch" gap={3}>
      <Typography variant="pi" textColor="neutral600">
        {t('editor.conditions.hint')}
      </Typography>
      {errors.conditions && (
        <Typography variant="pi" textColor="danger600">
          {errors.conditions}
        </Typography>
      )}
      {conditions.map((condition, index) => {
        const definition = fields[condition.field] ?? { kind: 'text' };
        const error = (part: string) => errors[`conditions[${index}].${part}`];
        return (
          <Flex key={index} gap={3} alignItems="flex-start" wrap="wrap" data-testid="condition">
            <Field.Root name={`conditions[${index}].field`} error={error('field')} width="200px">
              <Field.Label>{t('editor.conditions.field')}</Field.Label>
              <SingleSelect
                value={condition.field}
                disabled={disabled}
                onChange={(value) => update(index, startCondition(String(value), fields[String(value)]))}
              >
                {names.map((name) => (
                  <SingleSelectOption key={name} value={name}>
                    {t(`field.${name}` as MessageKey)}
                  </SingleSelectOption>
                ))}
              </SingleSelect>
              <Field.Error />
            </Field.Root>
            <Field.Root name={`conditions[${index}].operator`} error={error('operator')} width="180px">
              <Field.Label>{t('editor.conditions.operator')}</Field.Label>
              <SingleSelect
                value={condition.operator}
                disabled={disabled}
                onChange={(value) => {
                  const operator = String(value);
                  const values = Array.isArray(condition.value)
                    ? condition.value
                    : condition.value
                      ? [condition.value]
                      : [];
                  update(index, { ...condition, operator, value: isList(operator) ? values : (values[0] ?? '') });
                }}
              >
                {operatorsFor(definition).map((operator) => (
                  <SingleSelectOption key={operator} value={operator}>
                    {t(`operator.${operator}` as MessageKey)}
                  </SingleSelectOption>
                ))}
              </SingleSelect>
              <Field.Error />
            </Field.Root>
            <Field.Root name={`conditions[${index}].value`} error={error('value')} width="260px">
              <Field.Label>{t('editor.conditions.value')}</Field.Label>
              {definition.kind === 'choice' && isList(condition.operator) ? (
                <MultiSelect
                  value={condition.value as string[]}
                  disabled={disabled}
                  withTags
                  onChange={(value) => update(index, { ...condition, value })}
                >
                  {definition.values.map((value) => (
                    <MultiSelectOption key={value} value={value}>
                      {t(`value.${value}` as MessageKey)}
                    </MultiSelectOption>
                  ))}
                </MultiSelect>
              ) : definition.kind === 'choice' ? (
                <SingleSelect
                  value={condition.value as string}
                  disabled={disabled}
                  onChange={(value) => update(index, { ...condition, value: String(value) })}
                >
                  {definition.values.map((value) => (
                    <SingleSelectOption key={value} value={value}>
                      {t(`value.${value}` as MessageKey)}
                    </SingleSelectOption>
                  ))}
                </SingleSelect>
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
              <Field.Error />
            </Field.Root>
            {!disabled && (
              <Box paddingTop={6}>
                <IconButton
                  label={t('editor.conditions.remove', { number: index + 1 })}
                  variant="ghost"
                  onClick={() => onChange(conditions.filter((_, position) => position !== index))}
                >
                  <Trash />
                </IconButton>
              </Box>
            )}
          </Flex>
        );
      })}
      {!disabled && names.length > 0 && (
        <Box>
          <Button
            variant="tertiary"
            startIcon={<Plus />}
            onClick={() => onChange([...conditions, startCondition(names[0], fields[names[0]])])}
          >
            {t('editor.conditions.add')}
          </Button>
        </Box>
      )}
    </Flex>
  );
}
