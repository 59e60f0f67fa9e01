import type { Core } from '@strapi/strapi';
import { resolveZone } from '../../domain/planning';
import type { SmsProvider } from '../../providers/types';
import type { OptOutSource } from '../opt-outs';
import type { TemplatesService } from '../templates';
import { type KeptReports, createScheduler } from './scheduler';
import { planningDefaults, pluginConfig } from './settings';

/** The scheduler service, wired to the plugin's provider, templates, opt-out list and kept delivery reports. */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const service = <T>(name: string) => strapi.plugin('reminders').service(name) as T;
  const optOuts = () => service<{ optedOutAmong(phones: string[]): Promise<Set<string>>; add(phone: string, source: OptOutSource, note?: string): Promise<boolean> }>('opt-outs');

  return createScheduler(strapi, {
    provider: () => service<{ get(): SmsProvider }>('provider').get(),
    render: (rule, record, now) =>
      service<TemplatesService>('templates').renderForRecord({
        target: rule.target,
        templates: rule.templates,
        defaultLanguage: rule.defaultLanguage ?? 'en',
        record,
        timeZone: resolveZone(record, rule, planningDefaults(pluginConfig(strapi))),
        now,
      }),
    optedOutAmong: (phones) => optOuts().optedOutAmong(phones),
    async optOut(phone) {
      await optOuts().add(phone, 'blacklisted', 'The provider reported the number as blacklisted (406)');
    },
    keptReports: {
      applyRecorded: (messageIds, now) => service<KeptReports>('delivery-reports').applyRecorded(messageIds, now),
      applyMatching: (now) => service<KeptReports>('delivery-reports').applyMatching(now),
    },
  });
};
