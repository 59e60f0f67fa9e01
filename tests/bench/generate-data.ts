/**
 * Benchmark data: invoices, appointments and delivery-log rows with realistic spreads, loaded fast.
 *
 *   node -r esbuild-register tests/bench/generate-data.ts [records|deliveries|all]
 *   BENCH_INVOICES=1000000 BENCH_APPOINTMENTS=200000 BENCH_DELIVERIES=1000000 (the defaults; BENCH_QUICK=1 for small)
 *
 * Rows go in with one multi-row `INSERT … SELECT * FROM unnest($1::text[], …)` per 10,000 rows: one array
 * parameter per column, so PostgreSQL parses one short statement per chunk (COPY would need a dependency).
 * Beyond a million rows (BENCH_GENERATED_BLOCK), invoices and appointments are copies of the first million
 * made by PostgreSQL (INSERT … SELECT, new document ids): 10,000,000 invoices load in minutes, not an hour.
 * Deterministic (a seeded generator): the same sizes give the same rows. A marker in Strapi's core store
 * remembers what was generated, so the benchmarks reuse the data instead of loading it again
 * (BENCH_REGENERATE=1 loads it again anyway).
 *
 * What is generated, around the benchmark epoch (Monday 2026-12-07T00:00Z):
 * - invoices: 90% issued over the two years before the epoch, more recently more (a growing business),
 *   30% of them on the 1st of a month (billing runs), due 7–60 days after issue (30 days most often);
 *   10% are one school-fees run of the term, all due on 2026-12-17 and still unpaid or part-paid (the
 *   burst the planner benchmark sends 100,000 reminders for). Customers in Kenya (55%), Nigeria, Uganda,
 *   Tanzania, Jordan and Senegal with valid mobile numbers in E.164, their language (en, sw, fr, ar),
 *   currency (KES, NGN, UGX, TZS, JOD, XOF, exact to the currency's minor units) and usually their time
 *   zone (Kenyans mostly none: the plugin's default, Africa/Nairobi). Paid, part-paid and unpaid by how
 *   long ago they were due; 2% void, 1% draft.
 * - appointments: starting over 180 days before to 60 days after the epoch, on the half hour from 08:00
 *   to 17:30 local time, mostly on weekdays, booked 1–30 days ahead; completed / no-show / cancelled in
 *   the past, scheduled / confirmed / cancelled ahead; 70% with a staff member and phone.
 * - deliveries (the admin API's log): over the 180 days before the epoch, for the 20 benchmark rules,
 *   delivered, accepted, failed, rejected, unknown, skipped, expired, cancelled, queued in realistic
 *   shares, with bodies, segments, provider ids, costs and timelines.
 */
import { DateTime } from 'luxon';
import { prng } from '../helpers/prng';
import type { Core } from '@strapi/strapi';
import { compactDayCounts } from '../../plugins/reminders/server/src/services/delivery-stats/day-counts';
import { BENCH_RULES, ruleDocumentId } from './rules';
import { DAY_MS, EPOCH, HOUR_MS, bootStrapi, fmt, measure, printTable, run, sizes } from './lib';

const GENERATOR_VERSION = 4;
const CHUNK = 10_000;

/** The shared seeded source, with the pickers the generator needs on top. */
export function randomSource(seed: number) {
  const { next, int, pick } = prng(seed);
  /** Picks by weight: [[value, weight], ...]. */
  const weighted = <T>(items: readonly (readonly [T, number])[]) => {
    const total = items.reduce((sum, [, weight]) => sum + weight, 0);
    let roll = next() * total;
    for (const [value, weight] of items) {
      roll -= weight;
      if (roll < 0) return value;
    }
    return items[items.length - 1][0];
  };
  const digits = (count: number) => Array.from({ length: count }, () => Math.floor(next() * 10)).join('');
  return { next, int, pick, weighted, digits };
}
export type Random = ReturnType<typeof randomSource>;

interface Country {
  code: string;
  share: number;
  currency: string;
  minorDigits: number;
  zone: string;
  /** Share of records that carry their time zone (the rest use the plugin default). */
  zoneShare: number;
  languages: readonly (readonly [string, number])[];
  phone: (random: Random) => string;
  /** Typical invoice totals in major units, log-uniform. */
  amount: [number, number];
  first: readonly string[];
  last: readonly string[];
}

