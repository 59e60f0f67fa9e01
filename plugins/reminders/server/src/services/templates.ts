import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import type { RemindersConfig } from '../config';
import { type TargetDefinition, valueAt } from '../domain/targets';
import { estimateCost, measureSms, type SegmentPrice, type SmsEncoding } from '../domain/sms-segments';
import {
  buildTemplateContext,
  type EmailTemplates,
  type RenderedEmail,
  chooseTemplate,
  renderEmail,
  renderTemplate,
  sampleRecord,
  templateVariables,
} from '../domain/templates';
import { isTimeZone } from '../domain/time-zone';
import { type OptOutFooters, footerApplies, footerOf, withOptOutFooter } from '../domain/opt-out-footer';
import type { TemplateRecipient } from '../domain/recipients';
import { getConfig, getService } from '../utils';

export interface RenderRequest extends RenderBase {
  /** The rule's templates by language; `defaultLanguage` is used when the record's has none. */
  templates: Record<string, string>;
  /** The opt-out footers in force (the opt-out-footer service's); without them the SMS gets no footer (a test send). */
  footers?: OptOutFooters;
  /** The rule's setting: false turns the footer off (null and undefined leave it on). */
  optOutFooter?: boolean | null;
  /** The rule reads replies: {{ reply.hint }} says how to answer. */
  allowReplies?: boolean | null;
}

/** An e-mail to render: the SMS request's record, language and context, with the e-mails instead of the SMS. */
export interface RenderEmailRequest extends RenderBase {
  emailTemplates: EmailTemplates;
  /** The recipient's unsubscribe link (the unsubscribe service's linkFor), the e-mail's last line. */
  unsubscribeUrl: string;
}

export type { RenderedEmail };

/** What rendering a record's message, SMS or e-mail, reads besides its templates. */
interface RenderBase {
  target: TargetDefinition;
  /** The language used when the record's has no template. */
  defaultLanguage: string;
  /** The stored record (Document Service or query engine shape). */
  record: Record<string, unknown>;
  /**
   * The resolved time zone (the dispatcher passes the one it planned in). Without it: the record's, then
   * the plugin default.
   */
  timeZone?: string;
  now?: Date;
  /** The language to render in (the editor's language tab), instead of the record's. */
  language?: string;
  /** Who the SMS goes to, for {{ recipient.* }}; the customer when not given. */
  recipient?: TemplateRecipient;
  /** An event rule's event, as {{ change.* }} shows it. */
  change?: Record<string, string | null>;
}

export interface RenderedMessage {
  /** What is sent: the rendered template, then the opt-out footer on its own line when it carries one. */
  text: string;
  /** The footer ending `text`, null when it has none (off for the rule, not to a customer, already written in). */
  footer: string | null;
  language: string;
  encoding: SmsEncoding;
  segments: number;
  characters: number;
  perSegment: number;
  /** segments × costPerSegment, or null when no price is configured. */
  estimatedCost: SegmentPrice | null;
  /** What an editor should know but that does not stop sending: too many segments, an empty message, a link not configured. */
  warnings: string[];
}

export interface PreviewRequest {
  target: TargetDefinition;
  template: string;
  language?: string;
  documentId?: string;
  /** The rule's time zone, for a rule being edited; the record's own zone still wins, as when sending. */
  timezone?: string;
  /** As a rule's: the footer is shown unless false (a test send passes false: it never carries one). */
  optOutFooter?: boolean;
  /** As a rule's: {{ reply.hint }} renders only when true. */
  allowReplies?: boolean;
}

