import * as React from 'react';
import {
  Button,
  Flex,
  Grid,
  Modal,
  MultiSelect,
  MultiSelectOption,
  SingleSelect,
  SingleSelectOption,
  TextInput,
  Typography,
} from '@strapi/design-system';
import { Check } from '@strapi/icons';
import { useNotification } from '@strapi/strapi/admin';
import { useTargetsApi } from '../../api/targets';
import type { MappableType, MappedTarget, MappingPart, TargetMapping } from '../../api/types';
import { CodeSelect } from '../../components/CodeSelect';
import { GridField } from '../../components/GridField';
import { FormErrorAlert } from '../../components/FormErrorAlert';
import { useProblem } from '../../hooks/useProblem';
import { type MessageKey, useT } from '../../hooks/useT';

/** The parts that name one field; the currency field is sent only when the currency comes from a field. */
type Single = 'phone' | 'email' | 'name' | 'language' | 'timezone' | 'label' | 'staffPhone' | 'currencyField';
type List = 'anchors' | 'statuses' | 'amounts';
type CurrencyMode = 'none' | 'field' | 'code';

const SINGLES: Single[] = ['phone', 'email', 'name', 'language', 'timezone', 'label', 'staffPhone'];
const LISTS: List[] = ['anchors', 'statuses', 'amounts'];
const CURRENCY_MODES: CurrencyMode[] = ['none', 'field', 'code'];
/** The form's fields, as the server names them in a 400 (`anchors[0]` is the anchors' select). */
const FORM_FIELDS = new Set<string>([
  'key',
  'uid',
  'displayName',
  ...SINGLES,
  'currencyField',
  ...LISTS,
  'currency',
  'locale',
]);
const formFieldOf = (path: string) => path.replace(/\[\d+\].*$/, '').split('.')[0];

/** A mapping as the form holds it: every text a string, every list an array, the currency's kind apart. */
interface Draft {
  key: string;
  displayName: string;
  uid: string;
  singles: Record<Single, string>;
  lists: Record<List, string[]>;
  currencyMode: CurrencyMode;
  currency: string;
  locale: string;
}

function draftOf(target: MappedTarget | undefined): Draft {
  const mapping = target?.mapping;
  return {
    key: target?.key ?? '',
    displayName: mapping?.displayName ?? '',
    uid: mapping?.uid ?? '',
    singles: Object.fromEntries(
      [...SINGLES, 'currencyField' as const].map((part) => [part, mapping?.[part] ?? ''])
    ) as Record<Single, string>,
    lists: Object.fromEntries(LISTS.map((part) => [part, mapping?.[part] ?? []])) as Record<List, string[]>,
    currencyMode: mapping?.currencyField ? 'field' : mapping?.currency ? 'code' : 'none',
    currency: mapping?.currency ?? '',
    locale: mapping?.locale ?? '',
  };
}

/** What the server is sent: the parts the admin filled in, nothing for the others. */
function mappingOf(draft: Draft, type: MappableType | undefined): Partial<TargetMapping> {
  const mapping: Partial<TargetMapping> = { uid: draft.uid };
  if (draft.displayName.trim()) mapping.displayName = draft.displayName.trim();
  for (const part of SINGLES) if (draft.singles[part]) mapping[part] = draft.singles[part];
  mapping.anchors = draft.lists.anchors;
  if (draft.lists.statuses.length) mapping.statuses = draft.lists.statuses;
  if (draft.lists.amounts.length) mapping.amounts = draft.lists.amounts;
  if (draft.currencyMode === 'field' && draft.singles.currencyField)
    mapping.currencyField = draft.singles.currencyField;
  if (draft.currencyMode === 'code' && draft.currency.trim()) mapping.currency = draft.currency.trim().toUpperCase();
  if (type?.localized && draft.locale.trim()) mapping.locale = draft.locale.trim();
  return mapping;
}

interface Props {
  /** The target being edited; none: a new one. */
  editing?: MappedTarget;
  /** Every mapped target: a type mapped already is not offered again. */
  mapped: MappedTarget[];
  contentTypes: MappableType[];
  onClose: () => void;
  onSaved: () => void;
}

/**
 * Maps one of the app's collection types as a reminder target: its key, the type, and for each part of the
 * mapping one of the type's fields that fit it (as the server lists them). The server checks the mapping;
 * what it refuses is shown on the field it names.
 */
