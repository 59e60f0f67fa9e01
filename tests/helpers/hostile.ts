/**
 * Hostile input for the fuzz tests: a seeded PRNG (no dependency, so a failing case is reproduced by its
 * seed and index) and generators of bodies for the rules, invoices, appointments and callback APIs.
 * Each case starts from a valid body and breaks it in one or more ways: wrong types, huge strings, odd
 * unicode, SQL-looking strings, template injection, missing fields, malformed JSON, prototype keys.
 */

import { type Random, prng } from './prng';
import { RULE_FIELDS } from '../../plugins/reminders/server/src/services/rules';

export { type Random, prng };

const repeat = (text: string, length: number) => text.repeat(Math.ceil(length / text.length)).slice(0, length);

/** Strings that have broken parsers, databases, logs and templates somewhere. */
export const HOSTILE_STRINGS: readonly string[] = [
  '',
  ' ',
  '\t\n\r',
  'null',
  'undefined',
  'NaN',
  'true',
  '0',
  '-1',
  '1e309',
  '0x1F',
  '١٢٣',
  "'; DROP TABLE reminders_invoices; --",
  '" OR 1=1 --',
  "' OR ''='",
  '1; SELECT pg_sleep(10)',
  '$1',
  '%s%s%s%n',
  '\\',
  '\\x00',
  '\u0000',
  'a\u0000b',
  '\u0001\u0002\u001f',
  '\ud800',
  '\udfff\ud800',
  '\u202eevil\u202c',
  '\u200b\u200c\u200d\ufeff',
  'Z\u0351\u0352\u0353\u0354\u0355\u0356\u0357\u0358\u0359\u035a',
  '👩‍👩‍👧‍👦🇰🇪💸',
  'توقف',
  'ARRÊT',
  'İıŞşĞğ',
  '\ufffd\ufffe\uffff',
  '𝕳𝖊𝖑𝖑𝖔',
  '{{ 7 * 7 }}',
  '{{ customer.name.constructor }}',
  "{{ constructor.constructor('return process')() }}",
  '{% for i in (1..100000000) %}x{% endfor %}',
  '{% include "/etc/passwd" %}',
  '{% assign x = 1 %}',
  '{{',
  '{% if %}',
  '${process.exit(1)}',
  '#{7*7}',
  '<%= 7*7 %>',
  '<script>alert(1)</script>',
  '../../../../etc/passwd',
  'file:///etc/passwd',
  'http://169.254.169.254/latest/meta-data/',
  '__proto__',
  'constructor',
  'prototype',
  '$gt',
  '{"$ne": null}',
  '2026-02-30',
  '2026-13-01',
  '0000-00-00',
  '99999-12-31',
  '+275760-09-13',
  '2026-12-01T25:61:00Z',
  '2026-12-01T10:00:00',
  '2026-12-01T10:00:00+99:00',
  '-271821-04-20T00:00:00Z',
  '+254712345678',
  '0712 345 678',
  '+1',
  '++254712345678',
  '+254 712 345 678 ext. 12345678901234567890',
  'KES',
  'kes',
  'XXX',
  'ZZZ',
  'Africa/Nairobi',
  'Mars/Olympus_Mons',
  'Etc/GMT+14',
  '../UTC',
  'en',
  'xx-YY',
  'paid',
  'void',
  'cancelled',
  '09:00',
  '24:00',
  '9:0',
];

/** Values of every JSON type, including ones a field never expects. */
export function hostileValue(random: Random, depth = 0): unknown {
  switch (random.int(0, 15)) {
    case 0:
      return null;
    case 1:
      return random.chance(0.5);
    case 2:
      return random.pick([0, -1, 1, 1.5, -0.0001, 1e21, -1e308, 2 ** 53 + 1, 123456789012345680000, 0.1 + 0.2]);
    case 3:
      return depth > 2 ? [] : Array.from({ length: random.int(0, 3) }, () => hostileValue(random, depth + 1));
    case 4:
      return depth > 2
        ? {}
        : Object.fromEntries(
            Array.from({ length: random.int(0, 3) }, () => [
              random.pick(['$gt', '$ne', '__proto__', 'constructor', 'id', 'a', '']),
              hostileValue(random, depth + 1),
            ])
          );
    case 5:
      return repeat(random.pick(['A', 'é', '😀', 'ا', '{{', '\u0000', "'"]), random.pick([256, 2001, 10_000, 100_000]));
    case 6:
      return random.pick(HOSTILE_STRINGS) + random.pick(HOSTILE_STRINGS);
    default:
      return random.pick(HOSTILE_STRINGS);
  }
}

/** A Kenyan mobile number in one of the forms people write it. */
export const validPhone = (random: Random) => {
  const digits = String(random.int(0, 999_999)).padStart(6, '0');
  return random.pick([
    `07${random.pick(['11', '12', '22', '00'])}${digits}`,
    `+2547${random.pick(['11', '12', '22', '00'])}${digits}`,
    `0712 ${digits.slice(0, 3)} ${digits.slice(3)}`,
  ]);
};

