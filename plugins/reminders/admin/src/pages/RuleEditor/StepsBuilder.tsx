import * as React from 'react';
import { Box, Checkbox, Flex, SingleSelect, SingleSelectOption, Typography } from '@strapi/design-system';
import type { RuleOptions, RuleStep, Target } from '../../api/types';
import { AddButton } from '../../components/AddButton';
import { CodeSelect } from '../../components/CodeSelect';
import { FormField } from '../../components/FormField';
import { NumberField } from '../../components/NumberField';
import { RemoveButton } from '../../components/RemoveButton';
import { describeStep, remindersOfStep, repeatTimesFor } from '../../components/describeRule';
import { type MessageKey, useT } from '../../hooks/useT';
import { MessageSource, useLibraryTemplate } from './MessageSource';
import { TemplateField } from './TemplateField';
import { STEP_CHANNELS, channelOfStep, isEventAnchor, targetForAnchor } from './ruleDraft';

interface Props {
  steps: RuleStep[];
  anchor: string;
  target: Target;
  options: RuleOptions;
  /** The rule's messages, which a step given its own message starts from. */
  startingMessage: () => Record<string, string>;
  defaultLanguage: string;
  /** The rule's channel (set over the API), the steps' default; SMS without one. */
  ruleChannel?: string | null;
  errors: Record<string, string>;
  disabled?: boolean;
  onChange: (steps: RuleStep[]) => void;
}

/** The units a minimum notice is counted in: elapsed time (as the server's minimum-notice.ts). */
const NOTICE_UNITS = ['minutes', 'hours', 'days', 'weeks'];

/**
 * A step's own message by language (a language left empty sends the rule's message in it), written here or
 * a library template's, shown read-only.
 */
function StepMessage({
  index,
  step,
  anchor,
  target,
  options,
  defaultLanguage,
  errors,
  disabled,
  onChange,
}: {
  index: number;
  step: RuleStep;
  anchor: string;
  target: Target;
  options: RuleOptions;
  defaultLanguage: string;
  errors: Record<string, string>;
  disabled?: boolean;
  onChange: (step: RuleStep) => void;
}) {
  const t = useT();
  const [language, setLanguage] = React.useState(defaultLanguage);
  const fallback = React.useCallback(() => t('editor.step.usesRuleMessage'), [t]);
  const usesLibrary = step.templateId !== null && step.templateId !== undefined;
  const chosen = useLibraryTemplate(step.templateId);
  const { templates: _written, templateId: _chosen, ...timing } = step;
  return (
    <Flex direction="column" alignItems="stretch" gap={3} paddingTop={3} data-testid="step-message">
      <MessageSource
        path={`steps[${index}]`}
        templateId={step.templateId}
        target={target}
        errors={errors}
        disabled={disabled}
        onChange={(templateId) =>
          onChange(templateId === null ? { ...timing, templates: {} } : { ...timing, templateId })
        }
      />
      <TemplateField
        path={`steps[${index}].templates`}
        templates={usesLibrary ? (chosen?.messages ?? {}) : (step.templates ?? {})}
        target={targetForAnchor(options, target, anchor)}
        languages={options.languages}
        language={language}
        onLanguageChange={setLanguage}
        fallback={fallback}
        errors={errors}
        disabled={disabled || usesLibrary}
        onChange={(templates) => onChange({ ...step, templates })}
      />
    </Flex>
  );
}

/** Whether a step sends a message of its own: written for it, or a library template. */
const hasOwnMessage = (step: RuleStep) =>
  Boolean(step.templates) || (step.templateId !== null && step.templateId !== undefined);

