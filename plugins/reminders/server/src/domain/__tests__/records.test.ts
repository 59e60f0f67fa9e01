import { checkAppointment, checkInvoice, checkOptOut, type RecordRules } from '../records';

const rules: RecordRules = { defaultRegion: 'KE', languages: ['en', 'ar', 'fr', 'sw'] };

const invoice = (overrides: Record<string, unknown> = {}): Record<string, unknown> => ({
  number: 'INV-2026-001',
  customerName: 'Amina Wanjiru',
  phone: '0712 345 678',
  currency: 'KES',
  total: '1500.50',
  issueDate: '2026-11-01',
  dueDate: '2026-11-30',
  ...overrides,
});

const appointment = (overrides: Record<string, unknown> = {}): Record<string, unknown> => ({
  title: 'Dental check-up',
  customerName: 'Amina Wanjiru',
  phone: '0712 345 678',
  startsAt: '2026-12-01T09:00:00+03:00',
  endsAt: '2026-12-01T10:00:00+03:00',
  ...overrides,
});

const error = (path: string, message: string) => ({ path, message });

describe('checkInvoice', () => {
  it('derives the phone, the amounts and the payment status of a new invoice', () => {
    expect(checkInvoice(invoice(), rules)).toEqual({
      ok: true,
      value: {
        phone: '+254712345678',
        total: '1500.50',
        amountPaid: '0.00',
        balance: '1500.50',
        paymentStatus: 'unpaid',
      },
    });
  });

  it('accepts every optional field when it is valid', () => {
    const result = checkInvoice(
      invoice({
        email: 'amina@example.co.ke',
        language: 'sw',
        timezone: 'Africa/Nairobi',
        invoiceStatus: 'sent',
        paymentStatus: 'unpaid',
      }),
      rules
    );
    expect(result).toEqual({
      ok: true,
      value: {
        phone: '+254712345678',
        total: '1500.50',
        amountPaid: '0.00',
        balance: '1500.50',
        paymentStatus: 'unpaid',
      },
    });
  });

  it.each([
    ['KES', '1500', '500', { total: '1500.00', amountPaid: '500.00', balance: '1000.00' }],
    ['JOD', '10.5', '0.25', { total: '10.500', amountPaid: '0.250', balance: '10.250' }],
    ['UGX', '50000', '20000', { total: '50000', amountPaid: '20000', balance: '30000' }],
    ['XOF', '7500', '2500', { total: '7500', amountPaid: '2500', balance: '5000' }],
  ])('writes %s amounts with the currency digits', (currency, total, amountPaid, amounts) => {
    expect(checkInvoice(invoice({ currency, total, amountPaid }), rules)).toEqual({
      ok: true,
      value: { phone: '+254712345678', ...amounts, paymentStatus: 'partially_paid' },
    });
  });

  it('reads amounts given as numbers', () => {
    expect(checkInvoice(invoice({ total: 1500.5, amountPaid: 0.5 }), rules)).toEqual({
      ok: true,
      value: {
        phone: '+254712345678',
        total: '1500.50',
        amountPaid: '0.50',
        balance: '1500.00',
        paymentStatus: 'partially_paid',
      },
    });
  });

  it.each([
    ['0', 'unpaid', '1500.50'],
    ['0.00', 'unpaid', '1500.50'],
    ['0.01', 'partially_paid', '1500.49'],
    ['1500.49', 'partially_paid', '0.01'],
    ['1500.50', 'paid', '0.00'],
    ['1500.5000', 'paid', '0.00'],
  ])('with amountPaid %j derives paymentStatus %j and balance %j', (amountPaid, paymentStatus, balance) => {
    const result = checkInvoice(invoice({ amountPaid }), rules);
    expect(result).toEqual({ ok: true, value: expect.objectContaining({ paymentStatus, balance }) });
  });

  it.each([
    ['unpaid', undefined],
    ['partially_paid', '700'],
    ['paid', '1500.50'],
  ])('accepts paymentStatus %j when the amounts agree', (paymentStatus, amountPaid) => {
    const result = checkInvoice(invoice({ paymentStatus, amountPaid }), rules);
    expect(result).toEqual({ ok: true, value: expect.objectContaining({ paymentStatus }) });
  });

  it.each([[undefined], [null], ['']])('takes "paid" with amountPaid %p to mean paid in full', (amountPaid) => {
    expect(checkInvoice(invoice({ paymentStatus: 'paid', amountPaid }), rules)).toEqual({
      ok: true,
      value: {
        phone: '+254712345678',
        total: '1500.50',
        amountPaid: '1500.50',
        balance: '0.00',
        paymentStatus: 'paid',
      },
    });
  });

  it.each([
    ['paid', '500', 'partially_paid'],
    ['paid', '0', 'unpaid'],
    ['partially_paid', undefined, 'unpaid'],
    ['partially_paid', '1500.50', 'paid'],
    ['unpaid', '500', 'partially_paid'],
    ['unpaid', '1500.50', 'paid'],
  ])('refuses paymentStatus %j with amountPaid %p, which make it %j', (paymentStatus, amountPaid, derived) => {
    expect(checkInvoice(invoice({ paymentStatus, amountPaid }), rules)).toEqual({
      ok: false,
      errors: [
        error('paymentStatus', `paymentStatus "${paymentStatus}" contradicts the amounts, which make it "${derived}"`),
      ],
    });
  });

  it('refuses an amount paid above the total', () => {
    expect(checkInvoice(invoice({ amountPaid: '1500.51' }), rules)).toEqual({
      ok: false,
      errors: [error('amountPaid', 'amountPaid (1500.51) must not exceed total (1500.50)')],
    });
  });

  it('refuses a balance written by hand, naming the field, and accepts the derived one', () => {
    expect(checkInvoice(invoice({ amountPaid: '500', balance: '10' }), rules)).toEqual({
      ok: false,
      errors: [error('balance', 'balance is derived (total − amountPaid = 1000.50) and cannot be set')],
    });
    expect(checkInvoice(invoice({ amountPaid: '500', balance: 1000.5 }), rules)).toMatchObject({ ok: true });
  });

  it('refuses an amount paid above the total even when marked paid', () => {
    expect(checkInvoice(invoice({ paymentStatus: 'paid', amountPaid: '2000' }), rules)).toEqual({
      ok: false,
      errors: [error('amountPaid', 'amountPaid (2000.00) must not exceed total (1500.50)')],
    });
  });

  it.each([
    ['total', '-5', 'total must not be negative'],
    ['total', 'abc', 'total must be a decimal amount such as "1500.00"'],
    ['total', '10.005', 'total has more than 2 decimal places'],
    ['amountPaid', '-5', 'amountPaid must not be negative'],
    ['amountPaid', 'a lot', 'amountPaid must be a decimal amount such as "1500.00"'],
    ['amountPaid', '0.001', 'amountPaid has more than 2 decimal places'],
  ])('refuses %s %j', (path, value, message) => {
    expect(checkInvoice(invoice({ [path]: value }), rules)).toEqual({ ok: false, errors: [error(path, message)] });
  });

  it('refuses a decimal in a currency without minor units', () => {
    expect(checkInvoice(invoice({ currency: 'UGX', total: '50000.50' }), rules)).toEqual({
      ok: false,
      errors: [error('total', 'total has more than 0 decimal places')],
    });
  });

  it('accepts trailing zeros beyond the currency digits', () => {
    expect(checkInvoice(invoice({ total: '10.500' }), rules)).toEqual({
      ok: true,
      value: expect.objectContaining({ total: '10.50', balance: '10.50' }),
    });
  });

  it('refuses a due date before the issue date on the path "dueDate"', () => {
    expect(checkInvoice(invoice({ issueDate: '2026-11-30', dueDate: '2026-11-29' }), rules)).toEqual({
      ok: false,
      errors: [error('dueDate', 'dueDate (2026-11-29) must not be before issueDate (2026-11-30)')],
    });
  });

  it('accepts a due date on the issue date', () => {
    expect(checkInvoice(invoice({ issueDate: '2026-11-30', dueDate: '2026-11-30' }), rules).ok).toBe(true);
  });

  it.each([
    ['issueDate', '2026-02-30'],
    ['dueDate', '30/11/2026'],
    ['dueDate', '2026-11-30T00:00:00Z'],
  ])('refuses %s %j as not a calendar date', (path, value) => {
    expect(checkInvoice(invoice({ [path]: value }), rules)).toEqual({
      ok: false,
      errors: [error(path, `${path} must be a calendar date written YYYY-MM-DD`)],
    });
  });

  describe.each(['number', 'customerName', 'phone', 'currency', 'total', 'issueDate', 'dueDate'])(
    'when %s is missing',
    (path) => {
      it.each([[undefined], [null], ['']])('reports it on its own path when it is %p', (value) => {
        expect(checkInvoice(invoice({ [path]: value }), rules)).toEqual({
          ok: false,
          errors: [error(path, `${path} is required`)],
        });
      });
    }
  );

  it('reports every missing field at once', () => {
    expect(checkInvoice({}, rules)).toEqual({
      ok: false,
      errors: ['number', 'customerName', 'phone', 'currency', 'total', 'issueDate', 'dueDate'].map((path) =>
        error(path, `${path} is required`)
      ),
    });
  });

  it.each([
    ['XYZ', 'currency "XYZ" is not an ISO 4217 currency code such as KES'],
    ['kes', 'currency "kes" is not an ISO 4217 currency code such as KES'],
    ['KE', 'currency "KE" is not an ISO 4217 currency code such as KES'],
    [404, 'currency "404" is not an ISO 4217 currency code such as KES'],
  ])('refuses the currency %p', (currency, message) => {
    expect(checkInvoice(invoice({ currency }), rules)).toEqual({ ok: false, errors: [error('currency', message)] });
  });

  it.each(['amina', 'amina@', 'amina@example', 'amina wanjiru@example.com', `${'a'.repeat(250)}@example.com`])(
    'refuses the email %j',
    (email) => {
      expect(checkInvoice(invoice({ email }), rules)).toEqual({
        ok: false,
        errors: [error('email', 'email must be an email address')],
      });
    }
  );

  it('refuses an email that is not text', () => {
    expect(checkInvoice(invoice({ email: 42 }), rules)).toEqual({
      ok: false,
      errors: [error('email', 'email must be an email address')],
    });
  });

  it('takes the languages from the rules argument', () => {
    const narrow: RecordRules = { defaultRegion: 'KE', languages: ['en', 'sw'] };
    expect(checkInvoice(invoice({ language: 'sw' }), narrow).ok).toBe(true);
    expect(checkInvoice(invoice({ language: 'fr' }), narrow)).toEqual({
      ok: false,
      errors: [error('language', 'language must be one of: en, sw')],
    });
    expect(checkInvoice(invoice({ language: 'fr' }), rules).ok).toBe(true);
  });

  it.each(['de', 'EN', 'english'])('refuses the language %j', (language) => {
    expect(checkInvoice(invoice({ language }), rules)).toEqual({
      ok: false,
      errors: [error('language', 'language must be one of: en, ar, fr, sw')],
    });
  });

  it.each(['Mars/Olympus', 'Nairobi', 'EAT+3'])('refuses the timezone %j', (timezone) => {
    expect(checkInvoice(invoice({ timezone }), rules)).toEqual({
      ok: false,
      errors: [error('timezone', `timezone "${timezone}" is not an IANA time zone such as Africa/Nairobi`)],
    });
  });

  it.each(['archived', 'paid', 'Draft'])('refuses the invoiceStatus %j', (invoiceStatus) => {
    expect(checkInvoice(invoice({ invoiceStatus }), rules)).toEqual({
      ok: false,
      errors: [error('invoiceStatus', 'invoiceStatus must be one of: draft, sent, void')],
    });
  });

  it.each(['draft', 'sent', 'void'])('accepts the invoiceStatus %j', (invoiceStatus) => {
    expect(checkInvoice(invoice({ invoiceStatus }), rules).ok).toBe(true);
  });

  it('refuses a phone number that is not valid', () => {
    expect(checkInvoice(invoice({ phone: '12' }), rules)).toEqual({
      ok: false,
      errors: [error('phone', 'phone "12" is not a valid phone number (default region KE)')],
    });
  });

  it('reads a local phone number in the default region of the rules', () => {
    const uganda: RecordRules = { defaultRegion: 'UG', languages: ['en'] };
    expect(checkInvoice(invoice({ phone: '0772 123 456' }), uganda)).toEqual({
      ok: true,
      value: expect.objectContaining({ phone: '+256772123456' }),
    });
  });

  it.each([
    ['number', 'x'.repeat(65), 'number must be at most 64 characters'],
    ['number', 1001, 'number must be text'],
    ['customerName', 'x'.repeat(201), 'customerName must be at most 200 characters'],
  ])('refuses %s %p', (path, value, message) => {
    expect(checkInvoice(invoice({ [path]: value }), rules)).toEqual({ ok: false, errors: [error(path, message)] });
  });

  it('accepts text at the maximum length', () => {
    expect(checkInvoice(invoice({ number: 'x'.repeat(64), customerName: 'y'.repeat(200) }), rules).ok).toBe(true);
  });

  it('reports problems in several fields together', () => {
    expect(checkInvoice(invoice({ phone: 'abc', email: 'nope', dueDate: '2026-10-01' }), rules)).toEqual({
      ok: false,
      errors: [
        error('phone', 'phone "abc" is not a valid phone number (default region KE)'),
        error('email', 'email must be an email address'),
        error('dueDate', 'dueDate (2026-10-01) must not be before issueDate (2026-11-01)'),
      ],
    });
  });

  describe('on an update (the stored record with the change applied)', () => {
    /** A row as the database gives it back (PostgreSQL returns decimals as strings with 4 places). */
    const stored: Record<string, unknown> = {
      id: 7,
      documentId: 'h3k2j1x0invoice',
      number: 'INV-2026-001',
      customerName: 'Amina Wanjiru',
      phone: '+254712345678',
      email: null,
      language: 'en',
      timezone: null,
      currency: 'KES',
      total: '1500.5000',
      amountPaid: '0.0000',
      balance: '1500.5000',
      paymentStatus: 'unpaid',
      invoiceStatus: 'sent',
      issueDate: '2026-11-01',
      dueDate: '2026-11-30',
      createdAt: '2026-11-01T08:00:00.000Z',
      updatedAt: '2026-11-01T08:00:00.000Z',
    };
    const paidInFull = { ...stored, amountPaid: '1500.5000', balance: '0.0000', paymentStatus: 'paid' };
    const update = (before: Record<string, unknown>, change: Record<string, unknown>) =>
      checkInvoice({ ...before, ...change }, rules, before);
    it('takes the stored balance sent back with a new total as an echo (the Content Manager sends the whole record)', () => {
      expect(update(stored, { total: 2000, balance: 1500.5 })).toMatchObject({
        ok: true,
        value: expect.objectContaining({ balance: '2000.00' }),
      });
      expect(update(stored, { total: 2000, balance: 5 })).toMatchObject({
        ok: false,
        errors: [expect.objectContaining({ path: 'balance' })],
      });
    });

    const amounts = (total: string, amountPaid: string, balance: string, paymentStatus: string) => ({
      ok: true,
      value: { phone: '+254712345678', total, amountPaid, balance, paymentStatus },
    });

    it('derives the same values when an unrelated field changes', () => {
      expect(update(stored, { customerName: 'Amina W.' })).toEqual(amounts('1500.50', '0.00', '1500.50', 'unpaid'));
    });

    it('derives the same values without the stored record', () => {
      expect(checkInvoice({ ...stored, customerName: 'Amina W.' }, rules)).toEqual(
        amounts('1500.50', '0.00', '1500.50', 'unpaid')
      );
    });

    it('derives the new balance from a payment recorded with its status', () => {
      expect(update(stored, { amountPaid: '500', paymentStatus: 'partially_paid' })).toEqual(
        amounts('1500.50', '500.00', '1000.50', 'partially_paid')
      );
    });

    it('lets the amounts decide when the stored status is echoed back with a new payment', () => {
      expect(update(stored, { amountPaid: '500', paymentStatus: 'unpaid' })).toEqual(
        amounts('1500.50', '500.00', '1000.50', 'partially_paid')
      );
      expect(update(stored, { amountPaid: '1500.50' })).toEqual(amounts('1500.50', '1500.50', '0.00', 'paid'));
    });

    it('takes a status changed to "paid" alone to mean paid in full', () => {
      expect(update(stored, { paymentStatus: 'paid' })).toEqual(amounts('1500.50', '1500.50', '0.00', 'paid'));
      expect(update(stored, { paymentStatus: 'paid', amountPaid: '0.00' })).toEqual(
        amounts('1500.50', '1500.50', '0.00', 'paid')
      );
    });

    it('takes a status changed to "unpaid" alone to mean nothing paid', () => {
      expect(update(paidInFull, { paymentStatus: 'unpaid' })).toEqual(amounts('1500.50', '0.00', '1500.50', 'unpaid'));
    });

    it('refuses a status changed to "partially_paid" without a payment', () => {
      expect(update(stored, { paymentStatus: 'partially_paid' })).toEqual({
        ok: false,
        errors: [
          error('paymentStatus', 'paymentStatus "partially_paid" contradicts the amounts, which make it "unpaid"'),
        ],
      });
    });

    it('refuses a status changed to "paid" with a partial payment', () => {
      expect(update(stored, { paymentStatus: 'paid', amountPaid: '500' })).toEqual({
        ok: false,
        errors: [
          error('paymentStatus', 'paymentStatus "paid" contradicts the amounts, which make it "partially_paid"'),
        ],
      });
    });

    it('makes a paid invoice partially paid when its total is raised', () => {
      expect(update(paidInFull, { total: '2000' })).toEqual(amounts('2000.00', '1500.50', '499.50', 'partially_paid'));
    });

    it('checks a changed date against the stored one', () => {
      expect(update(stored, { dueDate: '2026-10-15' })).toEqual({
        ok: false,
        errors: [error('dueDate', 'dueDate (2026-10-15) must not be before issueDate (2026-11-01)')],
      });
    });

    it('checks a lowered total against the stored amount paid', () => {
      const partly = { ...stored, amountPaid: '1000.0000', balance: '500.5000', paymentStatus: 'partially_paid' };
      expect(update(partly, { total: '900' })).toEqual({
        ok: false,
        errors: [error('amountPaid', 'amountPaid (1000.00) must not exceed total (900.00)')],
      });
    });

    it('reports a cleared required field', () => {
      expect(update(stored, { phone: null })).toEqual({ ok: false, errors: [error('phone', 'phone is required')] });
    });

    it('refuses a bad change as it would on create', () => {
      expect(update(stored, { currency: 'XYZ', email: 'nope' })).toEqual({
        ok: false,
        errors: [
          error('email', 'email must be an email address'),
          error('currency', 'currency "XYZ" is not an ISO 4217 currency code such as KES'),
        ],
      });
    });

    it('reads amounts stored as numbers (SQLite)', () => {
      const sqlite = { ...stored, total: 1500.5, amountPaid: 0, balance: 1500.5 };
      expect(update(sqlite, { customerName: 'Amina W.' })).toEqual(amounts('1500.50', '0.00', '1500.50', 'unpaid'));
      expect(update(sqlite, { paymentStatus: 'paid' })).toEqual(amounts('1500.50', '1500.50', '0.00', 'paid'));
      expect(update(sqlite, { amountPaid: 200 })).toEqual(amounts('1500.50', '200.00', '1300.50', 'partially_paid'));
    });
  });
});

