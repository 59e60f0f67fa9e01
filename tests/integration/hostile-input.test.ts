import request from 'supertest';
import type { Core } from '@strapi/strapi';
import {
  createFullAccessToken,
  createSuperAdminToken,
  describeIntegration,
  startStrapi,
  stopStrapi,
  testDatabase,
} from '../helpers/strapi';
import { TestClock, schedulerOf, useClock } from '../helpers/scheduling';
import {
  FIELDS,
  type Random,
  encodeAny,
  hostileForm,
  hostileValue,
  malformedBody,
  mutate,
  prng,
  validAppointment,
  validInvoice,
  validRule,
} from '../helpers/hostile';

/**
 * Property test of every write API against hostile input: thousands of generated requests (seeded, so a
 * failure names its seed and case) at the invoices and appointments REST API, the Content Manager's rule
 * API, the template preview, the admin API of the plugin's pages and the three callbacks. The property: every answer is a 2xx, or a 4xx with
 * an error message; never a 5xx; and a refused request leaves every table exactly as it was.
 * FUZZ_CASES (default 1,500 per database in CI; `npm run test:chaos` runs 12,000) and FUZZ_SEED change the run.
 */
const CASES = Number(process.env.FUZZ_CASES ?? 1500);
const SEED = Number(process.env.FUZZ_SEED ?? 20261208);
const secret = 'fuzz-callback-secret-0123456789';
const TABLES = [
  'reminders_invoices',
  'reminders_appointments',
  'reminders_rules',
  'reminders_deliveries',
  'reminders_opt_outs',
  'reminders_rule_schedules',
] as const;
const RULES_PATH = '/content-manager/collection-types/plugin::reminders.reminder-rule';

interface FuzzRequest {
  kind: string;
  method: 'get' | 'post' | 'put';
  path: string;
  auth: 'api' | 'admin' | 'none';
  type?: string;
  body?: unknown;
  /** The table and documentId an update aims at, to check a refused update changed nothing. */
  target?: { table: string; documentId: string };
}