const createTemplatesService = ({ strapi }: { strapi: Core.Strapi }) => {
  const config = () => getConfig(strapi);

  /**
   * What renders a record's message, SMS or e-mail: the language (the editor's tab, else the record's, else
   * the rule's default) and its template among `templates`, the time zone, and the data the template sees.
   */
  function prepare(request: RenderBase & { allowReplies?: boolean | null }, templates: Record<string, string>) {
    const settings = config();
    const now = request.now ?? new Date();
    const language =
      request.language ?? valueAt(request.record, request.target.paths.language) ?? request.target.locale;
    const recordLanguage = typeof language === 'string' ? language : undefined;
    const chosen = chooseTemplate(templates, request.defaultLanguage, recordLanguage);
    const recordZone = valueAt(request.record, request.target.paths.timezone);
    const timeZone = request.timeZone ?? (isTimeZone(recordZone) ? recordZone : settings.defaultTimezone);
    const context = buildTemplateContext(
      request.target,
      request.record,
      {
        companyName: settings.companyName,
        links: settings.links,
        timeZone,
        locale: chosen.language,
        recipient: request.recipient,
        allowReplies: request.allowReplies === true,
      },
      now,
      request.change
    );
    return { settings, chosen, context, format: { locale: chosen.language, timeZone, now } };
  }

  /**
   * Chooses, renders and measures the message a record gets from a rule. The dispatcher sends `text`;
   * the preview shows the same object, so what an editor previews is what is sent.
   * Throws TemplateError when the template cannot be rendered for this record.
   */
  function renderForRecord(request: RenderRequest): RenderedMessage {
    const { settings, chosen, context, format } = prepare(request, request.templates);
    const body = renderTemplate(chosen.source, context, format);
    const footer =
      request.footers && footerApplies(request, request.recipient?.kind ?? 'customer')
        ? footerOf(request.footers, chosen.language)
        : null;
    const text = withOptOutFooter(body, footer);
    // Segments and cost are the whole SMS's, footer included: what the customer receives and the account pays.
    const measure = measureSms(text);

    const warnings: string[] = [];
    if (measure.segments === 0) warnings.push('The message renders empty: nothing would be sent.');
    if (measure.segments > settings.maxSegments) {
      warnings.push(
        `The message takes ${measure.segments} SMS segments (${measure.characters} ${measure.encoding === 'UCS_2' ? 'UCS-2' : 'GSM-7'} characters), more than maxSegments (${settings.maxSegments}).`
      );
    }
    for (const variable of templateVariables(chosen.source)) {
      const link = variable.startsWith('links.') ? variable.slice('links.'.length) : undefined;
      if (link && !settings.links[link as keyof RemindersConfig['links']]) {
        warnings.push(`${variable} renders empty: no URL pattern is configured at reminders.config.links.${link}.`);
      }
    }
    return {
      text,
      footer: text === body ? null : footer,
      language: chosen.language,
      ...measure,
      estimatedCost: settings.costPerSegment && estimateCost(measure.segments, settings.costPerSegment),
      warnings,
    };
  }

  /**
   * The e-mail a record gets from a rule (the language chosen as for its SMS), with `unsubscribeUrl` as its
   * last line. The dispatcher sends it; the preview shows it. Throws TemplateError like renderForRecord.
   */
  function renderEmailForRecord(request: RenderEmailRequest): RenderedEmail {
    // Only complete e-mails are candidates: a language with a subject and no body is not chosen.
    const bodies = Object.fromEntries(
      Object.entries(request.emailTemplates)
        .filter(([, email]) => typeof email?.subject === 'string' && email.subject.trim() !== '')
        .map(([language, email]) => [language, email.body])
    );
    const { chosen, context, format } = prepare(request, bodies);
    const links = Object.values((context.links ?? {}) as Record<string, string | null>).filter(
      (link): link is string => typeof link === 'string'
    );
    const rendered = renderEmail(request.emailTemplates[chosen.language], context, format, {
      unsubscribeUrl: request.unsubscribeUrl,
      links,
    });
    return { ...rendered, language: chosen.language };
  }

  /** Renders one template against a stored record, or against the target's sample record without one. */
  async function preview(request: PreviewRequest): Promise<RenderedMessage> {
    const now = new Date();
    const settings = config();
    let record: Record<string, unknown>;
    if (request.documentId) {
      const found = await getService(strapi, 'targets').findRecord(request.target, request.documentId);
      if (!found) throw new errors.NotFoundError(`No ${request.target.key} with documentId "${request.documentId}"`);
      record = found;
    } else {
      record = sampleRecord(request.target, now, request.timezone ?? settings.defaultTimezone);
    }
    const recordLanguage = valueAt(record, request.target.paths.language) ?? request.target.locale;
    const language =
      request.language ??
      (typeof recordLanguage === 'string' && settings.languages.includes(recordLanguage)
        ? recordLanguage
        : settings.languages[0]);
    const recordZone = valueAt(record, request.target.paths.timezone);
    const timeZone = isTimeZone(recordZone) ? recordZone : (request.timezone ?? settings.defaultTimezone);
    return renderForRecord({
      target: request.target,
      templates: { [language]: request.template },
      defaultLanguage: language,
      record,
      timeZone,
      now,
      allowReplies: request.allowReplies,
      ...(request.optOutFooter === false
        ? {}
        : { footers: (await getService(strapi, 'opt-out-footer').get()).footers }),
    });
  }

  return { renderForRecord, renderEmailForRecord, preview };
};

export type TemplatesService = ReturnType<typeof createTemplatesService>;
export default createTemplatesService;
