import crypto from 'crypto';
import request from 'supertest';
import type { Core } from '@strapi/strapi';
import { startFakeAfricasTalking, type FakeAfricasTalking } from '../fake-africastalking';
import {
  createFullAccessToken,
  createSuperAdminToken,
  describeIntegration,
  startStrapi,
  stopStrapi,
} from '../helpers/strapi';
import { TestClock, createAppointment, createRule, schedulerOf, useClock } from '../helpers/scheduling';

const apiKey = 'atsk_security_suite_key_must_never_leak_7c2e';
const secret = 'security-callback-secret-0123456789abcdef';
/** An unmasked E.164 number: a + and at least eight digits in a row (masked ones read +2547******78). */
const UNMASKED_PHONE = /(\+|%2B)\d{8,15}/i;
const LOG_LEVELS = ['error', 'warn', 'info', 'http', 'verbose', 'debug'] as const;

interface Route {
  method: string;
  path: string;
  config?: { auth?: false; policies?: (string | { name: string })[] };
}

/** A concrete URL for a route pattern: every :param filled in with something plausible. */
const urlOf = (prefix: string, route: Route) =>
  prefix +
  route.path.replace(/:(\w+)\??/g, (_match, name: string) =>
    name === 'target' ? 'invoice' : name === 'secret' ? 'not-the-secret-000000' : 'k3x9qk3x9qk3x9qk3x9qk3x9'
  );

/** Runs `work` over `items`, at most `limit` at a time. */
async function inParallel<T, R>(items: T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: limit }, async () => {
      while (next < items.length) {
        const index = next++;
        results[index] = await work(items[index]);
      }
    })
  );
  return results;
}

