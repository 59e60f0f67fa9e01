import { type ContentTypeView, checkTargetMapping, fieldsFitting } from '../target-mapping';
import { recipientOf, recordLabelOf, valueAt } from '../targets';
import { reasonText } from '../reasons';
import { buildTemplateContext, sampleRecord, templateVariablesOf, validateTemplate } from '../templates';

/** A host's booking type, with its customer one relation away, as the registry describes it from Strapi's schema. */
const booking: ContentTypeView = {
  uid: 'api::booking.booking',
  displayName: 'Booking',
  draftAndPublish: true,
  localized: false,
  attributes: {
    reference: { type: 'string' },
    startsAt: { type: 'datetime' },
    day: { type: 'date' },
    timezone: { type: 'string' },
    bookingStatus: { type: 'enumeration', enum: ['pending', 'confirmed', 'cancelled'] },
    price: { type: 'decimal' },
    seats: { type: 'integer' },
    paid: { type: 'boolean' },
    secret: { type: 'string', private: true },
    createdAt: { type: 'datetime' },
    customer: {
      type: 'relation',
      relatedAttributes: {
        name: { type: 'string' },
        phone: { type: 'string' },
        language: { type: 'enumeration', enum: ['en', 'sw'] },
        password: { type: 'password', private: true },
      },
    },
  },
};

const mapping = {
  uid: 'api::booking.booking',
  phone: 'customer.phone',
  name: 'customer.name',
  language: 'customer.language',
  timezone: 'timezone',
  label: 'reference',
  anchors: ['startsAt', 'day'],
  statuses: ['bookingStatus'],
  amounts: ['price'],
  currency: 'KES',
};

const defined = (overrides: Record<string, unknown> = {}, type: ContentTypeView | undefined = booking) => {
  const checked = checkTargetMapping('booking', { ...mapping, ...overrides }, type);
  if (!checked.ok) throw new Error(JSON.stringify(checked.errors));
  return checked.value;
};
const refused = (overrides: Record<string, unknown>, type: ContentTypeView | null = booking, key = 'booking') => {
  const checked = checkTargetMapping(key, { ...mapping, ...overrides }, type ?? undefined);
  return checked.ok ? [] : checked.errors.map((error) => [error.path, error.message]);
};

describe('fieldsFitting', () => {
  it('offers each part of a mapping only the fields of fitting types, relations one step away included', () => {
    expect(fieldsFitting(booking)).toEqual({
      phone: ['reference', 'timezone', 'customer.name', 'customer.phone'],
      staffPhone: ['reference', 'timezone', 'customer.name', 'customer.phone'],
      email: ['reference', 'timezone', 'customer.name', 'customer.phone'],
      name: ['reference', 'timezone', 'customer.name', 'customer.phone'],
      language: ['reference', 'timezone', 'bookingStatus', 'customer.name', 'customer.phone', 'customer.language'],
      timezone: ['reference', 'timezone', 'bookingStatus'],
      label: ['reference', 'timezone', 'seats'],
      anchors: ['startsAt', 'day'],
      statuses: ['bookingStatus'],
      amounts: ['price', 'seats'],
      currencyField: ['reference', 'timezone', 'bookingStatus'],
    });
  });
});

describe('checkTargetMapping', () => {
  it('defines a target from a mapping: date anchors send at a time of day, date-times at their time', () => {
    const target = defined();
    expect(target).toMatchObject({
      key: 'booking',
      uid: 'api::booking.booking',
      displayName: 'Booking',
      builtIn: false,
      paths: {
        phone: 'customer.phone',
        name: 'customer.name',
        language: 'customer.language',
        timezone: 'timezone',
        label: 'reference',
      },
      conditions: {
        bookingStatus: { kind: 'choice', values: ['pending', 'confirmed', 'cancelled'] },
        price: { kind: 'amount' },
      },
      defaultConditions: [],
      templates: 'record',
      currency: { code: 'KES' },
      publishedOnly: true,
    });
    expect(target.anchors).toEqual({
      startsAt: { field: 'startsAt', kind: 'instant', name: 'startsAt' },
      day: { field: 'day', kind: 'date', name: 'day' },
      created: { field: 'createdAt', kind: 'instant', name: 'creation time' },
      instantly: { field: 'createdAt', kind: 'instant', name: 'creation time' },
      bookingStatus_changed: {
        field: 'bookingStatus',
        kind: 'event',
        name: 'bookingStatus change',
        event: { change: 'status' },
      },
      startsAt_moved: { field: 'startsAt', kind: 'event', name: 'startsAt moved', event: { change: 'moved' } },
      day_moved: { field: 'day', kind: 'event', name: 'day moved', event: { change: 'moved' } },
    });
    // Private fields never reach a template.
    expect(Object.keys(target.recordFields)).toEqual([
      'reference',
      'startsAt',
      'day',
      'timezone',
      'bookingStatus',
      'price',
      'seats',
      'paid',
    ]);
  });

  it.each([
    [{ phone: undefined }, [['phone', 'phone is required']]],
    [
      { phone: 'price' },
      [['phone', "phone must be one of the type's fitting fields: reference, timezone, customer.name, customer.phone"]],
    ],
    [{ anchors: [] }, [['anchors', 'anchors needs at least one date or date-time field (startsAt, day)']]],
    [{ anchors: ['reference'] }, [['anchors[0]', 'anchors[0] "reference" must be one of: startsAt, day']]],
    [{ statuses: ['price'] }, [['statuses[0]', 'statuses[0] "price" must be one of: bookingStatus']]],
    [
      { timezone: 'customer.language' },
      [['timezone', "timezone must be one of the type's fitting fields: reference, timezone, bookingStatus"]],
    ],
    [{ currency: 'XYZ' }, [['currency', 'currency must be an ISO 4217 currency code such as KES']]],
    [
      { currencyField: 'reference' },
      [['currency', 'currency and currencyField cannot both be set: the amounts have one currency']],
    ],
    [{ locale: 'en' }, [['locale', 'locale applies only to localised types']]],
    [{ colour: 'red' }, [['colour', expect.stringContaining('colour is not part of a target mapping')]]],
  ])('refuses %j, naming the field', (overrides, errors) => {
    expect(refused(overrides)).toEqual(errors);
  });

  it('refuses a type that is not a collection type of the app, and a key that is taken or malformed', () => {
    expect(refused({}, null)).toEqual([['uid', 'uid "api::booking.booking" is not a collection type of this app']]);
    expect(refused({}, booking, 'invoice')).toEqual([['key', 'key "invoice" is taken: choose another key']]);
    expect(refused({}, booking, 'Bad Key')).toEqual([
      ['key', 'key must be lowercase letters, digits and hyphens, starting with a letter (at most 40)'],
    ]);
  });

  it('needs the locale whose documents count on a localised type', () => {
    const localised = { ...booking, localized: true };
    expect(refused({}, localised)).toEqual([
      ['locale', 'locale is required for a localised type: the locale whose documents are reminded, such as en'],
    ]);
    expect(defined({ locale: 'fr' }, localised).locale).toBe('fr');
  });

  it('names where a config mapping was written', () => {
    const checked = checkTargetMapping('booking', { ...mapping, phone: undefined }, booking, 'targets.booking.');
    expect(checked).toEqual({
      ok: false,
      errors: [{ path: 'targets.booking.phone', message: 'targets.booking.phone is required' }],
    });
  });
});

