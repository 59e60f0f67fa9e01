import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import { libraryIdsOf } from '../domain/templates';
import { refuse } from '../validation/refuse';
import { ConflictError } from './idempotency';
import { UIDS } from '../constants';

/** The fields of a library template an editor writes; everything else (ids, timestamps) is Strapi's. */
export const MESSAGE_TEMPLATE_FIELDS = ['name', 'target', 'messages', 'description'] as const;

/** A rule that sends a library template, for itself (`steps` empty) or in some of its steps. */
export interface TemplateUser {
  documentId: string;
  name: string;
  /** Whether the rule's own message is the template (the fallback of every step without one). */
  rule: boolean;
  /** The indexes of the steps that send it. */
  steps: number[];
}

type TemplateDocument = Record<string, unknown> & {
  id: number;
  documentId: string;
  name: string;
  target: string;
  messages: Record<string, string>;
};
type RuleRow = {
  documentId: string;
  name: string;
  templateId?: string | null;
  steps?: unknown;
  defaultLanguage?: string | null;
};

const createMessageTemplatesService = ({ strapi }: { strapi: Core.Strapi }) => {
  const documents = () =>
    strapi.documents(UIDS.template) as unknown as {
      findOne(params: { documentId: string }): Promise<TemplateDocument | null>;
      create(params: { data: Record<string, unknown> }): Promise<TemplateDocument>;
      update(params: { documentId: string; data: Record<string, unknown> }): Promise<TemplateDocument | null>;
      delete(params: { documentId: string }): Promise<unknown>;
    };

  async function findOne(documentId: string): Promise<TemplateDocument> {
    const template = await documents().findOne({ documentId });
    if (!template) throw new errors.NotFoundError(`No message template with documentId "${documentId}"`);
    return template;
  }

  /** The rules, enabled or not, that send the template (rules are few: read them all and look). */
  async function usersOf(documentId: string): Promise<(TemplateUser & { defaultLanguage: string })[]> {
    const rules = (await strapi.db.query(UIDS.rule).findMany({
      select: ['documentId', 'name', 'templateId', 'steps', 'defaultLanguage'],
      orderBy: [{ name: 'asc' }, { id: 'asc' }],
    })) as RuleRow[];
    return rules
      .filter((rule) => libraryIdsOf(rule).includes(documentId))
      .map((rule) => ({
        documentId: rule.documentId,
        name: rule.name,
        defaultLanguage: rule.defaultLanguage ?? 'en',
        rule: rule.templateId === documentId,
        steps: (Array.isArray(rule.steps) ? (rule.steps as { templateId?: unknown }[]) : []).flatMap((step, index) =>
          step?.templateId === documentId ? [index] : []
        ),
      }));
  }

  const names = (users: TemplateUser[]) => users.map((user) => `"${user.name}"`).join(', ');
  // Without the default language, which only the checks here need.
  const shown = ({ documentId, name, rule, steps }: TemplateUser): TemplateUser => ({ documentId, name, rule, steps });
  const conflict = (message: string, users: TemplateUser[]) => new ConflictError(message, { rules: users.map(shown) });

  return {
    findOne,
    /** The rules that send the template, for the Templates page. */
    usedBy: async (documentId: string): Promise<TemplateUser[]> => (await usersOf(documentId)).map(shown),

    /** Every template (of one target), by name: a library is tens of templates, not thousands. */
    list: (target?: string) =>
      strapi.db
        .query(UIDS.template)
        .findMany({ where: target ? { target } : {}, orderBy: [{ name: 'asc' }, { id: 'asc' }] }) as Promise<
        TemplateDocument[]
      >,

    // Writes go through the Document Service: the same validation (400 naming each field) as everywhere else.
    create: (data: Record<string, unknown>) => documents().create({ data }),

    /**
     * The rules using the template keep working: its target cannot change under them (a 409 naming them), and
     * it keeps a message in the default language of each rule whose own message it is (a 400 naming the rule).
     */
    async update(documentId: string, data: Record<string, unknown>) {
      const stored = await findOne(documentId);
      const users = await usersOf(documentId);
      if (users.length && data.target !== undefined && data.target !== stored.target)
        throw conflict(
          `The template's target cannot change: the ${stored.target} rules ${names(users)} use it.`,
          users
        );
      const messages = data.messages;
      if (users.length && typeof messages === 'object' && messages !== null) {
        const uncovered = users.filter((user) => user.rule && !Object.hasOwn(messages, user.defaultLanguage));
        if (uncovered.length)
          throw refuse(
            uncovered.map((user) => ({
              path: `messages.${user.defaultLanguage}`,
              message: `messages.${user.defaultLanguage} is needed: the rule "${user.name}" sends it when a record's language has no message`,
            }))
          );
      }
      return (await documents().update({ documentId, data })) as TemplateDocument;
    },

    /** A template a rule or step sends cannot go (a 409 naming the rules); the rules choose another first. */
    async delete(documentId: string) {
      await findOne(documentId);
      const users = await usersOf(documentId);
      if (users.length)
        throw conflict(
          `The template is in use by the rules ${names(users)}: choose another message in them before deleting it.`,
          users
        );
      await documents().delete({ documentId });
    },
  };
};

export type MessageTemplatesService = ReturnType<typeof createMessageTemplatesService>;
export default createMessageTemplatesService;
