import {
  classifyRecipient,
  classifySummary,
  classifyTransportFailure,
  describeFailureReason,
  mapDeliveryReport,
  untilDndEnds,
} from '../status';

const noon = new Date('2026-03-10T11:00:00Z');
const hours = (h: number) => h * 3600_000;

describe('per-recipient send status codes', () => {
  it.each([100, 101, 102])('%i is accepted, with message id, cost and parts kept', (statusCode) => {
    expect(
      classifyRecipient(
        { statusCode, status: 'Success', messageId: 'ATXid_1', cost: 'KES 0.8000', messageParts: 2 },
        noon
      )
    ).toEqual({
      kind: 'accepted',
      messageId: 'ATXid_1',
      cost: 'KES 0.8000',
      parts: 2,
      providerStatus: 'Success',
    });
  });

  it('is unknown when accepted without a message id (nothing to match a report to)', () => {
    expect(classifyRecipient({ statusCode: 101, messageId: '' }, noon)).toMatchObject({
      kind: 'unknown',
      errorCode: '101 Success',
    });
  });

  it.each([
    [403, 'permanent'],
    [404, 'permanent'],
    [406, 'permanent'],
    [407, 'permanent'],
    [401, 'account'],
    [402, 'account'],
    [405, 'account'],
    [409, 'transient'],
    [500, 'transient'],
    [501, 'transient'],
    [502, 'transient'],
    [999, 'unknown'],
  ])('%i is %s', (statusCode, kind) => {
    const outcome = classifyRecipient({ statusCode }, noon);
    expect(outcome.kind).toBe(kind);
    expect(outcome.kind !== 'accepted' && outcome.reason).toMatch(/\w+/);
  });

  it("names the code in the error code, with the status Africa's Talking gave or the known name", () => {
    expect(classifyRecipient({ statusCode: 405 }, noon)).toMatchObject({ errorCode: '405 InsufficientBalance' });
    expect(classifyRecipient({ statusCode: 999, status: 'Brand new' }, noon)).toMatchObject({
      errorCode: '999 Brand new',
    });
  });

  it('asks for the number to be opted out only on 406', () => {
    expect(classifyRecipient({ statusCode: 406 }, noon)).toMatchObject({ optOut: true });
    for (const statusCode of [403, 404, 407])
      expect(classifyRecipient({ statusCode }, noon)).not.toHaveProperty('optOut');
  });

  it('limits 502 to a few retries, and only 502', () => {
    expect(classifyRecipient({ statusCode: 502 }, noon)).toMatchObject({ maxRetries: 2 });
    expect(classifyRecipient({ statusCode: 500 }, noon)).not.toHaveProperty('maxRetries');
  });

  it('retries 409 (do not disturb) at the next 08:00 in Lagos', () => {
    expect(classifyRecipient({ statusCode: 409 }, new Date('2026-03-10T20:00:00Z'))).toMatchObject({
      retryAfterMs: hours(11),
    });
  });
});

describe('the end of do-not-disturb hours', () => {
  it('is 08:00 the same morning before 08:00, the next morning after', () => {
    expect(untilDndEnds(new Date('2026-03-10T05:30:00Z'))).toBe(hours(1.5)); // 06:30 Lagos
    expect(untilDndEnds(new Date('2026-03-10T22:00:00Z'))).toBe(hours(9)); // 23:00 Lagos
    expect(untilDndEnds(new Date('2026-03-10T07:00:00Z'))).toBe(hours(24)); // 08:00 sharp: the next one
  });
});

describe('an answer without recipients', () => {
  it('is classified by the status its summary names', () => {
    expect(classifySummary('InvalidSenderId', noon)).toMatchObject({
      kind: 'account',
      errorCode: '402 InvalidSenderId',
    });
    expect(classifySummary('InsufficientBalance', noon)).toMatchObject({
      kind: 'account',
      errorCode: '405 InsufficientBalance',
    });
  });

  it('is unknown when the summary names no failure (or claims a success with nobody in it)', () => {
    expect(classifySummary('Sent to 0/1', noon)).toMatchObject({ kind: 'unknown', errorCode: 'no-recipient' });
    expect(classifySummary('Success', noon)).toMatchObject({ kind: 'unknown' });
  });
});

