import { Checkbox, Grid, SingleSelect, SingleSelectOption } from '@strapi/design-system';
import type { Rule } from '../../api/types';
import { GridField } from '../../components/GridField';
import { NumberField } from '../../components/NumberField';
import { Section } from '../../components/Section';
import { useT } from '../../hooks/useT';

type CapChoice = 'default' | 'none' | 'own';
type Cap = { perDay: number | null; perWeek: number | null; minSpacingMinutes: number | null };

const choiceOf = (cap: Rule['frequencyCap']): CapChoice => (cap === 'none' ? 'none' : cap ? 'own' : 'default');

/**
 * Customer protection of one rule: the plugin's frequency cap, none (a receipt that must go at once), or
 * its own; and whether its reminders wait for a business day. The server checks the values (errors on
 * frequencyCap.perDay etc. are shown on their field).
 */
export function ProtectionFields({
  rule,
  errors,
  disabled,
  onChange,
}: {
  rule: Pick<Rule, 'frequencyCap' | 'businessDaysOnly'>;
  errors: Record<string, string>;
  disabled: boolean;
  onChange: (changes: Pick<Rule, 'frequencyCap'> | Pick<Rule, 'businessDaysOnly'>) => void;
}) {
  const t = useT();
  const choice = choiceOf(rule.frequencyCap);
  const own: Cap =
    typeof rule.frequencyCap === 'object' && rule.frequencyCap !== null
      ? rule.frequencyCap
      : { perDay: null, perWeek: null, minSpacingMinutes: null };
  const setOwn = (changes: Partial<Cap>) => onChange({ frequencyCap: { ...own, ...changes } });

  return (
    <Section title={t('protection.rule.title')} subtitle={t('protection.rule.subtitle')} testId="rule-protection">
      <Grid.Root gap={4}>
        <GridField col={6} s={12} name="frequencyCap" error={errors.frequencyCap} label={t('protection.rule.cap')}>
          <SingleSelect
            value={choice}
            disabled={disabled}
            onChange={(value) => {
              const next = String(value) as CapChoice;
              onChange({
                frequencyCap:
                  next === 'none' ? 'none' : next === 'own' ? { perDay: 1, perWeek: 3, minSpacingMinutes: 60 } : null,
              });
            }}
          >
            <SingleSelectOption value="default">{t('protection.rule.cap.default')}</SingleSelectOption>
            <SingleSelectOption value="none">{t('protection.rule.cap.none')}</SingleSelectOption>
            <SingleSelectOption value="own">{t('protection.rule.cap.own')}</SingleSelectOption>
          </SingleSelect>
        </GridField>
        <GridField
          col={6}
          s={12}
          name="businessDaysOnly"
          error={errors.businessDaysOnly}
          hint={t('protection.rule.businessDaysOnly.hint')}
          label={t('protection.businessDays')}
        >
          <Checkbox
            checked={Boolean(rule.businessDaysOnly)}
            disabled={disabled}
            onCheckedChange={(checked) => onChange({ businessDaysOnly: checked === true })}
          >
            {t('protection.rule.businessDaysOnly')}
          </Checkbox>
        </GridField>
        {choice === 'own' &&
          (['perDay', 'perWeek', 'minSpacingMinutes'] as const).map((key) => (
            <Grid.Item key={key} col={4} s={12} direction="column" alignItems="stretch">
              <NumberField
                name={`frequencyCap.${key}`}
                error={errors[`frequencyCap.${key}`]}
                label={t(`protection.${key}`)}
                hint={t('protection.noLimit.hint')}
                value={own[key] ?? undefined}
                disabled={disabled}
                onValueChange={(value) => setOwn({ [key]: value ?? null })}
              />
            </Grid.Item>
          ))}
      </Grid.Root>
    </Section>
  );
}
