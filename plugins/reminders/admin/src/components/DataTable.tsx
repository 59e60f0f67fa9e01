import * as React from 'react';
import { Table, Tbody, Th, Thead, Tr, Typography } from '@strapi/design-system';

/** A table of rows under one heading a column, in the admin's table style. */
export function DataTable({
  columns,
  rowCount,
  children,
}: {
  columns: string[];
  /** How many rows the body has (the header row is counted on top). */
  rowCount: number;
  children: React.ReactNode;
}) {
  return (
    <Table colCount={columns.length} rowCount={rowCount + 1}>
      <Thead>
        <Tr>
          {columns.map((column) => (
            <Th key={column}>
              <Typography variant="sigma">{column}</Typography>
            </Th>
          ))}
        </Tr>
      </Thead>
      <Tbody>{children}</Tbody>
    </Table>
  );
}
