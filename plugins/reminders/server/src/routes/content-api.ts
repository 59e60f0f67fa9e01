import { recordsQueryGuard } from '../middlewares/query-errors';
import { CALLBACKS } from '../services/provider';
import { UNSUBSCRIBE_PATH } from '../services/unsubscribe';

/** Strapi's five CRUD routes for one record type, served under /api/reminders/<plural>. */
const crudRoutes = (controller: string, plural: string) =>
  [
    { method: 'GET', path: `/${plural}`, handler: `${controller}.find` },
    { method: 'GET', path: `/${plural}/:id`, handler: `${controller}.findOne` },
    { method: 'POST', path: `/${plural}`, handler: `${controller}.create` },
    { method: 'PUT', path: `/${plural}/:id`, handler: `${controller}.update` },
    { method: 'DELETE', path: `/${plural}/:id`, handler: `${controller}.delete` },
  ].map((route) => ({ ...route, config: { middlewares: [recordsQueryGuard(`plugin::reminders.${controller}`)] } }));

/**
 * Africa's Talking's callbacks: public (it cannot log in), guarded by the secret in the path instead. The
 * secret is optional in the pattern so that a URL without one reaches the controller and gets a 401, not a 404.
 */
const callbackRoutes = (Object.keys(CALLBACKS) as (keyof typeof CALLBACKS)[]).map((action) => ({
  method: 'POST',
  path: `/callbacks/:secret?/${CALLBACKS[action]}`,
  handler: `callbacks.${action}`,
  config: { auth: false },
}));

/** The unsubscribe link of reminder e-mails: public, its signed token is the credential (controllers/unsubscribe.ts). */
const unsubscribeRoutes = [
  { method: 'GET', path: `/${UNSUBSCRIBE_PATH}`, handler: 'unsubscribe.page', config: { auth: false } },
  { method: 'POST', path: `/${UNSUBSCRIBE_PATH}`, handler: 'unsubscribe.oneClick', config: { auth: false } },
];

/**
 * The public API of rules, the upcoming schedule and the delivery log (controllers/public-api.ts): closed by
 * default, like every content-API route; an API token (or a users-permissions role) is given its actions.
 */
const publicApiRoutes = [
  { method: 'GET', path: '/rules', handler: 'rule.find' },
  { method: 'POST', path: '/rules/preview', handler: 'rule.preview' },
  { method: 'GET', path: '/rules/:documentId', handler: 'rule.findOne' },
  { method: 'POST', path: '/rules', handler: 'rule.create' },
  { method: 'PUT', path: '/rules/:documentId', handler: 'rule.update' },
  { method: 'DELETE', path: '/rules/:documentId', handler: 'rule.delete' },
  { method: 'GET', path: '/upcoming', handler: 'upcoming.find' },
  { method: 'GET', path: '/deliveries', handler: 'delivery.find' },
  { method: 'GET', path: '/deliveries/:documentId', handler: 'delivery.findOne' },
];

export default {
  type: 'content-api',
  routes: [
    ...crudRoutes('invoice', 'invoices'),
    ...crudRoutes('appointment', 'appointments'),
    ...callbackRoutes,
    ...unsubscribeRoutes,
    ...publicApiRoutes,
  ],
};