export const COUNTRIES: Country[] = [
  {
    code: 'KE',
    share: 55,
    currency: 'KES',
    minorDigits: 2,
    zone: 'Africa/Nairobi',
    zoneShare: 0.1,
    languages: [
      ['en', 65],
      ['sw', 35],
    ],
    phone: (random) =>
      random.next() < 0.9
        ? `+2547${random.pick(['0', '1', '2', '4', '9'])}${random.digits(7)}`
        : `+25411${random.digits(7)}`,
    amount: [500, 250_000],
    first: ['Wanjiku', 'Otieno', 'Achieng', 'Kamau', 'Njeri', 'Mwangi', 'Chebet', 'Kiprop', 'Atieno', 'Mutua'],
    last: ['Kamau', 'Odhiambo', 'Wambui', 'Kariuki', 'Ochieng', 'Njoroge', 'Kiptoo', 'Maina', 'Wekesa', 'Mwende'],
  },
  {
    code: 'NG',
    share: 15,
    currency: 'NGN',
    minorDigits: 2,
    zone: 'Africa/Lagos',
    zoneShare: 0.8,
    languages: [['en', 100]],
    phone: (random) =>
      `+234${random.pick(['803', '806', '813', '816', '703', '706', '903', '810'])}${random.digits(7)}`,
    amount: [2_000, 1_000_000],
    first: ['Chinedu', 'Aisha', 'Tunde', 'Ngozi', 'Emeka', 'Funmilayo', 'Ibrahim', 'Yetunde'],
    last: ['Okafor', 'Bello', 'Adeyemi', 'Eze', 'Abubakar', 'Okonkwo', 'Balogun'],
  },
  {
    code: 'UG',
    share: 12,
    currency: 'UGX',
    minorDigits: 0,
    zone: 'Africa/Kampala',
    zoneShare: 0.8,
    languages: [['en', 100]],
    phone: (random) => `+2567${random.pick(['0', '5', '7', '8'])}${random.digits(7)}`,
    amount: [10_000, 5_000_000],
    first: ['Okello', 'Nakato', 'Mugisha', 'Namubiru', 'Ssempala', 'Akello'],
    last: ['Mukasa', 'Nabirye', 'Tumusiime', 'Kato', 'Ochola'],
  },
  {
    code: 'TZ',
    share: 10,
    currency: 'TZS',
    minorDigits: 2,
    zone: 'Africa/Dar_es_Salaam',
    zoneShare: 0.8,
    languages: [
      ['sw', 80],
      ['en', 20],
    ],
    phone: (random) => `+2557${random.pick(['1', '4', '5', '6', '8'])}${random.digits(7)}`,
    amount: [5_000, 2_000_000],
    first: ['Juma', 'Rehema', 'Baraka', 'Zawadi', 'Hamisi', 'Neema'],
    last: ['Mushi', 'Mwakyusa', 'Kimaro', 'Lyimo', 'Massawe'],
  },
  {
    code: 'JO',
    share: 4,
    currency: 'JOD',
    minorDigits: 3,
    zone: 'Asia/Amman',
    zoneShare: 0.9,
    languages: [
      ['ar', 90],
      ['en', 10],
    ],
    phone: (random) =>
      `+9627${random.pick(['75', '76', '77', '78', '79', '85', '86', '88', '90', '95'])}${random.digits(6)}`,
    amount: [5, 2_000],
    first: ['محمد', 'فاطمة', 'أحمد', 'ليلى', 'عمر', 'نور'],
    last: ['الخطيب', 'العلي', 'حداد', 'النجار', 'المصري'],
  },
  {
    code: 'SN',
    share: 4,
    currency: 'XOF',
    minorDigits: 0,
    zone: 'Africa/Dakar',
    zoneShare: 0.8,
    languages: [
      ['fr', 90],
      ['en', 10],
    ],
    phone: (random) => `+2217${random.pick(['0', '6', '7', '8'])}${random.digits(7)}`,
    amount: [2_000, 1_000_000],
    first: ['Mamadou', 'Awa', 'Cheikh', 'Fatou', 'Ousmane', 'Aminata'],
    last: ['Diop', 'Ndiaye', 'Fall', 'Sow', 'Ba', 'Sarr'],
  },
];
const countryShares = COUNTRIES.map((country) => [country, country.share] as const);

