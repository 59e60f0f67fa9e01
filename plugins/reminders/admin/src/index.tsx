import { Message } from '@strapi/icons';
import type { StrapiApp } from '@strapi/strapi/admin';
import type { ContentManagerPlugin } from '@strapi/content-manager/strapi-admin';
import { RecordRemindersPanel } from './components/RecordRemindersPanel';
import { registerCustomFields, statusColumnsInWords } from './components/fields';
import { ANY_PERMISSION } from './permissions';
import { PLUGIN_ID } from './pluginId';
import ar from './translations/ar.json';
import en from './translations/en.json';

/** Imported, not loaded by a computed path: a bundler cannot follow `./translations/${locale}.json` in a built package. */
const TRANSLATIONS: Record<string, Record<string, string>> = { ar, en };

const prefixKeys = (messages: Record<string, string>) =>
  Object.fromEntries(Object.entries(messages).map(([key, value]) => [`${PLUGIN_ID}.${key}`, value]));

export default {
  register(app: StrapiApp) {
    app.registerPlugin({ id: PLUGIN_ID, name: en['plugin.name'] });
    // One entry in the main menu for every page; shown to users with any of the plugin's actions.
    app.addMenuLink({
      to: `plugins/${PLUGIN_ID}`,
      icon: Message,
      intlLabel: { id: `${PLUGIN_ID}.plugin.name`, defaultMessage: en['plugin.name'] },
      permissions: ANY_PERMISSION,
      Component: () => import('./pages/App'),
    });
    // Selects for language, currency, time zone and statuses in the Content Manager's edit view.
    registerCustomFields(app);
  },

  bootstrap(app: StrapiApp) {
    // The reminders of a target's record (invoice, appointment, a mapped host type), on its Content Manager page.
    const contentManager = app.getPlugin('content-manager');
    (contentManager.apis as ContentManagerPlugin['config']['apis']).addEditViewSidePanel([RecordRemindersPanel]);
    app.registerHook('Admin/CM/pages/ListView/inject-column-in-table', statusColumnsInWords);
  },

  async registerTrads({ locales }: { locales: string[] }) {
    return locales.map((locale) => ({ data: prefixKeys(TRANSLATIONS[locale] ?? {}), locale }));
  },
};
