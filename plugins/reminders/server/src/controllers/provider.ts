import type { Core } from '@strapi/strapi';
import type { Context } from 'koa';
import { getService } from '../utils';

/** Admin: which provider sends (API key masked) and the callback URLs to paste into Africa's Talking. */
export default ({ strapi }: { strapi: Core.Strapi }) => ({
  async settings(ctx: Context) {
    ctx.body = { data: getService(strapi, 'provider').settings() };
  },
});
