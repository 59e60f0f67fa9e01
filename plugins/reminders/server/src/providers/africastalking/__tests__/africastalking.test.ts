import { startFakeAfricasTalking, type FakeAfricasTalking } from '../../../../../../../tests/fake-africastalking';
import { createAfricasTalkingProvider, type AfricasTalkingOptions } from '..';
import type { SendOutcome } from '../../types';

/**
 * The provider drives the real africastalking SDK over HTTP against the fake server: no module mock.
 * Every outcome, status and log line is collected and checked for the API key at the end.
 */
const apiKey = 'atsk_0123456789abcdef_do_not_leak_this_key';
const seen: string[] = [];
const log = { info: (line: string) => seen.push(line), warn: (line: string) => seen.push(line) };

let fake: FakeAfricasTalking;
beforeEach(async () => {
  fake = await startFakeAfricasTalking({ username: 'sandbox', apiKey });
});
afterEach(() => fake.close());

// 12:00 in Lagos, outside the do-not-disturb hours.
const noon = new Date('2026-03-10T11:00:00Z');

function provider(overrides: Partial<AfricasTalkingOptions> = {}) {
  return createAfricasTalkingProvider({
    username: 'sandbox',
    apiKey,
    senderId: 'ACME',
    apiBaseUrl: fake.baseUrl,
    timeoutMs: 2000,
    log,
    now: () => noon,
    ...overrides,
  });
}

async function send(to = '+254712345678', overrides: Partial<AfricasTalkingOptions> = {}): Promise<SendOutcome> {
  const outcome = await provider(overrides).send({ to, body: 'Invoice INV-1 is due' });
  seen.push(JSON.stringify(outcome));
  return outcome;
}

