/**
 * The channels a reminder goes out on. A step sends by SMS, by e-mail, or by SMS with e-mail as its fallback
 * (e-mail when the SMS cannot go or failed for good). Each channel is its own delivery with its own key, so
 * each is sent exactly once; a fallback e-mail's key is its SMS's key with EMAIL_KEY_SUFFIX.
 */
export const STEP_CHANNELS = ['sms', 'email', 'sms_or_email'] as const;
export type StepChannel = (typeof STEP_CHANNELS)[number];

export const DELIVERY_CHANNELS = ['sms', 'email'] as const;
export type DeliveryChannel = (typeof DELIVERY_CHANNELS)[number];

export const isStepChannel = (value: unknown): value is StepChannel =>
  typeof value === 'string' && (STEP_CHANNELS as readonly string[]).includes(value);

/** A step's channel: its own, else its rule's, else SMS (rules written before e-mail existed). */
export const channelOfStep = (
  rule: { channel?: string | null },
  step: { channel?: string | null } | undefined
): StepChannel => (isStepChannel(step?.channel) ? step.channel : isStepChannel(rule.channel) ? rule.channel : 'sms');

/** Whether a rule sends any e-mail (then it needs e-mail templates). */
export const sendsEmail = (rule: { channel?: string | null; steps?: readonly { channel?: string | null }[] }) =>
  (rule.steps ?? [undefined]).some((step) => channelOfStep(rule, step) !== 'sms');

export const EMAIL_KEY_SUFFIX = ':email';
/** The key of the e-mail delivery made from an SMS delivery's key (an e-mail step, or a fallback). */
export const emailKeyOf = (smsKey: string) => `${smsKey}${EMAIL_KEY_SUFFIX}`;

/** The SMS key an e-mail's key was made from (an SMS key is its own). */
export const smsKeyOf = (key: string) =>
  key.endsWith(EMAIL_KEY_SUFFIX) ? key.slice(0, -EMAIL_KEY_SUFFIX.length) : key;

/** Why a skipped SMS falls back to e-mail: no usable number, or a number that opted out. */
export const FALLBACK_SKIP_CODES = ['not_sendable', 'opted_out'] as const;
/** Final SMS statuses after which the e-mail goes: it never reached the phone, and never will. */
export const FALLBACK_FAILED_STATUSES = ['rejected', 'failed'] as const;

/**
 * Whether an SMS of a "SMS, else e-mail" step now needs its e-mail: skipped for want of a number or for an
 * opt-out, refused by the provider, or failed for good (after its retries, or by a delivery report). An
 * unknown outcome may have reached the phone: no e-mail then.
 */
export const fallsBackToEmail = (status: string, errorCode: string | null | undefined) =>
  (FALLBACK_FAILED_STATUSES as readonly string[]).includes(status) ||
  (status === 'skipped' && (FALLBACK_SKIP_CODES as readonly string[]).includes(errorCode ?? ''));
