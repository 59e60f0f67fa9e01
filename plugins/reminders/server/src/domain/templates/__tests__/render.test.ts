import { MAX_RENDERED_LENGTH, TEMPLATE_FILTERS, TemplateError, renderTemplate } from '..';
import { measureSms } from '../../sms-segments';
import { buildTemplateContext } from '../../__tests__/built-in-targets';

// Monday 7 December 2026, 09:00 in Nairobi.
const now = new Date('2026-12-07T06:00:00Z');
const timeZone = 'Africa/Nairobi';
const settings = {
  companyName: 'Acme Ltd',
  links: {
    pay: 'https://pay.example.com/{number}',
    view: 'https://example.com/v/{documentId}',
    reschedule: 'https://book.example.com/{documentId}',
  },
  timeZone,
  locale: 'en',
};
const invoice = buildTemplateContext(
  'invoice',
  {
    documentId: 'inv1',
    number: 'INV-1001',
    customerName: 'Wanjiku Kamau',
    phone: '+254712345678',
    currency: 'KES',
    total: '12500',
    amountPaid: '2500',
    issueDate: '2026-11-17',
    dueDate: '2026-12-02',
  },
  settings,
  now
);
const appointment = buildTemplateContext(
  'appointment',
  {
    documentId: 'apt1',
    title: 'Dental check-up',
    customerName: 'Grace Njeri',
    phone: '+254700111222',
    startsAt: '2026-12-08T07:00:00Z',
    endsAt: '2026-12-08T08:30:00Z',
    location: 'Ngong Road Clinic',
    staffName: 'Dr. Mwangi',
  },
  settings,
  now
);
const render = (source: string, context = invoice, locale = 'en') =>
  renderTemplate(source, context, { locale, timeZone, now });

describe('renderTemplate: variables', () => {
  it.each([
    ['{{ customer.name }}', 'Wanjiku Kamau'],
    ['{{ customer.phone }}', '+254712345678'],
    ['{{ company.name }}', 'Acme Ltd'],
    ['{{ invoice.number }}', 'INV-1001'],
    ['{{ invoice.total }}', '12500.00'],
    ['{{ invoice.amountPaid }}', '2500.00'],
    ['{{ invoice.balance }}', '10000.00'],
    ['{{ invoice.currency }}', 'KES'],
    ['{{ invoice.issueDate }}', '2026-11-17'],
    ['{{ invoice.dueDate }}', '2026-12-02'],
    ['{{ invoice.daysOverdue }}', '5'],
    ['{{ links.pay }}', 'https://pay.example.com/INV-1001'],
    ['{{ links.view }}', 'https://example.com/v/inv1'],
  ])('invoice: %s → %p', (source, expected) => {
    expect(render(source)).toBe(expected);
  });

  it.each([
    ['{{ customer.name }}', 'Grace Njeri'],
    ['{{ customer.phone }}', '+254700111222'],
    ['{{ company.name }}', 'Acme Ltd'],
    ['{{ appointment.title }}', 'Dental check-up'],
    ['{{ appointment.startsAt }}', '2026-12-08T07:00:00.000Z'],
    ['{{ appointment.endsAt }}', '2026-12-08T08:30:00.000Z'],
    ['{{ appointment.location }}', 'Ngong Road Clinic'],
    ['{{ appointment.staff }}', 'Dr. Mwangi'],
    ['{{ links.view }}', 'https://example.com/v/apt1'],
    ['{{ links.reschedule }}', 'https://book.example.com/apt1'],
  ])('appointment: %s → %p', (source, expected) => {
    expect(render(source, appointment)).toBe(expected);
  });

  it('renders a missing value as nothing, which default fills', () => {
    const bare = buildTemplateContext(
      'appointment',
      { title: 'Visit', startsAt: '2026-12-08T07:00:00Z' },
      settings,
      now
    );
    expect(render('At {{ appointment.location }}.', bare)).toBe('At .');
    expect(render('At {{ appointment.location | default: "our office" }}.', bare)).toBe('At our office.');
  });
});

