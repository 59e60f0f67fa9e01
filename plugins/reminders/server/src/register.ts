import type { Core } from '@strapi/strapi';
import { registerDocumentValidation } from './validation/document-validation';
import { registerChangeReactions } from './services/scheduling/change-reactions';
import type { Scheduler } from './services/scheduling/scheduler';

export default ({ strapi }: { strapi: Core.Strapi }) => {
  registerDocumentValidation(strapi);
  registerChangeReactions(strapi, () => strapi.plugin('reminders').service('scheduler') as Scheduler);
};
