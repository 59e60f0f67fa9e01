import type { Core } from '@strapi/strapi';
import { normaliseEmail } from '../domain/email-address';
import {
  listUnsubscribeHeaders,
  readUnsubscribeToken,
  signUnsubscribeToken,
  unsubscribeSecrets,
} from '../domain/unsubscribe';
import { getConfig, getService, publicApiUrl } from '../utils';

export const UNSUBSCRIBE_PATH = 'unsubscribe';

/**
 * Unsubscribe links for reminder e-mails (docs/email.md): every e-mail carries one, in its text and in its
 * List-Unsubscribe header; opening it (or a mail client's one-click POST) opts the address out of e-mail
 * reminders, with no login. The link is signed, so it unsubscribes only the address it was sent to.
 */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const secrets = () =>
    unsubscribeSecrets(getConfig(strapi).email.unsubscribeSecret, strapi.config.get('server.app.keys'));

  return {
    /** The link and the headers of an e-mail to this address. */
    linkFor(address: string): { url: string; headers: Record<string, string> } {
      const parsed = normaliseEmail(address);
      if (!parsed.ok) throw new Error(`No unsubscribe link for an address that ${parsed.problem}`);
      const [secret] = secrets();
      if (!secret) throw new Error('No unsubscribe link: set email.unsubscribeSecret or the app keys (APP_KEYS)');
      const url = publicApiUrl(strapi, `${UNSUBSCRIBE_PATH}?token=${signUnsubscribeToken(parsed.address, secret)}`);
      return { url, headers: listUnsubscribeHeaders(url) };
    },

    /** The address a link names; null for a link this site did not make. */
    addressOf(token: unknown): string | null {
      const read = readUnsubscribeToken(token, secrets());
      return read.ok ? read.address : null;
    },

    /** Opts out the address a link names; null for a link this site did not make. Idempotent. */
    async unsubscribe(token: unknown): Promise<{ address: string; added: boolean } | null> {
      const address = this.addressOf(token);
      if (!address) return null;
      const added = await getService(strapi, 'opt-outs').optOutEmail(
        address,
        'unsubscribe',
        'Unsubscribed by the link in a reminder e-mail'
      );
      return { address, added };
    },
  };
};
