import type { Core, UID } from '@strapi/strapi';
import { refuse } from './refuse';
import { inspectValue } from '../middlewares/request-guard';
import type { CountryCode } from 'libphonenumber-js';
import type { Checked } from '../domain/field-errors';
import { checkAppointment, checkInvoice, checkOptOut, type RecordRules } from '../domain/records';
import { checkRule, withDefaultConditions } from '../domain/rule-definition';
import { checkMessageTemplate } from '../domain/message-template';
import { libraryOf } from '../services/scheduling/rule-rows';
import { customStatusesOf } from '../domain/custom-statuses';
import { getConfig, getService } from '../utils';
import { UIDS } from '../constants';

type Check = (
  merged: Record<string, unknown>,
  rules: RecordRules,
  stored: Record<string, unknown>
) => Checked<Record<string, unknown>> | Promise<Checked<Record<string, unknown>>>;

/**
 * Validates and normalises every write to the plugin's records, whichever path it comes by (Content Manager,
 * REST, Document Service): a Document Service middleware sees them all. Bad input becomes a ValidationError,
 * which Strapi answers with a 400 naming each field, before anything is written.
 */
export function registerDocumentValidation(strapi: Core.Strapi) {
  const checks: Partial<Record<UID.ContentType, Check>> = {
    [UIDS.invoice]: checkInvoice,
    [UIDS.appointment]: checkAppointment,
    [UIDS.optOut]: checkOptOut,
    // A rule is checked against the targets as they are now, the host's mapped types among them. The
    // plugin's reason for disabling one (its target went away) no longer applies once it is enabled.
    // A chosen library template is checked as it is now (it exists, is for the rule's target).
    [UIDS.rule]: async (merged, rules, stored) => {
      const targets = await getService(strapi, 'targets').all();
      const creating = Object.keys(stored).length === 0;
      const checked = checkRule(creating ? withDefaultConditions(merged, targets) : merged, rules.languages, targets, {
        region: rules.defaultRegion,
        library: await libraryOf(strapi, [merged]),
      });
      return checked.ok && merged.enabled !== false
        ? { ok: true, value: { ...checked.value, disabledReason: null } }
        : checked;
    },
    [UIDS.template]: async (merged, rules) =>
      checkMessageTemplate(merged, rules.languages, await getService(strapi, 'targets').all()),
  };
  strapi.documents.use(async (context, next) => {
    const check = checks[context.uid];
    if (!check || (context.action !== 'create' && context.action !== 'update')) return next();

    const params = context.params as { data?: Record<string, unknown>; documentId?: string };
    const data = params.data ?? {};
    // A key such as "constructor" finds Object.prototype's in Strapi's own validation and crashes it (a 500).
    const inherited = Object.keys(data).filter((key) => key in Object.prototype);
    if (inherited.length) throw refuse(inherited.map((key) => ({ path: key, message: `${key} is not a field` })));
    // The database numbers records and Strapi names documents: an id or documentId in the data (the Content
    // Manager passes them through) is not the caller's to set, and a non-string one crashed the query (a 500).
    delete data.id;
    delete data.documentId;
    // PostgreSQL cannot store a NUL character (SQLite would): refuse it the same on both, on every write path.
    const withNul = Object.keys(data).filter((key) => inspectValue(data[key]).nul);
    if (withNul.length)
      throw refuse(
        withNul.map((key) => ({ path: key, message: `${key} must not contain the NUL character (U+0000)` }))
      );
    let stored: Record<string, unknown> = {};
    if (context.action === 'update') {
      const found = await strapi.db.query(context.uid).findOne({ where: { documentId: params.documentId } });
      if (!found) return next(); // Strapi answers the missing document itself.
      stored = found;
    }

    const config = getConfig(strapi);
    const rules = {
      defaultRegion: config.defaultRegion as CountryCode,
      languages: config.languages,
      statuses: customStatusesOf(config),
      appointmentTypes: config.appointmentTypes,
    };
    const result = await check({ ...stored, ...data }, rules, stored);
    if (!result.ok) {
      throw refuse(result.errors);
    }
    params.data = { ...data, ...result.value };
    return next();
  });
}