describe('HTTP outcomes and transport failures', () => {
  it('is unknown on a timeout, a reset, HTTP 5xx and an unexpected 2xx', () => {
    expect(classifyTransportFailure({ kind: 'timeout', timeoutMs: 10000 })).toMatchObject({
      kind: 'unknown',
      errorCode: 'timeout',
    });
    expect(classifyTransportFailure({ kind: 'network', code: 'ECONNRESET' })).toMatchObject({
      kind: 'unknown',
      errorCode: 'ECONNRESET',
    });
    expect(classifyTransportFailure({ kind: 'http', status: 503 })).toMatchObject({
      kind: 'unknown',
      errorCode: 'HTTP 503',
    });
    expect(classifyTransportFailure({ kind: 'http', status: 200 })).toMatchObject({
      kind: 'unknown',
      errorCode: 'HTTP 200',
    });
  });

  it('is transient when the server was never reached', () => {
    for (const code of ['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN']) {
      expect(classifyTransportFailure({ kind: 'network', code })).toMatchObject({ kind: 'transient', errorCode: code });
    }
  });

  it('is an account problem on HTTP 401 and other 4xx, transient on 429 with its Retry-After', () => {
    const refused = classifyTransportFailure({
      kind: 'http',
      status: 401,
      message: 'The supplied authentication is invalid',
    });
    expect(refused).toMatchObject({ kind: 'account', errorCode: 'HTTP 401' });
    expect(refused.reason).toMatch(/AT_API_KEY.*paused/);
    expect(classifyTransportFailure({ kind: 'http', status: 400 })).toMatchObject({ kind: 'account' });
    expect(classifyTransportFailure({ kind: 'http', status: 429, retryAfterMs: 5000 })).toMatchObject({
      kind: 'transient',
      retryAfterMs: 5000,
    });
  });

  it('is permanent when the SDK refused the request before sending it', () => {
    expect(classifyTransportFailure({ kind: 'refused', message: 'to must be a valid phone number; ' })).toMatchObject({
      kind: 'permanent',
      errorCode: 'refused',
    });
  });

  it("quotes the provider's words short and on one line", () => {
    const { reason } = classifyTransportFailure({ kind: 'http', status: 500, message: `line one\n${'x'.repeat(500)}` });
    expect(reason).not.toContain('\n');
    expect(reason.length).toBeLessThan(300);
  });
});

describe('delivery reports', () => {
  it.each(['Sent', 'Submitted', 'Buffered'])('%s is intermediate: accepted', (status) => {
    expect(mapDeliveryReport(status)).toEqual({ kind: 'intermediate', status: 'accepted' });
  });

  it.each([
    ['Success', 'delivered'],
    ['Rejected', 'rejected'],
    ['Failed', 'failed'],
    ['AbsentSubscriber', 'failed'],
    ['Expired', 'failed'],
  ])('%s is final: %s', (status, deliveryStatus) => {
    expect(mapDeliveryReport(status)).toMatchObject({ kind: 'final', status: deliveryStatus });
  });

  it('explains a failure by its reason, else by its status; success needs no reason', () => {
    expect(mapDeliveryReport('Failed', 'UserDoesNotExist')).toMatchObject({
      reason: 'The number does not exist on the mobile network.',
    });
    expect(mapDeliveryReport('AbsentSubscriber')).toMatchObject({ reason: expect.stringMatching(/switched off/) });
    expect(mapDeliveryReport('Success')).not.toHaveProperty('reason');
  });

  it('keeps a status it does not know without a status change', () => {
    expect(mapDeliveryReport('Teleported')).toEqual({ kind: 'unrecognised' });
    expect(mapDeliveryReport('success')).toEqual({ kind: 'unrecognised' });
  });

  it('words every documented failure reason, and quotes an unknown one', () => {
    const documented = [
      'InsufficientCredit',
      'InvalidLinkId',
      'UserIsInactive',
      'UserInBlackList',
      'UserAccountSuspended',
      'NotNetworkSubcriber',
      'UserNotSubscribedToProduct',
      'UserDoesNotExist',
      'DeliveryFailure',
      'DoNotDisturbRejection',
    ];
    for (const code of documented) expect(describeFailureReason(code)).not.toContain(code);
    expect(describeFailureReason('SomethingNew')).toBe('Africa\'s Talking gave the reason "SomethingNew".');
  });
});
