import { Box, Button } from '@strapi/design-system';
import { Plus } from '@strapi/icons';

/** Below a list the editor builds (steps, conditions): the button that adds one more. */
export function AddButton({ label, onClick }: { label: string; onClick: () => void }) {
  return (
    <Box>
      <Button variant="tertiary" startIcon={<Plus />} onClick={onClick}>
        {label}
      </Button>
    </Box>
  );
}
