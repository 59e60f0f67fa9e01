import type { Core } from '@strapi/strapi';
import { resolveZone } from '../../domain/planning';
import { templatesOfStep } from '../../domain/templates';
import { templateRecipientOf } from '../../domain/recipients';
import { createScheduler } from './scheduler';
import { planningDefaults } from './planning-defaults';
import { getConfig, getService } from '../../utils';

/** The scheduler service, wired to the plugin's provider, templates, opt-out list and kept delivery reports. */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const optOuts = () => getService(strapi, 'opt-outs');

  return createScheduler(strapi, {
    provider: () => getService(strapi, 'provider').get(),
    now: () => getService(strapi, 'clock').now(),
    render: (target, rule, record, now, stepIndex, role, change) =>
      getService(strapi, 'templates').renderForRecord({
        target,
        templates: templatesOfStep(rule, stepIndex),
        defaultLanguage: rule.defaultLanguage ?? 'en',
        record,
        timeZone: resolveZone(target, record, rule, planningDefaults(getConfig(strapi))),
        now,
        recipient: templateRecipientOf(target, record, rule, role),
        change,
      }),
    // TEMPORARY until the e-mail parts are merged.
    renderEmail: () => {
      throw new Error('e-mail not wired');
    },
    emailSender: () => {
      throw new Error('e-mail not wired');
    },
    unsubscribeLink: () => {
      throw new Error('e-mail not wired');
    },
    optedOutAmong: (phones) => optOuts().optedOutAmong(phones),
    emailOptedOutAmong: async () => new Set<string>(),
    async optOut(phone) {
      await optOuts().addBlocked(phone);
    },
    keptReports: {
      applyRecorded: (messageIds, now): Promise<number> =>
        getService(strapi, 'delivery-reports').applyRecorded(messageIds, now),
      applyMatching: (now): Promise<number> => getService(strapi, 'delivery-reports').applyMatching(now),
    },
  });
};
