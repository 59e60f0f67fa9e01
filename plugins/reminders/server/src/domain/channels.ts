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
