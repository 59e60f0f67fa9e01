import type { Core } from '@strapi/strapi';

// LOG_LEVEL quietens Strapi (tests run with "error") without touching the default transports.
export default ({ env }: Core.Config.Shared.ConfigParams) => ({
  level: env('LOG_LEVEL', 'http'),
});
