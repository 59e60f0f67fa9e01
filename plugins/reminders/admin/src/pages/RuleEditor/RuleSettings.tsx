import * as React from 'react';
import { Combobox, ComboboxOption, Grid, NumberInput, TextInput, Toggle, Typography } from '@strapi/design-system';
import type { Rule, RuleOptions, Target } from '../../api/types';
import { CodeSelect } from '../../components/CodeSelect';
import { GridField } from '../../components/GridField';
import { Section } from '../../components/Section';
import { TimeInput } from '../../components/TimeInput';
import { anchorLabel, targetLabel, valueLabel } from '../../components/labels';
import { type MessageKey, useT } from '../../hooks/useT';
import { ConditionsBuilder } from './ConditionsBuilder';
import { ProtectionFields } from './ProtectionFields';
import { RecipientsField } from './RecipientsField';
import { StepsBuilder } from './StepsBuilder';
import { STEP_CHANNELS, isDateAnchor, isEventAnchor, startConditions, switchTarget } from './ruleDraft';

type T = ReturnType<typeof useT>;

/** A target in words; one no longer mapped says so. */
export const targetLabelOf = (t: T, options: RuleOptions, key: string) =>
  Object.hasOwn(options.targets, key)
    ? targetLabel(t, key, options.targets[key])
    : t('editor.target.unmapped', { target: key });

const TIME_ZONES: string[] =
  (Intl as unknown as { supportedValuesOf?: (key: string) => string[] }).supportedValuesOf?.('timeZone') ?? [];

/** The zone picker: some 400 options, re-rendered only when its own value changes (not on every keystroke). */
const TimeZoneField = React.memo(function TimeZoneField({
  value,
  disabled,
  placeholder,
  onChange,
}: {
  value: string | null;
  disabled: boolean;
  placeholder: string;
  onChange: (zone: string | null) => void;
}) {
  return (
    <Combobox
      value={value ?? ''}
      disabled={disabled}
      placeholder={placeholder}
      onChange={(zone?: string) => onChange(zone ?? null)}
      onClear={() => onChange(null)}
    >
      {TIME_ZONES.map((zone) => (
        <ComboboxOption key={zone} value={zone}>
          {zone}
        </ComboboxOption>
      ))}
    </Combobox>
  );
});

interface Props {
  /** The rule without its messages. */
  rule: Omit<Rule, 'templates' | 'emailTemplates'>;
  options: RuleOptions;
  errors: Record<string, string>;
  readOnly: boolean;
  set: (changes: Partial<Rule>) => void;
  setRule: React.Dispatch<React.SetStateAction<Rule>>;
  startingMessage: () => Record<string, string>;
}

/**
 * The rule's settings: what it is, when it sends, to which records. Memoised apart from the messages, so
 * typing a message does not re-render them.
 */
