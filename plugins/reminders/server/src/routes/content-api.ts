/** Strapi's five CRUD routes for one record type, served under /api/reminders/<plural>. */
const crudRoutes = (controller: string, plural: string) => [
  { method: 'GET', path: `/${plural}`, handler: `${controller}.find` },
  { method: 'GET', path: `/${plural}/:id`, handler: `${controller}.findOne` },
  { method: 'POST', path: `/${plural}`, handler: `${controller}.create` },
  { method: 'PUT', path: `/${plural}/:id`, handler: `${controller}.update` },
  { method: 'DELETE', path: `/${plural}/:id`, handler: `${controller}.delete` },
];

export default {
  type: 'content-api',
  routes: [...crudRoutes('invoice', 'invoices'), ...crudRoutes('appointment', 'appointments')],
};