/** An amount in minor units written as an exact decimal string with the column's 4 places at most. */
const decimal = (minor: number, minorDigits: number) => {
  if (minorDigits === 0) return String(minor);
  const text = String(minor).padStart(minorDigits + 1, '0');
  return `${text.slice(0, -minorDigits)}.${text.slice(-minorDigits)}`;
};

const documentId = (prefix: string, index: number) =>
  `${prefix}${index.toString(36).padStart(24 - prefix.length, '0')}`;
export const invoiceDocumentId = (index: number) => documentId('inv', index);
export const appointmentDocumentId = (index: number) => documentId('apt', index);

const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** The school-fees run: due on this date, a tenth of all invoices. */
export const FEES_DUE_DATE = '2026-12-17';
export const FEES_SHARE = 0.1;

interface Columns {
  [column: string]: { type: string; values: unknown[] };
}

/** One INSERT … SELECT FROM unnest(arrays) for a chunk of rows given column by column. */
async function insertColumns(knex: Core.Strapi['db']['connection'], table: string, columns: Columns) {
  const names = Object.keys(columns);
  const sql = `INSERT INTO ?? (${names.map(() => '??').join(', ')}) SELECT * FROM unnest(${names.map((name) => `?::${columns[name].type}[]`).join(', ')})`;
  await knex.raw(sql, [table, ...names, ...names.map((name) => columns[name].values)]);
}

const columnsOf = (spec: Record<string, string>): Columns =>
  Object.fromEntries(Object.entries(spec).map(([name, type]) => [name, { type, values: [] as unknown[] }]));

const INVOICE_COLUMNS = {
  document_id: 'varchar',
  number: 'varchar',
  customer_name: 'varchar',
  phone: 'varchar',
  email: 'varchar',
  language: 'varchar',
  currency: 'varchar',
  total: 'numeric',
  amount_paid: 'numeric',
  balance: 'numeric',
  issue_date: 'date',
  due_date: 'date',
  payment_status: 'varchar',
  invoice_status: 'varchar',
  timezone: 'varchar',
  created_at: 'timestamp',
  updated_at: 'timestamp',
  published_at: 'timestamp',
};

