import type { Core } from '@strapi/strapi';
import type { GetFieldOptions } from '../../../contracts/field-options';
import { fieldOptions } from '../services/content-manager-config';
import type { AdminContext } from '../validation/validate-request';
import { getConfig } from '../utils';

/** Admin: the choices of the plugin's custom fields (language, currency, time zone) in the Content Manager. */
export default ({ strapi }: { strapi: Core.Strapi }) => ({
  /** GET /reminders/field-options, for any admin: whoever may edit an invoice needs its choices. */
  async find(ctx: AdminContext) {
    ctx.body = { data: fieldOptions(getConfig(strapi)) } satisfies GetFieldOptions.Response;
  },
});
