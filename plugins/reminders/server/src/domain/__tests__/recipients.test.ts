import { checkRule, builtIn } from './built-in-targets';
import { checkRule as checkRuleOf } from '../rule-definition';
import { fixedPhoneOf, kindOfRole, recipientsOf, roleOf, templateRecipientOf } from '../recipients';
import { BUILT_IN_TARGETS, type TargetDefinition, recipientOf } from '../targets';

const languages = ['en', 'ar'] as const;
const rule = (overrides: Record<string, unknown> = {}): Record<string, unknown> => ({
  name: 'Tomorrow',
  target: 'appointment',
  anchor: 'starts_at',
  steps: [{ amount: 1, unit: 'days', direction: 'before' }],
  templates: { en: 'Hi {{ recipient.name }} ({{ recipient.kind }}), see you {{ customer.name }}.' },
  ...overrides,
});
const error = (path: string, message: string) => ({ path, message });

describe('recipientsOf: the list, else the older single field', () => {
  it.each([
    [{}, [{ kind: 'customer' }]],
    [{ recipient: null }, [{ kind: 'customer' }]],
    [{ recipient: 'staff' }, [{ kind: 'staff' }]],
    [{ recipient: 'both' }, [{ kind: 'customer' }, { kind: 'staff' }]],
    [{ recipient: 'both', recipients: [] }, [{ kind: 'customer' }, { kind: 'staff' }]],
    [
      { recipient: 'both', recipients: [{ kind: 'fixed', phone: '+254700000001' }] },
      [{ kind: 'fixed', phone: '+254700000001' }],
    ],
  ])('%j → %j', (fields, expected) => {
    expect(recipientsOf(fields)).toEqual(expected);
  });

  it('names a fixed recipient by its number, and reads the number back', () => {
    const role = roleOf({ kind: 'fixed', phone: '+254700000001', name: 'Office' });
    expect(role).toBe('fixed:+254700000001');
    expect(role.length).toBeLessThanOrEqual(40); // the delivery's recipientRole column
    expect(fixedPhoneOf(role)).toBe('+254700000001');
    expect(fixedPhoneOf('staff')).toBeUndefined();
    expect([kindOfRole(role), kindOfRole('staff'), kindOfRole('customer')]).toEqual(['fixed', 'staff', 'customer']);
    expect(recipientOf(BUILT_IN_TARGETS.appointment, { phone: '+254712345678' }, role, 'KE')).toEqual({
      ok: true,
      phone: '+254700000001',
    });
  });
});

describe('templateRecipientOf: what {{ recipient.* }} shows', () => {
  const appointment = { customerName: 'Grace', staffName: 'Dr. Mwangi' };
  const withOffice = { recipients: [{ kind: 'fixed', phone: '+254700000001', name: 'Office' }] };
  it.each([
    ['customer', { kind: 'customer', name: 'Grace' }],
    ['staff', { kind: 'staff', name: 'Dr. Mwangi' }],
    ['fixed:+254700000001', { kind: 'fixed', name: 'Office' }],
    ['fixed:+254700000009', { kind: 'fixed', name: null }],
  ])('%s → %j', (role, expected) => {
    expect(templateRecipientOf(builtIn('appointment'), appointment, withOffice, role)).toEqual(expected);
  });

  it('an invoice staff member is its account manager', () => {
    expect(templateRecipientOf(builtIn('invoice'), { accountManagerName: 'Otieno' }, {}, 'staff')).toEqual({
      kind: 'staff',
      name: 'Otieno',
    });
  });
});

