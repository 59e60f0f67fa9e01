import {
  Box,
  Button,
  Checkbox,
  Field,
  Flex,
  IconButton,
  NumberInput,
  SingleSelect,
  SingleSelectOption,
  Typography,
} from '@strapi/design-system';
import { Plus, Trash } from '@strapi/icons';
import type { RuleStep } from '../../api/types';
import { describeStep } from '../../components/describeRule';
import { type MessageKey, useT } from '../../hooks/useT';

interface Props {
  steps: RuleStep[];
  anchor: string;
  units: readonly string[];
  errors: Record<string, string>;
  disabled?: boolean;
  onChange: (steps: RuleStep[]) => void;
}

/** The steps of a rule: an offset before or after the anchor, each optionally repeated. */
export function StepsBuilder({ steps, anchor, units, errors, disabled, onChange }: Props) {
  const t = useT();
  const update = (index: number, step: RuleStep) =>
    onChange(steps.map((current, position) => (position === index ? step : current)));
  const error = (index: number, field: string) => errors[`steps[${index}].${field}`];

  return (
    <Flex direction="column" alignItems="stretch" gap={3}>
      {errors.steps && (
        <Typography variant="pi" textColor="danger600">
          {errors.steps}
        </Typography>
      )}
      {steps.map((step, index) => (
        <Box key={index} padding={4} hasRadius borderColor="neutral200" background="neutral100" data-testid="step">
          <Flex gap={3} alignItems="flex-end" wrap="wrap">
            <Field.Root name={`steps[${index}].amount`} error={error(index, 'amount')} width="120px">
              <Field.Label>{t('editor.step.amount')}</Field.Label>
              <NumberInput
                value={step.amount}
                disabled={disabled}
                onValueChange={(value) => update(index, { ...step, amount: value ?? 0 })}
              />
              <Field.Error />
            </Field.Root>
            <Field.Root name={`steps[${index}].unit`} error={error(index, 'unit')} width="160px">
              <Field.Label>{t('editor.step.unit')}</Field.Label>
              <SingleSelect
                value={step.unit}
                disabled={disabled}
                onChange={(value) => update(index, { ...step, unit: String(value) })}
              >
                {units.map((unit) => (
                  <SingleSelectOption key={unit} value={unit}>
                    {t(`unit.${unit}` as MessageKey)}
                  </SingleSelectOption>
                ))}
              </SingleSelect>
              <Field.Error />
            </Field.Root>
            <Field.Root name={`steps[${index}].direction`} error={error(index, 'direction')} width="160px">
              <Field.Label>{t('editor.step.direction')}</Field.Label>
              <SingleSelect
                value={step.direction}
                disabled={disabled}
                onChange={(value) => update(index, { ...step, direction: value as RuleStep['direction'] })}
              >
                <SingleSelectOption value="before">{t('editor.step.before')}</SingleSelectOption>
                <SingleSelectOption value="after">{t('editor.step.after')}</SingleSelectOption>
              </SingleSelect>
              <Field.Error />
            </Field.Root>
            <Box paddingBottom={2}>
              <Checkbox
                checked={Boolean(step.repeat)}
                disabled={disabled}
                onCheckedChange={(checked) =>
                  update(index, { ...step, repeat: checked ? { every: 7, unit: 'days', times: 3 } : null })
                }
              >
                {t('editor.step.repeat')}
              </Checkbox>
            </Box>
            {steps.length > 1 && !disabled && (
              <IconButton
                label={t('editor.step.remove', { number: index + 1 })}
                variant="ghost"
                onClick={() => onChange(steps.filter((_, position) => position !== index))}
              >
                <Trash />
              </IconButton>
            )}
          </Flex>
          {step.repeat && (
            <Flex gap={3} alignItems="flex-end" paddingTop={3} wrap="wrap">
              <Field.Root
                name={`steps[${index}].repeat.every`}
                error={errors[`steps[${index}].repeat.every`]}
                width="120px"
              >
                <Field.Label>{t('editor.step.every')}</Field.Label>
                <NumberInput
                  value={step.repeat.every}
                  disabled={disabled}
                  onValueChange={(value) => update(index, { ...step, repeat: { ...step.repeat!, every: value ?? 1 } })}
                />
                <Field.Error />
              </Field.Root>
              <Field.Root name={`steps[${index}].repeat.unit`} width="160px">
                <Field.Label>{t('editor.step.unit')}</Field.Label>
                <SingleSelect
                  value={step.repeat.unit}
                  disabled={disabled}
                  onChange={(value) => update(index, { ...step, repeat: { ...step.repeat!, unit: String(value) } })}
                >
                  {units.map((unit) => (
                    <SingleSelectOption key={unit} value={unit}>
                      {t(`unit.${unit}` as MessageKey)}
                    </SingleSelectOption>
                  ))}
                </SingleSelect>
              </Field.Root>
              <Field.Root
                name={`steps[${index}].repeat.times`}
                error={errors[`steps[${index}].repeat.times`]}
                width="120px"
              >
                <Field.Label>{t('editor.step.times')}</Field.Label>
                <NumberInput
                  value={step.repeat.times}
                  disabled={disabled}
                  onValueChange={(value) => update(index, { ...step, repeat: { ...step.repeat!, times: value ?? 1 } })}
                />
                <Field.Error />
              </Field.Root>
            </Flex>
          )}
          <Box paddingTop={2}>
            <Typography variant="pi" textColor="neutral600">
              {describeStep(step, anchor, t)}
            </Typography>
          </Box>
        </Box>
      ))}
      {!disabled && (
        <Box>
          <Button
            variant="tertiary"
            startIcon={<Plus />}
            onClick={() => onChange([...steps, { amount: 1, unit: 'days', direction: 'after' }])}
          >
            {t('editor.step.add')}
          </Button>
        </Box>
      )}
    </Flex>
  );
}