export function TargetForm({ editing, mapped, contentTypes, onClose, onSaved }: Props) {
  const t = useT();
  const api = useTargetsApi();
  const problem = useProblem();
  const { toggleNotification } = useNotification();
  const [draft, setDraft] = React.useState<Draft>(() => draftOf(editing));
  const [errors, setErrors] = React.useState<Record<string, string>>({});
  const [formError, setFormError] = React.useState<string | null>(null);
  const [saving, setSaving] = React.useState(false);
  const type = contentTypes.find((item) => item.uid === draft.uid);
  const taken = new Set(mapped.filter((target) => target.key !== editing?.key).map((target) => target.mapping.uid));
  const offered = contentTypes.filter((item) => !taken.has(item.uid));
  const set = (changes: Partial<Draft>) => setDraft((current) => ({ ...current, ...changes }));
  const fieldsFor = (part: MappingPart) => type?.fields[part] ?? [];
  const label = (part: string) => t(`targets.part.${part}` as MessageKey);
  const hint = (part: string) => t(`targets.part.${part}.hint` as MessageKey);

  const save = async () => {
    const missing: Record<string, string> = {};
    if (!draft.key.trim()) missing.key = t('targets.form.required');
    if (!draft.uid) missing.uid = t('targets.form.required');
    setErrors(missing);
    setFormError(null);
    if (Object.keys(missing).length) return;
    setSaving(true);
    try {
      const saved = await api.save(draft.key.trim(), mappingOf(draft, type));
      toggleNotification({ type: 'success', message: t('targets.saved', { name: saved.displayName }) });
      onSaved();
    } catch (error) {
      const found = problem(error);
      const byField: Record<string, string> = {};
      const others: string[] = [];
      for (const field of found.fields) {
        const name = formFieldOf(field.path);
        if (FORM_FIELDS.has(name)) byField[name] = byField[name] ? `${byField[name]} ${field.message}` : field.message;
        else others.push(field.message);
      }
      setErrors(byField);
      setFormError(others.length ? others.join(' ') : found.fields.length ? null : found.message);
      toggleNotification({ type: 'danger', message: found.message });
    } finally {
      setSaving(false);
    }
  };

  /** One field of the type for a part: required (phone) or clearable. */
  const single = (part: Single, required = false, col = 6) => {
    const fields = fieldsFor(part);
    return (
      <GridField
        key={part}
        col={col}
        s={12}
        name={part}
        required={required}
        error={errors[part]}
        hint={hint(part)}
        label={label(part)}
      >
        <SingleSelect
          value={draft.singles[part]}
          disabled={!type || fields.length === 0}
          placeholder={
            !type
              ? t('targets.form.typeFirst')
              : fields.length === 0
                ? t('targets.form.noField')
                : t('targets.form.none')
          }
          onChange={(value) => set({ singles: { ...draft.singles, [part]: String(value) } })}
          {...(required
            ? {}
            : {
                onClear: () => set({ singles: { ...draft.singles, [part]: '' } }),
                clearLabel: t('actions.clear'),
              })}
        >
          {fields.map((field) => (
            <SingleSelectOption key={field} value={field}>
              {field}
            </SingleSelectOption>
          ))}
        </SingleSelect>
      </GridField>
    );
  };

  /** Several fields of the type for a part (anchors, statuses, amounts). */
  const list = (part: List, col: number, required = false) => {
    const fields = fieldsFor(part);
    return (
      <GridField
        key={part}
        col={col}
        s={12}
        name={part}
        required={required}
        error={errors[part]}
        hint={hint(part)}
        label={label(part)}
      >
        <MultiSelect
          value={draft.lists[part]}
          disabled={!type || fields.length === 0}
          withTags
          placeholder={
            !type
              ? t('targets.form.typeFirst')
              : fields.length === 0
                ? t('targets.form.noField')
                : t('targets.form.none')
          }
          onChange={(value: string[]) => set({ lists: { ...draft.lists, [part]: value } })}
        >
          {fields.map((field) => (
            <MultiSelectOption key={field} value={field}>
              {field}
            </MultiSelectOption>
          ))}
        </MultiSelect>
      </GridField>
    );
  };

  const heading = (key: MessageKey) => (
    <Grid.Item col={12} s={12}>
      <Typography variant="sigma" textColor="neutral600" tag="h3">
        {t(key)}
      </Typography>
    </Grid.Item>
  );

  return (
    <Modal.Root open onOpenChange={(open) => !open && onClose()}>
      <Modal.Content style={{ maxWidth: 880, width: '90vw' }} data-testid="target-form">
        <Modal.Header closeLabel={t('actions.close')}>
          <Modal.Title>
            {editing ? t('targets.form.editTitle', { name: editing.displayName }) : t('targets.form.title')}
          </Modal.Title>
        </Modal.Header>
        <Modal.Body>
          <Flex direction="column" alignItems="stretch" gap={4}>
            <FormErrorAlert
              title={t('targets.form.notSaved')}
              error={formError}
              onClose={() => setFormError(null)}
              testId="target-form-error"
            />
            <Grid.Root gap={4}>
              <GridField
                col={6}
                s={12}
                name="key"
                required
                error={errors.key}
                hint={t('targets.part.key.hint')}
                label={label('key')}
              >
                <TextInput
                  value={draft.key}
                  dir="ltr"
                  disabled={Boolean(editing)}
                  placeholder="subscription"
                  maxLength={40}
                  onChange={(event: React.ChangeEvent<HTMLInputElement>) =>
                    set({ key: event.target.value.toLowerCase().replace(/\s+/g, '-') })
                  }
                />
              </GridField>
              <GridField
                col={6}
                s={12}
                name="displayName"
                error={errors.displayName}
                hint={t('targets.part.displayName.hint')}
                label={label('displayName')}
              >
                <TextInput
                  value={draft.displayName}
                  placeholder={type?.displayName ?? ''}
                  maxLength={100}
                  onChange={(event: React.ChangeEvent<HTMLInputElement>) => set({ displayName: event.target.value })}
                />
              </GridField>
              <GridField
                col={12}
                s={12}
                name="uid"
                required
                error={errors.uid}
                hint={
                  type?.draftAndPublish
                    ? t('targets.part.uid.draftAndPublish')
                    : type?.localized
                      ? t('targets.part.uid.localized')
                      : t('targets.part.uid.hint')
                }
                label={label('uid')}
              >
                <SingleSelect
                  value={draft.uid}
                  placeholder={offered.length ? t('targets.form.chooseType') : t('targets.form.noType')}
                  disabled={offered.length === 0}
                  onChange={(value) => {
                    // Another type has other fields: the parts start over, the key and name stay.
                    const next = draftOf(undefined);
                    setDraft((current) => ({
                      ...next,
                      key: current.key,
                      displayName: current.displayName,
                      uid: String(value),
                    }));
                    setErrors({});
                  }}
                >
                  {offered.map((item) => (
                    <SingleSelectOption key={item.uid} value={item.uid}>
                      {`${item.displayName} (${item.uid})`}
                    </SingleSelectOption>
                  ))}
                </SingleSelect>
              </GridField>

              {heading('targets.form.section.customer')}
              {single('phone', true)}
              {single('email')}
              {single('name')}
              {single('language')}
              {single('timezone')}

              {heading('targets.form.section.record')}
              {single('label')}
              {single('staffPhone')}
              {list('anchors', 12, true)}
              {list('statuses', 6)}
              {list('amounts', 6)}
              <GridField col={4} s={12} name="currencyMode" hint={hint('currencyMode')} label={label('currencyMode')}>
                <CodeSelect
                  codes={CURRENCY_MODES}
                  codeLabel={(mode) => t(`targets.currency.${mode}` as MessageKey)}
                  value={draft.currencyMode}
                  disabled={!type}
                  onChange={(mode) => set({ currencyMode: mode as CurrencyMode })}
                />
              </GridField>
              {draft.currencyMode === 'field' && single('currencyField', false, 8)}
              {draft.currencyMode === 'code' && (
                <GridField
                  col={8}
                  s={12}
                  name="currency"
                  error={errors.currency ?? errors.currencyField}
                  hint={hint('currency')}
                  label={label('currency')}
                >
                  <TextInput
                    value={draft.currency}
                    dir="ltr"
                    placeholder="KES"
                    maxLength={3}
                    onChange={(event: React.ChangeEvent<HTMLInputElement>) =>
                      set({ currency: event.target.value.toUpperCase() })
                    }
                  />
                </GridField>
              )}
              {type?.localized && (
                <GridField
                  col={6}
                  s={12}
                  name="locale"
                  required
                  error={errors.locale}
                  hint={hint('locale')}
                  label={label('locale')}
                >
                  <TextInput
                    value={draft.locale}
                    dir="ltr"
                    placeholder="en"
                    maxLength={20}
                    onChange={(event: React.ChangeEvent<HTMLInputElement>) => set({ locale: event.target.value })}
                  />
                </GridField>
              )}
            </Grid.Root>
          </Flex>
        </Modal.Body>
        <Modal.Footer>
          <Modal.Close>
            <Button variant="tertiary">{t('actions.cancel')}</Button>
          </Modal.Close>
          <Button startIcon={<Check />} onClick={save} loading={saving}>
            {t('actions.save')}
          </Button>
        </Modal.Footer>
      </Modal.Content>
    </Modal.Root>
  );
}
