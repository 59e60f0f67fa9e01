import type { Core } from '@strapi/strapi';
import {
  type ListTargetSummaries,
  type ListTargets,
  type SaveTarget,
  deleteTarget,
  saveTarget,
} from '../../../contracts/targets';
import { type AdminContext, validateRequest } from '../validation/validate-request';
import { getService } from '../utils';

/** Admin: the Settings page's reminder targets, the app's own collection types mapped for rules. */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const targets = () => getService(strapi, 'targets');

  return {
    /**
     * GET /reminders/targets: every usable target's key, type and name, for any admin: the Content Manager
     * panel and the log name records by them whatever else the role may read.
     */
    async summaries(ctx: AdminContext) {
      const all = Object.values(await targets().all());
      ctx.body = {
        data: all.map(({ key, uid, displayName, builtIn }) => ({ key, uid, displayName, builtIn })),
      } satisfies ListTargetSummaries.Response;
    },

    /** GET /reminders/settings/targets: the mapped targets and the app's collection types with their fitting fields. */
    async list(ctx: AdminContext) {
      ctx.body = { data: await targets().overview() } satisfies ListTargets.Response;
    },

    /** PUT /reminders/settings/targets/:key: maps a type (a 400 naming each field that cannot work). */
    async save(ctx: AdminContext) {
      const { params, body } = validateRequest(ctx, saveTarget);
      const saved = await targets().save(params.key, body);
      ctx.body = { data: { key: saved.key, displayName: saved.displayName } } satisfies SaveTarget.Response;
    },

    /** DELETE /reminders/settings/targets/:key: unmaps it; its rules are disabled with the reason. */
    async remove(ctx: AdminContext) {
      const { params } = validateRequest(ctx, deleteTarget);
      await targets().remove(params.key);
      ctx.body = { data: { key: params.key } };
    },
  };
};
