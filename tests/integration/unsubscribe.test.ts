import crypto from 'crypto';
import request from 'supertest';
import type { Core } from '@strapi/strapi';
import { createSuperAdminToken, describeIntegration, startStrapi, stopStrapi } from '../helpers/strapi';
import { HOSTILE_STRINGS, prng } from '../helpers/hostile';
import { signUnsubscribeToken } from '../../plugins/reminders/server/src/domain/unsubscribe';

const OPT_OUT = 'plugin::reminders.opt-out';
const optOutsPath = `/content-manager/collection-types/${OPT_OUT}`;

describeIntegration('unsubscribe links and opt-outs per channel', () => {
  let strapi: Core.Strapi;
  let adminToken: string;
  const logLines: string[] = [];
  const http = () => request(strapi.server.httpServer);
  const optOuts = () => strapi.plugin('reminders').service('opt-outs');
  const unsubscribe = () => strapi.plugin('reminders').service('unsubscribe');
  const linkFor = (address: string): { url: string; headers: Record<string, string> } => unsubscribe().linkFor(address);
  /** The path and query of a link, for supertest. */
  const pathOf = (url: string) => url.slice('https://reminders.example.com'.length);
  const rowsFor = (email: string) =>
    strapi.db.query(OPT_OUT).findMany({ where: { email }, select: ['channel', 'email', 'phone', 'source'] });
  const cm = (method: 'get' | 'post' | 'put', path: string) =>
    http()[method](path).set('Authorization', `Bearer ${adminToken}`);

  beforeAll(async () => {
    strapi = await startStrapi({ PUBLIC_URL: 'https://reminders.example.com/' });
    jest.spyOn(strapi.log, 'http').mockImplementation(((message: unknown) => {
      logLines.push(String(message));
    }) as never);
    adminToken = await createSuperAdminToken(strapi);
  });
  afterAll(() => stopStrapi(strapi));

  it('makes a link under the public URL, with the List-Unsubscribe headers, the same for any spelling of the address', () => {
    const link = linkFor(' Jane@Example.COM ');
    expect(link.url).toMatch(
      /^https:\/\/reminders\.example\.com\/api\/reminders\/unsubscribe\?token=[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{43}$/
    );
    expect(link.headers).toEqual({
      'List-Unsubscribe': `<${link.url}>`,
      'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
    });
    expect(linkFor('jane@example.com')).toEqual(link);
    expect(linkFor('john@example.com').url).not.toBe(link.url);
    expect(() => linkFor('not an address')).toThrow(/not an e-mail address/);
  });

  it('opts the address out of e-mail reminders in one click, once, and says so on a page', async () => {
    const { url } = linkFor('jane@example.com');
    const first = await http().get(pathOf(url));
    expect(first.status).toBe(200);
    expect(first.headers['content-type']).toMatch(/^text\/html/);
    expect(first.headers['cache-control']).toBe('no-store');
    expect(first.text).toContain('You will no longer receive reminder e-mails at j***@example.com.');
    // Self-contained: nothing for the CSP Strapi sends with it to block.
    expect(first.headers['content-security-policy']).toBeDefined();
    expect(first.text).not.toMatch(/<script|<link|<img|src=/i);

    const again = await http().get(pathOf(url));
    expect(again.status).toBe(200);
    expect(again.text).toContain('j***@example.com');
    expect(await rowsFor('jane@example.com')).toEqual([
      { channel: 'email', email: 'jane@example.com', phone: null, source: 'unsubscribe' },
    ]);
    expect(await optOuts().emailOptedOutAmong([' JANE@example.com', 'john@example.com', 'garbage'])).toEqual(
      new Set(['jane@example.com'])
    );
    // The request log shows the link without its token (it holds the address).
    const lines = logLines.filter((line) => line.includes('/api/reminders/unsubscribe'));
    expect(lines.length).toBeGreaterThanOrEqual(2);
    const token = new URL(url).searchParams.get('token') as string;
    expect(lines.filter((line) => !line.includes('unsubscribe?token=***') || line.includes(token))).toEqual([]);
  });

  it('keeps one entry when the link is opened many times at once', async () => {
    const { url } = linkFor('busy@example.com');
    const answers = await Promise.all(Array.from({ length: 8 }, () => http().get(pathOf(url))));
    expect(answers.map((answer) => answer.status)).toEqual(Array(8).fill(200));
    expect(await rowsFor('busy@example.com')).toHaveLength(1);
  });

  it('only checks the link on a HEAD request (link checkers send them): nobody is opted out', async () => {
    const { url } = linkFor('checked@example.com');
    expect((await http().head(pathOf(url))).status).toBe(200);
    expect((await http().head('/api/reminders/unsubscribe?token=forged.token')).status).toBe(400);
    expect(await rowsFor('checked@example.com')).toEqual([]);
  });

  it("answers a mail client's one-click POST (RFC 8058) with 200, form-encoded or multipart", async () => {
    const encoded = await http()
      .post(pathOf(linkFor('oneclick@example.com').url))
      .type('form')
      .send('List-Unsubscribe=One-Click');
    expect([encoded.status, encoded.body]).toEqual([200, { unsubscribed: true }]);
    const multipart = await http()
      .post(pathOf(linkFor('multipart@example.com').url))
      .field('List-Unsubscribe', 'One-Click');
    expect([multipart.status, multipart.body]).toEqual([200, { unsubscribed: true }]);
    const twice = await http()
      .post(pathOf(linkFor('oneclick@example.com').url))
      .type('form')
      .send('List-Unsubscribe=One-Click');
    expect(twice.status).toBe(200);
    expect(await rowsFor('oneclick@example.com')).toHaveLength(1);
    expect(await rowsFor('multipart@example.com')).toEqual([expect.objectContaining({ source: 'unsubscribe' })]);
  });

  it('refuses missing, forged and garbled tokens with a 400 (a page for GET, JSON for POST), never a 5xx, opting nobody out', async () => {
    const before = await strapi.db.query(OPT_OUT).count();
    const valid = new URL(linkFor('victim@example.com').url).searchParams.get('token') as string;
    const [encoded, signature] = valid.split('.');
    const random = prng(20);
    const tokens: string[] = [
      '',
      valid.slice(0, -1),
      `${encoded}.`,
      `.${signature}`,
      `${encoded}.${signature}.${signature}`,
      `${Buffer.from('attacker@example.com').toString('base64url')}.${signature}`,
      signUnsubscribeToken('victim@example.com', 'a-secret-this-site-does-not-use'),
      signUnsubscribeToken('victim@example.com', 'test-key-a'),
      ...HOSTILE_STRINGS,
    ];
    while (tokens.length < 300) {
      const bytes = (length: number) =>
        crypto.randomBytes(length).toString(random.pick(['base64url', 'hex', 'base64']));
      tokens.push(random.chance(0.5) ? `${bytes(random.int(0, 40))}.${bytes(32)}` : bytes(random.int(1, 700)));
    }
    const statuses = new Map<number, number>();
    const failures: string[] = [];
    for (const [index, token] of tokens.entries()) {
      // Every byte percent-encoded: encodeURIComponent throws on a lone surrogate.
      const query = `?token=${[...Buffer.from(token)].map((byte) => `%${byte.toString(16).padStart(2, '0')}`).join('')}`;
      const page = await http().get(`/api/reminders/unsubscribe${query}`);
      const oneClick = await http()
        .post(`/api/reminders/unsubscribe${query}`)
        .type('form')
        .send('List-Unsubscribe=One-Click');
      for (const answer of [page, oneClick]) statuses.set(answer.status, (statuses.get(answer.status) ?? 0) + 1);
      if (page.status !== 400 || oneClick.status !== 400) failures.push(`#${index}: ${page.status} ${oneClick.status}`);
      // A NUL character is refused by the plugin's request guard before the page is made (JSON, still a 400).
      else if (!token.includes('\u0000') && !/^text\/html/.test(page.headers['content-type']))
        failures.push(`#${index}: GET answered ${page.headers['content-type']}`);
      else if (!oneClick.body?.error?.message) failures.push(`#${index}: POST answered ${oneClick.text.slice(0, 80)}`);
    }
    for (const path of [
      '/api/reminders/unsubscribe',
      '/api/reminders/unsubscribe?token[a]=b',
      '/api/reminders/unsubscribe?token=%ED%A0%80%FF',
      '/api/reminders/unsubscribe?token=%',
      `/api/reminders/unsubscribe?token=${valid}&token=${valid}`,
    ]) {
      const page = await http().get(path);
      const oneClick = await http().post(path).send({});
      if (page.status !== 400 || oneClick.status !== 400) failures.push(`${path}: ${page.status} ${oneClick.status}`);
    }
    console.log(
      `unsubscribe: ${tokens.length} bad tokens sent by GET and POST: ${[...statuses].map(([status, count]) => `${count}×${status}`).join(', ')}`
    );
    expect(failures).toEqual([]);
    const forged = await http().get(`/api/reminders/unsubscribe?token=${encodeURIComponent(tokens[5])}`);
    expect(forged.text).toContain('The unsubscribe link is incomplete or was not made by this site');
    expect(await strapi.db.query(OPT_OUT).count()).toBe(before);
  });

  it('signs with email.unsubscribeSecret when one is set (links made before no longer work)', async () => {
    const derived = linkFor('secret@example.com').url;
    strapi.config.set('plugin::reminders.email.unsubscribeSecret', 'a-configured-unsubscribe-secret');
    try {
      const configured = linkFor('secret@example.com').url;
      expect(configured).not.toBe(derived);
      expect((await http().get(pathOf(derived))).status).toBe(400);
      expect((await http().get(pathOf(configured))).status).toBe(200);
    } finally {
      strapi.config.set('plugin::reminders.email.unsubscribeSecret', '');
    }
  });

  it("keeps the channels apart: an e-mail opt-out leaves the customer's phone, an SMS opt-out the customer's e-mail", async () => {
    await http().get(pathOf(linkFor('amina@example.com').url));
    expect(await optOuts().optedOutAmong(['+254712000001'])).toEqual(new Set());
    expect(await optOuts().add('+254712000002', 'stop_reply', 'Replied "STOP"')).toBe(true);
    expect(await optOuts().optedOutAmong(['0712 000 002'])).toEqual(new Set(['0712 000 002']));
    expect(await optOuts().emailOptedOutAmong(['baraka@example.com'])).toEqual(new Set());
    expect(
      await strapi.db.query(OPT_OUT).findOne({ where: { phone: '+254712000002' }, select: ['channel', 'email'] })
    ).toEqual({ channel: 'sms', email: null });
  });

  it('lists and filters opt-outs by channel in the Content Manager, where an editor adds an e-mail opt-out', async () => {
    const created = await cm('post', optOutsPath).send({ channel: 'email', email: ' Office@Example.com ', phone: '' });
    expect(created.status).toBe(201);
    expect(created.body.data).toMatchObject({
      channel: 'email',
      email: 'office@example.com',
      phone: null,
      source: 'editor',
    });
    expect(await optOuts().emailOptedOutAmong(['office@example.com'])).toEqual(new Set(['office@example.com']));
    const sms = await cm('post', optOutsPath).send({ phone: '0712 000 003', email: '' });
    expect(sms.status).toBe(201);
    expect(sms.body.data).toMatchObject({ channel: 'sms', phone: '+254712000003', email: null });

    const listed = async (channel: string) => {
      const response = await cm('get', `${optOutsPath}?filters[$and][0][channel][$eq]=${channel}&pageSize=100`);
      expect(response.status).toBe(200);
      return response.body.results as { channel: string; email: string | null; phone: string | null }[];
    };
    const emails = await listed('email');
    expect(emails.map((row) => row.email)).toEqual(expect.arrayContaining(['office@example.com', 'jane@example.com']));
    expect(emails.every((row) => row.channel === 'email' && row.phone === null)).toBe(true);
    const phones = await listed('sms');
    expect(phones.map((row) => row.phone)).toEqual(expect.arrayContaining(['+254712000002', '+254712000003']));
    expect(phones.every((row) => row.channel === 'sms' && row.email === null)).toBe(true);

    const layout = await cm('get', `/content-manager/content-types/${OPT_OUT}/configuration`);
    expect(layout.body.data.contentType.layouts.list).toEqual([
      'channel',
      'phone',
      'email',
      'source',
      'note',
      'createdAt',
    ]);
  });

  it.each([
    ['an e-mail opt-out without an address', { channel: 'email' }, 'email', /email is required/],
    ['a bad address', { channel: 'email', email: 'office at example' }, 'email', /is not an e-mail address/],
    [
      'a phone on an e-mail opt-out',
      { channel: 'email', email: 'x@example.com', phone: '0712000004' },
      'phone',
      /must be empty/,
    ],
    ['an address on an SMS opt-out', { phone: '0712000004', email: 'x@example.com' }, 'email', /must be empty/],
    ['an SMS opt-out without a phone', { channel: 'sms', email: '' }, 'phone', /phone is required/],
    ['an unknown channel', { channel: 'fax', phone: '0712000004' }, 'channel', /must be one of: sms, email/],
  ])('refuses %s with a 400 naming the field, saving nothing', async (_case, data, field, message) => {
    const before = await strapi.db.query(OPT_OUT).count();
    const response = await cm('post', optOutsPath).send(data);
    expect(response.status).toBe(400);
    expect(response.body.error.details.errors).toEqual([
      expect.objectContaining({ path: [field], message: expect.stringMatching(message) }),
    ]);
    expect(await strapi.db.query(OPT_OUT).count()).toBe(before);
  });

  it('refuses an address already on the list (400), and an edit that would give an entry both channels', async () => {
    const duplicate = await cm('post', optOutsPath).send({ channel: 'email', email: 'JANE@example.com' });
    expect(duplicate.status).toBe(400);
    expect(duplicate.body.error.details.errors).toEqual([expect.objectContaining({ path: ['email'] })]);
    const [entry] = await strapi.db.query(OPT_OUT).findMany({ where: { email: 'office@example.com' } });
    const edit = await cm('put', `${optOutsPath}/${entry.documentId}`).send({ channel: 'sms' });
    expect(edit.status).toBe(400);
    expect(edit.body.error.details.errors).toEqual([
      expect.objectContaining({ path: ['phone'] }),
      expect.objectContaining({ path: ['email'] }),
    ]);
    expect(await rowsFor('office@example.com')).toEqual([expect.objectContaining({ channel: 'email' })]);
  });

  it('keeps each address once in the database itself, and entries listed before channels existed as SMS ones', async () => {
    const table = () => strapi.db.connection('reminders_opt_outs');
    await table().insert({ document_id: 'u1', channel: 'email', email: 'db@example.com', source: 'editor' });
    // The message, not toThrow: better-sqlite3's error is no Error of this test file's realm once a file before it loaded the driver.
    const second = await table()
      .insert({ document_id: 'u2', channel: 'email', email: 'db@example.com', source: 'unsubscribe' })
      .then(
        () => 'accepted',
        (error: { message?: string }) => String(error?.message)
      );
    expect(second).toMatch(/unique|duplicate/i);
    await table().insert({ document_id: 'u3', phone: '+254712000009', source: 'provider' });
    await table().update({ channel: null }).where({ document_id: 'u3' });
    expect(await optOuts().fillChannels()).toBe(1);
    expect(await table().where({ document_id: 'u3' }).first('channel')).toEqual({ channel: 'sms' });
  });
});
