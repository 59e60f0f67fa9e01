import type { Core } from '@strapi/strapi';
import { resolveZone } from '../../domain/planning';
import { emailTemplatesOfStep, templatesOfStep } from '../../domain/templates';
import { templateRecipientOf } from '../../domain/recipients';
import type { TargetDefinition } from '../../domain/targets';
import { createScheduler } from './scheduler';
import type { RuleRow } from './rule-rows';
import { planningDefaults } from './planning-defaults';
import { getConfig, getService } from '../../utils';

/** The scheduler service, wired to the plugin's provider, templates, opt-out list and kept delivery reports. */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const optOuts = () => getService(strapi, 'opt-outs');
  const templates = () => getService(strapi, 'templates');
  /** What an SMS and an e-mail of a rule for a record are both rendered with. */
  const renderBase = (
    target: TargetDefinition,
    rule: RuleRow,
    record: Record<string, unknown>,
    now: Date,
    role: string,
    change: Record<string, string | null> | undefined
  ) => ({
    target,
    defaultLanguage: rule.defaultLanguage ?? 'en',
    record,
    timeZone: resolveZone(target, record, rule, planningDefaults(getConfig(strapi))),
    now,
    recipient: templateRecipientOf(target, record, rule, role),
    change,
  });

  return createScheduler(strapi, {
    provider: () => getService(strapi, 'provider').get(),
    now: () => getService(strapi, 'clock').now(),
    render: async (target, rule, record, now, stepIndex, role, change) =>
      templates().renderForRecord({
        ...renderBase(target, rule, record, now, role, change),
        templates: templatesOfStep(rule, stepIndex),
        footers: await getService(strapi, 'opt-out-footer').forSending(),
        optOutFooter: rule.optOutFooter,
        allowReplies: rule.allowReplies,
      }),
    renderEmail: (target, rule, record, now, stepIndex, role, change, unsubscribeUrl) =>
      templates().renderEmailForRecord({
        ...renderBase(target, rule, record, now, role, change),
        emailTemplates: emailTemplatesOfStep(rule, stepIndex),
        unsubscribeUrl,
      }),
    emailSender: () => getService(strapi, 'email-sender').get(),
    unsubscribeLink: (address) => getService(strapi, 'unsubscribe').linkFor(address),
    optedOutAmong: (phones) => optOuts().optedOutAmong(phones),
    emailOptedOutAmong: (addresses) => optOuts().emailOptedOutAmong(addresses),
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
