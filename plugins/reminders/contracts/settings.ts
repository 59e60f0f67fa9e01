import type { SettingsOverview } from '../server/src/controllers/settings';

/** The admin API's settings routes (/reminders/settings…): the configuration as the settings page shows it. */

export type { SettingsOverview };

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
