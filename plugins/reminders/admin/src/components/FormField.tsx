import * as React from 'react';
import { Field } from '@strapi/design-system';

type RootProps = Omit<React.ComponentProps<typeof Field.Root>, 'children'>;

export interface FormFieldProps extends RootProps {
  label: React.ReactNode;
  /** Shown at the end of the label, like a menu that inserts into the input. */
  labelAction?: React.ReactNode;
  children: React.ReactNode;
}

/**
 * A labelled form field: its label, its input, then its hint or, when it has one, its error (the design
 * system shows the hint only while there is no error, and each nothing when it has none).
 */
export function FormField({ label, labelAction, children, ...root }: FormFieldProps) {
  return (
    <Field.Root {...root}>
      <Field.Label action={labelAction}>{label}</Field.Label>
      {children}
      <Field.Hint />
      <Field.Error />
    </Field.Root>
  );
}
