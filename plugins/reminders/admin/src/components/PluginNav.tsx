import * as React from 'react';
import { Badge, Flex } from '@strapi/design-system';
import { SubNav } from '@strapi/strapi/admin';
import { usePermissions } from '../hooks/usePermissions';
import { useT } from '../hooks/useT';
import { useInboxCount } from './InboxCount';

export const BASE = '/plugins/reminders';

interface NavLink {
  to: string;
  label: string;
  badge?: React.ReactNode;
}

/** The plugin's own navigation, like the Content Manager's: only the pages the user may open. */
export function PluginNav() {
  const t = useT();
  const can = usePermissions();
  const { open } = useInboxCount();
  const links: (NavLink | false)[] = [
    can.readDeliveries && { to: `${BASE}/dashboard`, label: t('nav.dashboard') },
    can.readRules && { to: `${BASE}/rules`, label: t('nav.rules') },
    can.readRules && { to: `${BASE}/templates`, label: t('nav.templates') },
    can.readRules && { to: `${BASE}/upcoming`, label: t('nav.upcoming') },
    can.readDeliveries && { to: `${BASE}/deliveries`, label: t('nav.deliveries') },
    can.readInbox && {
      to: `${BASE}/inbox`,
      label: t('nav.inbox'),
      // Only replies waiting for an editor are counted: a quiet inbox shows no badge.
      badge: open ? (
        <Badge active size="S" aria-label={t('nav.inbox.open', { count: open })} data-testid="inbox-open-count">
          {open > 99 ? '99+' : open}
        </Badge>
      ) : undefined,
    },
    can.manageSettings && { to: `${BASE}/settings`, label: t('nav.settings') },
  ];
  return (
    // At least the window's height: on a short page the layout is only as tall as its content, and the
    // navigation (and its border) would stop half-way down. Its own height is 100%: of a definite height only.
    <Flex alignItems="stretch" style={{ height: '100%', minHeight: '100dvh' }}>
      <SubNav.Main aria-label={t('plugin.name')}>
        <SubNav.Header label={t('plugin.name')} />
        <SubNav.Sections>
          {links
            .filter((link) => link !== false)
            .map((link) => (
              <SubNav.Link key={link.to} to={link.to} label={link.label} endAction={link.badge} />
            ))}
        </SubNav.Sections>
      </SubNav.Main>
    </Flex>
  );
}
