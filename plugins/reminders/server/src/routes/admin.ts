import { requires } from '../permissions';

/**
 * Admin API routes, served under /reminders/… to editors logged in to the admin panel. Each needs one of the
 * plugin's RBAC actions (permissions/index.ts): 401 without an admin token, 403 without the action.
 */
export default {
  type: 'admin',
  routes: [
    {
      method: 'POST',
      path: '/templates/preview',
      handler: 'templates.preview',
      config: { policies: requires('rules.read') },
    },
    {
      method: 'POST',
      path: '/scheduler/tick',
      handler: 'scheduler.tick',
      config: { policies: requires('deliveries.manage') },
    },
    {
      method: 'GET',
      path: '/scheduler/preview',
      handler: 'scheduler.preview',
      config: { policies: requires('rules.read') },
    },
    {
      method: 'POST',
      path: '/test-send',
      handler: 'test-send.send',
      config: { policies: requires('test-send') },
    },
    // Reminder e-mails: what sends them (the Settings page's e-mail section), and a test e-mail.
    {
      method: 'GET',
      path: '/email',
      handler: 'email.settings',
      config: { policies: requires('settings.manage') },
    },
    {
      method: 'POST',
      path: '/email/test',
      handler: 'email.test',
      config: { policies: requires('test-send') },
    },
    {
      method: 'GET',
      path: '/settings',
      handler: 'settings.overview',
      config: { policies: requires('settings.manage') },
    },
    {
      method: 'PUT',
      path: '/settings/protection',
      handler: 'settings.saveProtection',
      config: { policies: requires('settings.manage') },
    },
    {
      method: 'PUT',
      path: '/settings/spending-cap',
      handler: 'settings.saveSpendingCap',
      config: { policies: requires('settings.manage') },
    },
    {
      method: 'PUT',
      path: '/settings/opt-out-footer',
      handler: 'settings.saveOptOutFooter',
      config: { policies: requires('settings.manage') },
    },
    {
      method: 'POST',
      path: '/settings/resume-sending',
      handler: 'settings.resumeSending',
      config: { policies: requires('settings.manage') },
    },
    // The choices of the plugin's custom fields, for whoever edits an invoice or appointment.
    {
      method: 'GET',
      path: '/field-options',
      handler: 'field-options.find',
      config: { policies: ['admin::isAuthenticatedAdmin'] },
    },
    // Names only (key, type, display name), which any admin may see, as the Content Manager's own type list.
    {
      method: 'GET',
      path: '/targets',
      handler: 'targets.summaries',
      config: { policies: ['admin::isAuthenticatedAdmin'] },
    },
    {
      method: 'GET',
      path: '/settings/targets',
      handler: 'targets.list',
      config: { policies: requires('settings.manage') },
    },
    {
      method: 'PUT',
      path: '/settings/targets/:key',
      handler: 'targets.save',
      config: { policies: requires('settings.manage') },
    },
    {
      method: 'DELETE',
      path: '/settings/targets/:key',
      handler: 'targets.remove',
      config: { policies: requires('settings.manage') },
    },

    // Rules, for the rule pages (writes go through the Document Service and its validation).
    { method: 'GET', path: '/rules', handler: 'rules.list', config: { policies: requires('rules.read') } },
    { method: 'GET', path: '/rules/options', handler: 'rules.options', config: { policies: requires('rules.read') } },
    { method: 'POST', path: '/rules/preview', handler: 'rules.preview', config: { policies: requires('rules.read') } },
    { method: 'POST', path: '/rules/overlap', handler: 'rules.overlap', config: { policies: requires('rules.read') } },
    {
      method: 'GET',
      path: '/rules/:documentId',
      handler: 'rules.findOne',
      config: { policies: requires('rules.read') },
    },
    { method: 'POST', path: '/rules', handler: 'rules.create', config: { policies: requires('rules.manage') } },
    {
      method: 'PUT',
      path: '/rules/:documentId',
      handler: 'rules.update',
      config: { policies: requires('rules.manage') },
    },
    {
      method: 'PUT',
      path: '/rules/:documentId/enabled',
      handler: 'rules.setEnabled',
      config: { policies: requires('rules.manage') },
    },
    {
      method: 'DELETE',
      path: '/rules/:documentId',
      handler: 'rules.delete',
      config: { policies: requires('rules.manage') },
    },

    // The template library: named messages that rules and steps choose (the rules' actions guard it).
    {
      method: 'GET',
      path: '/message-templates',
      handler: 'message-templates.list',
      config: { policies: requires('rules.read') },
    },
    {
      method: 'GET',
      path: '/message-templates/:documentId',
      handler: 'message-templates.findOne',
      config: { policies: requires('rules.read') },
    },
    {
      method: 'POST',
      path: '/message-templates',
      handler: 'message-templates.create',
      config: { policies: requires('rules.manage') },
    },
    {
      method: 'PUT',
      path: '/message-templates/:documentId',
      handler: 'message-templates.update',
      config: { policies: requires('rules.manage') },
    },
    {
      method: 'DELETE',
      path: '/message-templates/:documentId',
      handler: 'message-templates.delete',
      config: { policies: requires('rules.manage') },
    },

    // The delivery log and the editor's actions on it.
    {
      method: 'GET',
      path: '/deliveries',
      handler: 'deliveries.list',
      config: { policies: requires('deliveries.read') },
    },
    // Before /deliveries/:documentId, which would take "unmatched-reports" for a documentId.
    {
      method: 'GET',
      path: '/deliveries/unmatched-reports',
      handler: 'delivery-reports.unmatched',
      config: { policies: requires('deliveries.read') },
    },
    {
      method: 'GET',
      path: '/deliveries/:documentId',
      handler: 'deliveries.findOne',
      config: { policies: requires('deliveries.read') },
    },
    {
      method: 'POST',
      path: '/deliveries/:documentId/retry',
      handler: 'deliveries.retry',
      config: { policies: requires('deliveries.manage') },
    },
    {
      method: 'POST',
      path: '/deliveries/:documentId/cancel',
      handler: 'deliveries.cancel',
      config: { policies: requires('deliveries.manage') },
    },
    {
      method: 'POST',
      path: '/deliveries/:documentId/resolve',
      handler: 'deliveries.resolve',
      config: { policies: requires('deliveries.manage') },
    },
    {
      method: 'GET',
      path: '/dashboard',
      handler: 'dashboard.summary',
      config: { policies: requires('deliveries.read') },
    },

    // The inbox of customer replies and the editor's actions on them.
    { method: 'GET', path: '/replies', handler: 'replies.list', config: { policies: requires('inbox.read') } },
    // Before /replies/:documentId/…, though none of those is a GET.
    {
      method: 'GET',
      path: '/replies/cancel-word-opt-outs',
      handler: 'replies.cancelWordOptOuts',
      config: { policies: requires('inbox.read') },
    },
    {
      method: 'POST',
      path: '/replies/cancel-word-opt-outs/:documentId/restore',
      handler: 'replies.restore',
      config: { policies: requires('inbox.manage') },
    },
    ...(['apply', 'ignore', 'handled'] as const).map((action) => ({
      method: 'POST',
      path: `/replies/:documentId/${action}`,
      handler: `replies.${action}`,
      config: { policies: requires('inbox.manage') },
    })),

    // One record's reminders, for the panel on its Content Manager page.
    {
      method: 'GET',
      path: '/records/:target',
      handler: 'records.search',
      config: { policies: requires('rules.read') },
    },
    {
      method: 'GET',
      path: '/records/:target/:documentId/reminders',
      handler: 'records.reminders',
      config: { policies: requires('deliveries.read') },
    },
    {
      method: 'POST',
      path: '/records/:target/:documentId/send-now',
      handler: 'records.sendNow',
      config: { policies: requires('deliveries.manage') },
    },
  ],
};
