import { scheduleOfRecord } from '../record-schedule';
import { builtIn } from './built-in-targets';

const defaults = { timeZone: 'Africa/Nairobi', region: 'KE' as const, maxLatenessMinutes: 60 };
const rule = {
  documentId: 'draft',
  target: 'invoice',
  anchor: 'due_date',
  sendAt: '09:00',
  recipient: 'both' as const,
  steps: [
    {
      amount: 7,
      unit: 'days' as const,
      direction: 'after' as const,
      repeat: { every: 1, unit: 'weeks' as const, times: 2 },
    },
    { amount: 3, unit: 'days' as const, direction: 'before' as const },
  ],
};
const invoice = { documentId: 'inv', dueDate: '2026-05-12', phone: '+254712345678', timezone: 'Africa/Nairobi' };

describe('scheduleOfRecord', () => {
  it('lists every occurrence once, earliest first, at the 09:00 local send time', () => {
    const schedule = scheduleOfRecord(builtIn('invoice'), rule, invoice, new Date('2026-05-01T00:00:00Z'), defaults);
    expect(schedule.map((sent) => [sent.stepIndex, sent.occurrence, sent.notBefore.toISOString()])).toEqual([
      [1, 0, '2026-05-09T06:00:00.000Z'],
      [0, 0, '2026-05-19T06:00:00.000Z'],
      [0, 1, '2026-05-26T06:00:00.000Z'],
      [0, 2, '2026-06-02T06:00:00.000Z'],
    ]);
  });

  it('moves a reminder out of quiet hours as the planner does', () => {
    const quiet = { ...rule, sendAt: '22:00', quietHoursStart: '21:00', quietHoursEnd: '08:00' };
    const [first] = scheduleOfRecord(builtIn('invoice'), quiet, invoice, new Date('2026-05-01T00:00:00Z'), defaults);
    expect(first.scheduledFor.toISOString()).toBe('2026-05-09T19:00:00.000Z');
    expect(first.notBefore.toISOString()).toBe('2026-05-10T05:00:00.000Z');
  });
});
