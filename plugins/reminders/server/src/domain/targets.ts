import { APPOINTMENT_STATUSES, INVOICE_STATUSES, PAYMENT_STATUSES } from './records';

/** What a rule can be about, and for each target the anchors and condition fields it offers. */
export const TARGETS = {
  invoice: {
    anchors: ['issue_date', 'due_date', 'created', 'instantly'],
    dateAnchors: ['issue_date', 'due_date'],
    conditions: {
      paymentStatus: { kind: 'choice', values: PAYMENT_STATUSES },
      invoiceStatus: { kind: 'choice', values: INVOICE_STATUSES },
      balance: { kind: 'amount' },
      total: { kind: 'amount' },
      amountPaid: { kind: 'amount' },
      currency: { kind: 'text' },
      language: { kind: 'text' },
    },
  },
  appointment: {
    anchors: ['starts_at', 'ends_at', 'created', 'instantly'],
    dateAnchors: [],
    conditions: {
      appointmentStatus: { kind: 'choice', values: APPOINTMENT_STATUSES },
      language: { kind: 'text' },
    },
  },
} as const satisfies Record<string, TargetDefinition>;

export interface TargetDefinition {
  anchors: readonly string[];
  dateAnchors: readonly string[];
  conditions: Record<string, { kind: 'choice'; values: readonly string[] } | { kind: 'amount' } | { kind: 'text' }>;
}

export type Target = keyof typeof TARGETS;