function invoiceRow(random: Random, index: number, fees: boolean) {
  const country = fees ? COUNTRIES[0] : random.weighted(countryShares);
  const epochDay = EPOCH.getTime();
  let issue: number;
  let due: number;
  if (fees) {
    due = Date.parse(`${FEES_DUE_DATE}T00:00:00Z`);
    issue = due - 30 * DAY_MS;
  } else {
    // More invoices recently: the density of issue dates grows linearly over the two years.
    const age = Math.floor(730 * (1 - Math.sqrt(random.next())));
    issue = epochDay - age * DAY_MS;
    if (random.next() < 0.3) issue = Date.parse(`${isoDay(issue).slice(0, 8)}01T00:00:00Z`);
    due =
      issue +
      random.weighted([
        [7, 10],
        [14, 20],
        [30, 50],
        [45, 10],
        [60, 10],
      ] as const) *
        DAY_MS;
  }
  const [low, high] = country.amount;
  const major = Math.exp(Math.log(low) + random.next() * (Math.log(high) - Math.log(low)));
  const scale = 10 ** country.minorDigits;
  const total = fees
    ? random.pick([15_000, 22_500, 30_000, 45_000, 60_000]) * 100
    : random.next() < 0.6
      ? Math.round(major) * scale
      : Math.round(major * scale);
  const overdueDays = (epochDay - due) / DAY_MS;
  const status = fees
    ? random.weighted([
        ['unpaid', 85],
        ['partially_paid', 15],
      ] as const)
    : overdueDays > 60
      ? random.weighted([
          ['paid', 92],
          ['partially_paid', 3],
          ['unpaid', 5],
        ] as const)
      : overdueDays > 0
        ? random.weighted([
            ['paid', 55],
            ['partially_paid', 15],
            ['unpaid', 30],
          ] as const)
        : random.weighted([
            ['paid', 20],
            ['partially_paid', 10],
            ['unpaid', 70],
          ] as const);
  const paid =
    status === 'paid'
      ? total
      : status === 'partially_paid'
        ? Math.max(1, Math.floor(total * (0.1 + 0.8 * random.next())))
        : 0;
  const invoiceStatus = fees
    ? 'sent'
    : random.weighted([
        ['sent', 97],
        ['void', 2],
        ['draft', overdueDays < 0 ? 1 : 0],
      ] as const);
  const first = random.pick(country.first);
  const last = random.pick(country.last);
  const created = issue + random.int(6, 17) * HOUR_MS + random.int(0, 59) * 60_000;
  return {
    document_id: invoiceDocumentId(index),
    number: `${fees ? 'FEES' : 'INV'}-${String(index + 1).padStart(8, '0')}`,
    customer_name: `${first} ${last}`,
    phone: country.phone(random),
    email: random.next() < 0.4 ? `customer${index}@example.com` : null,
    language: random.weighted(country.languages),
    currency: country.currency,
    total: decimal(total, country.minorDigits),
    amount_paid: decimal(paid, country.minorDigits),
    balance: decimal(total - paid, country.minorDigits),
    issue_date: isoDay(issue),
    due_date: isoDay(due),
    payment_status: status,
    invoice_status: invoiceStatus,
    timezone: random.next() < country.zoneShare ? country.zone : null,
    created_at: new Date(created),
    updated_at: new Date(status === 'paid' ? Math.min(epochDay, due) : created),
    published_at: new Date(created),
  };
}

const APPOINTMENT_COLUMNS = {
  document_id: 'varchar',
  title: 'varchar',
  customer_name: 'varchar',
  phone: 'varchar',
  email: 'varchar',
  language: 'varchar',
  starts_at: 'timestamp',
  ends_at: 'timestamp',
  timezone: 'varchar',
  location: 'varchar',
  staff_name: 'varchar',
  staff_phone: 'varchar',
  appointment_status: 'varchar',
  created_at: 'timestamp',
  updated_at: 'timestamp',
  published_at: 'timestamp',
};
const TITLES: Record<string, string[]> = {
  en: ['Dental check-up', 'Eye test', 'Consultation', 'Vaccination', 'Physiotherapy', 'Car service', 'Haircut'],
  sw: ['Uchunguzi wa meno', 'Ushauri', 'Chanjo', 'Huduma ya gari'],
  fr: ['Consultation', 'Contrôle dentaire', 'Vaccination', 'Révision du véhicule'],
  ar: ['فحص الأسنان', 'استشارة', 'تطعيم', 'فحص النظر'],
};
const LOCATIONS = [
  'Ngong Road Clinic',
  'Westlands Branch',
  'Main Street 12',
  'Plateau, Dakar',
  'Kampala Road',
  null,
  null,
];
const STAFF = ['Dr. Mwangi', 'Dr. Okafor', 'Nurse Achieng', 'Dr. Diop', 'Dr. Haddad', 'Mr. Kato'];

