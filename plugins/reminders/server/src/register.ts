import type { Core } from '@strapi/strapi';
import { registerDocumentValidation } from './validation/document-validation';

export default ({ strapi }: { strapi: Core.Strapi }) => {
  registerDocumentValidation(strapi);
};