describe('renderTemplate: filters', () => {
  it.each([
    ['{{ invoice.balance | money }}', 'en', 'KES 10,000.00'],
    ['{{ invoice.balance | money }}', 'fr', '10 000,00 KES'],
    ['{{ invoice.balance | money }}', 'sw', 'Ksh 10,000.00'],
    ['{{ invoice.balance | money }}', 'ar', '\u200F10,000.00 KES'],
    ['{{ invoice.total | money: "JOD" }}', 'en', 'JOD 12,500.000'],
    ['{{ 350000 | money: "UGX" }}', 'en', 'UGX 350,000'],
    ['{{ invoice.dueDate | date }}', 'en', 'Dec 2, 2026'],
    ['{{ invoice.dueDate | date: "long" }}', 'fr', '2 décembre 2026'],
    ['{{ invoice.dueDate | date: "d MMM yyyy" }}', 'sw', '2 Des 2026'],
    ['{{ invoice.dueDate | relative }}', 'en', '5 days ago'],
    ['{{ invoice.issueDate | relative }}', 'fr', 'il y a 20 jours'],
    ['{{ customer.name | upcase }}', 'en', 'WANJIKU KAMAU'],
    ['{{ customer.name | downcase }}', 'en', 'wanjiku kamau'],
    ['{{ "wanjiku" | capitalize }}', 'en', 'Wanjiku'],
    ['{{ customer.name | truncate: 10 }}', 'en', 'Wanjiku...'],
    ['{{ customer.name | truncate: 7, "" }}', 'en', 'Wanjiku'],
  ])('%s in %s → %p', (source, locale, expected) => {
    expect(render(source, invoice, locale)).toBe(expected);
  });

  it.each([
    ['{{ appointment.startsAt | date }}', 'en', 'Dec 8, 2026'],
    ['{{ appointment.startsAt | time }}', 'en', '10:00 AM'],
    ['{{ appointment.startsAt | time }}', 'fr', '10:00'],
    ['{{ appointment.endsAt | time: "HH:mm" }}', 'sw', '11:30'],
    ['{{ appointment.startsAt | datetime }}', 'en', 'Dec 8, 2026, 10:00 AM'],
    ['{{ appointment.startsAt | datetime: "full" }}', 'fr', 'mardi 8 décembre 2026 à 10:00'],
    ['{{ appointment.startsAt | relative }}', 'en', 'tomorrow'],
    ['{{ appointment.startsAt | relative }}', 'sw', 'kesho'],
    ['{{ appointment.startsAt | relative }}', 'ar', 'غدًا'],
    ['{{ appointment.location | default: "our office" }}', 'en', 'Ngong Road Clinic'],
  ])('%s in %s → %p', (source, locale, expected) => {
    expect(render(source, appointment, locale)).toBe(expected);
  });

  it('documents exactly the filters it has', () => {
    expect(TEMPLATE_FILTERS.sort()).toEqual([
      'capitalize',
      'date',
      'datetime',
      'default',
      'downcase',
      'money',
      'relative',
      'time',
      'truncate',
      'upcase',
    ]);
  });

  it('renders money of an appointment only with an explicit currency', () => {
    expect(render('{{ 1500 | money: "KES" }}', appointment)).toBe('KES 1,500.00');
    expect(() => render('{{ 1500 | money }}', appointment)).toThrow(
      new TemplateError('money needs an ISO 4217 currency such as "KES"', 1, 1)
    );
  });

  it('points at the filter that cannot format its value', () => {
    expect(() => render('Due\n  {{ invoice.dueDate | time }}')).toThrow(
      new TemplateError('time: "2026-12-02" is a calendar date and has no time of day', 2, 3)
    );
  });
});

describe('renderTemplate: tags and whitespace', () => {
  it('supports if / elsif / else, unless, case, comment and raw', () => {
    const source = [
      '{% if invoice.daysOverdue > 30 %}Final notice.{% elsif invoice.daysOverdue > 0 %}Overdue {{ invoice.daysOverdue }} days.{% else %}Due soon.{% endif %}',
      '{% unless invoice.amountPaid == "0.00" %}Thanks for paying {{ invoice.amountPaid | money }}.{% endunless %}',
      '{% case invoice.currency %}{% when "KES" %}M-Pesa 123456.{% else %}Bank transfer.{% endcase %}',
      '{% comment %}not sent{% endcomment %}{% raw %}{{ literally }}{% endraw %}',
    ].join('\n');
    expect(render(source)).toBe('Overdue 5 days.\nThanks for paying KES 2,500.00.\nM-Pesa 123456.\n{{ literally }}');
  });

  it('trims whitespace around the message, which would otherwise be paid for', () => {
    expect(render('\n  {% if true %}\n  Hi {{ customer.name }}\n  {% endif %}\n')).toBe('Hi Wanjiku Kamau');
  });
});

describe('renderTemplate: segments of what it renders', () => {
  it('keeps an English or Swahili reminder in GSM-7 despite ICU spacing', () => {
    const source =
      'Hi {{ customer.name }}, {{ invoice.balance | money }} was due {{ invoice.dueDate | relative }} ({{ invoice.dueDate | date }}).';
    for (const locale of ['en', 'sw', 'fr']) expect(measureSms(render(source, invoice, locale)).encoding).toBe('GSM_7');
  });

  it('makes an Arabic reminder UCS-2', () => {
    const text = render('مرحباً {{ customer.name }}، المبلغ {{ invoice.balance | money }}', invoice, 'ar');
    expect(measureSms(text)).toMatchObject({ encoding: 'UCS_2', segments: 1 });
  });
});

