import type { Core } from '@strapi/strapi';

const allowedMediaTypes = [
  'image/*',
  'video/*',
  'audio/*',
  'application/pdf',
  'application/msword',
  'application/vnd.openxmlformats-officedocument.*',
  'text/plain',
  'text/csv',
];

const deniedTypes = [
  'image/svg+xml',
  'application/vnd.microsoft.portable-executable',
  'application/x-msdownload',
  'application/x-msdos-program',
  'application/x-executable',
  'application/x-dosexec',
  'application/x-sh',
  'text/x-shellscript',
  'application/x-mach-binary',
];

/**
 * Strapi's email plugin sends through nodemailer to SMTP_HOST when it is set (docs/email.md), and reminder
 * e-mails go through it; without SMTP_HOST, reminder e-mails go to the log only (the outbox).
 */
const emailPlugin = (env: Core.Config.Shared.ConfigParams['env']) => ({
  config: {
    provider: 'nodemailer',
    providerOptions: {
      host: env('SMTP_HOST'),
      port: env.int('SMTP_PORT', 587),
      secure: env.bool('SMTP_SECURE', false),
      ...(env('SMTP_USER', '') ? { auth: { user: env('SMTP_USER'), pass: env('SMTP_PASSWORD', '') } } : {}),
    },
    settings: {
      defaultFrom: env('SMTP_FROM', 'Demo Company <reminders@example.com>'),
      ...(env('SMTP_REPLY_TO', '') ? { defaultReplyTo: env('SMTP_REPLY_TO') } : {}),
    },
  },
});

const config = ({ env }: Core.Config.Shared.ConfigParams): Core.Config.Plugin => ({
  ...(env('SMTP_HOST', '') ? { email: emailPlugin(env) } : {}),
  'users-permissions': {
    config: {
      jwtManagement: 'refresh',
      sessions: {
        httpOnly: true,
      },
    },
  },
  reminders: {
    enabled: true,
    config: {
      defaultRegion: env('REMINDERS_DEFAULT_REGION', 'KE'),
      defaultTimezone: env('REMINDERS_DEFAULT_TIMEZONE', 'Africa/Nairobi'),
      provider: env('REMINDERS_PROVIDER', 'auto'),
      africastalking: {
        username: env('AT_USERNAME', ''),
        apiKey: env('AT_API_KEY', ''),
        senderId: env('AT_SENDER_ID', ''),
        apiBaseUrl: env('AT_API_BASE_URL', ''),
        timeoutMs: env.int('AT_TIMEOUT_MS', 10000),
      },
      callbackSecret: env('REMINDERS_CALLBACK_SECRET', ''),
      // Signs the reminder events sent to Strapi's webhooks (the plugin's docs: webhooks); empty, unsigned.
      webhooks: {
        secret: env('REMINDERS_WEBHOOK_SECRET', ''),
        // Reminder events also as "Entry: update" of a delivery, for webhooks made in Settings → Webhooks.
        entryEvents: env.bool('REMINDERS_WEBHOOK_ENTRY_EVENTS', false),
      },
      publicUrl: env('PUBLIC_URL', ''),
      email: {
        sender: env('SMTP_HOST', '') ? 'email-plugin' : 'outbox',
        from: env('REMINDERS_EMAIL_FROM', ''),
        replyTo: env('REMINDERS_EMAIL_REPLY_TO', ''),
        timeoutMs: env.int('REMINDERS_EMAIL_TIMEOUT_MS', 30000),
        // Signs unsubscribe links; empty: derived from APP_KEYS.
        unsubscribeSecret: env('REMINDERS_EMAIL_UNSUBSCRIBE_SECRET', ''),
      },
      // Customer protection's frequency cap is on by default; REMINDERS_FREQUENCY_CAP=off turns it off (the test
      // suites do, except the tests of the cap itself).
      ...(env('REMINDERS_FREQUENCY_CAP', 'on') === 'off' ? { frequencyCap: null } : {}),
      // The spending cap (decimal amounts in the currency of costPerSegment); empty: no limit. The Settings page's win.
      spendingCap: {
        daily: env('REMINDERS_SPENDING_CAP_DAILY', '') || null,
        monthly: env('REMINDERS_SPENDING_CAP_MONTHLY', '') || null,
      },
      scheduler: {
        enabled: env.bool('REMINDERS_SCHEDULER_ENABLED', true),
        cron: env('REMINDERS_TICK_CRON', '* * * * *'),
        // Due reminders leave at once instead of at the next tick (the plugin's docs: operations).
        wakeUps: env.bool('REMINDERS_WAKE_UPS', true),
      },
      // Customer replies (the plugin's docs: replies): how far back a reply matches its reminder, and who is
      // alerted of unmatched replies and cancellations (empty: the inbox only).
      replies: {
        windowDays: env.int('REMINDERS_REPLIES_WINDOW_DAYS', 7),
        staffPhone: env('REMINDERS_REPLIES_STAFF_PHONE', ''),
        staffEmail: env('REMINDERS_REPLIES_STAFF_EMAIL', ''),
      },
      // A status of the demo's own after the built-in ones: rules and the Content Manager offer it.
      statuses: { invoiceStatus: [{ value: 'disputed', label: 'Disputed' }] },
      // The app's own bookings as a reminder target (see the plugin's docs: host targets).
      targets: {
        booking: {
          uid: 'api::booking.booking',
          displayName: 'Booking',
          phone: 'customer.phone',
          name: 'customer.name',
          language: 'customer.language',
          timezone: 'timezone',
          label: 'reference',
          anchors: ['startsAt'],
          statuses: ['bookingStatus'],
          amounts: ['price'],
          currency: 'KES',
        },
      },
    },
  },
  upload: {
    config: {
      security: {
        allowedTypes: allowedMediaTypes,
        deniedTypes,
      },
    },
  },
});

export default config;
