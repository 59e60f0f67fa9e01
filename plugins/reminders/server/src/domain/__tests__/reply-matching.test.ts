import { type SentReminder, candidateOf, latestPerRecord, matchRecord, sameSender } from '../reply-matching';

const at = (minutes: number) => new Date(Date.UTC(2026, 11, 2, 10, minutes));
const sent = (
  documentId: string,
  minutes: number,
  sender: string | null = 'ACME',
  target = 'appointment'
): SentReminder => ({
  deliveryDocumentId: `d-${documentId}-${minutes}`,
  target,
  documentId,
  sentAt: at(minutes),
  sender,
});

describe('sameSender', () => {
  it.each([
    [null, 'ACME', true],
    ['12345', null, true],
    ['12345', 'ACME', true], // a short code against a sender name: cannot be compared, does not exclude
    ['ACME', 'acme', true],
    ['ACME', 'OTHER', false],
    ['12345', '12345', true],
    ['12345', '54321', false],
    ['+254712345678', '0712 345 678', true],
    ['+254712345678', '+254712345679', false],
  ])('%p answering %p: %p', (to, sender, same) => {
    expect(sameSender(to, sender)).toBe(same);
  });
});

describe('latestPerRecord', () => {
  it('keeps each record once, by its latest reminder, newest first, from the same sender only', () => {
    const records = latestPerRecord(
      [sent('a', 1), sent('b', 5), sent('a', 9), sent('c', 7, '99999'), sent('d', 3, '12345')],
      '12345'
    );
    expect(records.map((record) => [record.documentId, record.sentAt.getUTCMinutes()])).toEqual([
      ['a', 9],
      ['b', 5],
      ['d', 3],
    ]);
  });
});

describe('matchRecord', () => {
  const records = [sent('a', 9), sent('b', 5), sent('c', 3)];

  it('takes the one open record', () => {
    expect(matchRecord(records, (record) => record.documentId === 'b')).toEqual({
      kind: 'one',
      record: { target: 'appointment', documentId: 'b', deliveryDocumentId: 'd-b-5', code: null },
    });
  });

  it('codes several open records A, B, C… by their latest reminder', () => {
    const match = matchRecord(records, () => true);
    expect(
      match.kind === 'several' && match.candidates.map((candidate) => [candidate.documentId, candidate.code])
    ).toEqual([
      ['a', 'A'],
      ['b', 'B'],
      ['c', 'C'],
    ]);
  });

  it('asks about five at most', () => {
    const many = Array.from({ length: 8 }, (_, index) => sent(`r${index}`, 10 - index));
    const match = matchRecord(many, () => true);
    expect(match.kind === 'several' && match.candidates.map((candidate) => candidate.code)).toEqual([
      'A',
      'B',
      'C',
      'D',
      'E',
    ]);
  });

  it('falls back to the latest record reminded when none is open, and to none without reminders', () => {
    expect(matchRecord(records, () => false)).toMatchObject({ kind: 'one', record: { documentId: 'a' } });
    expect(matchRecord([], () => true)).toEqual({ kind: 'none' });
  });

  it('finds the candidate a code names', () => {
    const candidates = [
      { code: 'A', id: 1 },
      { code: 'B', id: 2 },
    ];
    expect(candidateOf(candidates, 'B')).toEqual({ code: 'B', id: 2 });
    expect(candidateOf(candidates, 'C')).toBeUndefined();
    expect(candidateOf(candidates, null)).toBeUndefined();
  });
});
