import type { DeliveryStatus } from './delivery-status';

/**
 * A delivery report in the words of the provider that posted it. It is kept that way (content-types/
 * provider-report) when no delivery has its message id yet, and read again by the same provider once one does.
 */
export interface DeliveryReport {
  messageId: string;
  /** The provider's own status word, quoted in the delivery's timeline. */
  status: string;
  /** The recipient in E.164, when the report named a valid number. */
  phone?: string;
  networkCode?: string;
  /** The provider's own code for why the message failed. */
  failureReason?: string;
  retryCount?: number;
}

export type ReportMapping =
  /** On its way: the delivery is (still, or now known to be) accepted. */
  | { kind: 'intermediate'; status: 'accepted' }
  /** Settled; `reason` explains a failure. */
  | { kind: 'final'; status: DeliveryStatus; reason?: string }
  /** A status this plugin does not know: kept in the timeline, no status change. */
  | { kind: 'unrecognised' };

/** What a report means for its delivery, in the plugin's terms. */
export type ReportMeaning = ReportMapping & {
  /** What the delivery records as its error code when the report settles it as a failure. */
  errorCode: string;
  /** The number refuses messages for good: it goes on the opt-out list. */
  optOut: boolean;
};
