import { UNREADABLE_FAILURE_RETRIES, acceptedOf, classifyEmailFailure, failureOf, timedOut } from '../email-outcome';

/** An error shaped as nodemailer throws it (fields on an Error). */
const smtpError = (fields: Record<string, unknown>, message = 'Message failed') =>
  Object.assign(new Error(message), fields);

const classify = (error: unknown) => classifyEmailFailure(failureOf(error));

describe('e-mail failures from SMTP (nodemailer)', () => {
  it.each([550, 551, 553])('%i refuses the mailbox for good', (responseCode) => {
    const outcome = classify(
      smtpError({ code: 'EENVELOPE', responseCode, response: `${responseCode} 5.1.1 No such user here` })
    );
    expect(outcome).toEqual({
      kind: 'permanent',
      errorCode: `smtp-${responseCode}`,
      reason: `The mail server refused the address: ${responseCode} 5.1.1 No such user here`,
    });
  });

  it('any other 5xx refuses the message for good', () => {
    expect(classify(smtpError({ code: 'EMESSAGE', responseCode: 554, response: '554 Spam' }))).toMatchObject({
      kind: 'permanent',
      errorCode: 'smtp-554',
      reason: 'The mail server refused the message: 554 Spam',
    });
  });

  it.each([421, 450, 451, 452])('%i is worth trying again', (responseCode) => {
    expect(
      classify(smtpError({ code: 'EENVELOPE', responseCode, response: `${responseCode} Try later` }))
    ).toMatchObject({ kind: 'transient', errorCode: `smtp-${responseCode}` });
  });

  it.each(['ECONNECTION', 'ECONNREFUSED', 'ESOCKET', 'EDNS', 'ETIMEDOUT'])(
    'a connection that carried nothing (%s) is worth trying again',
    (code) => {
      const outcome = classify(smtpError({ code }, 'Connection closed'));
      expect(outcome).toEqual({
        kind: 'transient',
        errorCode: code,
        reason: `Could not reach the mail server (${code}): Connection closed`,
      });
    }
  );

  it('a refused login is an account problem, not the recipient’s', () => {
    const outcome = classify(
      smtpError({ code: 'EAUTH', responseCode: 535, response: '535 Authentication failed' }, 'Invalid login')
    );
    expect(outcome).toEqual({
      kind: 'account',
      errorCode: 'smtp-auth',
      reason: 'The mail server refused our login: 535 Authentication failed',
    });
  });
});

describe('e-mail failures from HTTP-API providers', () => {
  it.each([
    ['SendGrid', { code: 429, message: 'Too Many Requests', response: { body: {} } }, 'transient'],
    ['Mailgun', { status: 503, message: 'Service Unavailable' }, 'transient'],
    ['SES', { name: 'Throttling', $metadata: { httpStatusCode: 500 }, message: 'Internal' }, 'transient'],
    ['SendGrid', { code: 400, message: 'Bad Request' }, 'permanent'],
    ['Mailgun', { status: 404, message: 'Domain not found' }, 'permanent'],
    ['axios', { message: 'Request failed', response: { status: 422 } }, 'permanent'],
    ['SendGrid', { code: 401, message: 'Unauthorized' }, 'account'],
    ['SES', { $metadata: { httpStatusCode: 403 }, message: 'Forbidden' }, 'account'],
  ] as const)('%s %j is %s', (_provider, error, kind) => {
    expect(classify(error)).toMatchObject({ kind });
  });

  it('names the status and keeps the provider’s words, not the rest of the error', () => {
    const error = {
      code: 429,
      message: 'Too Many Requests',
      config: { headers: { Authorization: 'Bearer SG.secret-api-key' } },
    };
    const outcome = classify(error);
    expect(outcome).toEqual({
      kind: 'transient',
      errorCode: 'http-429',
      reason: 'The e-mail provider could not take it now (HTTP 429: Too Many Requests)',
    });
    expect(JSON.stringify(outcome)).not.toContain('secret');
  });
});

describe('other e-mail failures', () => {
  it('anything unreadable is retried a few times only', () => {
    expect(classify(new Error('Something odd'))).toEqual({
      kind: 'transient',
      errorCode: 'email-error',
      reason: 'The e-mail could not be sent: Something odd',
      maxRetries: UNREADABLE_FAILURE_RETRIES,
    });
    expect(classify('a string thrown')).toMatchObject({ reason: 'The e-mail could not be sent: a string thrown' });
    expect(classify(undefined)).toMatchObject({ reason: 'The e-mail could not be sent: unknown error' });
  });

  it('keeps a long provider answer short and on one line', () => {
    const outcome = classify(smtpError({ responseCode: 550, response: `550\n${'x'.repeat(500)}` }));
    expect(outcome.kind === 'permanent' && outcome.reason.length).toBeLessThan(260);
    expect(JSON.stringify(outcome)).not.toContain('\\n');
  });

  it('a timeout may have sent it: unknown, never resent by itself', () => {
    expect(timedOut(5000)).toEqual({
      kind: 'unknown',
      errorCode: 'timeout',
      reason: 'No answer from the e-mail provider within 5000 ms: the e-mail may have been sent',
    });
  });
});

describe('accepted e-mails', () => {
  it('keep nodemailer’s message id and the server’s answer', () => {
    expect(acceptedOf({ messageId: '<abc@example.com>', response: '250 Accepted [queue 7]' }, 'email-1')).toEqual({
      kind: 'accepted',
      messageId: '<abc@example.com>',
      providerStatus: '250 Accepted [queue 7]',
    });
  });

  it('get a generated id when the provider returns none', () => {
    expect(acceptedOf(undefined, 'email-1')).toEqual({
      kind: 'accepted',
      messageId: 'email-1',
      providerStatus: 'Accepted',
    });
  });
});
