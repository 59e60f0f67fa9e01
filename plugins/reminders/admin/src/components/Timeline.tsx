import * as React from 'react';
import { Box, Flex, Typography } from '@strapi/design-system';
import { DateTime } from './DateTime';

export interface TimelineItem {
  at: string;
  /** Where things stood from then on, as a badge. */
  badge: React.ReactNode;
  detail: React.ReactNode;
}

/** What happened to something, a line a step: its badge, then when and what (a delivery's timeline, a reply's history). */
export function Timeline({ items, testId }: { items: TimelineItem[]; testId?: string }) {
  return (
    <Flex tag="ol" direction="column" alignItems="stretch" gap={0} data-testid={testId}>
      {items.map((item, index) => (
        <Flex
          key={index}
          tag="li"
          gap={3}
          alignItems="flex-start"
          paddingBottom={3}
          paddingTop={3}
          style={{ borderBottom: index < items.length - 1 ? '1px solid #eaeaef' : undefined }}
        >
          <Box minWidth="130px">{item.badge}</Box>
          <Flex direction="column" alignItems="flex-start" gap={1}>
            <Typography variant="pi" textColor="neutral600">
              <DateTime value={item.at} />
            </Typography>
            <Typography>{item.detail}</Typography>
          </Flex>
        </Flex>
      ))}
    </Flex>
  );
}
