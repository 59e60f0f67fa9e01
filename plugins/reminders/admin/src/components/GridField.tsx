import { Grid } from '@strapi/design-system';
import { FormField, type FormFieldProps } from './FormField';

/** A form field filling a cell of a form's grid: `col` of 12 columns, `s` of 12 on small screens. */
export function GridField({ col, s, ...field }: FormFieldProps & { col: number; s?: number }) {
  return (
    <Grid.Item col={col} s={s} direction="column" alignItems="stretch">
      <FormField {...field} />
    </Grid.Item>
  );
}
