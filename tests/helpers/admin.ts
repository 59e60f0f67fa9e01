import crypto from 'crypto';
import request from 'supertest';
import type { Core } from '@strapi/strapi';

/** Every action the plugin registers, as roles and routes name them. */
export const REMINDER_ACTIONS = [
  'rules.read',
  'rules.manage',
  'deliveries.read',
  'deliveries.manage',
  'settings.manage',
  'test-send',
  'inbox.read',
  'inbox.manage',
].map((uid) => `plugin::reminders.${uid}`);

/**
 * An editor logged in to the admin API whose role has exactly `actions` (none: a role without the plugin's
 * permissions), the way an administrator sets one up under Settings → Roles.
 */
export async function createEditorToken(strapi: Core.Strapi, actions: string[]): Promise<string> {
  const suffix = crypto.randomBytes(4).toString('hex');
  const role = await strapi.service('admin::role').create({ name: `Editors ${suffix}`, description: 'test role' });
  await strapi.service('admin::role').assignPermissions(
    role.id,
    actions.map((action) => ({ action, subject: null, properties: {}, conditions: [] }))
  );
  const email = `editor-${suffix}@example.com`;
  const password = 'Test-Password-1';
  await strapi
    .service('admin::user')
    .create({ firstname: 'Edna', lastname: 'Editor', email, password, isActive: true, roles: [role.id] });
  const response = await request(strapi.server.httpServer).post('/admin/login').send({ email, password });
  if (response.status !== 200)
    throw new Error(`admin login failed: ${response.status} ${JSON.stringify(response.body)}`);
  return response.body.data.token as string;
}
