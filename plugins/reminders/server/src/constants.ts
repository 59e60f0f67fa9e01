/** The plugin's id: its config key, its admin routes' prefix, the `plugin::reminders.*` in every UID. */
export const PLUGIN_ID = 'reminders';

/** The plugin's content types the services read through the Query Engine (the outbox has its own gateway). */
export const UIDS = {
  invoice: 'plugin::reminders.invoice',
  appointment: 'plugin::reminders.appointment',
  rule: 'plugin::reminders.reminder-rule',
  template: 'plugin::reminders.message-template',
  optOut: 'plugin::reminders.opt-out',
  reply: 'plugin::reminders.reply',
} as const;
