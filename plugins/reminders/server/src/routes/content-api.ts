import { recordsQueryGuard } from '../middlewares/query-errors';
import { CALLBACKS } from '../services/provider';

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

export default {
  type: 'content-api',
  routes: [...crudRoutes('invoice', 'invoices'), ...crudRoutes('appointment', 'appointments'), ...callbackRoutes],
};
