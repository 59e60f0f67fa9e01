import request from 'supertest';
import type { Core } from '@strapi/strapi';
import { createSuperAdminToken, describeIntegration, startStrapi, stopStrapi } from '../helpers/strapi';
import { REMINDER_ACTIONS, createEditorToken } from '../helpers/admin';

/** Every admin route of the plugin, with the one action it needs. */
const ROUTES: [method: 'get' | 'post' | 'put' | 'delete', path: string, action: string][] = [
  ['post', '/reminders/templates/preview', 'rules.read'],
  ['get', '/reminders/scheduler/preview', 'rules.read'],
  ['post', '/reminders/scheduler/tick', 'deliveries.manage'],
  ['post', '/reminders/test-send', 'test-send'],
  ['post', '/reminders/email/test', 'test-send'],
  ['get', '/reminders/email', 'settings.manage'],
  ['get', '/reminders/settings', 'settings.manage'],
  ['post', '/reminders/settings/resume-sending', 'settings.manage'],
  ['put', '/reminders/settings/protection', 'settings.manage'],
  ['get', '/reminders/rules', 'rules.read'],
  ['get', '/reminders/rules/options', 'rules.read'],
  ['post', '/reminders/rules/preview', 'rules.read'],
  ['post', '/reminders/rules/overlap', 'rules.read'],
  ['get', '/reminders/rules/abc', 'rules.read'],
  ['post', '/reminders/rules', 'rules.manage'],
  ['put', '/reminders/rules/abc', 'rules.manage'],
  ['put', '/reminders/rules/abc/enabled', 'rules.manage'],
  ['delete', '/reminders/rules/abc', 'rules.manage'],
  ['get', '/reminders/deliveries', 'deliveries.read'],
  ['get', '/reminders/deliveries/unmatched-reports', 'deliveries.read'],
  ['get', '/reminders/deliveries/abc', 'deliveries.read'],
  ['post', '/reminders/deliveries/abc/retry', 'deliveries.manage'],
  ['post', '/reminders/deliveries/abc/cancel', 'deliveries.manage'],
  ['post', '/reminders/deliveries/abc/resolve', 'deliveries.manage'],
  ['get', '/reminders/dashboard', 'deliveries.read'],
  ['get', '/reminders/records/invoice', 'rules.read'],
  ['get', '/reminders/records/invoice/abc/reminders', 'deliveries.read'],
  ['post', '/reminders/records/invoice/abc/send-now', 'deliveries.manage'],
  ['get', '/reminders/replies', 'inbox.read'],
  ['get', '/reminders/replies/cancel-word-opt-outs', 'inbox.read'],
  ['post', '/reminders/replies/cancel-word-opt-outs/abc/restore', 'inbox.manage'],
  ['post', '/reminders/replies/abc/apply', 'inbox.manage'],
  ['post', '/reminders/replies/abc/ignore', 'inbox.manage'],
  ['post', '/reminders/replies/abc/handled', 'inbox.manage'],
];

describeIntegration('the admin routes’ permissions', () => {
  let strapi: Core.Strapi;
  let superAdmin: string;
  let noPermissions: string;
  const tokens: Record<string, string> = {};
  const call = (method: (typeof ROUTES)[number][0], path: string, token?: string) => {
    const test = request(strapi.server.httpServer)[method](path);
    return token ? test.set('Authorization', `Bearer ${token}`) : test;
  };

  beforeAll(async () => {
    strapi = await startStrapi();
    superAdmin = await createSuperAdminToken(strapi);
    noPermissions = await createEditorToken(strapi, []);
    for (const action of REMINDER_ACTIONS) tokens[action] = await createEditorToken(strapi, [action]);
  });
  afterAll(() => stopStrapi(strapi));

  it('registers the plugin’s actions with Strapi’s permission system', async () => {
    const response = await request(strapi.server.httpServer)
      .get('/admin/permissions')
      .set('Authorization', `Bearer ${superAdmin}`);
    expect(response.status).toBe(200);
    const plugins = response.body.data.sections.plugins as { action: string; plugin: string; displayName: string }[];
    expect(
      plugins
        .filter((action) => action.plugin === 'reminders')
        .map((action) => action.action)
        .sort()
    ).toEqual([...REMINDER_ACTIONS].sort());
  });

  it('gives super admins every action', async () => {
    const response = await request(strapi.server.httpServer)
      .get('/admin/users/me/permissions')
      .set('Authorization', `Bearer ${superAdmin}`);
    const actions = (response.body.data as { action: string }[]).map((permission) => permission.action);
    expect(actions).toEqual(expect.arrayContaining(REMINDER_ACTIONS));
  });

  it.each(ROUTES)('%s %s answers 401 to a caller who is not logged in', async (method, path) => {
    expect((await call(method, path)).status).toBe(401);
  });

  it.each(ROUTES)('%s %s answers 403 to a role without the plugin’s permissions', async (method, path) => {
    const response = await call(method, path, noPermissions);
    expect(response.status).toBe(403);
    expect(response.body.error.name).toBe('PolicyError');
  });

  it.each(ROUTES)(
    '%s %s needs %s: other actions are refused, that one passes the policy',
    async (method, path, action) => {
      for (const other of REMINDER_ACTIONS.filter((candidate) => candidate !== `plugin::reminders.${action}`)) {
        expect([other, (await call(method, path, tokens[other])).status]).toEqual([other, 403]);
      }
      // Past the policy the controller answers: 200, or a 400/404 for the placeholder ids and empty bodies.
      expect([200, 201, 400, 404]).toContain((await call(method, path, tokens[`plugin::reminders.${action}`])).status);
    }
  );
});
