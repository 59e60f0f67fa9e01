import { PLUGIN_ID } from './pluginId';

/**
 * The plugin's RBAC actions, as the server registers them (server/src/permissions). A page or button asks
 * for one; the menu shows the plugin when the user has any.
 */
const action = (uid: string) => [{ action: `plugin::${PLUGIN_ID}.${uid}`, subject: null }];

export const PERMISSIONS = {
  readRules: action('rules.read'),
  manageRules: action('rules.manage'),
  readDeliveries: action('deliveries.read'),
  manageDeliveries: action('deliveries.manage'),
  manageSettings: action('settings.manage'),
  testSend: action('test-send'),
  readInbox: action('inbox.read'),
  manageInbox: action('inbox.manage'),
};

export type PermissionName = keyof typeof PERMISSIONS;

export const ANY_PERMISSION = Object.values(PERMISSIONS).flat();
