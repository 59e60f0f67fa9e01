import type { Core } from '@strapi/strapi';
import type { RemindersConfig } from '../config';
import { PLUGIN_ID } from '../constants';
import type services from '../services';

type Services = typeof services;
export type ServiceName = keyof Services;
/** What a service factory of services/index.ts builds. */
export type ServiceOf<Name extends ServiceName> = Services[Name] extends (...args: never[]) => infer Built
  ? Built
  : never;

/** One of the plugin's services, typed by its name. */
export const getService = <Name extends ServiceName>(strapi: Core.Strapi, name: Name): ServiceOf<Name> =>
  strapi.plugin(PLUGIN_ID).service(name) as ServiceOf<Name>;

/** The plugin's options, validated at startup (config/index.ts). */
export const getConfig = (strapi: Core.Strapi): RemindersConfig =>
  strapi.config.get(`plugin::${PLUGIN_ID}`) as RemindersConfig;

/** The one dialect check: PostgreSQL, or SQLite (the demo database). */
export const isPostgres = (strapi: Core.Strapi): boolean => strapi.db.dialect.client === 'postgres';

/**
 * A URL of the plugin's content API as the outside world reaches it (Africa's Talking's callbacks, the
 * unsubscribe links in e-mails): under the configured public URL, else Strapi's own idea of its address.
 */
export function publicBaseUrl(strapi: Core.Strapi): string {
  const { publicUrl } = getConfig(strapi);
  return (publicUrl || (strapi.config.get('server.absoluteUrl') as string)).replace(/\/+$/, '');
}

/** `<public URL>/api/reminders/<path>`, whatever the app's REST prefix. */
export const publicApiUrl = (strapi: Core.Strapi, path: string): string =>
  `${publicBaseUrl(strapi)}${strapi.config.get('api.rest.prefix', '/api') as string}/reminders/${path}`;