export const validInvoice = (random: Random, unique: string) => ({
  number: `FZ-${unique}`,
  customerName: random.pick(['Wanjiku Kamau', 'Amina Hassan', 'José Müller', 'أحمد', "O'Brien"]),
  phone: validPhone(random),
  currency: random.pick(['KES', 'UGX', 'JOD', 'USD']),
  total: random.pick(['1500', '99', 1200, '0']),
  issueDate: '2026-11-25',
  dueDate: '2026-12-10',
  ...(random.chance(0.3) ? { language: random.pick(['en', 'sw', 'fr', 'ar']) } : {}),
  ...(random.chance(0.2) ? { timezone: 'Africa/Nairobi' } : {}),
});

export const validAppointment = (random: Random) => ({
  title: random.pick(['Dental check-up', 'Consultation', 'Follow-up']),
  customerName: random.pick(['Grace', 'Otieno', 'Zoë']),
  phone: validPhone(random),
  startsAt: random.pick(['2026-12-01T10:00:00+03:00', '2026-12-02T07:30:00Z']),
  ...(random.chance(0.3) ? { endsAt: '2026-12-02T11:00:00+03:00' } : {}),
  ...(random.chance(0.3) ? { staffPhone: validPhone(random), staffName: 'Dr. Mwangi' } : {}),
});

export const validRule = (random: Random, unique: string) => {
  const target = random.pick(['invoice', 'appointment'] as const);
  return target === 'invoice'
    ? {
        name: `fuzz rule ${unique}`,
        enabled: random.chance(0.3),
        target,
        anchor: random.pick(['due_date', 'issue_date']),
        steps: [
          {
            amount: random.int(0, 10),
            unit: random.pick(['days', 'weeks']),
            direction: random.pick(['before', 'after']),
          },
        ],
        conditions: random.chance(0.5) ? [{ field: 'balance', operator: 'gt', value: '0' }] : [],
        templates: {
          en: 'Hi {{ customer.name }}, {{ invoice.balance | money }} is due {{ invoice.dueDate | relative }}.',
        },
      }
    : {
        name: `fuzz rule ${unique}`,
        enabled: random.chance(0.3),
        target,
        anchor: 'starts_at',
        steps: [{ amount: random.int(1, 48), unit: 'hours', direction: 'before' }],
        templates: { en: 'Reminder: {{ appointment.title }} {{ appointment.startsAt | datetime }}' },
      };
};

const INVOICE_FIELDS = [
  'number',
  'customerName',
  'phone',
  'email',
  'language',
  'currency',
  'total',
  'amountPaid',
  'balance',
  'issueDate',
  'dueDate',
  'paymentStatus',
  'invoiceStatus',
  'timezone',
];
const APPOINTMENT_FIELDS = [
  'title',
  'customerName',
  'phone',
  'email',
  'language',
  'startsAt',
  'endsAt',
  'timezone',
  'location',
  'staffName',
  'staffPhone',
  'appointmentStatus',
];
const STRAY_FIELDS = [
  'id',
  'documentId',
  'createdAt',
  'updatedAt',
  'publishedAt',
  'locale',
  'createdBy',
  '__proto__',
  'constructor',
  'deliveries',
  '$where',
  '',
];
export const FIELDS = { invoice: INVOICE_FIELDS, appointment: APPOINTMENT_FIELDS, rule: RULE_FIELDS } as const;

/** A hostile step, condition or template set: what the rule's JSON fields get. */
function hostileRulePart(random: Random, field: string): unknown {
  const unit = () =>
    random.chance(0.7) ? random.pick(['minutes', 'hours', 'days', 'weeks', 'months']) : hostileValue(random);
  const amount = () =>
    random.chance(0.6) ? random.pick([0, 1, 3, 59, 100_000, 99_999, -1, 1.5, 100_001]) : hostileValue(random);
  switch (field) {
    case 'steps':
      return Array.from({ length: random.pick([0, 1, 2, 21]) }, () => ({
        amount: amount(),
        unit: unit(),
        direction: random.chance(0.8) ? random.pick(['before', 'after']) : hostileValue(random),
        ...(random.chance(0.5)
          ? {
              repeat: random.chance(0.8)
                ? { every: amount(), unit: unit(), times: random.pick([1, 100, 101, 0, hostileValue(random)]) }
                : hostileValue(random),
            }
          : {}),
      }));
    case 'conditions':
      return Array.from({ length: random.pick([0, 1, 2, 21]) }, () => ({
        field: random.chance(0.7)
          ? random.pick([
              'paymentStatus',
              'invoiceStatus',
              'balance',
              'total',
              'amountPaid',
              'currency',
              'language',
              'appointmentStatus',
            ])
          : hostileValue(random),
        operator: random.chance(0.7)
          ? random.pick(['in', 'notIn', 'eq', 'gt', 'gte', 'lt', 'lte'])
          : hostileValue(random),
        value: random.chance(0.5)
          ? random.pick(['0', '1500.50', ['paid'], ['cancelled', 'x'], '999999999999999', '1e3'])
          : hostileValue(random),
      }));
    case 'templates':
      return Object.fromEntries(
        Array.from({ length: random.int(0, 3) }, () => [
          random.chance(0.7) ? random.pick(['en', 'sw', 'fr', 'ar']) : String(random.pick(HOSTILE_STRINGS)),
          random.chance(0.5) ? random.pick(HOSTILE_STRINGS.filter((text) => text.includes('{'))) : hostileValue(random),
        ])
      );
    default:
      return hostileValue(random);
  }
}

