import * as React from 'react';
import { Button, Dialog } from '@strapi/design-system';
import { Check, Trash } from '@strapi/icons';
import { BackButton, ConfirmDialog, Layouts } from '@strapi/strapi/admin';
import { useT } from '../hooks/useT';

interface Props {
  title: string;
  subtitle: string;
  /** Where Back goes when there is no history (a page opened from a link). */
  backTo: string;
  readOnly: boolean;
  saving: boolean;
  onSave: () => void;
  /** Offered for a stored document only, after the confirmation `deleteConfirm` asks. */
  onDelete?: () => void;
  deleteConfirm?: string;
}

/** The header of an editor page (a rule, a library template): Back, the title, Save and Delete. */
export function EditorHeader({ title, subtitle, backTo, readOnly, saving, onSave, onDelete, deleteConfirm }: Props) {
  const t = useT();
  return (
    <Layouts.Header
      navigationAction={<BackButton fallback={backTo} />}
      title={title}
      subtitle={subtitle}
      primaryAction={
        !readOnly && (
          <Button startIcon={<Check />} onClick={onSave} loading={saving}>
            {t('actions.save')}
          </Button>
        )
      }
      secondaryAction={
        !readOnly &&
        onDelete && (
          <Dialog.Root>
            <Dialog.Trigger>
              <Button variant="danger-light" startIcon={<Trash />}>
                {t('actions.delete')}
              </Button>
            </Dialog.Trigger>
            <ConfirmDialog onConfirm={onDelete}>{deleteConfirm}</ConfirmDialog>
          </Dialog.Root>
        )
      }
    />
  );
}
