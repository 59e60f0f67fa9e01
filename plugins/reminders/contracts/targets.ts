import { z } from '@strapi/utils';
import type { ServiceOf } from '../server/src/utils';
import { jsonObject, target } from '../server/src/validation/admin-input';

/** The admin API's target routes (/reminders/settings/targets…): the host's own types as reminder targets. */

export type { TargetMapping } from '../server/src/domain/target-mapping';

type TargetsService = ServiceOf<'targets'>;
const targetParams = z.object({ key: target });

export const listTargets = {};
export const saveTarget = {
  params: targetParams,
  // The mapping's fields are checked against the chosen type by the registry (a 400 naming each).
  body: jsonObject('{"uid": "api::booking.booking", "phone": "customer.phone", "anchors": ["startsAt"]}'),
};
export const deleteTarget = { params: targetParams };

/** A target as every admin page names it: GET /reminders/targets. */
export interface TargetSummary {
  key: string;
  uid: string;
  displayName: string;
  builtIn: boolean;
}

export declare namespace ListTargetSummaries {
  interface Response {
    data: TargetSummary[];
  }
}
export declare namespace ListTargets {
  interface Response {
    data: Awaited<ReturnType<TargetsService['overview']>>;
  }
}
export declare namespace SaveTarget {
  interface Request {
    body: Record<string, unknown>;
  }
  interface Response {
    data: { key: string; displayName: string };
  }
}
export declare namespace DeleteTarget {
  interface Response {
    data: { key: string };
  }
}
