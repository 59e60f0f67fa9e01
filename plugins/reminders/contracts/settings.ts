import type { SettingsOverview } from '../server/src/controllers/settings';
import type { ProtectionSettings } from '../server/src/services/protection';
import type { SpendingSettings } from '../server/src/services/spending';
import type { SpendingCap } from '../server/src/domain/spending';
import type { OptOutFooterSettings } from '../server/src/services/opt-out-footer';
import { jsonObject } from '../server/src/validation/admin-input';

/** The admin API's settings routes (/reminders/settings…): the configuration as the settings page shows it. */

export type { SettingsOverview, ProtectionSettings, SpendingSettings, OptOutFooterSettings };

/** PUT /reminders/settings/protection: each field is checked by the protection service (a 400 naming it). */
export const saveProtection = {
  body: jsonObject(
    '{"frequencyCap": {"perDay": 1, "perWeek": 3, "minSpacingMinutes": 60}, "weekendDays": [6, 7], "holidays": [{"date": "2026-12-25", "name": "Christmas Day"}]}'
  ),
};

/** PUT /reminders/settings/spending-cap: daily and monthly are checked by the spending service (a 400 naming each). */
export const saveSpendingCap = {
  body: jsonObject('{"daily": "500.00", "monthly": null}'),
};

/** PUT /reminders/settings/opt-out-footer: the footers are checked by the opt-out footer service (footers.fr…). */
export const saveOptOutFooter = {
  body: jsonObject('{"footers": {"en": "Reply STOP to opt out", "fr": "Répondez STOP pour vous désabonner"}}'),
};

export declare namespace GetSettings {
  interface Response {
    data: SettingsOverview;
  }
}
export declare namespace ResumeSending {
  interface Response {
    data: { paused: false };
  }
}
export declare namespace SaveProtection {
  interface Request {
    body: Omit<ProtectionSettings, 'source'>;
  }
  interface Response {
    data: ProtectionSettings;
  }
}
export declare namespace SaveSpendingCap {
  interface Request {
    body: SpendingCap;
  }
  interface Response {
    data: SpendingSettings;
  }
}
export declare namespace SaveOptOutFooter {
  interface Request {
    body: Pick<OptOutFooterSettings, 'footers'>;
  }
  interface Response {
    data: OptOutFooterSettings;
  }
}
