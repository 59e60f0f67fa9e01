import type { Core } from '@strapi/strapi';
import { TARGETS, type Target } from '../domain/rule-definition';
import { TemplateError, validateTemplate } from '../domain/templates';
import { isTimeZone } from '../domain/time-zone';
import type { PreviewRequest } from '../services/templates';
import type { FieldError } from '../domain/field-errors';
import { refuse } from '../validation/refuse';
import { getConfig, getService } from '../utils';

const isText = (value: unknown, maxLength: number): value is string => typeof value === 'string' && value.trim() !== '' && value.length <= maxLength;

/** Reads and checks a preview request (also the message part of a test send). */
export function readPreviewRequest(body: unknown, languages: readonly string[]): PreviewRequest {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw refuse([{ path: 'body', message: 'the body must be a JSON object like {"target": "invoice", "template": "Hi {{ customer.name }}"}' }]);
  }
  const { target, template, language, documentId, timezone } = body as Record<string, unknown>;
  const problems: FieldError[] = [];
  const targets = Object.keys(TARGETS);
  if (typeof target !== 'string' || !targets.includes(target)) problems.push({ path: 'target', message: `target must be one of: ${targets.join(', ')}` });
  if (!isText(template, 2000)) problems.push({ path: 'template', message: 'template must be a non-empty message of at most 2000 characters' });
  if (language !== undefined && !languages.includes(language as string)) problems.push({ path: 'language', message: `language must be one of: ${languages.join(', ')}` });
  if (documentId !== undefined && !isText(documentId, 64)) problems.push({ path: 'documentId', message: 'documentId must be the documentId of a record' });
  if (timezone !== undefined && !isTimeZone(timezone)) problems.push({ path: 'timezone', message: 'timezone must be an IANA time zone such as Africa/Nairobi' });
  if (problems.length) throw refuse(problems);

  // The same check as saving a rule: a template that could not be saved is not previewed either.
  const templateProblems = validateTemplate(template as string, target as Target);
  if (templateProblems.length) throw refuse(templateProblems.map((problem) => ({ path: 'template', message: `template: ${problem.message}` })));
  return { target: target as Target, template: template as string, language: language as string | undefined, documentId: documentId as string | undefined, timezone: timezone as string | undefined };
}

/** Renders a preview; a template that is valid with sample data yet breaks on this record's values is still a 400. */
export async function renderPreview(strapi: Core.Strapi, request: PreviewRequest) {
  const service = getService(strapi, 'templates');
  try {
    return await service.preview(request);
  } catch (error) {
    if (error instanceof TemplateError) throw refuse([{ path: 'template', message: `template: cannot be rendered for this ${request.target}: ${error.message}` }]);
    throw error;
  }
}

export default ({ strapi }: { strapi: Core.Strapi }) => ({
  /** POST /reminders/templates/preview: the message a template gives for a record, or for sample data. */
  async preview(ctx: { request: { body?: unknown }; body: unknown }) {
    const { languages } = getConfig(strapi);
    const request = readPreviewRequest(ctx.request.body, languages);
    ctx.body = { data: await renderPreview(strapi, request) };
  },
});
