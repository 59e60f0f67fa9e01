/**
 * Rendering speed: 100,000 messages through what the dispatcher does for each delivery (choose the
 * template, build the context, render, measure the SMS), across four templates and languages.
 * Not a test: timings depend on the machine. Run it with
 *
 *   node -r esbuild-register tests/bench/render-templates.ts [messages]
 *
 * and record the figure in BENCHMARKS.md.
 */
import { performance } from 'perf_hooks';
import os from 'os';
import {
  buildTemplateContext,
  chooseTemplate,
  renderTemplate,
} from '../../plugins/reminders/server/src/domain/templates';
import { measureSms } from '../../plugins/reminders/server/src/domain/sms-segments';
import { BUILT_IN_TARGETS, type TargetDefinition } from '../../plugins/reminders/server/src/domain/targets';

const total = Number(process.argv[2] ?? 100_000);
const now = new Date('2026-12-07T06:00:00Z');
const settings = { companyName: 'Demo Company', links: { pay: 'https://pay.example.com/i/{number}' }, locale: 'en' };

const invoiceTemplates = {
  en: 'Hi {{ customer.name }}, invoice {{ invoice.number }} of {{ invoice.balance | money }} is due {{ invoice.dueDate | relative }} ({{ invoice.dueDate | date }}). Pay: {{ links.pay }}',
  ar: 'مرحباً {{ customer.name }}، الفاتورة {{ invoice.number }} بمبلغ {{ invoice.balance | money }} مستحقة في {{ invoice.dueDate | date: "long" }}.',
};
const appointmentTemplates = {
  en: 'Reminder: {{ appointment.title }} {{ appointment.startsAt | relative }}, {{ appointment.startsAt | datetime }}{% if appointment.location %} at {{ appointment.location }}{% endif %}.',
  fr: 'Rappel : {{ appointment.title }} {{ appointment.startsAt | relative }}, le {{ appointment.startsAt | datetime: "long" }}{% if appointment.location %}, {{ appointment.location }}{% endif %}.',
  sw: 'Kumbusho: {{ appointment.title }} {{ appointment.startsAt | relative }}, {{ appointment.startsAt | datetime }}.',
};

interface Scenario {
  name: string;
  target: TargetDefinition;
  templates: Record<string, string>;
  timeZone: string;
  record: (index: number) => Record<string, unknown>;
}

const day = (offset: number) => new Date(now.getTime() + offset * 86_400_000).toISOString().slice(0, 10);

const scenarios: Scenario[] = [
  {
    name: 'invoice, en, KES',
    target: BUILT_IN_TARGETS.invoice,
    templates: invoiceTemplates,
    timeZone: 'Africa/Nairobi',
    record: (index) => ({
      documentId: `inv${index}`,
      number: `INV-${index}`,
      customerName: `Customer ${index}`,
      language: 'en',
      currency: 'KES',
      total: `${1000 + (index % 9000)}.50`,
      amountPaid: '0',
      issueDate: day(-30),
      dueDate: day((index % 20) - 10),
    }),
  },
  {
    name: 'invoice, ar, JOD',
    target: BUILT_IN_TARGETS.invoice,
    templates: invoiceTemplates,
    timeZone: 'Asia/Amman',
    record: (index) => ({
      documentId: `inv${index}`,
      number: `INV-${index}`,
      customerName: `عميل ${index}`,
      language: 'ar',
      currency: 'JOD',
      total: `${100 + (index % 900)}.250`,
      amountPaid: '20',
      issueDate: day(-30),
      dueDate: day(index % 15),
    }),
  },
  {
    name: 'appointment, fr',
    target: BUILT_IN_TARGETS.appointment,
    templates: appointmentTemplates,
    timeZone: 'Africa/Dakar',
    record: (index) => ({
      documentId: `apt${index}`,
      title: 'Consultation',
      customerName: `Client ${index}`,
      language: 'fr',
      startsAt: new Date(now.getTime() + (index % 72) * 3_600_000).toISOString(),
      location: index % 2 ? 'Plateau, Dakar' : null,
    }),
  },
  {
    name: 'appointment, sw',
    target: BUILT_IN_TARGETS.appointment,
    templates: appointmentTemplates,
    timeZone: 'Africa/Dar_es_Salaam',
    record: (index) => ({
      documentId: `apt${index}`,
      title: 'Ushauri',
      customerName: `Mteja ${index}`,
      language: 'sw',
      startsAt: new Date(now.getTime() + (index % 48) * 3_600_000).toISOString(),
    }),
  },
];

function renderOne(scenario: Scenario, record: Record<string, unknown>): number {
  const { language, source } = chooseTemplate(scenario.templates, 'en', record.language as string);
  const context = buildTemplateContext(scenario.target, record, { ...settings, timeZone: scenario.timeZone }, now);
  const text = renderTemplate(source, context, { locale: language, timeZone: scenario.timeZone, now });
  return measureSms(text).segments;
}

// Records are built before timing: loading them is the database's cost, not the renderer's.
const perScenario = Math.ceil(total / scenarios.length);
const batches = scenarios.map((scenario) => ({
  scenario,
  records: Array.from({ length: perScenario }, (_, index) => scenario.record(index)),
}));

// Warm-up: parse caches, Intl formatters and the JIT, so the table shows steady-state throughput.
for (const { scenario, records } of batches) for (const record of records.slice(0, 1_000)) renderOne(scenario, record);

const rows: { name: string; messages: number; ms: number; segments: number }[] = [];
for (const { scenario, records } of batches) {
  let segments = 0;
  const started = performance.now();
  for (const record of records) segments += renderOne(scenario, record);
  rows.push({ name: scenario.name, messages: records.length, ms: performance.now() - started, segments });
}
const sum = rows.reduce(
  (all, row) => ({
    name: 'all',
    messages: all.messages + row.messages,
    ms: all.ms + row.ms,
    segments: all.segments + row.segments,
  }),
  { name: 'all', messages: 0, ms: 0, segments: 0 }
);

const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
console.log(`Node ${process.version}, ${os.cpus()[0]?.model ?? 'unknown CPU'} × ${os.cpus().length}`);
console.log(line(['scenario', 'messages', 'total ms', 'messages/s', 'segments']));
console.log(line(['---', '---:', '---:', '---:', '---:']));
for (const row of [...rows, sum]) {
  console.log(
    line([
      row.name,
      row.messages.toLocaleString('en'),
      row.ms.toFixed(0),
      Math.round((row.messages / row.ms) * 1000).toLocaleString('en'),
      row.segments.toLocaleString('en'),
    ])
  );
}
