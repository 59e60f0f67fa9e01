import type { Core } from '@strapi/strapi';
import type { CountryCode } from 'libphonenumber-js';
import { normalizePhone } from '../domain/phone';
import { normaliseEmail } from '../domain/email-address';
import { getConfig } from '../utils';
import { UIDS } from '../constants';

const OPT_OUT = UIDS.optOut;

export type OptOutSource = 'provider' | 'stop_reply' | 'blacklisted' | 'editor' | 'unsubscribe';

/**
 * The opt-out list, per channel: numbers that must never receive an SMS reminder, addresses that must never
 * receive an e-mail one. Writes go through the Document Service, so they are checked and normalised (E.164,
 * lower-cased addresses) like an editor's in the Content Manager.
 */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const region = () => getConfig(strapi).defaultRegion as CountryCode;

  /** E.164, or null for something that is not a phone number (nothing can be opted out or in by it). */
  const e164 = (phone: unknown) => {
    const parsed = normalizePhone(phone, region());
    return parsed.ok ? parsed.e164 : null;
  };

  const find = (phone: string) => strapi.db.query(OPT_OUT).findOne({ where: { phone }, select: ['documentId'] });

  /** Which of these numbers (as given) are on the list: one query for a whole batch of sends. */
  async function optedOutAmong(phones: string[]): Promise<Set<string>> {
    const numbers = new Map(phones.map((phone) => [phone, e164(phone)]));
    const wanted = [...new Set([...numbers.values()].filter((number): number is string => number !== null))];
    if (wanted.length === 0) return new Set();
    const listed = new Set(
      (await strapi.db.query(OPT_OUT).findMany({ where: { phone: { $in: wanted } }, select: ['phone'] })).map(
        (row: { phone: string }) => row.phone
      )
    );
    return new Set(phones.filter((phone) => listed.has(numbers.get(phone) as string)));
  }

  const findEmail = (email: string) => strapi.db.query(OPT_OUT).findOne({ where: { email }, select: ['documentId'] });

  /** Which of these addresses are on the list, in their normalised forms: one query for a whole batch of sends. */
  async function emailOptedOutAmong(addresses: string[]): Promise<Set<string>> {
    const wanted = [
      ...new Set(
        addresses.map((address) => normaliseEmail(address)).flatMap((parsed) => (parsed.ok ? [parsed.address] : []))
      ),
    ];
    if (wanted.length === 0) return new Set();
    const rows = await strapi.db.query(OPT_OUT).findMany({ where: { email: { $in: wanted } }, select: ['email'] });
    return new Set(rows.map((row: { email: string }) => row.email));
  }

  return {
    e164,

    emailOptedOutAmong,

    /**
     * Opts an address out of e-mail reminders; one already on the list keeps its first source. Returns whether
     * it was added. Safe to call twice at once (a double click): the unique index refuses the second.
     */
    async optOutEmail(address: string, source: OptOutSource, note?: string): Promise<boolean> {
      const parsed = normaliseEmail(address);
      if (!parsed.ok || (await findEmail(parsed.address))) return false;
      try {
        await strapi.documents(OPT_OUT).create({
          data: { channel: 'email', email: parsed.address, source, ...(note ? { note: note.slice(0, 500) } : {}) },
        });
        return true;
      } catch (error) {
        if (await findEmail(parsed.address)) return false;
        throw error;
      }
    },

    /** Entries made before opt-outs had a channel are SMS ones: says so, for the Content Manager's channel filter. */
    async fillChannels(): Promise<number> {
      const { count } = await strapi.db
        .query(OPT_OUT)
        .updateMany({ where: { channel: null }, data: { channel: 'sms' } });
      return count;
    },

    isOptedOut: async (phone: string): Promise<boolean> => (await optedOutAmong([phone])).has(phone),

    optedOutAmong,

    /** Adds a number; one already on the list keeps its first source. Returns whether it was added. */
    async add(phone: string, source: OptOutSource, note?: string): Promise<boolean> {
      const number = e164(phone);
      if (!number || (await find(number))) return false;
      try {
        await strapi
          .documents(OPT_OUT)
          .create({ data: { phone: number, source, ...(note ? { note: note.slice(0, 500) } : {}) } });
        return true;
      } catch (error) {
        // Two callbacks for one number at once: the unique index refuses the second, which is fine.
        if (await find(number)) return false;
        throw error;
      }
    },

    /** Adds a number the provider refused to send to because it blocks messages (a send's `optOut`). */
    addBlocked(phone: string): Promise<boolean> {
      return this.add(phone, 'blacklisted', 'The provider reported the number as blacklisted (406)');
    },

    /** Removes a number (an opt-in). Returns whether it was on the list. */
    async remove(phone: string): Promise<boolean> {
      const number = e164(phone);
      const found = number ? await find(number) : null;
      if (!found) return false;
      await strapi.documents(OPT_OUT).delete({ documentId: found.documentId });
      return true;
    },
  };
};
