import { checkAppointmentTypes, checkCustomStatuses, customStatusesOf } from '../custom-statuses';
import { checkAppointment, checkInvoice } from '../records';
import { configuredBuiltInTargets } from '../targets';

describe('custom status values (config statuses)', () => {
  it('accepts new snake_case values, with or without a label', () => {
    expect(
      checkCustomStatuses({
        invoiceStatus: ['disputed'],
        appointmentStatus: [{ value: 'checked_in', label: 'Checked in' }],
      })
    ).toEqual([]);
    expect(checkCustomStatuses({})).toEqual([]);
  });

  it.each([
    [[], 'statuses must be an object'],
    [
      { paymentStatus: ['overdue'] },
      'statuses.paymentStatus: only invoiceStatus and appointmentStatus take custom values',
    ],
    [{ invoiceStatus: 'disputed' }, 'statuses.invoiceStatus must be a list'],
    [{ invoiceStatus: ['Disputed'] }, 'statuses.invoiceStatus[0] must be a lower-case word'],
    [{ invoiceStatus: [{ label: 'x' }] }, 'statuses.invoiceStatus[0] must be a lower-case word'],
    [{ invoiceStatus: ['void'] }, 'statuses.invoiceStatus[0]: "void" is already a invoiceStatus value'],
    [{ appointmentStatus: ['late', 'late'] }, 'statuses.appointmentStatus[1]: "late" is already'],
    [{ invoiceStatus: [{ value: 'disputed', label: '' }] }, 'statuses.invoiceStatus[0].label must be a text'],
  ])('refuses %j', (statuses, problem) => {
    expect(checkCustomStatuses(statuses).join('; ')).toContain(problem);
  });

  it('reads plain values and labelled ones alike', () => {
    expect(
      customStatusesOf({ statuses: { invoiceStatus: ['disputed', { value: 'written_off', label: 'Written off' }] } })
    ).toEqual({
      invoiceStatus: [{ value: 'disputed' }, { value: 'written_off', label: 'Written off' }],
    });
  });

  it('records accept them after the built-in ones, and nothing else', () => {
    const rules = {
      defaultRegion: 'KE' as const,
      languages: ['en'],
      statuses: { invoiceStatus: [{ value: 'disputed' }] },
    };
    const invoice = {
      number: '1',
      customerName: 'W',
      phone: '+254712345678',
      currency: 'KES',
      total: '10',
      issueDate: '2026-01-01',
      dueDate: '2026-01-02',
    };
    expect(checkInvoice({ ...invoice, invoiceStatus: 'disputed' }, rules).ok).toBe(true);
    expect(checkInvoice({ ...invoice, invoiceStatus: 'lost' }, rules)).toEqual({
      ok: false,
      errors: [{ path: 'invoiceStatus', message: 'invoiceStatus must be one of: draft, sent, void, disputed' }],
    });
    expect(checkInvoice({ ...invoice, invoiceStatus: 'disputed' }, { ...rules, statuses: {} }).ok).toBe(false);
  });

  it('rules’ conditions offer them with their labels', () => {
    const targets = configuredBuiltInTargets({ appointmentStatus: [{ value: 'checked_in', label: 'Checked in' }] });
    expect(targets.appointment.conditions.appointmentStatus).toEqual({
      kind: 'choice',
      values: ['scheduled', 'confirmed', 'cancelled', 'completed', 'no_show', 'checked_in'],
      labels: { checked_in: 'Checked in' },
    });
    expect(targets.invoice.conditions.invoiceStatus).toEqual({ kind: 'choice', values: ['draft', 'sent', 'void'] });
  });
});

describe('appointment types (config appointmentTypes)', () => {
  const appointment = { title: 'A', customerName: 'G', phone: '+254712345678', startsAt: '2026-12-01T09:00:00Z' };
  const rules = { defaultRegion: 'KE' as const, languages: ['en'] };

  it('are free text when none are listed, a choice when some are', () => {
    expect(configuredBuiltInTargets().appointment.conditions.appointmentType).toEqual({ kind: 'text' });
    expect(configuredBuiltInTargets({}, ['consultation']).appointment.conditions.appointmentType).toEqual({
      kind: 'choice',
      values: ['consultation'],
    });
    expect(checkAppointment({ ...appointment, appointmentType: 'anything' }, rules).ok).toBe(true);
    expect(
      checkAppointment({ ...appointment, appointmentType: 'x' }, { ...rules, appointmentTypes: ['consultation'] })
    ).toEqual({
      ok: false,
      errors: [{ path: 'appointmentType', message: 'appointmentType must be one of: consultation' }],
    });
  });

  it.each([
    ['consultation', 'appointmentTypes must be a list'],
    [[''], 'appointmentTypes[0] must be a text of 1 to 100 characters'],
    [['a', 'a'], 'appointmentTypes[1]: "a" is listed twice'],
  ])('refuses the config %j', (types, problem) => {
    expect(checkAppointmentTypes(types).join('; ')).toContain(problem);
    expect(checkAppointmentTypes(['consultation', 'follow_up'])).toEqual([]);
  });
});
