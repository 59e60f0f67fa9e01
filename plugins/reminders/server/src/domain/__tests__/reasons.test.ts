import { readReason, reason, reasonText } from '../reasons';
import { defaultsOf, evaluateConditions } from './built-in-targets';

describe('reasons in words', () => {
  it('says a paid invoice as a person would, with the field and value as keys for the admin', () => {
    const verdict = evaluateConditions('invoice', defaultsOf('invoice'), {
      paymentStatus: 'paid',
      invoiceStatus: 'sent',
    });
    expect(verdict).toEqual({
      ok: false,
      reason: { key: 'recordIs', values: { target: 'invoice', field: 'paymentStatus', value: 'paid' } },
    });
    expect(reasonText(reason('recordIs', { target: 'invoice', field: 'paymentStatus', value: 'paid' }))).toBe(
      'The invoice is paid'
    );
  });

  it('names a rule’s own condition by its field’s words, never its key', () => {
    const text = reasonText(
      reason('conditionNotMet', {
        target: 'invoice',
        field: 'paymentStatus',
        actual: 'partially_paid',
        operator: 'in',
        expected: ['unpaid', 'overdue'],
      })
    );
    expect(text).toBe(
      'Payment status is partially paid; this rule is for invoices whose payment status is one of unpaid, overdue'
    );
    expect(text).not.toMatch(/paymentStatus|partially_paid/);
  });

  it.each([
    [reason('noPhone', { role: 'staff', target: 'appointment' }), 'No staff phone number on the appointment'],
    [reason('recordChanged', { target: 'invoice' }), 'The invoice changed; re-planned from its new state'],
    [reason('gaveUp', { text: 'No answer', attempts: 5 }), 'No answer (gave up after 5 attempts)'],
    [reason('cancelledBy', { editor: 'Amina' }), 'Cancelled by Amina'],
  ])('%j reads "%s"', (why, text) => expect(reasonText(why)).toBe(text));

  it('reads back a stored reason, and nothing from an older row or an unknown key', () => {
    const why = reason('cancelledBy', { editor: 'Amina' });
    expect(readReason(JSON.parse(JSON.stringify(why)))).toEqual(why);
    expect(readReason(null)).toBeNull();
    expect(readReason({ key: 'noSuchKey', values: {} })).toBeNull();
    expect(readReason('Cancelled by Amina')).toBeNull();
  });
});
