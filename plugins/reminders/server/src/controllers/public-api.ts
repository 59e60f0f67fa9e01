import type { Core } from '@strapi/strapi';
import deliveries from './deliveries';
import rules from './rules';
import scheduler from './scheduler';

type Strapi = { strapi: Core.Strapi };

/*
 * The public API (content API, /api/reminders/…, API tokens): the admin controllers' own handlers under
 * Strapi's content-API names, so input is checked and answered the same way (the same 400s) and nothing is
 * written twice. Each handler is one action a custom token may be given; the reads are named `find` and
 * `findOne`, which is what Strapi lets a read-only token reach.
 */

/** Rules: find, findOne (reads); create, update, delete (writes); preview (a rule being written, for a record). */
export const rule = ({ strapi }: Strapi) => {
  const admin = rules({ strapi });
  return {
    find: admin.list,
    findOne: admin.findOne,
    create: admin.create,
    update: admin.update,
    delete: admin.delete,
    preview: admin.preview,
  };
};

/** The delivery log: find, findOne. */
export const delivery = ({ strapi }: Strapi) => {
  const admin = deliveries({ strapi });
  return { find: admin.list, findOne: admin.findOne };
};

/** What will be sent in a window, as the admin's Upcoming page lists it: find. */
export const upcoming = ({ strapi }: Strapi) => ({ find: scheduler({ strapi }).preview });
