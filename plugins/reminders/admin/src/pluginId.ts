export const PLUGIN_ID = 'reminders';
