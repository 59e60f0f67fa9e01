import { useAuth } from '@strapi/strapi/admin';
import { PERMISSIONS, type PermissionName } from '../permissions';

/**
 * Which of the plugin's actions the logged-in user has, read from the permissions the admin already
 * loaded. (The plugin's actions have no conditions, so this needs no round trip.)
 */
export function usePermissions(): Record<PermissionName, boolean> {
  const permissions = useAuth('usePermissions', (state) => state.permissions);
  const has = (name: PermissionName) =>
    (permissions ?? []).some((permission) => permission.action === PERMISSIONS[name][0].action);
  return {
    readRules: has('readRules'),
    manageRules: has('manageRules'),
    readDeliveries: has('readDeliveries'),
    manageDeliveries: has('manageDeliveries'),
    manageSettings: has('manageSettings'),
    testSend: has('testSend'),
    readInbox: has('readInbox'),
    manageInbox: has('manageInbox'),
  };
}