function appointmentRow(random: Random, index: number) {
  const country = random.weighted(countryShares);
  const zone = random.next() < Math.max(country.zoneShare, 0.5) ? country.zone : null;
  const dayOffset = random.int(-180, 60);
  let local = DateTime.fromMillis(EPOCH.getTime() + dayOffset * DAY_MS, { zone: zone ?? 'Africa/Nairobi' }).set({
    hour: random.int(8, 17),
    minute: random.pick([0, 30]),
    second: 0,
    millisecond: 0,
  });
  if (local.weekday === 7 && random.next() < 0.9) local = local.plus({ days: 1 });
  const startsAt = local.toMillis();
  const booked = Math.min(startsAt - random.int(1, 30) * DAY_MS, EPOCH.getTime() - random.int(1, 72) * HOUR_MS);
  const created = booked - (booked % 60_000);
  const past = startsAt < EPOCH.getTime();
  const status = past
    ? random.weighted([
        ['completed', 78],
        ['no_show', 8],
        ['cancelled', 14],
      ] as const)
    : random.weighted([
        ['scheduled', 60],
        ['confirmed', 28],
        ['cancelled', 12],
      ] as const);
  const language = random.weighted(country.languages);
  const staffed = random.next() < 0.7;
  return {
    document_id: appointmentDocumentId(index),
    title: random.pick(TITLES[language]),
    customer_name: `${random.pick(country.first)} ${random.pick(country.last)}`,
    phone: country.phone(random),
    email: random.next() < 0.3 ? `patient${index}@example.com` : null,
    language,
    starts_at: new Date(startsAt),
    ends_at: new Date(startsAt + random.pick([30, 45, 60]) * 60_000),
    timezone: zone,
    location: random.pick(LOCATIONS),
    staff_name: staffed ? random.pick(STAFF) : null,
    staff_phone: staffed ? country.phone(random) : null,
    appointment_status: status,
    created_at: new Date(created),
    updated_at: new Date(created),
    published_at: new Date(created),
  };
}

/**
 * Loads `count` rows (also host-target.ts's customers, bookings and links). The table's non-unique indexes
 * are dropped first and built again at the end (one sort each instead of a million ordered inserts); their
 * definitions are kept in the core store meanwhile, so an interrupted load puts them back the next time.
 */
export async function fill(
  strapi: Core.Strapi,
  table: string,
  spec: Record<string, string>,
  count: number,
  row: (index: number) => Record<string, unknown>,
  copies?: Copies
) {
  const knex = strapi.db.connection;
  await restoreIndexes(strapi);
  const { rows: indexes } = await knex.raw(
    "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = current_schema() AND tablename = ? AND indexdef NOT LIKE 'CREATE UNIQUE INDEX%'",
    [table]
  );
  await store(strapi).set({
    key: 'dropped-indexes',
    value: indexes.map((index: { indexdef: string }) => index.indexdef),
  });
  for (const index of indexes) await knex.raw('DROP INDEX IF EXISTS ??', [index.indexname]);
  const generated = copies ? Math.min(count, copies.block) : count;
  for (let start = 0; start < generated; start += CHUNK) {
    const columns = columnsOf(spec);
    for (let index = start; index < Math.min(generated, start + CHUNK); index += 1) {
      const values = row(index);
      for (const name of Object.keys(spec)) columns[name].values.push(values[name] ?? null);
    }
    await insertColumns(knex, table, columns);
  }
  if (copies) await copyBlock(knex, table, Object.keys(spec), count, copies);
  await restoreIndexes(strapi);
  await knex.raw('VACUUM ANALYZE ??', [table]);
}

/**
 * Beyond `block` rows, a table is filled with copies of its first rows made by PostgreSQL itself (copy k of
 * row i gets id k × block + i): building rows in JavaScript runs at about 10,000 a second, so 10,000,000
 * invoices would take a quarter of an hour, where an INSERT … SELECT copies a million in seconds. The copies
 * have the block's spreads (dates, statuses, countries, the fees run's share) and their own unique columns.
 */
export interface Copies {
  block: number;
  /** SQL for each unique column of copy number k (an integer literal substituted for `{k}`). */
  unique: Record<string, string>;
}

/** The rows copied per statement: a million-row INSERT … SELECT is one sort-free sequential pass. */
export const GENERATED_BLOCK = Number(process.env.BENCH_GENERATED_BLOCK ?? 1_000_000);

/** A document id of copy k: its 3-letter prefix becomes the first letter and k in two digits. */
const copiedDocumentId = "left(document_id, 1) || lpad('{k}', 2, '0') || substr(document_id, 4)";

