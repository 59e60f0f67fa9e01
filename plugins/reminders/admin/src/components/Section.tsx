import * as React from 'react';
import { Box, Flex, Typography } from '@strapi/design-system';

/** A white card with a title, like the blocks of the Content Manager's edit view. */
export function Section({
  title,
  subtitle,
  children,
  testId,
}: {
  title: string;
  subtitle?: string;
  children: React.ReactNode;
  testId?: string;
}) {
  return (
    <Box
      background="neutral0"
      hasRadius
      shadow="tableShadow"
      paddingTop={6}
      paddingBottom={6}
      paddingLeft={7}
      paddingRight={7}
      data-testid={testId}
    >
      <Flex direction="column" alignItems="stretch" gap={4}>
        <Flex direction="column" alignItems="flex-start" gap={1}>
          <Typography variant="delta" tag="h2">
            {title}
          </Typography>
          {subtitle && (
            <Typography variant="pi" textColor="neutral600">
              {subtitle}
            </Typography>
          )}
        </Flex>
        {children}
      </Flex>
    </Box>
  );
}
