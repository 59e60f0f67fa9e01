import type { StrapiApp } from '@strapi/strapi/admin';

/** The admin panel of the demo app: Arabic offered next to English (the reminders plugin ships both). */
export default {
  config: {
    locales: ['ar'],
  },
  bootstrap(_app: StrapiApp) {},
};
