import type { RemindersConfig } from '../../config';
import { providerDefaults } from '../../config/provider';
import { selectProvider } from '../provider';

const log = { info: jest.fn(), warn: jest.fn() };
const config = (changes: Partial<RemindersConfig>): RemindersConfig =>
  ({ defaultRegion: 'KE', ...providerDefaults, ...changes }) as RemindersConfig;
const africastalking = { ...providerDefaults.africastalking, username: 'sandbox', apiKey: 'atsk_0123456789abcdef' };

describe('selectProvider', () => {
  it('uses the outbox when no credentials are set', () => {
    expect(selectProvider(config({}), log).name).toBe('outbox');
  });

  it("uses Africa's Talking on auto once its credentials are set", () => {
    expect(selectProvider(config({ africastalking }), log).name).toBe('africastalking');
  });

  it('keeps the outbox when asked to, credentials or not', () => {
    expect(selectProvider(config({ provider: 'outbox', africastalking }), log).name).toBe('outbox');
  });

  it('hands Africa\'s Talking its settings, the key masked in its status', () => {
    const provider = selectProvider(config({ provider: 'africastalking', africastalking: { ...africastalking, senderId: 'ACME', timeoutMs: 3000 } }), log);
    expect(provider.status().details).toMatchObject({ username: 'sandbox', apiKey: '••••••••cdef', senderId: 'ACME', timeoutMs: '3000' });
  });

  it('shows each simulated outbox message in the log', async () => {
    await selectProvider(config({}), log).send({ to: '+254712345678', body: 'Hello' });
    expect(log.info).toHaveBeenCalledWith(expect.stringMatching(/^Outbox \(simulated, nothing sent\) outbox-\S+ to \+2547\*+78: "Hello"$/));
  });
});
