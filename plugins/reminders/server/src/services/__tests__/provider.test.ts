import type { RemindersConfig } from '../../config';
import { providerDefaults } from '../../config/provider';
import type { DeliveryReport } from '../../domain/delivery-report';
import { selectProvider, selectReportReader } from '../provider';

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

  it("hands Africa's Talking its settings, the key masked in its status", () => {
    const provider = selectProvider(
      config({ provider: 'africastalking', africastalking: { ...africastalking, senderId: 'ACME', timeoutMs: 3000 } }),
      log
    );
    expect(provider.status().details).toMatchObject({
      username: 'sandbox',
      apiKey: '••••••••cdef',
      senderId: 'ACME',
      timeoutMs: '3000',
    });
  });

  it('shows each simulated outbox message in the log', async () => {
    await selectProvider(config({}), log).send({ to: '+254712345678', body: 'Hello' });
    expect(log.info).toHaveBeenCalledWith(
      expect.stringMatching(/^Outbox \(simulated, nothing sent\) outbox-\S+ to \+2547\*+78: "Hello"$/)
    );
  });
});

describe('selectReportReader', () => {
  const form = { id: 'ATXid_1', status: 'Failed', failureReason: 'UserInBlackList', phoneNumber: '0712 345 678' };

  it("reads Africa's Talking's reports with its provider, numbers in the default region", () => {
    const tanzania = config({ africastalking, defaultRegion: 'TZ' });
    const reader = selectReportReader(selectProvider(tanzania, log), tanzania);
    expect(reader.parse({ ...form, phoneNumber: '0754 123 456' })).toMatchObject({ phone: '+255754123456' });
  });

  it("reads them as Africa's Talking's with the outbox, which gets none of its own", () => {
    const reader = selectReportReader(selectProvider(config({}), log), config({}));
    const report = reader.parse(form);
    expect(report).toMatchObject({ messageId: 'ATXid_1', phone: '+254712345678' });
    expect(reader.meaning(report as DeliveryReport)).toMatchObject({ kind: 'final', status: 'failed', optOut: true });
  });
});
