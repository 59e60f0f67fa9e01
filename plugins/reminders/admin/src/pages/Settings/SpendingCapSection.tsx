import * as React from 'react';
import { Button, Flex, Grid, TextInput, Typography } from '@strapi/design-system';
import { Check } from '@strapi/icons';
import { type SpendingSettings, useSettingsApi } from '../../api/settings';
import { FormErrorAlert } from '../../components/FormErrorAlert';
import { FormField } from '../../components/FormField';
import { Section } from '../../components/Section';
import { useSettingsSave } from '../../hooks/useSettingsSave';
import { useT } from '../../hooks/useT';

const LIMITS = ['daily', 'monthly'] as const;

/**
 * Settings: the spending cap. Daily and monthly limits on SMS spend in the account currency (the price per SMS's);
 * at a limit SMS sending stops until the next day or month, or until a limit is raised here. Saved in Strapi's
 * store, it replaces the config's values for every instance; the server checks it and names each wrong field.
 */
export function SpendingCapSection({ settings, onSaved }: { settings: SpendingSettings; onSaved: () => void }) {
  const t = useT();
  const api = useSettingsApi();
  const [draft, setDraft] = React.useState({ daily: settings.daily ?? '', monthly: settings.monthly ?? '' });

  // An empty field is no limit.
  const { errors, formError, clearFormError, saving, save } = useSettingsSave(
    () => api.saveSpendingCap({ daily: draft.daily.trim() || null, monthly: draft.monthly.trim() || null }),
    t('spendingCap.saved'),
    onSaved
  );

  return (
    <Section title={t('spendingCap.title')} subtitle={t('spendingCap.subtitle')} testId="spending-cap">
      <FormErrorAlert
        title={t('spendingCap.notSaved')}
        error={formError}
        onClose={clearFormError}
        testId="spending-cap-error"
      />
      {!settings.currency && <Typography textColor="danger600">{t('spendingCap.noPrice')}</Typography>}
      <Grid.Root gap={4}>
        {LIMITS.map((limit) => (
          <Grid.Item key={limit} col={6} s={12} direction="column" alignItems="stretch">
            <FormField
              name={limit}
              label={t(`spendingCap.${limit}`, { currency: settings.currency ?? '' })}
              hint={t('spendingCap.noLimit.hint')}
              error={errors[limit]}
            >
              <TextInput
                inputMode="decimal"
                placeholder={t('spendingCap.noLimit')}
                value={draft[limit]}
                onChange={(event: React.ChangeEvent<HTMLInputElement>) =>
                  setDraft((current) => ({ ...current, [limit]: event.target.value }))
                }
              />
            </FormField>
          </Grid.Item>
        ))}
      </Grid.Root>
      <Flex justifyContent="space-between" gap={4} wrap="wrap">
        <Typography variant="pi" textColor="neutral600" data-testid="spending-cap-source">
          {settings.source === 'config' ? t('protection.source.config') : t('protection.source.settings')}
        </Typography>
        <Button startIcon={<Check />} onClick={save} loading={saving} data-testid="spending-cap-save">
          {t('spendingCap.save')}
        </Button>
      </Flex>
    </Section>
  );
}