describeIntegration('hostile input: every API answers 2xx or 4xx with a message, never 5xx, never half-saves', () => {
  let strapi: Core.Strapi;
  let apiToken: string;
  let adminToken: string;
  const existing = { invoice: [] as string[], appointment: [] as string[], rule: [] as string[] };
  const errorLines: string[] = [];

  beforeAll(async () => {
    strapi = await startStrapi({ REMINDERS_CALLBACK_SECRET: secret });
    apiToken = await createFullAccessToken(strapi);
    adminToken = await createSuperAdminToken(strapi);
    const clock = new TestClock(new Date('2026-11-28T06:00:00Z'));
    useClock(strapi, clock);
    // Valid records and rules for the updates to aim at, and a delivery for the delivery reports.
    const seed = prng(SEED);
    for (let index = 0; index < 5; index += 1) {
      existing.invoice.push(
        (
          await strapi
            .documents('plugin::reminders.invoice')
            .create({ data: validInvoice(seed, `seed-${index}`) as never })
        ).documentId
      );
      existing.appointment.push(
        (await strapi.documents('plugin::reminders.appointment').create({ data: validAppointment(seed) as never }))
          .documentId
      );
      existing.rule.push(
        (
          await strapi
            .documents('plugin::reminders.reminder-rule')
            .create({ data: { ...validRule(seed, `seed-${index}`), enabled: true } as never })
        ).documentId
      );
    }
    const now = new Date().toISOString();
    await strapi.documents('plugin::reminders.delivery').create({
      data: {
        idempotencyKey: 'fuzz-delivery',
        targetType: 'test',
        phone: '+254712345678',
        body: 'x',
        scheduledFor: now,
        notBefore: now,
        deliveryStatus: 'accepted',
        providerMessageId: 'ATXid_fuzz',
        events: [],
      } as never,
    });
    jest
      .spyOn(strapi.log, 'error')
      .mockImplementation(((message: unknown) =>
        errorLines.push(message instanceof Error ? (message.stack ?? message.message) : String(message))) as never);
  });
  afterAll(() => stopStrapi(strapi));

  /** The row counts of every plugin table, in one statement. */
  const counts = async () => {
    const knex = strapi.db.connection;
    const row = await knex.select(TABLES.map((table) => knex(table).count('*').as(table))).first();
    return TABLES.map((table) => Number(row[table])).join(',');
  };
  const snapshot = async (target: FuzzRequest['target']) =>
    target
      ? JSON.stringify(await strapi.db.connection(target.table).where({ document_id: target.documentId }).first())
      : '';

  function generate(random: Random, index: number): FuzzRequest {
    const unique = `${SEED}-${index}`;
    const roll = random.next();
    const wrap = (data: unknown) =>
      random.chance(0.05) ? hostileValue(random) : random.chance(0.03) ? data : { data };
    const raw = random.chance(0.08) ? malformedBody(random) : undefined;
    const withRaw = (request: FuzzRequest): FuzzRequest =>
      raw ? { ...request, kind: `${request.kind}/raw`, type: raw.type, body: raw.body } : request;

    if (roll < 0.2)
      return withRaw({
        kind: 'invoice.create',
        method: 'post',
        path: '/api/reminders/invoices',
        auth: 'api',
        body: wrap(mutate(random, validInvoice(random, unique), FIELDS.invoice)),
      });
    if (roll < 0.3) {
      const documentId = random.chance(0.9)
        ? random.pick(existing.invoice)
        : encodeAny(String(hostileValue(random))) || 'x';
      const data = random.chance(0.5)
        ? mutate(random, {}, FIELDS.invoice)
        : mutate(random, validInvoice(random, unique), FIELDS.invoice);
      return withRaw({
        kind: 'invoice.update',
        method: 'put',
        path: `/api/reminders/invoices/${documentId}`,
        auth: 'api',
        body: wrap(data),
        target: { table: 'reminders_invoices', documentId },
      });
    }
    if (roll < 0.45)
      return withRaw({
        kind: 'appointment.create',
        method: 'post',
        path: '/api/reminders/appointments',
        auth: 'api',
        body: wrap(mutate(random, validAppointment(random), FIELDS.appointment)),
      });
    if (roll < 0.52) {
      const documentId = random.pick(existing.appointment);
      const data = random.chance(0.5)
        ? mutate(random, {}, FIELDS.appointment)
        : mutate(random, validAppointment(random), FIELDS.appointment);
      return withRaw({
        kind: 'appointment.update',
        method: 'put',
        path: `/api/reminders/appointments/${documentId}`,
        auth: 'api',
        body: wrap(data),
        target: { table: 'reminders_appointments', documentId },
      });
    }
    if (roll < 0.65)
      return withRaw({
        kind: 'rule.create',
        method: 'post',
        path: RULES_PATH,
        auth: 'admin',
        body: mutate(random, validRule(random, unique), FIELDS.rule, true),
      });
    if (roll < 0.7) {
      const documentId = random.pick(existing.rule);
      return withRaw({
        kind: 'rule.update',
        method: 'put',
        path: `${RULES_PATH}/${documentId}`,
        auth: 'admin',
        body: mutate(random, {}, FIELDS.rule, true),
        target: { table: 'reminders_rules', documentId },
      });
    }
    if (roll < 0.75) {
      const body = mutate(random, { target: 'invoice', template: 'Hi {{ customer.name }}' }, [
        'target',
        'template',
        'language',
        'documentId',
        'timezone',
      ]);
      return withRaw({
        kind: 'template.preview',
        method: 'post',
        path: '/reminders/templates/preview',
        auth: 'admin',
        body,
      });
    }
    if (roll < 0.8) {
      const query = [
        'filters[phone][$eq]=%2B254712345678',
        'filters[$or][0][number][$containsi]=%27%3B%20DROP',
        'filters[total][$gt]=abc',
        'filters[nope][$eq]=1',
        'filters[phone][$foo]=1',
        'sort=number%3Bdrop',
        'sort[0]=__proto__',
        'pagination[pageSize]=-1',
        'pagination[page]=99999999999999999999',
        'populate=*',
        'populate[deliveries]=true',
        'fields[0]=password',
        `filters[customerName][$eq]=${encodeAny(String(hostileValue(random)))}`,
        'filters[issueDate][$lt]=not-a-date',
        'filters[id][$in][0]=1&filters[id][$in][1]=x',
        'filters[constructor][$eq]=1',
        'filters[phone][constructor]=1',
        'sort=constructor',
        'fields[0]=constructor',
        'populate[constructor]=true',
        'filters[startsAt][$gt]=yesterday',
        'filters[amountPaid][$between][0]=1',
      ];
      const plural = random.pick(['invoices', 'appointments']);
      return {
        kind: 'list.query',
        method: 'get',
        path: `/api/reminders/${plural}?${random.pick(query)}&${random.pick(query)}`,
        auth: 'api',
      };
    }
    if (roll < 0.88) return withRaw(generateAdmin(random, unique));
    const callback = random.pick<{ path: string; fields: string[]; valid: Record<string, string> }>([
      {
        path: 'delivery-reports',
        fields: ['id', 'status', 'phoneNumber', 'networkCode', 'failureReason', 'retryCount'],
        valid: { id: 'ATXid_fuzz', status: 'Success', phoneNumber: '+254712345678' },
      },
      {
        path: 'opt-outs',
        fields: ['senderId', 'phoneNumber'],
        valid: { senderId: 'ACME', phoneNumber: '+254712345678' },
      },
      {
        path: 'incoming-messages',
        fields: ['from', 'to', 'text', 'id', 'linkId', 'date', 'networkCode'],
        valid: { from: '+254712345679', text: 'STOP', to: '12345' },
      },
    ]);
    const asJson = random.chance(0.15);
    return withRaw({
      kind: `callback.${callback.path}`,
      method: 'post',
      path: `/api/reminders/callbacks/${secret}/${callback.path}`,
      auth: 'none',
      type: asJson ? 'application/json' : 'application/x-www-form-urlencoded',
      body: asJson
        ? mutate(random, callback.valid, callback.fields)
        : hostileForm(random, callback.fields, callback.valid),
    });
  }

  /** The admin API of the plugin's pages: rules, the delivery log and its actions, records, the schedule preview. */
  function generateAdmin(random: Random, unique: string): FuzzRequest {
    const id = () => (random.chance(0.6) ? random.pick(existing.rule) : encodeAny(String(hostileValue(random))) || 'x');
    const query = () => {
      const name = random.pick([
        'page',
        'pageSize',
        'status',
        'rule',
        'target',
        'record',
        'phone',
        'from',
        'to',
        'q',
        'sort',
        'filters[$where]',
        '__proto__',
      ]);
      return `${encodeAny(name)}=${encodeAny(String(hostileValue(random)))}`;
    };
    const roll = random.next();
    if (roll < 0.35)
      return {
        kind: 'admin.rule.create',
        method: 'post',
        path: '/reminders/rules',
        auth: 'admin',
        body: mutate(random, validRule(random, `admin-${unique}`), FIELDS.rule, true),
      };
    if (roll < 0.5) {
      const documentId = random.pick(existing.rule);
      return {
        kind: 'admin.rule.update',
        method: 'put',
        path: `/reminders/rules/${documentId}`,
        auth: 'admin',
        body: mutate(random, {}, FIELDS.rule, true),
        target: { table: 'reminders_rules', documentId },
      };
    }
    if (roll < 0.55)
      return {
        kind: 'admin.rule.enabled',
        method: 'put',
        path: `/reminders/rules/${id()}/enabled`,
        auth: 'admin',
        body: random.chance(0.5) ? { enabled: hostileValue(random) } : (hostileValue(random) as object),
      };
    if (roll < 0.7)
      return {
        kind: 'admin.deliveries',
        method: 'get',
        path: `/reminders/deliveries?${query()}&${query()}`,
        auth: 'admin',
      };
    if (roll < 0.8) {
      const action = random.pick(['retry', 'cancel', 'resolve']);
      return {
        kind: 'admin.delivery.action',
        method: 'post',
        path: `/reminders/deliveries/${id()}/${action}`,
        auth: 'admin',
        body: random.chance(0.5)
          ? { outcome: hostileValue(random), note: hostileValue(random) }
          : (hostileValue(random) as object),
      };
    }
    if (roll < 0.9) {
      const target = random.chance(0.6)
        ? random.pick(['invoice', 'appointment'])
        : encodeAny(String(hostileValue(random))) || 'x';
      return {
        kind: 'admin.records',
        method: 'get',
        path: random.chance(0.5)
          ? `/reminders/records/${target}?${query()}`
          : `/reminders/records/${target}/${id()}/reminders`,
        auth: 'admin',
      };
    }
    return {
      kind: 'admin.schedule.preview',
      method: 'get',
      path: `/reminders/scheduler/preview?from=${encodeAny(String(random.chance(0.5) ? '2026-12-01T00:00:00Z' : hostileValue(random)))}&to=${encodeAny(String(hostileValue(random)))}`,
      auth: 'admin',
    };
  }

  it(
    `answers ${CASES} generated hostile requests (seed ${SEED}) with 2xx or 4xx, and a refused one writes nothing`,
    async () => {
      const failures: string[] = [];
      const acceptedRules: string[] = [];
      const byStatus = new Map<number, number>();
      const byKind = new Map<string, number>();
      let serverErrors = 0;
      const started = Date.now();
      for (let index = 0; index < CASES; index += 1) {
        const random = prng((SEED ^ Math.imul(index + 1, 2654435761)) >>> 0);
        const fuzz = generate(random, index);
        const before = await counts();
        const errorsBefore = errorLines.length;
        const beforeRecord = await snapshot(fuzz.target);

        let call = request(strapi.server.httpServer)[fuzz.method](fuzz.path);
        if (fuzz.auth === 'api') call = call.set('Authorization', `Bearer ${apiToken}`);
        if (fuzz.auth === 'admin') call = call.set('Authorization', `Bearer ${adminToken}`);
        if (fuzz.type) call = call.set('Content-Type', fuzz.type);
        let response: request.Response;
        try {
          // A JSON body that is not an object (a number, true, null) goes as text: supertest only serialises objects.
          const body =
            fuzz.body === null || ['number', 'boolean'].includes(typeof fuzz.body)
              ? JSON.stringify(fuzz.body)
              : fuzz.body;
          if (body !== fuzz.body && !fuzz.type) call = call.set('Content-Type', 'application/json');
          response = await (body === undefined ? call : call.send(body as string | object));
        } catch (error) {
          failures.push(`#${index} ${fuzz.kind}: no answer (${(error as Error).message})`);
          continue;
        }
        const { status } = response;
        byStatus.set(status, (byStatus.get(status) ?? 0) + 1);
        byKind.set(fuzz.kind.split('/')[0], (byKind.get(fuzz.kind.split('/')[0]) ?? 0) + 1);
        const describe = () =>
          `#${index} ${fuzz.kind} ${fuzz.method.toUpperCase()} ${fuzz.path.slice(0, 120)} ${JSON.stringify(fuzz.body)?.slice(0, 300)}`;
        if (status >= 500) {
          serverErrors += 1;
          failures.push(
            `${describe()} → ${status} ${JSON.stringify(response.body).slice(0, 300)}\n    ${errorLines.slice(errorsBefore).join('\n').split('\n').slice(0, 12).join('\n    ')}`
          );
          continue;
        }
        if (status === 431 && response.text === '') {
          // Node's HTTP parser refuses a URL or headers over 16 KB before any application code runs: no JSON body.
        } else if (status >= 400) {
          const message = response.body?.error?.message;
          if (typeof message !== 'string' || message.trim() === '')
            failures.push(`${describe()} → ${status} without error.message: ${response.text.slice(0, 200)}`);
          const after = await counts();
          if (after !== before)
            failures.push(`${describe()} → ${status} but the row counts moved ${before} → ${after}`);
          if (fuzz.target && (await snapshot(fuzz.target)) !== beforeRecord)
            failures.push(`${describe()} → ${status} but the record changed`);
        } else if (status < 200 || status >= 300) {
          failures.push(`${describe()} → unexpected ${status}`);
        } else if (errorLines.length > errorsBefore) {
          // Strapi logs the body parser's refusals (4xx) as errors; an accepted request must log none.
          failures.push(`${describe()} → ${status} but logged an error: ${errorLines[errorsBefore].split('\n')[0]}`);
        }
        // Keep each write's re-planning bounded while the run lasts; every accepted rule is enabled for the tick below.
        if ((fuzz.kind === 'rule.create' || fuzz.kind === 'admin.rule.create') && status < 300) {
          acceptedRules.push(response.body.data.documentId);
          await strapi.db
            .query('plugin::reminders.reminder-rule')
            .update({ where: { documentId: response.body.data.documentId }, data: { enabled: false } });
        }
      }

      // A hostile record or rule that was accepted must not poison the scheduler: a tick still plans and sends.
      const errorsBeforeTick = errorLines.length;
      await strapi.db
        .query('plugin::reminders.reminder-rule')
        .updateMany({ where: { documentId: { $in: acceptedRules } }, data: { enabled: true } });
      const tick = await schedulerOf(strapi)
        .tick()
        .then(
          (report) =>
            `ok (${report.planned.rules} rules, ${report.planned.written} planned, ${report.dispatched.claimed} sent)`,
          (error: Error) => `FAILED: ${error.message}`
        );
      const seconds = ((Date.now() - started) / 1000).toFixed(1);
      const statuses = [...byStatus.entries()]
        .sort(([a], [b]) => a - b)
        .map(([status, count]) => `${status}×${count}`)
        .join(' ');
      console.log(
        `hostile-input (${testDatabase}): ${CASES} cases, seed ${SEED}, ${seconds} s; statuses ${statuses}; 5xx: ${serverErrors}; ` +
          `failures: ${failures.length}; tick after: ${tick}\n` +
          `  by kind: ${[...byKind.entries()].map(([kind, count]) => `${kind} ${count}`).join(', ')}` +
          (failures.length ? `\n  first failures:\n  ${failures.slice(0, 15).join('\n  ')}` : '')
      );
      expect(failures).toEqual([]);
      expect(serverErrors).toBe(0);
      expect(tick).toMatch(/^ok/);
      expect(errorLines.slice(errorsBeforeTick)).toEqual([]);
    },
    Math.max(120_000, CASES * 150 + 60_000)
  );
});
