import type { Core } from '@strapi/strapi';

/**
 * The plugin's RBAC actions, registered with Strapi's permission system (Settings → Roles → Plugins →
 * Reminders). Super admins get every registered action; any other role only what it is given. Each admin
 * route names the one action it needs, and the admin pages ask for the same ones.
 */
export const PERMISSIONS = {
  'rules.read': 'Read rules, previews and the upcoming schedule',
  'rules.manage': 'Create, edit, enable and delete rules',
  'deliveries.read': 'Read the delivery log and the dashboard',
  'deliveries.manage': 'Retry, cancel and resolve deliveries; send a reminder now; run a tick',
  'settings.manage': "Read the provider settings and callback URLs; map the app's own types as reminder targets",
  'test-send': 'Send a test SMS or e-mail',
  'inbox.read': 'Read customer replies',
  'inbox.manage': 'Apply, ignore and close customer replies',
} as const;

export type PermissionUid = keyof typeof PERMISSIONS;

/** The full action name, as routes, roles and the admin panel see it. */
export const action = (uid: PermissionUid) => `plugin::reminders.${uid}`;

/** Route policies: a logged-in admin (401 otherwise) whose role has the action (403 otherwise). */
export const requires = (uid: PermissionUid) => [
  'admin::isAuthenticatedAdmin',
  { name: 'admin::hasPermissions', config: { actions: [action(uid)] } },
];

export async function registerPermissions(strapi: Core.Strapi) {
  const actions = (Object.keys(PERMISSIONS) as PermissionUid[]).map((uid) => ({
    section: 'plugins',
    displayName: PERMISSIONS[uid],
    uid,
    pluginName: 'reminders',
  }));
  await (
    strapi.service('admin::permission') as unknown as {
      actionProvider: { registerMany(actions: unknown[]): Promise<unknown> };
    }
  ).actionProvider.registerMany(actions);
}
