import * as React from 'react';
import { Box, Typography } from '@strapi/design-system';

/** A list in a side panel: its heading, its rows or a line saying there are none, then what follows them. */
export function PanelList({
  title,
  emptyText,
  rows,
  children,
}: {
  title: string;
  emptyText: string;
  rows: React.ReactNode[];
  children?: React.ReactNode;
}) {
  return (
    <Box>
      <Typography variant="sigma" textColor="neutral600" tag="h3">
        {title}
      </Typography>
      {rows.length === 0 ? (
        <Typography variant="pi" textColor="neutral600" tag="p">
          {emptyText}
        </Typography>
      ) : (
        rows
      )}
      {children}
    </Box>
  );
}