describe('a host target’s records', () => {
  const target = defined();
  const record = {
    documentId: 'doc-1',
    reference: 'BK-2001',
    startsAt: '2026-03-10T10:00:00.000Z',
    day: '2026-03-10',
    price: '1500.5',
    seats: 2,
    paid: false,
    customer: { name: 'Wambui', phone: '0712 345 678', language: 'sw' },
  };

  it('reads paths one relation away, and numbers as people write them in the default region', () => {
    expect(valueAt(record, 'customer.phone')).toBe('0712 345 678');
    expect(valueAt({ customer: null }, 'customer.phone')).toBeUndefined();
    expect(recipientOf(target, record, 'customer', 'KE')).toEqual({ ok: true, phone: '+254712345678' });
    const refused = recipientOf(target, { ...record, customer: { phone: '12' } }, 'customer', 'KE');
    expect(refused.ok ? null : reasonText(refused.reason)).toBe(
      'The customer phone "12" is not a valid phone number (default region KE)'
    );
    expect(recipientOf(target, { ...record, customer: null }, 'customer', 'KE')).toEqual({
      ok: false,
      reason: { key: 'noPhone', values: { role: 'customer', target: 'booking' } },
    });
    expect(recordLabelOf(target, record)).toBe('BK-2001');
    expect(recordLabelOf(target, { documentId: 'doc-2' })).toBe('doc-2');
  });

  it('shows templates record.<field>, the customer, the currency, links.view and reply.hint', () => {
    expect(templateVariablesOf(target)).toEqual([
      'customer.name',
      'customer.phone',
      'recipient.name',
      'recipient.kind',
      'company.name',
      'record.reference',
      'record.startsAt',
      'record.day',
      'record.timezone',
      'record.bookingStatus',
      'record.price',
      'record.seats',
      'record.paid',
      'currency',
      'links.view',
      'reply.hint',
    ]);
    const settings = {
      companyName: 'Acme',
      links: { view: 'https://x.test/b/{number}' },
      timeZone: 'Africa/Nairobi',
      locale: 'en',
    };
    expect(buildTemplateContext(target, record, settings, new Date('2026-03-01T00:00:00Z'))).toEqual({
      customer: { name: 'Wambui', phone: '0712 345 678' },
      recipient: { kind: 'customer', name: 'Wambui' },
      company: { name: 'Acme' },
      record: {
        reference: 'BK-2001',
        startsAt: '2026-03-10T10:00:00.000Z',
        day: '2026-03-10',
        timezone: null,
        bookingStatus: null,
        price: '1500.50',
        seats: '2',
        paid: false,
      },
      currency: 'KES',
      links: { view: 'https://x.test/b/BK-2001' },
      reply: { hint: '' },
    });
  });

  it('validates templates against the mapping, with a sample record for rendering', () => {
    expect(
      validateTemplate('{{ record.reference }} {{ record.price | money }} {{ record.startsAt | datetime }}', target)
    ).toEqual([]);
    expect(validateTemplate('{{ record.refrence }}', target)).toEqual([
      {
        path: 'record.refrence',
        message: 'line 1, column 4: unknown variable "record.refrence"; did you mean record.reference?',
      },
    ]);
    expect(sampleRecord(target, new Date('2026-03-01T00:00:00Z'), 'Africa/Nairobi')).toMatchObject({
      reference: 'Booking 1001',
      bookingStatus: 'pending',
      customer: { name: 'Wanjiku Kamau', phone: '+254712345678', language: 'en' },
    });
  });
});
