import type { StrapiApp } from '@strapi/strapi/admin';
import { PLUGIN_ID } from '../../pluginId';
import { getTranslation } from '../../hooks/useT';
import en from '../../translations/en.json';
import { StatusCell } from './StatusCell';

/** The plugin's custom fields (server/src/services/content-manager-config.ts registers the same names and types). */
const FIELDS = [
  { name: 'language', type: 'string', Input: () => import('./LanguageField') },
  { name: 'currency', type: 'string', Input: () => import('./CurrencyField') },
  { name: 'timezone', type: 'string', Input: () => import('./TimeZoneField') },
  { name: 'status', type: 'enumeration', Input: () => import('./StatusField') },
] as const;

const message = (key: keyof typeof en) => ({ id: getTranslation(key), defaultMessage: en[key] });

export function registerCustomFields(app: StrapiApp) {
  app.customFields.register(
    FIELDS.map(({ name, type, Input }) => ({
      name,
      pluginId: PLUGIN_ID,
      type,
      intlLabel: message(`customField.${name}` as keyof typeof en),
      intlDescription: message(`customField.${name}.description` as keyof typeof en),
      components: { Input: Input as never },
    }))
  );
}

interface ListHeader {
  name: string;
  attribute?: { customField?: string };
  cellFormatter?: (row: Record<string, unknown>) => React.ReactNode;
}

/** The Content Manager's list view shows a status field's values in words too. */
export function statusColumnsInWords({
  displayedHeaders,
  layout,
}: {
  displayedHeaders: ListHeader[];
  layout: unknown;
}) {
  return {
    layout,
    displayedHeaders: displayedHeaders.map((header) =>
      header.attribute?.customField === `plugin::${PLUGIN_ID}.status`
        ? { ...header, cellFormatter: (row: Record<string, unknown>) => <StatusCell value={row[header.name]} /> }
        : header
    ),
  };
}