describe('renderTemplate: injection and runaway templates', () => {
  it.each([
    '{{ customer.constructor }}',
    '{{ customer.name.constructor }}',
    '{{ customer.name.constructor.constructor }}',
    '{{ customer.__proto__ }}',
    '{{ customer["__proto__"] }}',
    '{{ customer.name.__proto__.toString }}',
    '{{ invoice.hasOwnProperty }}',
    '{{ process.env.ADMIN_JWT_SECRET }}',
    '{{ global }}',
    '{{ this }}',
  ])('refuses %s instead of reaching a prototype or the process', (source) => {
    expect(() => render(source)).toThrow(TemplateError);
  });

  it('reads no prototype even through a filter argument', () => {
    expect(() => render('{{ customer.name | default: customer.constructor }}')).toThrow(
      /unknown variable "customer.constructor"/
    );
  });

  it.each([
    [
      '{% for i in (1..100000000) %}x{% endfor %}',
      'line 1, column 1: unknown or misplaced tag "for" (tags: if, unless, case, comment, raw)',
    ],
    [
      '{% tablerow i in (1..1000) %}x{% endtablerow %}',
      'line 1, column 1: unknown or misplaced tag "tablerow" (tags: if, unless, case, comment, raw)',
    ],
    [
      '{% include "/etc/passwd" %}',
      'line 1, column 1: unknown or misplaced tag "include" (tags: if, unless, case, comment, raw)',
    ],
    [
      '{% render "secrets" %}',
      'line 1, column 1: unknown or misplaced tag "render" (tags: if, unless, case, comment, raw)',
    ],
    [
      '{% layout "base" %}',
      'line 1, column 1: unknown or misplaced tag "layout" (tags: if, unless, case, comment, raw)',
    ],
    [
      '{% assign x = "a" %}',
      'line 1, column 1: unknown or misplaced tag "assign" (tags: if, unless, case, comment, raw)',
    ],
    [
      '{% capture x %}a{% endcapture %}',
      'line 1, column 1: unknown or misplaced tag "capture" (tags: if, unless, case, comment, raw)',
    ],
  ])('refuses %s: no loops, assignments, files or partials', (source, message) => {
    expect(() => render(source)).toThrow(new TemplateError(message));
  });

  it.each(['{{ (1..100000000) }}', '{% if (1..100000000) contains 5 %}x{% endif %}'])(
    'stops the huge range in %s at the memory limit',
    (source) => {
      expect(() => render(source)).toThrow('the template builds more text than the memory limit allows');
    }
  );

  it.each([
    'append',
    'join',
    'split',
    'json',
    'inspect',
    'url_decode',
    'newline_to_br',
    'where',
    'map',
    'sum',
    'push',
    'date_to_xmlschema',
    'base64_decode',
  ])('has no %s filter', (name) => {
    expect(() => render(`{{ customer.name | ${name} }}`)).toThrow(`unknown filter "${name}"`);
  });

  it('refuses a message longer than the limit', () => {
    const long = buildTemplateContext(
      'invoice',
      { currency: 'KES', total: '1', customerName: 'x'.repeat(200) },
      settings,
      now
    );
    const source = '{{ customer.name }}'.repeat(Math.ceil(MAX_RENDERED_LENGTH / 200) + 1);
    expect(() => render(source, long)).toThrow(
      `the message renders to ${(Math.ceil(MAX_RENDERED_LENGTH / 200) + 1) * 200} characters, more than the 4000 allowed`
    );
    expect(render('{{ customer.name }}'.repeat(MAX_RENDERED_LENGTH / 200), long)).toHaveLength(MAX_RENDERED_LENGTH);
  });

  it('refuses a source longer than the parse limit', () => {
    expect(() => render('x'.repeat(10_001))).toThrow(TemplateError);
  });

  it('refuses a time zone that does not exist', () => {
    expect(() => renderTemplate('Hi', invoice, { locale: 'en', timeZone: 'Mars/Olympus', now })).toThrow(
      '"Mars/Olympus" is not an IANA time zone'
    );
  });

  it('keeps the settings of one render out of the template', () => {
    expect(() => render('{{ locale }}{{ timeZone }}{{ now }}')).toThrow(/unknown variable/);
  });
});

describe('renderTemplate: the parse cache', () => {
  it('renders the same source against different records and locales', () => {
    const source = '{{ customer.name }}: {{ invoice.balance | money }}';
    const other = buildTemplateContext(
      'invoice',
      { customerName: 'Youssef', currency: 'JOD', total: '120.5' },
      settings,
      now
    );
    expect(render(source)).toBe('Wanjiku Kamau: KES 10,000.00');
    expect(render(source, other, 'fr')).toBe('Youssef: 120,500 JOD');
    expect(render(source)).toBe('Wanjiku Kamau: KES 10,000.00');
  });

  it('still parses correctly after more distinct templates than the cache holds', () => {
    for (let index = 0; index < 1_100; index += 1)
      expect(render(`#${index} {{ customer.name }}`)).toBe(`#${index} Wanjiku Kamau`);
    expect(render('#0 {{ customer.name }}')).toBe('#0 Wanjiku Kamau');
  });
});
