import type { Core } from '@strapi/strapi';
import type { CountryCode } from 'libphonenumber-js';
import { normalizePhone } from '../domain/phone';
import { getConfig } from '../utils';
import { UIDS } from '../constants';

const OPT_OUT = UIDS.optOut;

export type OptOutSource = 'provider' | 'stop_reply' | 'blacklisted' | 'editor';

/**
 * The opt-out list: numbers that must never receive a reminder. Writes go through the Document Service,
 * so they are checked and normalised to E.164 like an editor's in the Content Manager.
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

  return {
    e164,

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
