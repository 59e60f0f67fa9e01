import { dueChannel } from '../due-notices';

describe('dueChannel', () => {
  it("names the channel after the app's schema, so two apps on one database never wake each other", () => {
    expect(dueChannel('public')).toBe('reminders_due_public');
    expect(dueChannel(undefined)).toBe('reminders_due_public');
    expect(dueChannel('tenant_a')).not.toBe(dueChannel('tenant_b'));
  });

  it('keeps within PostgreSQL’s 63 bytes, distinct for two long schemas that share a beginning', () => {
    const long = (end: string) => `${'a_very_long_schema_name_'.repeat(3)}${end}`;
    const [first, second] = [dueChannel(long('1')), dueChannel(long('2'))];
    expect(Buffer.byteLength(first)).toBeLessThanOrEqual(63);
    expect(first).toMatch(/^reminders_due_[0-9a-f]{40}$/);
    expect(first).not.toBe(second);
  });
});
