import { Flex } from '@strapi/design-system';
import { SubNav } from '@strapi/strapi/admin';
import { usePermissions } from '../hooks/usePermissions';
import { useT } from '../hooks/useT';

export const BASE = '/plugins/reminders';

/** The plugin's own navigation, like the Content Manager's: only the pages the user may open. */
export function PluginNav() {
  const t = useT();
  const can = usePermissions();
  const links = [
    can.readDeliveries && { to: `${BASE}/dashboard`, label: t('nav.dashboard') },
    can.readRules && { to: `${BASE}/rules`, label: t('nav.rules') },
    can.readRules && { to: `${BASE}/templates`, label: t('nav.templates') },
    can.readRules && { to: `${BASE}/upcoming`, label: t('nav.upcoming') },
    can.readDeliveries && { to: `${BASE}/deliveries`, label: t('nav.deliveries') },
    can.manageSettings && { to: `${BASE}/settings`, label: t('nav.settings') },
  ].filter((link): link is { to: string; label: string } => Boolean(link));
  return (
    // At least the window's height: on a short page the layout is only as tall as its content, and the
    // navigation (and its border) would stop half-way down. Its own height is 100%: of a definite height only.
    <Flex alignItems="stretch" style={{ height: '100%', minHeight: '100dvh' }}>
      <SubNav.Main aria-label={t('plugin.name')}>
        <SubNav.Header label={t('plugin.name')} />
        <SubNav.Sections>
          {links.map((link) => (
            <SubNav.Link key={link.to} to={link.to} label={link.label} />
          ))}
        </SubNav.Sections>
      </SubNav.Main>
    </Flex>
  );
}
