import { DateTime } from 'luxon';
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
    ['Africa/Nairobi', '2026-12-01T05:00:00.000Z', 'Tue 1 Dec 2026, 08:00 EAT'],
    ['Africa/Lagos', '2026-12-01T05:00:00.000Z', 'Tue 1 Dec 2026, 06:00 WAT'],
    ['Europe/London', '2026-12-01T05:00:00.000Z', 'Tue 1 Dec 2026, 05:00 GMT'],
    ['Europe/London', '2026-07-01T05:00:00.000Z', 'Wed 1 Jul 2026, 06:00 GMT+1'],
    ['Asia/Kathmandu', '2026-07-01T05:00:00.000Z', 'Wed 1 Jul 2026, 10:45 GMT+5:45'],
    ['UTC', '2026-12-01T05:00:00.000Z', 'Tue 1 Dec 2026, 05:00 UTC'],
  ])('says an instant in %s with the zone’s name at that moment, as Luxon’s ZZZZ does', (zone, at, said) => {
    const saidAt = reasonText(reason('tooLate', { due: at, minutes: 61, max: 60, zone }));
    expect(saidAt).toBe(`Was due ${said}, 61 minutes ago; later than the rule's maximum lateness of 60 minutes`);
    expect(said).toBe(DateTime.fromISO(at, { zone }).setLocale('en-KE').toFormat('ccc d LLL yyyy, HH:mm ZZZZ'));
  });

  it('says every weekday, month and offset of a year as Luxon’s ccc d LLL yyyy, HH:mm ZZZZ does', () => {
    const mismatches: string[] = [];
    for (const zone of ['Africa/Nairobi', 'Europe/London', 'America/New_York', 'Australia/Lord_Howe']) {
      for (
        let at = Date.parse('2026-01-01T00:00:00Z');
        at < Date.parse('2027-01-01T00:00:00Z');
        at += 37 * 3_600_000 + 17 * 60_000
      ) {
        const due = new Date(at).toISOString();
        const luxon = DateTime.fromISO(due, { zone }).setLocale('en-KE').toFormat('ccc d LLL yyyy, HH:mm ZZZZ');
        const text = reasonText(reason('tooLate', { due, minutes: 61, max: 60, zone }));
        if (!text.startsWith(`Was due ${luxon}, `)) mismatches.push(`${zone} ${due}: ${text}`);
      }
    }
    expect(mismatches).toEqual([]);
  });

  it('says an instant in a zone nobody knows as an invalid date, not an exception', () =>
    expect(
      reasonText(reason('tooLate', { due: '2026-12-01T05:00:00.000Z', minutes: 61, max: 60, zone: 'Mars/Olympus' }))
    ).toBe("Was due Invalid DateTime, 61 minutes ago; later than the rule's maximum lateness of 60 minutes"));

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
