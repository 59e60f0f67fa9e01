import { BUILT_IN_TARGETS, type TargetDefinition } from '../targets';
import { isOpenRecord, recordLabel, recordTitle, statusChangeFor } from '../reply-records';

const { appointment, invoice } = BUILT_IN_TARGETS;
const booking: TargetDefinition = {
  ...appointment,
  key: 'booking',
  displayName: 'Booking',
  builtIn: false,
  conditions: { bookingStatus: { kind: 'choice', values: ['pending', 'confirmed', 'cancelled', 'completed'] } },
};

describe('statusChangeFor', () => {
  it.each([
    ['scheduled', 'confirm', { ok: true, field: 'appointmentStatus', value: 'confirmed', already: false }],
    ['confirmed', 'confirm', { ok: true, field: 'appointmentStatus', value: 'confirmed', already: true }],
    ['scheduled', 'cancel', { ok: true, field: 'appointmentStatus', value: 'cancelled', already: false }],
    ['confirmed', 'cancel', { ok: true, field: 'appointmentStatus', value: 'cancelled', already: false }],
    ['cancelled', 'cancel', { ok: true, field: 'appointmentStatus', value: 'cancelled', already: true }],
    ['completed', 'cancel', { ok: false, reason: 'This appointment is completed: a reply cannot cancel it' }],
    ['no_show', 'confirm', { ok: false, reason: 'This appointment is no show: a reply cannot confirm it' }],
    ['cancelled', 'confirm', { ok: false, reason: 'This appointment is cancelled: a reply cannot confirm it' }],
  ] as const)('an appointment %s, on %s', (appointmentStatus, intent, change) => {
    expect(statusChangeFor(appointment, { appointmentStatus }, intent)).toEqual(change);
  });

  it('finds the mapped status field of a host type', () => {
    expect(statusChangeFor(booking, { bookingStatus: 'pending' }, 'confirm')).toEqual({
      ok: true,
      field: 'bookingStatus',
      value: 'confirmed',
      already: false,
    });
  });

  it('refuses a record with no such status', () => {
    expect(statusChangeFor(invoice, { paymentStatus: 'unpaid' }, 'confirm')).toEqual({
      ok: false,
      reason: 'A reply cannot confirm this invoice: it has no "confirmed" status',
    });
  });
});

describe('isOpenRecord', () => {
  it.each([
    [appointment, { appointmentStatus: 'scheduled' }, true],
    [appointment, { appointmentStatus: 'confirmed' }, true],
    [appointment, { appointmentStatus: 'cancelled' }, false],
    [appointment, { appointmentStatus: 'completed' }, false],
    [invoice, { paymentStatus: 'unpaid', invoiceStatus: 'sent' }, true],
    [invoice, { paymentStatus: 'paid', invoiceStatus: 'sent' }, false],
    [invoice, { paymentStatus: 'unpaid', invoiceStatus: 'void' }, false],
  ])('%#', (target, record, open) => {
    expect(isOpenRecord(target, record)).toBe(open);
  });
});

describe('naming records', () => {
  const checkUp = {
    documentId: 'x',
    title: 'Dental check-up',
    customerName: 'Amina',
    startsAt: '2026-12-09T07:00:00.000Z',
  };

  it('tells the customer the title and the time in their zone and language', () => {
    expect(recordTitle(appointment, checkUp, 'Africa/Nairobi', 'en')).toBe('Dental check-up Wed 9 Dec 10:00');
    expect(recordTitle(appointment, checkUp, 'Africa/Nairobi', 'fr')).toMatch(
      /^Dental check-up mer\.? 9 déc\.? 10:00$/
    );
    expect(recordTitle(invoice, { documentId: 'y', number: 'INV-1042' }, 'Africa/Nairobi', 'en')).toBe('INV-1042');
  });

  it('names it for the admin with its time, else its customer', () => {
    expect(recordLabel(appointment, checkUp, 'Africa/Nairobi')).toBe('Dental check-up · Wed 9 Dec 10:00');
    expect(recordLabel(invoice, { documentId: 'y', number: 'INV-1042', customerName: 'Amina Njoroge' }, 'UTC')).toBe(
      'INV-1042 · Amina Njoroge'
    );
  });
});
