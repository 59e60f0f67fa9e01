import crypto from 'crypto';
import { REMINDER_EVENTS, eventOfTransition, eventPayload, maskAllButLast3, signedEvent } from '../webhook-events';

const row = {
  document_id: 'd1',
  rule_document_id: 'r1',
  target_type: 'invoice',
  target_document_id: 'i1',
  recipient_role: 'customer',
  phone: '+254712345678',
  delivery_status: 'accepted' as const,
  scheduled_for: new Date('2026-12-07T06:00:00Z'),
  send_started_at: new Date('2026-12-07T06:00:05Z'),
  provider_message_id: 'ATXid_1',
  cost: 'KES 0.8000',
};

describe('reminder events', () => {
  it('names the event of each transition that makes one, and none for the others', () => {
    expect(eventOfTransition('accepted')).toBe('reminder.sent');
    expect(eventOfTransition('delivered')).toBe('reminder.delivered');
    expect(eventOfTransition('failed')).toBe('reminder.failed');
    expect(eventOfTransition('rejected')).toBe('reminder.failed');
    expect(eventOfTransition('skipped', 'opted_out')).toBe('reminder.opted-out');
    for (const status of ['queued', 'sending', 'unknown', 'expired', 'cancelled'] as const)
      expect(eventOfTransition(status)).toBeNull();
    expect(eventOfTransition('skipped', 'quiet_hours')).toBeNull();
    expect(Object.values(REMINDER_EVENTS)).not.toContain('reminder.queued');
  });

  it('hides all of a number but its last three digits', () => {
    expect(maskAllButLast3('+254712345678')).toBe('+*********678');
    expect(maskAllButLast3('0712345678')).toBe('*******678');
    expect(maskAllButLast3('+12')).toBe('+**');
    expect(maskAllButLast3('')).toBe('');
  });

  it('says what the delivery is in strings and nulls only', () => {
    expect(eventPayload(row, 'Due soon')).toEqual({
      documentId: 'd1',
      rule: { documentId: 'r1', name: 'Due soon' },
      target: { type: 'invoice', documentId: 'i1' },
      recipientRole: 'customer',
      channel: 'sms',
      phone: '+*********678',
      status: 'accepted',
      scheduledFor: '2026-12-07T06:00:00.000Z',
      sentAt: '2026-12-07T06:00:05.000Z',
      providerMessageId: 'ATXid_1',
      cost: 'KES 0.8000',
    });
    expect(eventPayload({ document_id: 'd2', target_type: 'test', delivery_status: 'failed' }, null)).toMatchObject({
      rule: { documentId: null, name: null },
      phone: '',
      scheduledFor: null,
      sentAt: null,
      cost: null,
    });
  });

  it('signs timestamp, event and delivery as a receiver recomputes them from the parsed body, and nothing without a secret', () => {
    const secret = 'a-secret-of-sixteen-chars';
    const now = new Date('2026-12-07T06:00:05.900Z');
    const signed = signedEvent('reminder.sent', eventPayload(row, 'Due soon'), now, secret);
    expect(signed.timestamp).toBe(1796623205);
    const body = JSON.parse(JSON.stringify({ event: 'reminder.sent', createdAt: now, ...signed }));
    const expected = crypto
      .createHmac('sha256', secret)
      .update(`${body.timestamp}.${body.event}.${JSON.stringify(body.delivery)}`)
      .digest('hex');
    expect(body.signature).toBe(`sha256=${expected}`);
    // Another event, time or delivery gives another signature: none can be swapped or replayed as another.
    expect(signedEvent('reminder.failed', signed.delivery, now, secret).signature).not.toBe(signed.signature);
    expect(signedEvent('reminder.sent', signed.delivery, new Date(now.getTime() + 1000), secret).signature).not.toBe(
      signed.signature
    );
    expect(signedEvent('reminder.sent', { ...signed.delivery, cost: 'KES 8.0000' }, now, secret).signature).not.toBe(
      signed.signature
    );
    expect(signedEvent('reminder.sent', signed.delivery, now, '')).toEqual({
      timestamp: 1796623205,
      delivery: signed.delivery,
    });
  });
});