describeIntegration('security: admin routes, the content API, callbacks, secrets and phone numbers in logs', () => {
  let strapi: Core.Strapi;
  let fake: FakeAfricasTalking;
  let adminToken: string;
  let noAccessToken: string;
  const logLines: string[] = [];
  const responses: { url: string; text: string; headers: string }[] = [];
  const http = () => request(strapi.server.httpServer);
  /** Every answer is kept, to search them all for the API key at the end. */
  const keep = (url: string) => (response: request.Response) => {
    responses.push({ url, text: response.text ?? '', headers: JSON.stringify(response.headers) });
    return response;
  };
  const send = (method: string, url: string, token?: string, body?: object) => {
    let call = http()[method.toLowerCase() as 'get'](url);
    if (token) call = call.set('Authorization', `Bearer ${token}`);
    return (body ? call.send(body) : call).then(keep(url));
  };
  const routes = (type: 'admin' | 'content-api') =>
    (strapi.plugin('reminders').routes as unknown as Record<string, { routes: Route[] }>)[type].routes;

  beforeAll(async () => {
    fake = await startFakeAfricasTalking({ username: 'sandbox', apiKey });
    strapi = await startStrapi({
      REMINDERS_CALLBACK_SECRET: secret,
      AT_USERNAME: 'sandbox',
      AT_API_KEY: apiKey,
      AT_API_BASE_URL: fake.baseUrl,
      AT_TIMEOUT_MS: '300',
      PUBLIC_URL: 'https://reminders.example.com',
    });
    // Everything the app logs, at every level, whatever LOG_LEVEL lets through to the console.
    for (const level of LOG_LEVELS) {
      if (typeof (strapi.log as unknown as Record<string, unknown>)[level] !== 'function') continue;
      jest.spyOn(strapi.log, level as 'info').mockImplementation(((message: unknown) => {
        logLines.push(
          `${level}: ${message instanceof Error ? `${message.message}\n${message.stack}` : typeof message === 'string' ? message : JSON.stringify(message)}`
        );
      }) as never);
    }
    adminToken = await createSuperAdminToken(strapi);
    // An admin whose role has no permissions at all: logged in, allowed nothing.
    const suffix = crypto.randomBytes(4).toString('hex');
    const role = await strapi
      .service('admin::role')
      .create({ name: `No access ${suffix}`, description: 'no permissions' });
    const email = `nobody-${suffix}@example.com`;
    await strapi.service('admin::user').create({
      firstname: 'No',
      lastname: 'Body',
      email,
      password: 'Test-Password-1',
      isActive: true,
      roles: [role.id],
    });
    noAccessToken = (await http().post('/admin/login').send({ email, password: 'Test-Password-1' })).body.data.token;
  });
  afterAll(async () => {
    await stopStrapi(strapi);
    await fake.close();
  });

  it('refuses every admin route of the plugin to anonymous callers and to forged tokens (401)', async () => {
    const adminRoutes = routes('admin');
    expect(adminRoutes.length).toBeGreaterThan(0);
    const forged = `${adminToken.split('.').slice(0, 2).join('.')}.${Buffer.from('forged').toString('base64url')}`;
    const failures: string[] = [];
    for (const route of adminRoutes) {
      const url = urlOf('/reminders', route);
      for (const [who, token] of [
        ['anonymous', undefined],
        ['a forged token', forged],
        ['an API token', await createFullAccessToken(strapi)],
      ] as const) {
        const { status } = await send(route.method, url, token, route.method === 'GET' ? undefined : {});
        if (status !== 401) failures.push(`${route.method} ${url} as ${who}: ${status}`);
      }
    }
    console.log(
      `security: ${adminRoutes.length} admin routes refused to anonymous, forged-token and API-token callers`
    );
    expect(failures).toEqual([]);
  });

  it('refuses an admin without the permission (403) on every route guarded by one, and in the Content Manager', async () => {
    const guarded = routes('admin').filter((route) =>
      (route.config?.policies ?? []).some(
        (policy) => (typeof policy === 'string' ? policy : policy.name) === 'admin::hasPermissions'
      )
    );
    const failures: string[] = [];
    for (const route of guarded) {
      const url = urlOf('/reminders', route);
      const { status } = await send(route.method, url, noAccessToken, route.method === 'GET' ? undefined : {});
      if (status !== 403) failures.push(`${route.method} ${url}: ${status}`);
    }
    for (const type of ['invoice', 'appointment', 'reminder-rule', 'delivery', 'opt-out']) {
      const path = `/content-manager/collection-types/plugin::reminders.${type}`;
      for (const [method, url] of [
        ['GET', path],
        ['POST', path],
        ['PUT', `${path}/k3x9q`],
        ['DELETE', `${path}/k3x9q`],
      ]) {
        const { status } = await send(
          method,
          url,
          noAccessToken,
          method === 'GET' || method === 'DELETE' ? undefined : {}
        );
        if (status !== 403) failures.push(`${method} ${url}: ${status}`);
      }
    }
    console.log(
      `security: ${guarded.length} permission-guarded admin routes and 5 Content Manager types refused to an admin without permissions`
    );
    expect(failures).toEqual([]);
  });

  it('keeps the content API closed by default: only the callbacks and the unsubscribe link are public, everything else is 403 without a token', async () => {
    const contentRoutes = routes('content-api');
    const publicRoutes = contentRoutes.filter((route) => route.config?.auth === false).map((route) => route.path);
    expect(publicRoutes.sort()).toEqual([
      '/callbacks/:secret?/delivery-reports',
      '/callbacks/:secret?/incoming-messages',
      '/callbacks/:secret?/opt-outs',
      '/unsubscribe',
      '/unsubscribe',
    ]);
    const failures: string[] = [];
    for (const route of contentRoutes.filter((candidate) => candidate.config?.auth !== false)) {
      const url = urlOf('/api/reminders', route);
      const anonymous = await send(
        route.method,
        url,
        undefined,
        route.method === 'GET' || route.method === 'DELETE' ? undefined : { data: {} }
      );
      if (anonymous.status !== 403) failures.push(`${route.method} ${url} anonymous: ${anonymous.status}`);
    }
    // A read-only API token reads, and may not write.
    const readOnly = (
      await strapi
        .service('admin::api-token')
        .create({ name: `read-only-${crypto.randomBytes(3).toString('hex')}`, type: 'read-only', lifespan: null })
    ).accessKey as string;
    expect((await send('GET', '/api/reminders/invoices', readOnly)).status).toBe(200);
    for (const [method, url] of [
      ['POST', '/api/reminders/invoices'],
      ['PUT', '/api/reminders/invoices/k3x9q'],
      ['DELETE', '/api/reminders/appointments/k3x9q'],
    ]) {
      const { status } = await send(method, url, readOnly, method === 'DELETE' ? undefined : { data: { number: 'X' } });
      if (status !== 403) failures.push(`${method} ${url} read-only token: ${status}`);
    }
    expect(failures).toEqual([]);
  });

  it('refuses callbacks with a wrong, near-miss or missing secret (401), and holds under a flood of them', async () => {
    const before = JSON.stringify(await strapi.db.connection('reminders_opt_outs').select('phone'));
    const paths = ['delivery-reports', 'opt-outs', 'incoming-messages'];
    const secrets = [
      'wrong-secret-0123456789abcdef',
      secret.slice(0, -1),
      `${secret}x`,
      secret.toUpperCase(),
      'a',
      null,
    ];
    const calls = Array.from({ length: 2000 }, (_, index) => ({
      path: paths[index % 3],
      urlSecret: secrets[index % secrets.length],
      index,
    }));
    const started = Date.now();
    const statuses = await inParallel(calls, 50, ({ path, urlSecret, index }) =>
      http()
        .post(`/api/reminders/callbacks/${urlSecret === null ? '' : `${urlSecret}/`}${path}`)
        .type('form')
        .send({
          id: `ATXid_${index}`,
          status: 'Success',
          phoneNumber: `+2547110${String(index).padStart(5, '0')}`,
          from: `+2547120${String(index).padStart(5, '0')}`,
          text: 'STOP',
        })
        .then(
          (response) => {
            keep(path)(response);
            return response.status === 401 && typeof response.body?.error?.message === 'string' ? 401 : response.status;
          },
          () => -1
        )
    );
    const seconds = (Date.now() - started) / 1000;
    const counts = statuses.reduce<Record<string, number>>(
      (tally, status) => ({ ...tally, [status]: (tally[status] ?? 0) + 1 }),
      {}
    );
    console.log(
      `security: flood of ${calls.length} callbacks with a bad secret, 50 at a time, in ${seconds.toFixed(1)} s: ${JSON.stringify(counts)}`
    );
    expect(counts).toEqual({ 401: calls.length });
    expect(JSON.stringify(await strapi.db.connection('reminders_opt_outs').select('phone'))).toBe(before);
    // An empty secret segment is no callback URL at all: Strapi's router refuses the POST (405) before the plugin.
    expect(
      (await http().post('/api/reminders/callbacks//opt-outs').type('form').send({ phoneNumber: '+254711999002' }))
        .status
    ).toBe(405);
    // Still answering, and right, afterwards.
    expect(JSON.stringify(await strapi.db.connection('reminders_opt_outs').select('phone'))).toBe(before);
    const good = await http()
      .post(`/api/reminders/callbacks/${secret}/opt-outs`)
      .type('form')
      .send({ phoneNumber: '+254711999001', senderId: 'ACME' })
      .then(keep('opt-outs'));
    expect(good.status).toBe(200);
  });

  it('holds under a flood of genuine, duplicated delivery reports: every one answered, each report kept once', async () => {
    const now = new Date().toISOString();
    const messageIds = Array.from({ length: 20 }, (_, index) => `ATXid_flood_${index}`);
    for (const messageId of messageIds) {
      await strapi.documents('plugin::reminders.delivery').create({
        data: {
          idempotencyKey: `flood-${messageId}`,
          targetType: 'test',
          phone: '+254712000111',
          body: 'x',
          scheduledFor: now,
          notBefore: now,
          deliveryStatus: 'accepted',
          providerMessageId: messageId,
          events: [],
        } as never,
      });
    }
    // Two floods, 40 at a time, every report three times: first up to Success, then late reports. Within one
    // flood the order is the network's; between them it is fixed, so "final never moves back" is testable.
    const flood = (statuses: string[]) => {
      const reports = messageIds.flatMap((id) => statuses.map((status) => ({ id, status })));
      return inParallel([...reports, ...reports, ...reports], 40, (fields) =>
        http()
          .post(`/api/reminders/callbacks/${secret}/delivery-reports`)
          .type('form')
          .send(fields)
          .then(keep('delivery-reports'))
      );
    };
    const answers = [
      ...(await flood(['Sent', 'Submitted', 'Success', 'Success', 'Success'])),
      ...(await flood(['Buffered', 'Failed', 'Sent'])),
    ];
    expect(answers).toHaveLength(480);
    expect(answers.filter((answer) => answer.status !== 200)).toEqual([]);
    const rows = await strapi.db
      .query('plugin::reminders.delivery')
      .findMany({ where: { providerMessageId: { $in: messageIds } } });
    for (const row of rows) {
      expect(row.deliveryStatus).toBe('delivered'); // Success is final: the late Failed, Sent and Buffered do not move it back
      const details = (row.events as { detail: string }[]).map((event) => event.detail);
      expect(new Set(details).size).toBe(details.length);
      expect(details.sort()).toEqual([
        'Delivery report: Buffered',
        'Delivery report: Failed',
        'Delivery report: Sent',
        'Delivery report: Submitted',
        'Delivery report: Success',
      ]);
    }
  });

  it('never shows the API key in an answer or a log line, and masks phone numbers in the logs, over a whole run', async () => {
    // A run that logs: records written with phones, a filtered list, a scheduler tick that sends through Africa's
    // Talking with failures of each kind, the settings page, callbacks carrying numbers.
    const clock = new TestClock(new Date('2026-03-02T06:00:00Z'));
    useClock(strapi, clock);
    await createRule(strapi, {
      target: 'appointment',
      anchor: 'starts_at',
      steps: [{ amount: 2, unit: 'hours', direction: 'before' }],
    });
    const phones = [
      '+254711200001',
      '+254711200002',
      '+254711200003',
      '+254711200004',
      '+254711200005',
      '+254711200006',
    ];
    for (const phone of phones)
      await createAppointment(strapi, {
        phone,
        staffPhone: '+254722300001',
        startsAt: new Date(clock.now.getTime() + 2 * 3600_000).toISOString(),
      });
    fake.reply(
      { kind: 'recipient', statusCode: 500 },
      { kind: 'http', httpStatus: 401, body: 'The supplied authentication is invalid' },
      { kind: 'hang' },
      { kind: 'reset' },
      { kind: 'recipient', statusCode: 406 },
      { kind: 'http', httpStatus: 502, body: 'Bad gateway' }
    );
    const tick = await schedulerOf(strapi).tick();
    expect(tick.dispatched.claimed).toBe(phones.length);
    expect(fake.requests.slice(-phones.length).every((received) => received.apiKey === apiKey)).toBe(true); // the key was really in use

    const api = await createFullAccessToken(strapi);
    await send('POST', '/api/reminders/invoices', api, {
      data: {
        number: 'SEC-1',
        customerName: 'Wanjiku',
        phone: '+254711200007',
        currency: 'KES',
        total: '10',
        issueDate: '2026-03-01',
        dueDate: '2026-03-05',
      },
    });
    await send('POST', '/api/reminders/invoices', api, {
      data: {
        number: 'SEC-2',
        customerName: 'Wanjiku',
        phone: 'call +254711200008 after 5',
        currency: 'KES',
        total: '10',
        issueDate: '2026-03-01',
        dueDate: '2026-03-05',
      },
    });
    await send('GET', `/api/reminders/invoices?filters[phone][$eq]=${encodeURIComponent('+254711200007')}`, api);
    await send('GET', '/api/reminders/appointments?filters[phone][$eq]=+254711200001', api);
    const settings = await send('GET', '/reminders/settings', adminToken);
    expect(settings.status).toBe(200);
    expect(settings.body.data.provider.details.apiKey).toBe('••••••••7c2e');
    await send('POST', '/reminders/test-send', adminToken, {
      phone: '+254711200009',
      template: 'Hi {{ customer.name }}',
    });
    await http()
      .post(`/api/reminders/callbacks/${secret}/incoming-messages`)
      .type('form')
      .send({ from: '+254711200010', text: 'STOP', to: '12345' })
      .then(keep('incoming'));
    await http()
      .post(`/api/reminders/callbacks/${secret}/opt-outs`)
      .type('form')
      .send({ phoneNumber: '+254711200011', senderId: 'ACME' })
      .then(keep('opt-outs'));

    const leaks = responses
      .filter((response) => response.text.includes(apiKey) || response.headers.includes(apiKey))
      .map((response) => response.url);
    const keyInLogs = logLines.filter((line) => line.includes(apiKey));
    const secretInLogs = logLines.filter((line) => line.includes(secret));
    const phonesInLogs = logLines.filter((line) => UNMASKED_PHONE.test(line));
    console.log(
      `security: ${responses.length} answers and ${logLines.length} log lines searched (${logLines.filter((line) => line.startsWith('http:')).length} request lines, ` +
        `${logLines.filter((line) => line.startsWith('warn:')).length} warnings, ${logLines.filter((line) => line.startsWith('error:')).length} errors): API key in answers ${leaks.length}, ` +
        `API key in logs ${keyInLogs.length}, callback secret in logs ${secretInLogs.length}, unmasked phone numbers in logs ${phonesInLogs.length}`
    );
    // What was searched is what matters: the failures were logged with the number masked, the request lines
    // were captured with the callback secret hidden and the filtered number masked.
    expect(logLines.some((line) => /^warn: .*\+2547\*+0[1-6]/.test(line))).toBe(true);
    expect(logLines.some((line) => line.startsWith('http: POST /api/reminders/callbacks/***/opt-outs'))).toBe(true);
    expect(
      logLines.some((line) => /^http: GET \/api\/reminders\/invoices\?filters\[phone\]\[\$eq\]=%2B2547\*+07/.test(line))
    ).toBe(true);
    expect(leaks).toEqual([]);
    expect(keyInLogs).toEqual([]);
    expect(secretInLogs).toEqual([]);
    expect(phonesInLogs).toEqual([]);
  });
});
