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
    can.readRules && { to: `${BASE}/upcoming`, label: t('nav.upcoming') },
    can.readDeliveries && { to: `${BASE}/deliveries`, label: t('nav.deliveries') },
    can.manageSettings && { to: `${BASE}/settings`, label: t('nav.settings') },
  ].filter((link): link is { to: string; label: string } => Boolean(link));
  return (
    <SubNav.Main aria-label={t('plugin.name')}>
      <SubNav.Header label={t('plugin.name')} />
      <SubNav.Sections>
        {links.map((link) => (
          <SubNav.Link key={link.to} to={link.to} label={link.label} />
        ))}
      </SubNav.Sections>
    </SubNav.Main>
  );
}
