import type { CountryCode } from 'libphonenumber-js';
import type { DeliveryReport, ReportMeaning } from '../../domain/delivery-report';
import { formField } from '../../domain/form-fields';
import { normalizePhone } from '../../domain/phone';
import type { DeliveryReportReader } from '../types';
import { BLACKLIST_FAILURE_REASON, mapDeliveryReport } from './status';

/** A delivery report's form fields as Africa's Talking posts them, read as a DeliveryReport. */
function parse(form: Record<string, unknown>, defaultRegion: CountryCode): DeliveryReport | { error: string } {
  const messageId = formField(form, 'id', 128);
  const status = formField(form, 'status', 64);
  if (!messageId || !status) return { error: 'A delivery report needs an id and a status' };
  // The number and retry count are optional: one that cannot be read is left out, the report still counts.
  const phone = normalizePhone(formField(form, 'phoneNumber', 40), defaultRegion);
  const retryCount = formField(form, 'retryCount', 6);
  return {
    messageId,
    status,
    ...(phone.ok ? { phone: phone.e164 } : {}),
    networkCode: formField(form, 'networkCode', 32),
    failureReason: formField(form, 'failureReason', 64),
    ...(retryCount && /^\d+$/.test(retryCount) ? { retryCount: Number(retryCount) } : {}),
  };
}

/** What a report's status and failure reason mean; a failure is recorded under its reason, else its status. */
const meaning = (report: DeliveryReport): ReportMeaning => ({
  ...mapDeliveryReport(report.status, report.failureReason),
  errorCode: report.failureReason || report.status,
  optOut: report.failureReason === BLACKLIST_FAILURE_REASON,
});

/** Africa's Talking's delivery reports; numbers written without a country code are read in `defaultRegion`. */
export const createAfricasTalkingReportReader = (defaultRegion: CountryCode): DeliveryReportReader => ({
  parse: (form) => parse(form, defaultRegion),
  meaning,
});
