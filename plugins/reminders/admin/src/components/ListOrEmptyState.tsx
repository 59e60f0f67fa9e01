import * as React from 'react';
import { EmptyStateLayout, Flex } from '@strapi/design-system';

/** A page's list: while it has nothing, the empty state that says so; else the list and what follows it. */
export function ListOrEmptyState({
  isEmpty,
  emptyText,
  emptyAction,
  children,
}: {
  isEmpty: boolean;
  emptyText: string;
  /** What the empty state offers to do, like creating the first item. */
  emptyAction?: React.ReactNode;
  children: React.ReactNode;
}) {
  if (isEmpty) return <EmptyStateLayout content={emptyText} action={emptyAction} hasRadius shadow="tableShadow" />;
  return (
    <Flex direction="column" alignItems="stretch" gap={4}>
      {children}
    </Flex>
  );
}
