import * as React from 'react';
import { Button, Checkbox, Flex, Grid, TextInput, Typography } from '@strapi/design-system';
import { Check } from '@strapi/icons';
import { useIntl } from 'react-intl';
import { type ProtectionSettings, useSettingsApi } from '../../api/settings';
import { AddButton } from '../../components/AddButton';
import { FormField } from '../../components/FormField';
import { NumberField } from '../../components/NumberField';
import { RemoveButton } from '../../components/RemoveButton';
import { Section } from '../../components/Section';
import { FormErrorAlert } from '../../components/FormErrorAlert';
import { useSectionSave } from '../../hooks/useSectionSave';
import { useT } from '../../hooks/useT';

type Draft = Omit<ProtectionSettings, 'source'>;
type Cap = NonNullable<Draft['frequencyCap']>;
const CAP_FIELDS = ['perDay', 'perWeek', 'minSpacingMinutes'] as const;
const NO_CAP: Cap = { perDay: null, perWeek: null, minSpacingMinutes: null };
/** ISO weekdays, Monday first; a Monday to name them in the admin's language. */
const WEEKDAYS = [1, 2, 3, 4, 5, 6, 7];
const A_MONDAY = Date.UTC(2026, 0, 5);

/**
 * Settings: customer protection. The frequency cap (per local day and week, and a spacing, across every rule),
 * the weekend days and the public holidays that "business days only" rules avoid. Saved in Strapi's store, it
 * replaces the config's values for every instance from its next pass; the server checks it and its 400 names
 * each field, shown where it belongs.
 */
export function ProtectionSection({ settings, onSaved }: { settings: ProtectionSettings; onSaved: () => void }) {
  const t = useT();
  const { locale } = useIntl();
  const api = useSettingsApi();
  const [draft, setDraft] = React.useState<Draft>(() => ({
    frequencyCap: settings.frequencyCap,
    weekendDays: settings.weekendDays,
    holidays: settings.holidays,
  }));
  const { save, saving, errors, formError, clearFormError } = useSectionSave(t('protection.saved'), onSaved);
  const set = (changes: Partial<Draft>) => setDraft((current) => ({ ...current, ...changes }));
  const cap = draft.frequencyCap ?? NO_CAP;
  const weekday = (day: number) =>
    new Intl.DateTimeFormat(locale, { weekday: 'long', timeZone: 'UTC' }).format(A_MONDAY + (day - 1) * 86_400_000);
  const setHoliday = (index: number, changes: Partial<Draft['holidays'][number]>) =>
    set({ holidays: draft.holidays.map((holiday, at) => (at === index ? { ...holiday, ...changes } : holiday)) });

  return (
    <Section title={t('protection.title')} subtitle={t('protection.subtitle')} testId="protection">
      <FormErrorAlert
        title={t('protection.notSaved')}
        error={formError}
        onClose={clearFormError}
        testId="protection-error"
      />
      <Checkbox
        checked={draft.frequencyCap !== null}
        onCheckedChange={(checked) =>
          set({ frequencyCap: checked === true ? { perDay: 1, perWeek: 3, minSpacingMinutes: 60 } : null })
        }
      >
        {t('protection.capOn')}
      </Checkbox>
      {draft.frequencyCap && (
        <Grid.Root gap={4}>
          {CAP_FIELDS.map((key) => (
            <Grid.Item key={key} col={4} s={12} direction="column" alignItems="stretch">
              <NumberField
                name={`frequencyCap.${key}`}
                label={t(`protection.${key}`)}
                hint={t('protection.noLimit.hint')}
                error={errors[`frequencyCap.${key}`]}
                value={cap[key] ?? undefined}
                onValueChange={(value) => set({ frequencyCap: { ...cap, [key]: value ?? null } })}
              />
            </Grid.Item>
          ))}
        </Grid.Root>
      )}
      <FormField name="weekendDays" label={t('protection.weekendDays')} error={errors.weekendDays}>
        <Flex gap={4} wrap="wrap" data-testid="weekend-days">
          {WEEKDAYS.map((day) => (
            <Checkbox
              key={day}
              checked={draft.weekendDays.includes(day)}
              onCheckedChange={(checked) =>
                set({
                  weekendDays:
                    checked === true
                      ? [...draft.weekendDays, day].sort()
                      : draft.weekendDays.filter((other) => other !== day),
                })
              }
            >
              {weekday(day)}
            </Checkbox>
          ))}
        </Flex>
      </FormField>
      <Flex direction="column" alignItems="stretch" gap={2} data-testid="holidays">
        <Typography variant="sigma" textColor="neutral600">
          {t('protection.holidays')}
        </Typography>
        {errors.holidays && <Typography textColor="danger600">{errors.holidays}</Typography>}
        {draft.holidays.length === 0 && <Typography textColor="neutral600">{t('protection.holidays.none')}</Typography>}
        {draft.holidays.map((holiday, index) => (
          <Flex key={index} gap={2} alignItems="flex-end" data-testid="holiday">
            <FormField
              name={`holidays[${index}].date`}
              label={t('protection.holiday.date')}
              error={errors[`holidays[${index}].date`]}
            >
              <TextInput
                type="date"
                value={holiday.date}
                onChange={(event: React.ChangeEvent<HTMLInputElement>) =>
                  setHoliday(index, { date: event.target.value })
                }
              />
            </FormField>
            <FormField
              name={`holidays[${index}].name`}
              label={t('protection.holiday.name')}
              error={errors[`holidays[${index}].name`]}
            >
              <TextInput
                value={holiday.name}
                onChange={(event: React.ChangeEvent<HTMLInputElement>) =>
                  setHoliday(index, { name: event.target.value })
                }
              />
            </FormField>
            <RemoveButton
              label={t('protection.holiday.remove', { name: holiday.name || holiday.date })}
              onClick={() => set({ holidays: draft.holidays.filter((_, at) => at !== index) })}
            />
          </Flex>
        ))}
        <AddButton
          label={t('protection.holiday.add')}
          onClick={() => set({ holidays: [...draft.holidays, { date: '', name: '' }] })}
        />
      </Flex>
      <Flex justifyContent="space-between" gap={4} wrap="wrap">
        <Typography variant="pi" textColor="neutral600" data-testid="protection-source">
          {settings.source === 'config' ? t('protection.source.config') : t('protection.source.settings')}
        </Typography>
        <Button
          startIcon={<Check />}
          onClick={() => save(() => api.saveProtection(draft))}
          loading={saving}
          data-testid="protection-save"
        >
          {t('protection.save')}
        </Button>
      </Flex>
    </Section>
  );
}
