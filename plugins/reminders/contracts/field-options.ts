/** The admin API's GET /reminders/field-options: what the plugin's custom fields offer in the Content Manager. */

export interface FieldOptions {
  /** The configured languages (reminders.config.languages). */
  languages: string[];
  /** ISO 4217 codes. */
  currencies: string[];
  /** IANA time zones. */
  timeZones: string[];
  /** The labels of the app's own status values (config `statuses`), by value. */
  statusLabels: Record<string, string>;
}

export declare namespace GetFieldOptions {
  interface Response {
    data: FieldOptions;
  }
}
