import { z } from '@strapi/utils';
import {
  COUNT_CAP,
  type DeliveryDetail,
  type DeliveryLog,
  type DeliverySummary,
} from '../server/src/services/delivery-log';
import type { ServiceOf } from '../server/src/utils';
import {
  deliveryStatuses,
  documentId,
  flag,
  jsonObjectExpected,
  optionalOffsetDateTime,
  optionalParam,
  pageQuery,
  phoneNumber,
  target,
} from '../server/src/validation/admin-input';

import { DELIVERY_CHANNELS } from '../server/src/domain/channels';

/** The admin API's delivery log routes (/reminders/deliveries…): what each takes and answers. */

export type { DeliveryEvent, DeliveryStatus } from '../server/src/domain/delivery-status';
export type { DeliveryAction, DeliveryDetail, DeliverySummary } from '../server/src/services/delivery-log';
export type { UnmatchedReport } from '../server/src/services/delivery-reports';

const blank = (value: unknown) => value === undefined || value === '';

/** GET /deliveries: the filters read in the default region of phone numbers; one record's deliveries need its target. */
export const listDeliveries = ({ defaultRegion }: { defaultRegion: string }) => ({
  query: z
    .object({
      ...pageQuery(),
      status: deliveryStatuses,
      from: optionalOffsetDateTime,
      to: optionalOffsetDateTime,
      rule: optionalParam(documentId),
      target: optionalParam(z.union([z.literal('test'), target])),
      record: optionalParam(documentId),
      channel: optionalParam(
        z.enum(DELIVERY_CHANNELS, { error: `channel must be one of: ${DELIVERY_CHANNELS.join(', ')}` })
      ),
      phone: optionalParam(
        phoneNumber(
          defaultRegion,
          (raw) =>
            `phone ${JSON.stringify(String(raw))} is not a phone number: give the full number, such as +254712345678 or 0712 345 678`
        )
      ),
    })
    .check((ctx) => {
      const { record, target: recordTarget, from, to, page, pageSize } = ctx.value;
      const problem = (path: string, message: string) =>
        ctx.issues.push({ code: 'custom', path: [path], input: ctx.value, message });
      if (!blank(record) && blank(recordTarget))
        problem('target', 'target is needed with record: the key of its target, such as invoice');
      if (from instanceof Date && to instanceof Date && to <= from) problem('to', 'to must be after from');
      if (typeof page === 'number' && typeof pageSize === 'number' && (page - 1) * pageSize >= COUNT_CAP) {
        problem(
          'page',
          `page goes past the first ${COUNT_CAP} deliveries: narrow the filters (status, rule, dates) instead`
        );
      }
    }),
});

const deliveryParams = z.object({ documentId });

export const getDelivery = { params: deliveryParams };
/** retry and cancel: an editor's action, answered once per Idempotency-Key. */
export const actOnDelivery = { params: deliveryParams, idempotent: true } as const;
export const resolveDelivery = {
  params: deliveryParams,
  body: z.object(
    { sent: flag('true (it went out) or false (it did not)') },
    { error: jsonObjectExpected('{"sent": true}') }
  ),
  idempotent: true,
} as const;
export const listUnmatchedReports = { query: z.object(pageQuery()) };

export declare namespace ListDeliveries {
  /** The query string as the admin writes it: statuses comma-separated, instants in ISO 8601 with an offset. */
  type Filters = Partial<Record<'status' | 'rule' | 'from' | 'to' | 'phone' | 'channel' | 'target' | 'record', string>>;
  interface Response {
    data: DeliverySummary[];
    meta: { pagination: Awaited<ReturnType<DeliveryLog['list']>>['pagination'] };
  }
}
/** GET /deliveries/:documentId and the actions on it (retry, cancel, resolve) answer the delivery. */
export declare namespace GetDelivery {
  interface Response {
    data: DeliveryDetail;
  }
}
export declare namespace ResolveDelivery {
  interface Request {
    body: z.output<typeof resolveDelivery.body>;
  }
}
export declare namespace ListUnmatchedReports {
  type Page = Awaited<ReturnType<ServiceOf<'delivery-reports'>['unmatched']>>;
  interface Response {
    data: Page['data'];
    meta: { pagination: Page['pagination'] };
  }
}
