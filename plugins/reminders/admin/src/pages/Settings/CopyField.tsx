import { IconButton, TextInput } from '@strapi/design-system';
import { Duplicate } from '@strapi/icons';
import { useClipboard, useNotification } from '@strapi/strapi/admin';
import { FormField } from '../../components/FormField';
import { useT } from '../../hooks/useT';

/** A read-only URL with a button that copies it. */
export function CopyField({ name, label, hint, value }: { name: string; label: string; hint?: string; value: string }) {
  const t = useT();
  const { copy } = useClipboard();
  const { toggleNotification } = useNotification();
  const onCopy = async () => {
    const copied = await copy(value);
    toggleNotification({
      type: copied ? 'success' : 'warning',
      message: copied ? t('settings.copied') : t('settings.copyFailed'),
    });
  };
  return (
    <FormField name={name} hint={hint} label={label}>
      <TextInput
        value={value}
        readOnly
        dir="ltr"
        onFocus={(event: React.FocusEvent<HTMLInputElement>) => event.target.select()}
        endAction={
          <IconButton label={t('settings.copy', { name: label })} variant="ghost" onClick={onCopy} withTooltip={false}>
            <Duplicate />
          </IconButton>
        }
      />
    </FormField>
  );
}