/** Breaks a valid body in 1–3 ways: a field set to a hostile value, a field removed, a stray key added. */
export function mutate(
  random: Random,
  valid: Record<string, unknown>,
  fields: readonly string[],
  rule = false
): Record<string, unknown> {
  const body: Record<string, unknown> = { ...valid };
  for (let count = random.int(1, 3); count > 0; count -= 1) {
    const roll = random.next();
    if (roll < 0.6) {
      const field = random.pick(fields);
      body[field] =
        rule && ['steps', 'conditions', 'templates'].includes(field) && random.chance(0.7)
          ? hostileRulePart(random, field)
          : hostileValue(random);
    } else if (roll < 0.8) {
      delete body[random.pick(Object.keys(body).length ? Object.keys(body) : fields)];
    } else {
      // Own property even for "__proto__": what JSON.parse on the server would produce.
      Object.defineProperty(body, random.pick(STRAY_FIELDS), {
        value: hostileValue(random),
        enumerable: true,
        configurable: true,
        writable: true,
      });
    }
  }
  return body;
}

/** Raw request bodies no JSON object would produce. */
export function malformedBody(random: Random): { type: string; body: string } {
  return random.pick([
    { type: 'application/json', body: '{"data": {"number": "X"' },
    { type: 'application/json', body: '{data: 1}' },
    { type: 'application/json', body: 'null' },
    { type: 'application/json', body: '[]' },
    { type: 'application/json', body: '"just a string"' },
    { type: 'application/json', body: '42' },
    { type: 'application/json', body: '{"data": null}' },
    { type: 'application/json', body: '{"data": []}' },
    { type: 'application/json', body: '{"data": "text"}' },
    { type: 'application/json', body: '{"data": {"__proto__": {"isAdmin": true}}}' },
    { type: 'application/json', body: `{"data": ${'['.repeat(5000)}${']'.repeat(5000)}}` },
    { type: 'application/json', body: '\u0000\u0001' },
    { type: 'application/json', body: '\ufeff{"data": {}}' },
    { type: 'application/json', body: '{"data": {"number": "\\ud800"}}' },
    { type: 'application/x-www-form-urlencoded', body: 'data[number]=1&data[phone][$gt]=&data[__proto__][x]=1' },
    { type: 'application/x-www-form-urlencoded', body: '%E0%A4%A' },
    { type: 'text/plain', body: 'hello' },
    {
      type: 'application/xml',
      body: '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><x>&e;</x>',
    },
    {
      type: 'multipart/form-data; boundary=x',
      body: '--x\r\nContent-Disposition: form-data; name="data"\r\n\r\n{}\r\n--x--',
    },
    { type: 'application/json', body: JSON.stringify({ data: { note: 'A'.repeat(3_000_000) } }) },
  ]);
}

/** Percent-encodes anything, a lone surrogate included (as the invalid UTF-8 bytes of one: hostile too). */
export const encodeAny = (text: string) =>
  Array.from(text, (char) => (/^[\ud800-\udfff]$/.test(char) ? '%ED%A0%80' : encodeURIComponent(char))).join('');

/** A form body for a callback: Africa's Talking's fields, some of them hostile, some missing, some repeated. */
export function hostileForm(random: Random, fields: readonly string[], valid: Record<string, string>): string {
  const params: string[] = [];
  for (const field of fields) {
    if (random.chance(0.15)) continue;
    const value = random.chance(0.5)
      ? (valid[field] ?? '')
      : random.chance(0.8)
        ? String(random.pick(HOSTILE_STRINGS))
        : JSON.stringify(hostileValue(random));
    params.push(
      `${encodeAny(random.chance(0.05) ? `${field}[]` : random.chance(0.03) ? `${field}[$gt]` : field)}=${encodeAny(value)}`
    );
    if (random.chance(0.05)) params.push(`${encodeAny(field)}=${encodeAny(value)}`);
  }
  if (random.chance(0.05)) params.push(`${'k'.repeat(random.int(1, 3000))}=${'v'.repeat(random.int(1, 3000))}`);
  return params.join('&');
}
