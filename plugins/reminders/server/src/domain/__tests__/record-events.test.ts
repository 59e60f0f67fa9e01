import { changeContext, detectEvents, eventFieldsOf, sampleEvent } from '../record-events';
import { checkTargetMapping } from '../target-mapping';
import { BUILT_IN_TARGETS } from '../targets';
import { validateTemplate } from '../templates';

const { invoice, appointment } = BUILT_IN_TARGETS;

describe('detectEvents', () => {
  const unpaid = { paymentStatus: 'unpaid', invoiceStatus: 'sent', amountPaid: '0.00' };

  it('finds "paid in full", the payment and the payment status change in one write', () => {
    expect(detectEvents(invoice, unpaid, { ...unpaid, paymentStatus: 'paid', amountPaid: '500.00' })).toEqual([
      { anchor: 'paid', from: 'unpaid', to: 'paid' },
      { anchor: 'payment_received', from: '0', to: '500' },
      { anchor: 'payment_status_changed', from: 'unpaid', to: 'paid' },
    ]);
  });

  it('finds nothing in a save that changed none of its fields, nor in a create or a delete', () => {
    expect(detectEvents(invoice, unpaid, { ...unpaid, amountPaid: '0' })).toEqual([]);
    expect(detectEvents(invoice, null, unpaid)).toEqual([]);
    expect(detectEvents(invoice, unpaid, null)).toEqual([]);
  });

  it('a payment is an amount that grew: a refund is not one', () => {
    const partly = { ...unpaid, paymentStatus: 'partially_paid', amountPaid: '400.00' };
    expect(detectEvents(invoice, partly, { ...partly, amountPaid: '300.00' }).map((event) => event.anchor)).toEqual([]);
  });

  it('a move compares instants, not how they are written; a time set for the first time is no move', () => {
    const booked = { appointmentStatus: 'scheduled', startsAt: '2026-03-10T07:00:00Z' };
    expect(detectEvents(appointment, booked, { ...booked, startsAt: new Date('2026-03-10T07:00:00.000Z') })).toEqual(
      []
    );
    expect(detectEvents(appointment, booked, { ...booked, startsAt: '2026-03-10T10:00:00+03:00' })).toEqual([]);
    expect(detectEvents(appointment, booked, { ...booked, startsAt: '2026-03-11T07:00:00Z' })).toEqual([
      { anchor: 'rescheduled', from: '2026-03-10T07:00:00.000Z', to: '2026-03-11T07:00:00.000Z' },
    ]);
    expect(detectEvents(appointment, { ...booked, startsAt: null }, booked)).toEqual([]);
  });

  it('a status event fires on becoming its value; "status changed" on any change', () => {
    const booked = { appointmentStatus: 'scheduled', startsAt: '2026-03-10T07:00:00Z' };
    expect(detectEvents(appointment, booked, { ...booked, appointmentStatus: 'no_show' })).toEqual([
      { anchor: 'no_show', from: 'scheduled', to: 'no_show' },
      { anchor: 'status_changed', from: 'scheduled', to: 'no_show' },
    ]);
  });

  it('reads only the fields its events compare', () => {
    expect(eventFieldsOf(invoice)).toEqual(['paymentStatus', 'amountPaid', 'invoiceStatus']);
    expect(eventFieldsOf(appointment)).toEqual(['startsAt', 'appointmentStatus']);
  });
});

describe('changeContext', () => {
  it('gives a payment its amount and other events none', () => {
    expect(changeContext(invoice, 'payment_received', { from: '400', to: '650.5' })).toEqual({
      from: '400',
      to: '650.5',
      amount: '250.5',
    });
    expect(changeContext(appointment, 'cancelled', { from: 'scheduled', to: 'cancelled' })).toEqual({
      from: 'scheduled',
      to: 'cancelled',
      amount: null,
    });
  });
});

describe('event rule templates', () => {
  it('may use change.* in an event rule only', () => {
    const moved = 'Moved from {{ change.from | datetime }} to {{ change.to | datetime }}';
    expect(validateTemplate(moved, appointment, 'rescheduled')).toEqual([]);
    expect(validateTemplate(moved, appointment, 'starts_at')).toEqual([
      {
        path: 'change.from',
        message: 'line 1, column 15: "change.from" is only available in rules that count from an event',
      },
      {
        path: 'change.to',
        message: 'line 1, column 47: "change.to" is only available in rules that count from an event',
      },
    ]);
    expect(validateTemplate('Thanks for {{ change.amount | money }}', invoice, 'payment_received')).toEqual([]);
  });

  it('previews a plausible event on a record', () => {
    const record = { appointmentStatus: 'confirmed', startsAt: '2026-03-10T07:00:00Z' };
    expect(sampleEvent(appointment, 'rescheduled', record)).toEqual({
      anchor: 'rescheduled',
      from: '2026-03-09T07:00:00.000Z',
      to: '2026-03-10T07:00:00.000Z',
    });
    expect(sampleEvent(appointment, 'cancelled', record)).toEqual({
      anchor: 'cancelled',
      from: 'scheduled',
      to: 'cancelled',
    });
  });

  it('previews "status changed to …" as a change to the awaited value, whatever the status is now', () => {
    const record = { appointmentStatus: 'scheduled', startsAt: '2026-03-10T07:00:00Z' };
    expect(sampleEvent(appointment, 'status_changed', record, 'confirmed')).toEqual({
      anchor: 'status_changed',
      from: 'scheduled',
      to: 'confirmed',
    });
    // Any value: the record's status as it is now is the "after".
    expect(sampleEvent(appointment, 'status_changed', record, null)).toEqual({
      anchor: 'status_changed',
      from: 'confirmed',
      to: 'scheduled',
    });
  });
});

describe("a host type's events", () => {
  it('has one per status field and one per anchor field', () => {
    const mapped = checkTargetMapping(
      'booking',
      { uid: 'api::booking.booking', phone: 'phone', anchors: ['startsAt'], statuses: ['state'] },
      {
        uid: 'api::booking.booking',
        displayName: 'Booking',
        draftAndPublish: false,
        localized: false,
        attributes: {
          phone: { type: 'string' },
          startsAt: { type: 'datetime' },
          state: { type: 'enumeration', enum: ['booked', 'done'] },
        },
      }
    );
    expect(mapped.ok && Object.keys(mapped.value.anchors)).toEqual([
      'startsAt',
      'created',
      'instantly',
      'state_changed',
      'startsAt_moved',
    ]);
  });
});
