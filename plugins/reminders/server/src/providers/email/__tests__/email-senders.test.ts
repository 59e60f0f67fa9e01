import { createEmailPluginSender, type EmailPluginOptions } from '../email-plugin';
import { createOutboxEmailSender } from '../outbox';

const message = {
  to: 'amina@example.com',
  subject: 'Due tomorrow',
  text: 'Hi',
  html: '<p>Hi</p>',
  headers: { 'List-Unsubscribe': '<https://x.example/u>' },
};

/** What the email plugin was handed, and a log; `answer` is what its send does. */
function pluginSender(answer: (options: EmailPluginOptions) => Promise<unknown>, from = '', replyTo = '') {
  const handed: EmailPluginOptions[] = [];
  const warnings: string[] = [];
  const sender = createEmailPluginSender({
    send: (options) => {
      handed.push(options);
      return answer(options);
    },
    providerName: 'nodemailer',
    from,
    replyTo,
    timeoutMs: 1000,
    log: { info: () => undefined, warn: (line) => warnings.push(line) },
  });
  return { sender, handed, warnings };
}

describe('the email-plugin sender', () => {
  it('leaves From and Reply-To to the email plugin’s defaults unless configured', async () => {
    const defaults = pluginSender(async () => ({ messageId: '<1@x>', response: '250 OK' }));
    await defaults.sender.send(message);
    expect(defaults.handed[0]).toEqual(message);
    const own = pluginSender(async () => ({}), 'Acme <billing@acme.example>', 'help@acme.example');
    await own.sender.send(message);
    expect(own.handed[0]).toMatchObject({ from: 'Acme <billing@acme.example>', replyTo: 'help@acme.example' });
  });

  it('classifies a provider that throws, even synchronously, and logs the address masked', async () => {
    const { sender, warnings } = pluginSender(() => {
      throw Object.assign(new Error('No such user'), { responseCode: 550, response: '550 No such user' });
    });
    expect(await sender.send(message)).toMatchObject({ kind: 'permanent', errorCode: 'smtp-550' });
    expect(warnings).toEqual([
      'E-mail to a***@example.com permanent (smtp-550): The mail server refused the address: 550 No such user',
    ]);
  });

  it('answers unknown when the provider outlasts the timeout (it may still send)', async () => {
    jest.useFakeTimers();
    try {
      let fail: (error: Error) => void = () => undefined;
      const { sender } = pluginSender(() => new Promise((_, reject) => (fail = reject)));
      const sending = sender.send(message);
      await jest.advanceTimersByTimeAsync(1000);
      expect(await sending).toMatchObject({ kind: 'unknown', errorCode: 'timeout' });
      fail(new Error('socket closed'));
    } finally {
      jest.useRealTimers();
    }
  });

  it('shows its provider, addresses and timeout, and nothing of the provider’s options', () => {
    expect(pluginSender(async () => ({})).sender.status()).toEqual({
      name: 'email-plugin',
      live: true,
      details: {
        mode: "Strapi's email plugin (provider: nodemailer)",
        from: "(the email plugin's defaultFrom)",
        replyTo: "(the email plugin's defaultReplyTo)",
        timeoutMs: '1000',
      },
    });
  });
});

describe('the outbox e-mail sender', () => {
  it('sends nothing, accepts as simulated and logs one line', async () => {
    const lines: string[] = [];
    const outbox = createOutboxEmailSender({ log: { info: (line) => lines.push(line), warn: () => undefined } });
    const outcome = await outbox.send(message);
    expect(outcome).toMatchObject({ kind: 'accepted', providerStatus: 'Simulated', simulated: true });
    expect(lines).toEqual([
      `E-mail outbox (simulated, nothing sent) ${outcome.kind === 'accepted' && outcome.messageId} to a***@example.com: "Due tomorrow"`,
    ]);
    expect(outbox.status().live).toBe(false);
  });
});