async function copyBlock(
  knex: Core.Strapi['db']['connection'],
  table: string,
  names: string[],
  count: number,
  copies: Copies
) {
  for (let copy = 1; copy * copies.block < count; copy += 1) {
    const rows = Math.min(copies.block, count - copy * copies.block);
    const expressions = names.map((name) =>
      copies.unique[name] ? copies.unique[name].replace(/\{k\}/g, String(copy)) : knex.raw('??', [name]).toQuery()
    );
    await knex.raw(
      `INSERT INTO ?? (${names.map(() => '??').join(', ')}) SELECT ${expressions.join(', ')} FROM ?? WHERE id <= ? ORDER BY id`,
      [table, ...names, table, rows]
    );
  }
}

async function restoreIndexes(strapi: Core.Strapi) {
  const definitions = ((await store(strapi).get({ key: 'dropped-indexes' })) as string[] | null) ?? [];
  for (const definition of definitions)
    await strapi.db.connection.raw(definition.replace(/^CREATE INDEX /, 'CREATE INDEX IF NOT EXISTS '));
  await store(strapi).delete({ key: 'dropped-indexes' });
}

const store = (strapi: Core.Strapi) => strapi.store({ type: 'plugin', name: 'reminders-bench' });

/** Whether the data a marker `key` describes is there: the marker's sizes match `wanted`, the tables `tables`. */
export async function upToDate(
  strapi: Core.Strapi,
  key: string,
  wanted: Record<string, number>,
  tables: Record<string, number>
): Promise<boolean> {
  if (process.env.BENCH_REGENERATE === '1') return false;
  const marker = (await store(strapi).get({ key })) as Record<string, number> | null;
  if (
    !marker ||
    marker.version !== GENERATOR_VERSION ||
    Object.entries(wanted).some(([name, value]) => marker[name] !== value)
  )
    return false;
  for (const [table, expected] of Object.entries(tables)) {
    const [{ count }] = await strapi.db.connection(table).count({ count: '*' });
    if (Number(count) !== expected) return false;
  }
  return true;
}

/** Records that the data `wanted` describes is in place, for upToDate. */
export const markGenerated = (strapi: Core.Strapi, key: string, wanted: Record<string, number>) =>
  store(strapi).set({ key, value: { version: GENERATOR_VERSION, ...wanted } });

/** Invoices and appointments of the wanted sizes: reused when already there, else truncated and generated. */
export async function ensureRecords(
  strapi: Core.Strapi,
  wanted = { invoices: sizes.invoices, appointments: sizes.appointments },
  options: { quiet?: boolean } = {}
) {
  const tables = { reminders_invoices: wanted.invoices, reminders_appointments: wanted.appointments };
  if (await upToDate(strapi, 'records', wanted, tables)) return { generated: false, rows: [] as (string | number)[][] };
  const knex = strapi.db.connection;
  await store(strapi).delete({ key: 'records' });
  await knex.raw(
    'TRUNCATE reminders_invoices, reminders_appointments, reminders_deliveries, reminders_rule_schedules RESTART IDENTITY'
  );
  const fees = Math.round(wanted.invoices * FEES_SHARE);
  const invoiceRandom = randomSource(20261207);
  // The fees run is spread through the table (every tenth row), as a real import over time would be.
  const feesEvery = fees > 0 ? Math.floor(wanted.invoices / fees) : Infinity;
  const isFees = (index: number) => index % feesEvery === feesEvery - 1 && Math.floor(index / feesEvery) < fees;
  const invoices = await measure(() =>
    fill(
      strapi,
      'reminders_invoices',
      INVOICE_COLUMNS,
      wanted.invoices,
      (index) => invoiceRow(invoiceRandom, index, isFees(index)),
      { block: GENERATED_BLOCK, unique: { document_id: copiedDocumentId, number: "number || '-{k}'" } }
    )
  );
  const appointmentRandom = randomSource(7122026);
  const appointments = await measure(() =>
    fill(
      strapi,
      'reminders_appointments',
      APPOINTMENT_COLUMNS,
      wanted.appointments,
      (index) => appointmentRow(appointmentRandom, index),
      { block: GENERATED_BLOCK, unique: { document_id: copiedDocumentId } }
    )
  );
  await markGenerated(strapi, 'records', wanted);
  const rows = [
    ['invoices', fmt.int(wanted.invoices), fmt.ms(invoices.ms), fmt.int((wanted.invoices / invoices.ms) * 1000)],
    [
      'appointments',
      fmt.int(wanted.appointments),
      fmt.ms(appointments.ms),
      fmt.int((wanted.appointments / appointments.ms) * 1000),
    ],
  ];
  if (!options.quiet)
    printTable(
      'Generated records (load time includes the indexes and VACUUM ANALYZE)',
      ['table', 'rows', 'ms', 'rows/s'],
      rows
    );
  return { generated: true, rows };
}

