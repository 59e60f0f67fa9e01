import { Badge, Flex, Typography } from '@strapi/design-system';
import { useT } from '../hooks/useT';

/** Where a reminder goes: its channel, and the number or the address (left to right in any admin language). */
export function Destination({
  channel,
  phone,
  email,
}: {
  channel: 'sms' | 'email';
  phone: string;
  email: string | null;
}) {
  const t = useT();
  return (
    <Flex gap={2} wrap="wrap" data-testid="destination" data-channel={channel}>
      <Badge size="S">{t(channel === 'email' ? 'channel.email' : 'channel.sms')}</Badge>
      <Typography dir="ltr">{(channel === 'email' ? email : phone) || '—'}</Typography>
    </Flex>
  );
}
