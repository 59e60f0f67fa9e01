import { type Reason, reasonText } from '../reasons';
import { settleOutcome } from '../send-outcome';

describe('settleOutcome', () => {
  it('keeps the message id, cost and parts of an accepted message', () => {
    expect(
      settleOutcome({ kind: 'accepted', messageId: 'ATXid_1', cost: 'KES 0.8000', parts: 2, providerStatus: 'Success' })
    ).toEqual({
      status: 'accepted',
      detail: 'Success',
      columns: { provider_message_id: 'ATXid_1', cost: 'KES 0.8000', segments: 2, error_code: null },
      reason: null,
    });
  });

  it('says when the outbox only simulated the send', () => {
    expect(
      reasonText(
        settleOutcome({ kind: 'accepted', messageId: 'outbox-1', providerStatus: 'Simulated', simulated: true })
          .reason as Reason
      )
    ).toBe('Simulated by the outbox provider: recorded, not sent');
  });

  it.each([
    [{ kind: 'permanent', errorCode: '403', reason: 'Invalid phone number' }, 'rejected'],
    [{ kind: 'transient', errorCode: '500', reason: 'Internal error' }, 'failed'],
    [{ kind: 'account', errorCode: '405', reason: 'Too little credit' }, 'failed'],
    [{ kind: 'unknown', errorCode: 'timeout', reason: 'No answer in time' }, 'unknown'],
  ] as const)('settles %j as %s with its code and reason', (outcome, status) => {
    expect(settleOutcome(outcome)).toEqual({
      status,
      detail: outcome.reason,
      columns: { error_code: outcome.errorCode },
      reason: { key: 'text', values: { text: outcome.reason } },
    });
  });
});
