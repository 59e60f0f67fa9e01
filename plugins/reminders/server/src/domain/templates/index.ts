/** Message templates: a locked-down Liquid engine, the variables per target, the filters and validation. */
export { TEMPLATE_FILTERS, TEMPLATE_TAGS, MAX_RENDERED_LENGTH, TemplateError, renderTemplate } from './engine';
export {
  TEMPLATE_VARIABLES,
  templateVariablesOf,
  moneyVariablesOf,
  LINK_NAMES,
  buildTemplateContext,
  linkPatternProblem,
  sampleRecord,
  type LinkName,
  type TemplateSettings,
} from './context';
export { validateTemplate, templateVariables, usesVariable, type TemplateProblem } from './validate';
export { REPLY_HINT_VARIABLE, replyHint } from './reply-hint';
export { chooseTemplate, templatesOfStep, emailTemplatesOfStep } from './choose';
export {
  type EmailTemplate,
  type EmailTemplates,
  type RenderedEmail,
  MAX_EMAIL_BODY_LENGTH,
  MAX_EMAIL_SUBJECT_LENGTH,
  MAX_RENDERED_EMAIL_LENGTH,
  escapeHtml,
  renderEmail,
} from './email';
export { type LibraryTemplate, type TemplateLibrary, libraryIdsOf, withLibraryMessages } from './library';
export type { FormatSettings } from './filters';
