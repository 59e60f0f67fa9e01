import type { Core } from '@strapi/strapi';
import { registerDocumentValidation } from './validation/document-validation';
import { registerChangeReactions } from './services/scheduling/change-reactions';
import { getService } from './utils';

export default ({ strapi }: { strapi: Core.Strapi }) => {
  registerDocumentValidation(strapi);
  registerChangeReactions(strapi, () => getService(strapi, 'scheduler'));
};
