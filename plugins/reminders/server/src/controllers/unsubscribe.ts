import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import type { Context } from 'koa';
import { maskEmail } from '../domain/email-address';
import { getService } from '../utils';

const INVALID = 'The unsubscribe link is incomplete or was not made by this site';

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);

/** A page that needs nothing else (no script, no stylesheet, no image): it shows under any CSP. */
const page = (title: string, message: string) => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex"><title>${escapeHtml(title)}</title>
<style>body{font:16px/1.5 system-ui,sans-serif;color:#32324d;background:#f6f6f9;margin:0;padding:3rem 1rem}
main{max-width:32rem;margin:auto;background:#fff;border-radius:4px;padding:2rem;box-shadow:0 1px 4px #2121341a}
h1{font-size:1.25rem;margin:0 0 1rem}</style></head>
<body><main><h1>${escapeHtml(title)}</h1><p>${escapeHtml(message)}</p></main></body></html>
`;

/**
 * The unsubscribe link of reminder e-mails (public, `auth: false`; the token is the credential). GET is the
 * customer opening the link and gets a page; POST is a mail client's one-click unsubscribe (RFC 8058) and
 * gets JSON. Both opt the address out of e-mail reminders only, and say the same again on a second visit.
 */
export default ({ strapi }: { strapi: Core.Strapi }) => ({
  async page(ctx: Context) {
    const links = getService(strapi, 'unsubscribe');
    // The router answers HEAD with this GET route; link checkers send HEADs, and only check the link.
    const address =
      ctx.method === 'HEAD' ? links.addressOf(ctx.query.token) : (await links.unsubscribe(ctx.query.token))?.address;
    // The URL holds the token: no cache keeps the page, and the customer may open it again.
    ctx.set('Cache-Control', 'no-store');
    ctx.type = 'html';
    if (!address) {
      ctx.status = 400;
      ctx.body = page(
        'This unsubscribe link does not work',
        `${INVALID}. Open the whole link from the reminder e-mail, or reply to the e-mail and ask to be removed.`
      );
      return;
    }
    ctx.body = page('Unsubscribed', `You will no longer receive reminder e-mails at ${maskEmail(address)}.`);
  },

  async oneClick(ctx: Context) {
    const done = await getService(strapi, 'unsubscribe').unsubscribe(ctx.query.token);
    if (!done) throw new errors.ValidationError(`token: ${INVALID}`);
    ctx.set('Cache-Control', 'no-store');
    ctx.body = { unsubscribed: true };
  },
});
