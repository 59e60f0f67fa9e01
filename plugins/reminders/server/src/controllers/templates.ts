import type { Core } from '@strapi/strapi';
import { type PreviewTemplate, previewTemplate } from '../../../contracts/templates';
import { TemplateError, validateTemplate } from '../domain/templates';
import { refuse } from '../validation/refuse';
import { type AdminContext, validateRequest } from '../validation/validate-request';
import { getConfig, getService } from '../utils';

/**
 * Renders a preview (also the message of a test send). A template that could not be saved in a rule is not
 * previewed either; one valid with sample data yet breaking on this record's values is still a 400.
 */
export async function renderPreview(strapi: Core.Strapi, body: PreviewTemplate.Request['body']) {
  const request = { ...body, target: await getService(strapi, 'targets').get(body.target) };
  const templateProblems = validateTemplate(request.template, request.target);
  if (templateProblems.length)
    throw refuse(templateProblems.map((problem) => ({ path: 'template', message: `template: ${problem.message}` })));
  try {
    return await getService(strapi, 'templates').preview(request);
  } catch (error) {
    if (error instanceof TemplateError)
      throw refuse([
        { path: 'template', message: `template: cannot be rendered for this ${request.target.key}: ${error.message}` },
      ]);
    throw error;
  }
}

export default ({ strapi }: { strapi: Core.Strapi }) => ({
  /** POST /reminders/templates/preview: the message a template gives for a record, or for sample data. */
  async preview(ctx: AdminContext) {
    const { body } = validateRequest(ctx, previewTemplate(getConfig(strapi)));
    ctx.body = { data: await renderPreview(strapi, body) };
  },
});