/** The steps of a rule: an offset before or after the anchor, each optionally repeated, each with its own message or the rule's. */
export const StepsBuilder = React.memo(function StepsBuilder({
  steps,
  anchor,
  target,
  options,
  startingMessage,
  defaultLanguage,
  ruleChannel,
  errors,
  disabled,
  onChange,
}: Props) {
  const { units } = options;
  const channelLabel = (channel: string) => t(`channel.${channel}` as MessageKey);
  const t = useT();
  const update = (index: number, step: RuleStep) =>
    onChange(steps.map((current, position) => (position === index ? step : current)));
  const error = (index: number, field: string) => errors[`steps[${index}].${field}`];
  const unitLabel = (unit: string) => t(`unit.${unit}` as MessageKey);

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
            <NumberField
              name={`steps[${index}].amount`}
              error={error(index, 'amount')}
              width="120px"
              label={t('editor.step.amount')}
              value={step.amount}
              disabled={disabled}
              onValueChange={(value) => update(index, { ...step, amount: value ?? 0 })}
            />
            <FormField
              name={`steps[${index}].unit`}
              error={error(index, 'unit')}
              width="160px"
              label={t('editor.step.unit')}
            >
              <CodeSelect
                codes={units}
                codeLabel={unitLabel}
                value={step.unit}
                disabled={disabled}
                onChange={(unit) => update(index, { ...step, unit })}
              />
            </FormField>
            <FormField
              name={`steps[${index}].direction`}
              error={error(index, 'direction')}
              width="160px"
              label={t('editor.step.direction')}
            >
              <SingleSelect
                value={step.direction}
                disabled={disabled}
                onChange={(value) => update(index, { ...step, direction: value as RuleStep['direction'] })}
              >
                {/* Nothing can be sent before an event has happened. */}
                {!isEventAnchor(options, target, anchor) && (
                  <SingleSelectOption value="before">{t('editor.step.before')}</SingleSelectOption>
                )}
                <SingleSelectOption value="after">{t('editor.step.after')}</SingleSelectOption>
              </SingleSelect>
            </FormField>
            <FormField
              name={`steps[${index}].channel`}
              error={error(index, 'channel')}
              width="200px"
              label={t('editor.step.channel')}
            >
              <CodeSelect
                codes={STEP_CHANNELS}
                codeLabel={channelLabel}
                value={channelOfStep({ channel: ruleChannel }, step)}
                disabled={disabled}
                onChange={(channel) => update(index, { ...step, channel })}
              />
            </FormField>
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
            <Box paddingBottom={2}>
              <Checkbox
                checked={hasOwnMessage(step)}
                disabled={disabled}
                onCheckedChange={(checked) => {
                  const { templates: _dropped, templateId: _chosen, ...rest } = step;
                  update(
                    index,
                    checked
                      ? { ...rest, templates: { [defaultLanguage]: startingMessage()[defaultLanguage] ?? '' } }
                      : rest
                  );
                }}
              >
                {t('editor.step.ownMessage')}
              </Checkbox>
            </Box>
            {step.direction === 'before' && (
              <Box paddingBottom={2}>
                <Checkbox
                  checked={Boolean(step.minimumNotice)}
                  disabled={disabled}
                  onCheckedChange={(checked) =>
                    update(index, { ...step, minimumNotice: checked ? { amount: 12, unit: 'hours' } : null })
                  }
                >
                  {t('editor.step.minimumNotice')}
                </Checkbox>
              </Box>
            )}
            {steps.length > 1 && !disabled && (
              <RemoveButton
                label={t('editor.step.remove', { number: index + 1 })}
                onClick={() => onChange(steps.filter((_, position) => position !== index))}
              />
            )}
          </Flex>
          {step.repeat && (
            <Flex gap={3} alignItems="flex-end" paddingTop={3} wrap="wrap">
              <NumberField
                name={`steps[${index}].repeat.every`}
                error={error(index, 'repeat.every')}
                width="120px"
                label={t('editor.step.every')}
                value={step.repeat.every}
                disabled={disabled}
                onValueChange={(value) => update(index, { ...step, repeat: { ...step.repeat!, every: value ?? 1 } })}
              />
              <FormField name={`steps[${index}].repeat.unit`} width="160px" label={t('editor.step.unit')}>
                <CodeSelect
                  codes={units}
                  codeLabel={unitLabel}
                  value={step.repeat.unit}
                  disabled={disabled}
                  onChange={(unit) => update(index, { ...step, repeat: { ...step.repeat!, unit } })}
                />
              </FormField>
              <NumberField
                name={`steps[${index}].repeat.times`}
                error={error(index, 'repeat.times')}
                width="160px"
                label={t('editor.step.times')}
                hint={t('editor.step.times.hint')}
                value={remindersOfStep(step)}
                disabled={disabled}
                onValueChange={(value) =>
                  update(index, { ...step, repeat: { ...step.repeat!, times: repeatTimesFor(value ?? 2) } })
                }
              />
            </Flex>
          )}
          {step.direction === 'before' && step.minimumNotice && (
            <Flex gap={3} alignItems="flex-end" paddingTop={3} wrap="wrap" data-testid="step-minimum-notice">
              <NumberField
                name={`steps[${index}].minimumNotice.amount`}
                error={error(index, 'minimumNotice.amount') ?? error(index, 'minimumNotice')}
                width="120px"
                label={t('editor.step.minimumNotice')}
                hint={t('editor.step.minimumNotice.hint')}
                value={step.minimumNotice.amount}
                disabled={disabled}
                onValueChange={(value) =>
                  update(index, { ...step, minimumNotice: { ...step.minimumNotice!, amount: value ?? 1 } })
                }
              />
              <FormField
                name={`steps[${index}].minimumNotice.unit`}
                error={error(index, 'minimumNotice.unit')}
                width="160px"
                label={t('editor.step.unit')}
              >
                <CodeSelect
                  codes={NOTICE_UNITS}
                  codeLabel={unitLabel}
                  value={step.minimumNotice.unit}
                  disabled={disabled}
                  onChange={(unit) => update(index, { ...step, minimumNotice: { ...step.minimumNotice!, unit } })}
                />
              </FormField>
            </Flex>
          )}
          {hasOwnMessage(step) && (
            <StepMessage
              index={index}
              step={step}
              anchor={anchor}
              target={target}
              options={options}
              defaultLanguage={defaultLanguage}
              errors={errors}
              disabled={disabled}
              onChange={(changed) => update(index, changed)}
            />
          )}
          <Box paddingTop={2}>
            <Typography variant="pi" textColor="neutral600">
              {describeStep(step, anchor, t, channelOfStep({ channel: ruleChannel }, step))}
              {hasOwnMessage(step) ? '' : ` — ${t('editor.step.usesRuleMessage')}`}
            </Typography>
          </Box>
        </Box>
      ))}
      {!disabled && (
        <AddButton
          label={t('editor.step.add')}
          onClick={() => onChange([...steps, { amount: 1, unit: 'days', direction: 'after' }])}
        />
      )}
    </Flex>
  );
});