describe("the Africa's Talking provider over the official SDK", () => {
  it('sends one form-encoded request with the key in its header and keeps message id, cost and parts', async () => {
    const outcome = await send();
    expect(outcome).toEqual({
      kind: 'accepted',
      messageId: fake.requests[0].messageIds[0],
      cost: 'KES 0.8000',
      parts: 1,
      providerStatus: 'Success',
    });
    expect(fake.requests).toHaveLength(1);
    expect(fake.requests[0].apiKey).toBe(apiKey);
    expect(fake.requests[0].fields).toMatchObject({
      username: 'sandbox',
      to: '+254712345678',
      message: 'Invoice INV-1 is due',
      from: 'ACME',
      bulkSMSMode: '1',
    });
  });

  it.each([100, 101, 102])('counts status %i as accepted: a delivery report will follow', async (statusCode) => {
    fake.reply({ kind: 'recipient', statusCode, messageParts: 2, cost: 'KES 1.6000' });
    expect(await send()).toMatchObject({ kind: 'accepted', parts: 2, cost: 'KES 1.6000' });
  });

  it('hands the SDK E.164 only: a local number is normalised first, a bad one never reaches it', async () => {
    await send('0712 345 678');
    expect(fake.requests[0].fields.to).toBe('+254712345678');
    expect(await send('12345')).toMatchObject({ kind: 'permanent', errorCode: 'invalid-number' });
    expect(fake.requests).toHaveLength(1);
  });

  it('uses the message sender ID over the default, and none when neither is set', async () => {
    await provider().send({ to: '+254712345678', body: 'a', from: 'CLINIC' });
    await provider({ senderId: '' }).send({ to: '+254712345678', body: 'b' });
    expect(fake.requests[0].fields.from).toBe('CLINIC');
    expect(fake.requests[1].fields).not.toHaveProperty('from');
  });

  it.each([
    [403, 'permanent'],
    [404, 'permanent'],
    [407, 'permanent'],
    [401, 'account'],
    [402, 'account'],
    [405, 'account'],
    [500, 'transient'],
    [501, 'transient'],
    [502, 'transient'],
  ])('classifies per-recipient status %i as %s', async (statusCode, kind) => {
    fake.reply({ kind: 'recipient', statusCode });
    const outcome = await send();
    expect(outcome.kind).toBe(kind);
    expect(outcome).toMatchObject({ errorCode: expect.stringMatching(new RegExp(`^${statusCode} `)) });
  });

  it('marks 406 (blacklisted) for the opt-out list, and 502 as worth only a few retries', async () => {
    fake.reply({ kind: 'recipient', statusCode: 406 }, { kind: 'recipient', statusCode: 502 });
    expect(await send()).toMatchObject({ kind: 'permanent', errorCode: '406 UserInBlacklist', optOut: true });
    expect(await send()).toMatchObject({ kind: 'transient', maxRetries: 2 });
  });

  it('retries a do-not-disturb refusal (409) at 08:00 Lagos time', async () => {
    fake.reply({ kind: 'recipient', statusCode: 409 });
    // 21:30 in Lagos (UTC+1): 10 h 30 min until 08:00.
    const outcome = await send('+2348031234567', { now: () => new Date('2026-03-10T20:30:00Z') });
    expect(outcome).toMatchObject({
      kind: 'transient',
      errorCode: '409 DoNotDisturbRejection',
      retryAfterMs: 10.5 * 3600_000,
    });
  });

  it('reads an answer without recipients by its summary: InvalidSenderId is an account problem', async () => {
    fake.reply({
      kind: 'http',
      httpStatus: 201,
      body: { SMSMessageData: { Message: 'InvalidSenderId', Recipients: [] } },
    });
    expect(await send()).toMatchObject({ kind: 'account', errorCode: '402 InvalidSenderId' });
    fake.reply({
      kind: 'http',
      httpStatus: 201,
      body: { SMSMessageData: { Message: 'Something new', Recipients: [] } },
    });
    expect(await send()).toMatchObject({ kind: 'unknown', errorCode: 'no-recipient' });
  });

  it('treats refused credentials (HTTP 401) as an account problem', async () => {
    const outcome = await send('+254712345678', { apiKey: 'atsk_wrong_key_0000000000' });
    expect(outcome).toMatchObject({ kind: 'account', errorCode: 'HTTP 401' });
    expect(outcome.kind !== 'accepted' && outcome.reason).toMatch(/The supplied authentication is invalid/);
  });

  it('treats other HTTP 4xx as an account problem and 429 as a transient one with its Retry-After', async () => {
    fake.reply(
      { kind: 'http', httpStatus: 400, body: 'Invalid senderId' },
      { kind: 'http', httpStatus: 429, headers: { 'Retry-After': '30' } }
    );
    expect(await send()).toMatchObject({ kind: 'account', errorCode: 'HTTP 400' });
    expect(await send()).toMatchObject({ kind: 'transient', errorCode: 'HTTP 429', retryAfterMs: 30_000 });
  });

  it.each([500, 502, 503])('treats HTTP %i as unknown: the SMS may have gone out', async (httpStatus) => {
    fake.reply({ kind: 'http', httpStatus, body: 'upstream trouble' });
    expect(await send()).toMatchObject({ kind: 'unknown', errorCode: `HTTP ${httpStatus}` });
  });

  it('treats a 2xx other than 201 as unknown (the SDK rejects it with the bare body)', async () => {
    fake.reply({ kind: 'http', httpStatus: 200, body: { SMSMessageData: { Message: 'Sent to 1/1', Recipients: [] } } });
    expect(await send()).toMatchObject({ kind: 'unknown', errorCode: 'HTTP 200' });
  });

  it('gives up at the deadline when the server never answers, closes the socket, and says unknown', async () => {
    fake.reply({ kind: 'hang' });
    const started = Date.now();
    const outcome = await send('+254712345678', { timeoutMs: 300 });
    const elapsed = Date.now() - started;
    expect(outcome).toMatchObject({ kind: 'unknown', errorCode: 'timeout' });
    expect(elapsed).toBeGreaterThanOrEqual(290);
    expect(elapsed).toBeLessThan(1500);
    const request = await fake.waitForRequest(0, { closed: true });
    expect(request.closedByClientAt! - started).toBeLessThan(1500);
  });

  it('holds the deadline over the whole answer, not only between bytes (a trickling body)', async () => {
    fake.reply({ kind: 'trickle', intervalMs: 50 });
    const started = Date.now();
    expect(await send('+254712345678', { timeoutMs: 400 })).toMatchObject({ kind: 'unknown', errorCode: 'timeout' });
    expect(Date.now() - started).toBeLessThan(1500);
    await fake.waitForRequest(0, { closed: true });
  });

  it('says unknown when the connection is reset after the request went out', async () => {
    fake.reply({ kind: 'reset' });
    expect(await send()).toMatchObject({ kind: 'unknown', errorCode: 'ECONNRESET' });
  });

  it("says transient when Africa's Talking cannot be reached at all: nothing was sent", async () => {
    const closed = await startFakeAfricasTalking();
    const { baseUrl } = closed;
    await closed.close();
    expect(await send('+254712345678', { apiBaseUrl: baseUrl })).toMatchObject({
      kind: 'transient',
      errorCode: 'ECONNREFUSED',
    });
  });

  it("leaves the SDK's process-wide URLs alone: a sandbox provider does not flip other SDK users", async () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- the SDK's module state, untyped
    const common = require('africastalking/lib/common');
    await send();
    expect(common.SMS_URL).toBe('https://api.africastalking.com/version1/messaging');
    expect(provider({ apiBaseUrl: '' }).status().details.apiBaseUrl).toBe(
      'https://api.sandbox.africastalking.com/version1'
    );
    expect(provider({ username: 'acme', apiBaseUrl: '' }).status().details.apiBaseUrl).toBe(
      'https://api.africastalking.com/version1'
    );
  });

  it('sends concurrent calls of two providers each to its own base URL', async () => {
    const other = await startFakeAfricasTalking({ username: 'sandbox', apiKey });
    try {
      fake.reply({ kind: 'recipient', delayMs: 100 });
      const [first, second] = await Promise.all([send(), send('+254712345678', { apiBaseUrl: other.baseUrl })]);
      expect([first.kind, second.kind]).toEqual(['accepted', 'accepted']);
      expect([fake.requests.length, other.requests.length]).toEqual([1, 1]);
    } finally {
      await other.close();
    }
  });

  it('shows its settings with the key masked', () => {
    const status = provider().status();
    seen.push(JSON.stringify(status));
    expect(status).toMatchObject({
      name: 'africastalking',
      live: false,
      details: { username: 'sandbox', apiKey: '••••••••_key', senderId: 'ACME' },
    });
  });

  // Runs last (jest keeps the order within a file): nothing above produced or logged the key.
  it('never put the API key into an outcome, a status or a log line', () => {
    expect(seen.length).toBeGreaterThan(20);
    for (const line of seen) expect(line).not.toContain(apiKey);
    for (const line of seen) expect(line).not.toContain('0123456789abcdef');
  });
});