const DELIVERY_COLUMNS = {
  document_id: 'varchar',
  idempotency_key: 'varchar',
  rule_document_id: 'varchar',
  target_type: 'varchar',
  target_document_id: 'varchar',
  step_index: 'int4',
  occurrence: 'int4',
  recipient_role: 'varchar',
  phone: 'varchar',
  body: 'text',
  encoding: 'varchar',
  segments: 'int4',
  scheduled_for: 'timestamp',
  not_before: 'timestamp',
  delivery_status: 'varchar',
  attempts: 'int4',
  provider: 'varchar',
  provider_message_id: 'varchar',
  cost: 'varchar',
  error_code: 'varchar',
  reason: 'text',
  events: 'jsonb',
  created_at: 'timestamp',
  updated_at: 'timestamp',
  published_at: 'timestamp',
};
const FINAL_STATUSES = [
  ['delivered', 62],
  ['accepted', 8],
  ['failed', 4],
  ['rejected', 1.5],
  ['unknown', 0.5],
  ['skipped', 3],
  ['expired', 2],
  ['cancelled', 12],
] as const;
const FAILURES: Record<string, [string, string]> = {
  failed: ['DeliveryFailure', 'The network could not deliver the message.'],
  rejected: ['403', 'InvalidPhoneNumber: the number is not a valid phone number'],
  unknown: ['timeout', 'No answer within 10000 ms: it may have been sent'],
  skipped: ['opted_out', 'The number has opted out of SMS'],
  expired: ['too_late', 'Could not be sent in time: 1500 minutes late, the rule allows 1440'],
  cancelled: ['no_longer_applies', 'No longer applies: invoice paymentStatus is paid, not none of paid'],
};

