import * as React from 'react';
import { Flex, Typography } from '@strapi/design-system';

/** A value and, under it, a grey note about it (a record and its customer, a number and whose it is). */
export function TextWithNote({
  children,
  note,
  paddingTop,
}: {
  children: React.ReactNode;
  note: React.ReactNode;
  paddingTop?: number;
}) {
  return (
    <Flex direction="column" alignItems="flex-start" paddingTop={paddingTop}>
      {children}
      <Typography variant="pi" textColor="neutral600">
        {note}
      </Typography>
    </Flex>
  );
}
