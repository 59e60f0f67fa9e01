import { IconButton } from '@strapi/design-system';
import { Trash } from '@strapi/icons';

/** Beside an item of a list the editor builds (a step, a condition): the button that removes it. */
export function RemoveButton({ label, onClick }: { label: string; onClick: () => void }) {
  return (
    <IconButton label={label} variant="ghost" onClick={onClick}>
      <Trash />
    </IconButton>
  );
}