function deliveryRow(random: Random, index: number, records: { invoices: number; appointments: number }) {
  const ruleIndex = random.int(0, BENCH_RULES.length - 1);
  const rule = BENCH_RULES[ruleIndex];
  const country = random.weighted(countryShares);
  const invoice = rule.target === 'invoice';
  const targetIndex = random.int(0, Math.max(0, (invoice ? records.invoices : records.appointments) - 1));
  const target = invoice ? invoiceDocumentId(targetIndex) : appointmentDocumentId(targetIndex);
  const day = EPOCH.getTime() - random.int(0, 179) * DAY_MS;
  const scheduled =
    day +
    (invoice
      ? random.int(5, 8) * HOUR_MS + random.pick([0, 30]) * 60_000
      : random.int(4, 16) * HOUR_MS + random.pick([0, 15, 30, 45]) * 60_000);
  const future = index % 100 === 0; // 1% still queued for the next day
  const notBefore = future ? EPOCH.getTime() + random.int(1, 23) * HOUR_MS : scheduled;
  const status = future ? 'queued' : random.weighted(FINAL_STATUSES);
  const sent = ['delivered', 'accepted', 'failed', 'rejected', 'unknown'].includes(status);
  const arabic = country.code === 'JO';
  const name = `${random.pick(country.first)} ${random.pick(country.last)}`;
  const body = invoice
    ? arabic
      ? `مرحباً ${name}، الفاتورة INV-${targetIndex} بمبلغ ${random.int(5, 2000)}.000 JOD مستحقة خلال 3 أيام.`
      : `Hi ${name}, invoice INV-${String(targetIndex).padStart(8, '0')} of ${country.currency} ${random.int(500, 250000).toLocaleString('en')}.00 is due in 3 days (Dec 10, 2026).`
    : `Reminder: Dental check-up tomorrow at ${random.int(8, 17)}:${random.pick(['00', '30'])}, Ngong Road Clinic.`;
  const segments = sent || status === 'skipped' ? (arabic ? 2 : 1) : null;
  const at = (offsetMs: number) => new Date(notBefore + offsetMs).toISOString();
  const events: { at: string; status: string; detail?: string }[] = [
    { at: new Date(notBefore - DAY_MS).toISOString(), status: 'queued', detail: 'Planned' },
  ];
  if (sent) events.push({ at: at(1_000), status: 'accepted', detail: 'Success' });
  if (status !== 'queued' && status !== 'accepted')
    events.push({ at: at(sent ? 9_000 : 1_000), status, ...(FAILURES[status] ? { detail: FAILURES[status][1] } : {}) });
  const failure = FAILURES[status];
  return {
    document_id: documentId('dlv', index),
    idempotency_key: `${ruleDocumentId(ruleIndex)}:0:${index}:${rule.target}:${target}:customer:${isoDay(scheduled)}`,
    rule_document_id: ruleDocumentId(ruleIndex),
    target_type: rule.target,
    target_document_id: target,
    step_index: 0,
    occurrence: 0,
    recipient_role: 'customer',
    phone: country.phone(random),
    body: status === 'queued' || status === 'expired' || status === 'cancelled' ? null : body,
    encoding: segments === null ? null : arabic ? 'UCS_2' : 'GSM_7',
    segments,
    scheduled_for: new Date(scheduled),
    not_before: new Date(notBefore),
    delivery_status: status,
    attempts: sent ? 1 : 0,
    provider: sent ? 'africastalking' : null,
    provider_message_id:
      sent && status !== 'unknown' && status !== 'rejected' ? `ATXid_${index.toString(16).padStart(24, '0')}` : null,
    cost: sent && status !== 'unknown' && status !== 'rejected' ? `KES ${(0.8 * (segments ?? 1)).toFixed(4)}` : null,
    error_code: failure ? failure[0] : null,
    reason: failure ? failure[1] : null,
    events: JSON.stringify(events),
    created_at: new Date(notBefore - DAY_MS),
    updated_at: new Date(notBefore + (sent ? 9_000 : 1_000)),
    published_at: new Date(notBefore - DAY_MS),
  };
}

/** The delivery log of the wanted size (for the admin API benchmark): reused, or truncated and generated. */
export async function ensureDeliveries(
  strapi: Core.Strapi,
  deliveries = sizes.deliveries,
  records = { invoices: sizes.invoices, appointments: sizes.appointments },
  options: { quiet?: boolean } = {}
) {
  if (await upToDate(strapi, 'deliveries', { deliveries }, { reminders_deliveries: deliveries }))
    return { generated: false, rows: [] as (string | number)[][] };
  const knex = strapi.db.connection;
  await store(strapi).delete({ key: 'deliveries' });
  await knex.raw('TRUNCATE reminders_deliveries RESTART IDENTITY');
  const random = randomSource(1234567);
  const result = await measure(async () => {
    await fill(strapi, 'reminders_deliveries', DELIVERY_COLUMNS, deliveries, (index) =>
      deliveryRow(random, index, records)
    );
    // The load went through the outbox's triggers: fold their changes into the dashboard's day counts.
    await compactDayCounts(strapi);
  });
  await markGenerated(strapi, 'deliveries', { deliveries });
  const rows = [['deliveries', fmt.int(deliveries), fmt.ms(result.ms), fmt.int((deliveries / result.ms) * 1000)]];
  if (!options.quiet)
    printTable(
      'Generated delivery log (load time includes the indexes and VACUUM ANALYZE)',
      ['table', 'rows', 'ms', 'rows/s'],
      rows
    );
  return { generated: true, rows };
}

/** Anything that writes to the outbox outside ensureDeliveries makes the delivery log stale. */
export const forgetDeliveries = (strapi: Core.Strapi) => store(strapi).delete({ key: 'deliveries' });

if (require.main === module) {
  run(async () => {
    const what = process.argv[2] ?? 'all';
    const strapi = await bootStrapi();
    if (what === 'records' || what === 'all') await ensureRecords(strapi);
    if (what === 'deliveries' || what === 'all') await ensureDeliveries(strapi);
    await strapi.destroy();
  });
}