describe('checkAppointment', () => {
  it('normalises the phones and writes the instants in UTC', () => {
    expect(checkAppointment(appointment({ staffPhone: '+254 733 123 456' }), rules)).toEqual({
      ok: true,
      value: {
        phone: '+254712345678',
        staffPhone: '+254733123456',
        startsAt: '2026-12-01T06:00:00.000Z',
        endsAt: '2026-12-01T07:00:00.000Z',
      },
    });
  });

  it('accepts an appointment without an end', () => {
    expect(checkAppointment(appointment({ endsAt: undefined }), rules)).toEqual({
      ok: true,
      value: { phone: '+254712345678', startsAt: '2026-12-01T06:00:00.000Z' },
    });
  });

  it('accepts Date values for the instants', () => {
    const result = checkAppointment(
      appointment({ startsAt: new Date('2026-12-01T06:00:00.000Z'), endsAt: new Date('2026-12-01T06:30:00.000Z') }),
      rules
    );
    expect(result).toEqual({
      ok: true,
      value: { phone: '+254712345678', startsAt: '2026-12-01T06:00:00.000Z', endsAt: '2026-12-01T06:30:00.000Z' },
    });
  });

  it('refuses an end before the start on "endsAt"', () => {
    expect(checkAppointment(appointment({ endsAt: '2026-12-01T08:59:00+03:00' }), rules)).toEqual({
      ok: false,
      errors: [
        error('endsAt', 'endsAt (2026-12-01T05:59:00.000Z) must not be before startsAt (2026-12-01T06:00:00.000Z)'),
      ],
    });
  });

  it('accepts an end equal to the start', () => {
    expect(checkAppointment(appointment({ endsAt: '2026-12-01T06:00:00Z' }), rules).ok).toBe(true);
  });

  it('compares instants, not the clock readings of different offsets', () => {
    expect(checkAppointment(appointment({ endsAt: '2026-12-01T08:00:00+00:00' }), rules)).toEqual({
      ok: true,
      value: expect.objectContaining({ endsAt: '2026-12-01T08:00:00.000Z' }),
    });
    expect(checkAppointment(appointment({ endsAt: '2026-12-01T10:00:00+05:00' }), rules)).toEqual({
      ok: false,
      errors: [
        error('endsAt', 'endsAt (2026-12-01T05:00:00.000Z) must not be before startsAt (2026-12-01T06:00:00.000Z)'),
      ],
    });
  });

  it.each([
    ['startsAt', '2026-12-01T09:00:00'],
    ['startsAt', '2026-12-01'],
    ['endsAt', '2026-12-01T10:00'],
    ['endsAt', 'after lunch'],
  ])('refuses %s %j without an offset', (path, value) => {
    expect(checkAppointment(appointment({ [path]: value }), rules)).toEqual({
      ok: false,
      errors: [
        error(path, `${path} must be an ISO 8601 date-time with a UTC offset, such as 2026-12-01T09:00:00+03:00`),
      ],
    });
  });

  it.each(['scheduled', 'confirmed', 'cancelled', 'completed', 'no_show'])(
    'accepts the appointmentStatus %j',
    (appointmentStatus) => {
      expect(checkAppointment(appointment({ appointmentStatus }), rules).ok).toBe(true);
    }
  );

  it.each(['postponed', 'Scheduled', 'noshow'])('refuses the appointmentStatus %j', (appointmentStatus) => {
    expect(checkAppointment(appointment({ appointmentStatus }), rules)).toEqual({
      ok: false,
      errors: [
        error(
          'appointmentStatus',
          'appointmentStatus must be one of: scheduled, confirmed, cancelled, completed, no_show'
        ),
      ],
    });
  });

  it.each(['phone', 'staffPhone'])('refuses an invalid %s', (path) => {
    expect(checkAppointment(appointment({ [path]: '0712' }), rules)).toEqual({
      ok: false,
      errors: [error(path, `${path} "0712" is not a valid phone number (default region KE)`)],
    });
  });

  describe.each(['title', 'customerName', 'phone', 'startsAt'])('when %s is missing', (path) => {
    it.each([[undefined], [null], ['']])('reports it on its own path when it is %p', (value) => {
      expect(checkAppointment(appointment({ [path]: value }), rules)).toEqual({
        ok: false,
        errors: [error(path, `${path} is required`)],
      });
    });
  });

  it.each([
    ['title', 'x'.repeat(201), 'title must be at most 200 characters'],
    ['location', 'x'.repeat(501), 'location must be at most 500 characters'],
    ['staffName', 'x'.repeat(201), 'staffName must be at most 200 characters'],
    ['location', 12, 'location must be text'],
    ['email', 'dr.otieno', 'email must be an email address'],
    ['language', 'de', 'language must be one of: en, ar, fr, sw'],
    ['timezone', 'Mars/Olympus', 'timezone "Mars/Olympus" is not an IANA time zone such as Africa/Nairobi'],
  ])('refuses %s %p', (path, value, message) => {
    expect(checkAppointment(appointment({ [path]: value }), rules)).toEqual({
      ok: false,
      errors: [error(path, message)],
    });
  });

  it('checks an update against the stored start', () => {
    const stored = {
      id: 3,
      documentId: 'appt3',
      title: 'Dental check-up',
      customerName: 'Amina Wanjiru',
      phone: '+254712345678',
      staffPhone: null,
      startsAt: '2026-12-01T06:00:00.000Z',
      endsAt: null,
      appointmentStatus: 'scheduled',
    };
    expect(checkAppointment({ ...stored, endsAt: '2026-12-01T08:00:00+03:00' }, rules)).toEqual({
      ok: false,
      errors: [
        error('endsAt', 'endsAt (2026-12-01T05:00:00.000Z) must not be before startsAt (2026-12-01T06:00:00.000Z)'),
      ],
    });
    expect(checkAppointment({ ...stored, appointmentStatus: 'confirmed' }, rules)).toEqual({
      ok: true,
      value: { phone: '+254712345678', startsAt: '2026-12-01T06:00:00.000Z' },
    });
  });
});

