import * as React from 'react';
import { TextInput } from '@strapi/design-system';

/** A time of day, "HH:MM" (the browser's time picker); empty while none is set. */
export function TimeInput({
  value,
  disabled,
  onChange,
}: {
  value: string | null | undefined;
  disabled?: boolean;
  onChange: (value: string) => void;
}) {
  return (
    <TextInput
      type="time"
      value={value ?? ''}
      disabled={disabled}
      onChange={(event: React.ChangeEvent<HTMLInputElement>) => onChange(event.target.value)}
    />
  );
}
