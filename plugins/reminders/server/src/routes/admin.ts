/** Admin API routes, served under /reminders/… to editors logged in to the admin panel. */
export default {
  type: 'admin',
  routes: [
    {
      method: 'POST',
      path: '/templates/preview',
      handler: 'templates.preview',
      // Any logged-in editor for now; the plugin's RBAC actions replace this when they land.
      config: { policies: ['admin::isAuthenticatedAdmin'] },
    },
    {
      method: 'POST',
      path: '/scheduler/tick',
      handler: 'scheduler.tick',
      config: { policies: ['admin::isAuthenticatedAdmin'] },
    },
    {
      method: 'GET',
      path: '/scheduler/preview',
      handler: 'scheduler.preview',
      config: { policies: ['admin::isAuthenticatedAdmin'] },
    },
    {
      method: 'POST',
      path: '/test-send',
      handler: 'test-send.send',
      config: { policies: ['admin::isAuthenticatedAdmin'] },
    },
    {
      method: 'GET',
      path: '/settings/provider',
      handler: 'provider.settings',
      config: { policies: ['admin::isAuthenticatedAdmin'] },
    },
  ],
};