describe('checkRule: recipients', () => {
  it('accepts customer, staff and a fixed number, storing the number in E.164', () => {
    const recipients = [
      { kind: 'customer' },
      { kind: 'staff' },
      { kind: 'fixed', phone: '0700 000 001', name: ' Office ' },
    ];
    const checked = checkRule(rule({ recipients }), languages, { region: 'KE' });
    expect(checked).toMatchObject({
      ok: true,
      value: {
        recipients: [
          { kind: 'customer' },
          { kind: 'staff' },
          { kind: 'fixed', phone: '+254700000001', name: 'Office' },
        ],
      },
    });
  });

  it('needs a country code without a default region', () => {
    const checked = checkRule(rule({ recipients: [{ kind: 'fixed', phone: '0700 000 001' }] }), languages);
    expect(checked).toEqual({
      ok: false,
      errors: [
        error(
          'recipients[0].phone',
          'recipients[0].phone "0700 000 001" is not a valid phone number (written with its country code, such as +254…)'
        ),
      ],
    });
  });

  it.each([
    [[], 'recipients', 'recipients must be a list of 1 to 5 recipients'],
    ['customer', 'recipients', 'recipients must be a list of 1 to 5 recipients'],
    [Array(6).fill({ kind: 'customer' }), 'recipients', 'recipients must be a list of 1 to 5 recipients'],
    [[{ kind: 'manager' }], 'recipients[0].kind', 'recipients[0].kind must be one of: customer, staff, fixed'],
    [['customer'], 'recipients[0].kind', 'recipients[0].kind must be one of: customer, staff, fixed'],
    [
      [{ kind: 'customer' }, { kind: 'staff' }, { kind: 'fixed', phone: '12' }],
      'recipients[2].phone',
      'recipients[2].phone "12" is not a valid phone number (default region KE)',
    ],
    [[{ kind: 'fixed' }], 'recipients[0].phone', 'recipients[0].phone must be a phone number'],
    [[{ kind: 'fixed', phone: '+254700000001', name: 7 }], 'recipients[0].name', 'recipients[0].name must be text'],
    [[{ kind: 'customer' }, { kind: 'customer' }], 'recipients[1]', 'recipients[1] repeats a recipient'],
    [
      [
        { kind: 'fixed', phone: '+254700000001' },
        { kind: 'fixed', phone: '0700000001' },
      ],
      'recipients[1]',
      'recipients[1] repeats a recipient',
    ],
  ])('refuses %j naming %s', (recipients, path, message) => {
    const checked = checkRule(rule({ recipients }), languages, { region: 'KE' });
    expect(checked.ok).toBe(false);
    const errors = checked.ok ? [] : checked.errors;
    expect(errors).toHaveLength(1);
    expect(errors[0].path).toBe(path);
    expect(errors[0].message).toContain(message);
  });

  it('refuses the staff member on a target without a staff phone', () => {
    const host: TargetDefinition = { ...BUILT_IN_TARGETS.appointment, key: 'booking', paths: { phone: 'phone' } };
    const targets = { ...BUILT_IN_TARGETS, booking: host };
    const checked = checkRuleOf(rule({ target: 'booking', recipients: [{ kind: 'staff' }] }), languages, targets, {
      region: 'KE',
    });
    expect(checked).toEqual({
      ok: false,
      errors: [
        error(
          'recipients[0].kind',
          'only invoice and appointment rules can send to the staff member: booking records have no staff phone'
        ),
      ],
    });
  });
});

describe('checkRule: minimum notice', () => {
  const before = { amount: 24, unit: 'hours', direction: 'before' };
  it('accepts a notice on a step before the anchor', () => {
    const steps = [
      { ...before, minimumNotice: { amount: 12, unit: 'hours' } },
      { ...before, minimumNotice: null },
    ];
    expect(checkRule(rule({ steps }), languages).ok).toBe(true);
  });

  it.each([
    [
      { amount: 0, unit: 'hours' },
      'steps[1].minimumNotice.amount',
      'steps[1].minimumNotice.amount must be a whole number from 1 to 100000',
    ],
    [
      { amount: 1.5, unit: 'hours' },
      'steps[1].minimumNotice.amount',
      'steps[1].minimumNotice.amount must be a whole number from 1 to 100000',
    ],
    [
      { amount: 2, unit: 'months' },
      'steps[1].minimumNotice.unit',
      'steps[1].minimumNotice.unit must be one of: minutes, hours, days, weeks',
    ],
    ['12h', 'steps[1].minimumNotice', 'steps[1].minimumNotice must be an object like {"amount": 12, "unit": "hours"}'],
  ])('refuses %j naming %s', (minimumNotice, path, message) => {
    const steps = [before, { ...before, minimumNotice }];
    expect(checkRule(rule({ steps }), languages)).toEqual({ ok: false, errors: [error(path, message)] });
  });

  it('refuses it on a step after the anchor', () => {
    const steps = [{ amount: 1, unit: 'hours', direction: 'after', minimumNotice: { amount: 1, unit: 'hours' } }];
    expect(checkRule(rule({ steps }), languages)).toEqual({
      ok: false,
      errors: [
        error(
          'steps[0].minimumNotice',
          'steps[0].minimumNotice applies only to steps before the anchor: a step after it is never too soon'
        ),
      ],
    });
  });
});
