import * as React from 'react';
import { Button, Flex, Grid, TextInput, Typography } from '@strapi/design-system';
import { Check } from '@strapi/icons';
import { type OptOutFooterSettings, useSettingsApi } from '../../api/settings';
import { FormField } from '../../components/FormField';
import { FormErrorAlert } from '../../components/FormErrorAlert';
import { Section } from '../../components/Section';
import { useSettingsSave } from '../../hooks/useSettingsSave';
import { type MessageKey, useT } from '../../hooks/useT';
import { RTL_LANGUAGES } from '../RuleEditor/TemplateField';

/** The server's limit (domain/opt-out-footer.ts MAX_FOOTER_LENGTH): shown as the fields' hint. */
const MAX_LENGTH = 60;

/**
 * Settings → Messages: the opt-out footer per language, appended to every SMS a rule sends to a customer
 * unless the rule turns it off. Saved in Strapi's store, it replaces the config's footers; the server's 400
 * names each wrong language (footers.fr), shown on its field.
 */
export function FooterSection({
  settings,
  languages,
  onSaved,
}: {
  settings: OptOutFooterSettings;
  languages: readonly string[];
  onSaved: () => void;
}) {
  const t = useT();
  const api = useSettingsApi();
  const [footers, setFooters] = React.useState<Record<string, string>>(() =>
    Object.fromEntries(languages.map((language) => [language, settings.footers[language] ?? '']))
  );
  const { save, saving, errors, formError, clearFormError } = useSettingsSave(
    () => api.saveOptOutFooter({ footers }),
    t('footer.saved'),
    onSaved
  );

  return (
    <Section title={t('footer.title')} subtitle={t('footer.subtitle')} testId="opt-out-footer">
      <FormErrorAlert title={t('footer.notSaved')} error={formError} onClose={clearFormError} testId="footer-error" />
      <Grid.Root gap={4}>
        {languages.map((language) => (
          <Grid.Item key={language} col={6} s={12} direction="column" alignItems="stretch">
            <FormField
              name={`footers.${language}`}
              label={t('footer.language', { language: t(`language.${language}` as MessageKey) })}
              hint={t('footer.hint', { max: MAX_LENGTH })}
              error={errors[`footers.${language}`]}
            >
              <TextInput
                value={footers[language] ?? ''}
                dir={RTL_LANGUAGES.has(language) ? 'rtl' : 'ltr'}
                onChange={(event: React.ChangeEvent<HTMLInputElement>) =>
                  setFooters((current) => ({ ...current, [language]: event.target.value }))
                }
              />
            </FormField>
          </Grid.Item>
        ))}
      </Grid.Root>
      <Flex justifyContent="space-between" gap={4} wrap="wrap">
        <Typography variant="pi" textColor="neutral600" data-testid="footer-source">
          {settings.source === 'config' ? t('footer.source.config') : t('footer.source.settings')}
        </Typography>
        <Button startIcon={<Check />} onClick={save} loading={saving} data-testid="footer-save">
          {t('footer.save')}
        </Button>
      </Flex>
    </Section>
  );
}