describe('checkOptOut', () => {
  it('normalises the phone', () => {
    expect(checkOptOut({ phone: '0712 345 678', note: 'Replied STOP' }, rules)).toEqual({
      ok: true,
      value: { phone: '+254712345678' },
    });
  });

  it('keeps an international number from another country', () => {
    expect(checkOptOut({ phone: '+256 772 123 456' }, rules)).toEqual({ ok: true, value: { phone: '+256772123456' } });
  });

  it.each([[undefined], [null], ['']])('refuses a missing phone (%p)', (phone) => {
    expect(checkOptOut({ phone }, rules)).toEqual({ ok: false, errors: [error('phone', 'phone is required')] });
  });

  it('refuses an invalid phone', () => {
    expect(checkOptOut({ phone: 'abc' }, rules)).toEqual({
      ok: false,
      errors: [error('phone', 'phone "abc" is not a valid phone number (default region KE)')],
    });
  });

  it('refuses a note over 500 characters', () => {
    expect(checkOptOut({ phone: '0712345678', note: 'x'.repeat(501) }, rules)).toEqual({
      ok: false,
      errors: [error('note', 'note must be at most 500 characters')],
    });
  });
});

describe('checkOptOut of an e-mail address', () => {
  it('stores the address trimmed and lower-cased', () => {
    expect(checkOptOut({ channel: 'email', email: ' Jane@Example.COM ', phone: '' }, rules)).toEqual({
      ok: true,
      value: { email: 'jane@example.com', phone: null },
    });
  });

  it('keeps an SMS opt-out on its phone, the empty e-mail field stored as null (its unique index would count "")', () => {
    expect(checkOptOut({ channel: 'sms', phone: '0712345678', email: '' }, rules)).toEqual({
      ok: true,
      value: { phone: '+254712345678', email: null },
    });
  });

  it.each([[undefined], [null], ['']])('refuses a missing address (%p)', (email) => {
    expect(checkOptOut({ channel: 'email', email }, rules)).toEqual({
      ok: false,
      errors: [error('email', 'email is required')],
    });
  });

  it('refuses something that is not an address', () => {
    expect(checkOptOut({ channel: 'email', email: 'jane at example' }, rules)).toEqual({
      ok: false,
      errors: [error('email', 'email "jane at example" is not an e-mail address like name@example.com')],
    });
  });

  it('refuses a phone on an e-mail opt-out and an address on an SMS one', () => {
    expect(checkOptOut({ channel: 'email', email: 'jane@example.com', phone: '0712345678' }, rules)).toEqual({
      ok: false,
      errors: [error('phone', 'phone must be empty on an opt-out of channel email (one entry per channel)')],
    });
    expect(checkOptOut({ phone: '0712345678', email: 'jane@example.com' }, rules)).toEqual({
      ok: false,
      errors: [error('email', 'email must be empty on an opt-out of channel sms (one entry per channel)')],
    });
  });

  it('refuses an unknown channel', () => {
    expect(checkOptOut({ channel: 'fax', phone: '0712345678' }, rules)).toEqual({
      ok: false,
      errors: [error('channel', 'channel must be one of: sms, email')],
    });
  });
});

describe('checkInvoice with an invalid payment status', () => {
  it('reports it once, not also as contradicting the amounts', () => {
    const result = checkInvoice(invoice({ paymentStatus: 'bogus' }), rules);
    expect(result).toEqual({
      ok: false,
      errors: [error('paymentStatus', 'paymentStatus must be one of: unpaid, partially_paid, paid')],
    });
  });
});
