import type { Core } from '@strapi/strapi';
import { registerDocumentValidation } from './validation/document-validation';
import { registerChangeReactions } from './services/scheduling/change-reactions';
import { addTargetIndexes } from './services/target-indexes';
import { getService } from './utils';
import { registerCustomFields } from './services/content-manager-config';

export default ({ strapi }: { strapi: Core.Strapi }) => {
  registerCustomFields(strapi);
  addTargetIndexes(strapi);
  registerDocumentValidation(strapi);
  registerChangeReactions(strapi, () => getService(strapi, 'scheduler'));
};