export const RuleSettings = React.memo(function RuleSettings({
  rule,
  options,
  errors,
  readOnly,
  set,
  setRule,
  startingMessage,
}: Props) {
  const t = useT();
  // A rule whose target is no longer mapped still opens (the plugin disabled it and says why): with nothing to offer.
  const target = options.targets[rule.target] ?? {
    uid: '',
    displayName: rule.target,
    builtIn: false,
    anchors: [rule.anchor],
    dateAnchors: [],
    events: {},
    conditions: {},
    defaultConditions: [],
    anchorKinds: {},
    variables: [],
    moneyVariables: [],
    recipients: ['customer'],
  };
  const targetKeys = Object.hasOwn(options.targets, rule.target)
    ? Object.keys(options.targets)
    : [...Object.keys(options.targets), rule.target];
  const labelOfTarget = (key: string) => targetLabelOf(t, options, key);
  const dateAnchor = isDateAnchor(rule, options);
  // A "status changed" event that does not name its value: the editor picks one, or any.
  const event = target.events[rule.anchor];
  const awaitedField = event?.change === 'status' && event.to === null ? event.field : undefined;
  const awaited = awaitedField ? target.conditions[awaitedField] : undefined;
  const awaitedValues = awaited?.kind === 'choice' ? awaited.values : [];
  const onSteps = React.useCallback((steps: Rule['steps']) => set({ steps }), [set]);
  const onConditions = React.useCallback((conditions: Rule['conditions']) => set({ conditions }), [set]);
  const onTimezone = React.useCallback((timezone: string | null) => set({ timezone }), [set]);

  return (
    <>
      <Section title={t('editor.section.general')}>
        <Grid.Root gap={4}>
          <GridField col={6} s={12} name="name" error={errors.name} required label={t('editor.name')}>
            <TextInput
              value={rule.name}
              disabled={readOnly}
              onChange={(event: React.ChangeEvent<HTMLInputElement>) => set({ name: event.target.value })}
            />
          </GridField>
          <GridField col={3} s={6} name="target" error={errors.target} required label={t('editor.target')}>
            <CodeSelect
              codes={targetKeys}
              codeLabel={labelOfTarget}
              value={rule.target}
              disabled={readOnly}
              onChange={(name) => setRule((current) => switchTarget(current, name as Target, options))}
            />
          </GridField>
          <GridField col={3} s={6} name="enabled" label={t('editor.enabled')}>
            <Toggle
              checked={rule.enabled}
              disabled={readOnly}
              onLabel={t('rules.on')}
              offLabel={t('rules.off')}
              onChange={(event: React.ChangeEvent<HTMLInputElement>) => set({ enabled: event.target.checked })}
            />
          </GridField>
          <GridField col={12} s={12} name="recipients" error={errors.recipient} label={t('editor.recipient')}>
            <RecipientsField
              rule={rule}
              allowsStaff={target.recipients.includes('staff')}
              errors={errors}
              disabled={readOnly}
              onChange={(recipients) => set({ recipients })}
            />
          </GridField>
          <GridField
            col={4}
            s={12}
            name="channel"
            error={errors.channel}
            hint={t('editor.channel.hint')}
            label={t('editor.channel')}
          >
            <CodeSelect
              codes={STEP_CHANNELS}
              codeLabel={(channel) => t(`channel.${channel}` as MessageKey)}
              value={rule.channel ?? 'sms'}
              disabled={readOnly}
              onChange={(channel) => set({ channel })}
            />
          </GridField>
          <GridField
            col={4}
            s={12}
            name="senderId"
            error={errors.senderId}
            hint={t('editor.senderId.hint')}
            label={t('editor.senderId')}
          >
            <TextInput
              value={rule.senderId ?? ''}
              maxLength={11}
              disabled={readOnly}
              onChange={(event: React.ChangeEvent<HTMLInputElement>) => set({ senderId: event.target.value })}
            />
          </GridField>
        </Grid.Root>
      </Section>

      <Section title={t('editor.section.when')} subtitle={t('editor.section.when.subtitle')}>
        <Grid.Root gap={4}>
          <GridField col={4} s={12} name="anchor" error={errors.anchor} required label={t('editor.anchor')}>
            <CodeSelect
              codes={target.anchors}
              codeLabel={(anchor) => anchorLabel(t, anchor)}
              value={rule.anchor}
              disabled={readOnly}
              onChange={(anchor) => {
                const becomesDate = target.dateAnchors.includes(anchor);
                const becomesEvent = isEventAnchor(options, rule.target, anchor);
                // Conditions still as the old anchor started them follow the new one's (none for an event).
                const untouched =
                  JSON.stringify(rule.conditions) ===
                  JSON.stringify(startConditions(rule.target, rule.anchor, options));
                set({
                  anchor,
                  sendAt: becomesDate ? rule.sendAt || '09:00' : null,
                  eventTo: null,
                  ...(untouched ? { conditions: startConditions(rule.target, anchor, options) } : {}),
                  // An event rule starts "instantly"; nothing of it can go before the event.
                  ...(becomesEvent && rule.steps.some((step) => step.direction === 'before')
                    ? { steps: [{ amount: 0, unit: 'minutes', direction: 'after' }] }
                    : {}),
                });
              }}
            />
          </GridField>
          {awaitedField && (
            <GridField col={4} s={12} name="eventTo" error={errors.eventTo} label={t('editor.eventTo')}>
              <CodeSelect
                codes={['', ...awaitedValues]}
                codeLabel={(value) => (value ? valueLabel(t, value) : t('editor.eventTo.any'))}
                value={rule.eventTo ?? ''}
                disabled={readOnly}
                onChange={(value) => set({ eventTo: value || null })}
              />
            </GridField>
          )}
          {dateAnchor && (
            <GridField
              col={3}
              s={6}
              name="sendAt"
              error={errors.sendAt}
              hint={t('editor.sendAt.hint')}
              label={t('editor.sendAt')}
            >
              <TimeInput value={rule.sendAt} disabled={readOnly} onChange={(sendAt) => set({ sendAt })} />
            </GridField>
          )}
          <GridField
            col={5}
            s={12}
            name="timezone"
            error={errors.timezone}
            hint={t('editor.timezone.hint', { zone: options.defaultTimezone })}
            label={t('editor.timezone')}
          >
            <TimeZoneField
              value={rule.timezone ?? null}
              disabled={readOnly}
              placeholder={t('editor.timezone.placeholder')}
              onChange={onTimezone}
            />
          </GridField>
        </Grid.Root>
        {event && (
          <Typography variant="pi" textColor="neutral600">
            {t('editor.event.hint')}
          </Typography>
        )}
        {rule.anchor === 'instantly' ? (
          <Typography variant="pi" textColor="neutral600">
            {t('editor.instantly.hint')}
          </Typography>
        ) : (
          <StepsBuilder
            steps={rule.steps}
            anchor={rule.anchor}
            target={rule.target}
            options={options}
            startingMessage={startingMessage}
            defaultLanguage={rule.defaultLanguage ?? 'en'}
            ruleChannel={rule.channel}
            errors={errors}
            disabled={readOnly}
            onChange={onSteps}
          />
        )}
        <Grid.Root gap={4}>
          <GridField
            col={3}
            s={6}
            name="quietHoursStart"
            error={errors.quietHoursStart}
            hint={
              options.quietHours
                ? t('editor.quietHours.default', {
                    start: options.quietHours.start,
                    end: options.quietHours.end,
                  })
                : t('editor.quietHours.none')
            }
            label={t('editor.quietHoursStart')}
          >
            <TimeInput
              value={rule.quietHoursStart}
              disabled={readOnly}
              onChange={(quietHoursStart) => set({ quietHoursStart })}
            />
          </GridField>
          <GridField col={3} s={6} name="quietHoursEnd" error={errors.quietHoursEnd} label={t('editor.quietHoursEnd')}>
            <TimeInput
              value={rule.quietHoursEnd}
              disabled={readOnly}
              onChange={(quietHoursEnd) => set({ quietHoursEnd })}
            />
          </GridField>
          <GridField
            col={4}
            s={12}
            name="maxLatenessMinutes"
            error={errors.maxLatenessMinutes}
            hint={t('editor.maxLateness.hint', { minutes: options.maxLatenessMinutes })}
            label={t('editor.maxLateness')}
          >
            <NumberInput
              value={rule.maxLatenessMinutes ?? undefined}
              disabled={readOnly}
              placeholder={String(options.maxLatenessMinutes)}
              onValueChange={(value) => set({ maxLatenessMinutes: value ?? null })}
            />
          </GridField>
        </Grid.Root>
      </Section>

      <ProtectionFields rule={rule} errors={errors} disabled={readOnly} onChange={set} />

      <Section title={t('editor.section.conditions')}>
        <ConditionsBuilder
          conditions={rule.conditions}
          fields={target.conditions}
          errors={errors}
          disabled={readOnly}
          onChange={onConditions}
        />
      </Section>
    </>
  );
});
