import { type KeptReport, type MatchableDelivery, matchKeptReports } from '../report-matching';

const HOUR = 3600_000;
const WINDOW = 24 * HOUR;
const at = (hours: number) => new Date(Date.UTC(2026, 2, 2, 6) + hours * HOUR);
const PHONE = '+254712345678';

let nextId = 0;
const report = (messageId: string, receivedHours: number, phone: string | null = PHONE): KeptReport => ({
  id: ++nextId,
  messageId,
  phone,
  receivedAt: at(receivedHours),
});
const unknownSend = (id: number, startedHours: number, phone = PHONE): MatchableDelivery => ({
  id,
  phone,
  status: 'unknown',
  messageId: null,
  sendStartedAt: at(startedHours),
});
const withId = (
  id: number,
  messageId: string,
  status: MatchableDelivery['status'] = 'accepted'
): MatchableDelivery => ({ id, phone: PHONE, status, messageId, sendStartedAt: at(0) });
const summary = (reports: KeptReport[], deliveries: MatchableDelivery[]) =>
  matchKeptReports(reports, deliveries, WINDOW).map((match) => [match.report.messageId, match.deliveryId, match.by]);

describe('matchKeptReports', () => {
  it('matches by message id, whatever the number says or whether there is one', () => {
    expect(
      summary([report('X', 1, null), report('Y', 1, '+254700000000')], [withId(1, 'X'), withId(2, 'Y', 'delivered')])
    ).toEqual([
      ['X', 1, 'id'],
      ['Y', 2, 'id'],
    ]);
  });

  it('returns the matches in the order the reports were received, not the order given', () => {
    const success = report('X', 2);
    const sent = report('X', 1);
    expect(matchKeptReports([success, sent], [withId(1, 'X')], WINDOW).map((match) => match.report)).toEqual([
      sent,
      success,
    ]);
  });

  it('matches the only unknown send to the number started in the window before the report, and its later reports by id', () => {
    expect(summary([report('X', 3), report('X', 1)], [unknownSend(7, 0)])).toEqual([
      ['X', 7, 'phone'],
      ['X', 7, 'id'],
    ]);
  });

  it.each([
    ['no number in the report', [report('X', 1, null)], [unknownSend(7, 0)]],
    ['another number', [report('X', 1, '+254700000000')], [unknownSend(7, 0)]],
    ['a send that started after the report came', [report('X', 1)], [unknownSend(7, 2)]],
    ['a send that started more than the window before it', [report('X', 25)], [unknownSend(7, 0)]],
    ['a send that already has a message id', [report('X', 1)], [{ ...unknownSend(7, 0), messageId: 'W' }]],
    ['a send that is not unknown', [report('X', 1)], [{ ...unknownSend(7, 0), status: 'failed' as const }]],
    ['two unknown sends to the number (ambiguous)', [report('X', 1)], [unknownSend(7, 0), unknownSend(8, 0.5)]],
    [
      'a send to the number still sending (its id may yet come)',
      [report('X', 1)],
      [unknownSend(7, 0), { ...unknownSend(8, 0.5), status: 'sending' as const }],
    ],
    [
      'another unmatched message id reported for the number in that window',
      [report('X', 1), report('Y', 2)],
      [unknownSend(7, 0)],
    ],
  ])('leaves a report kept with %s', (_case, reports, deliveries) => {
    expect(summary(reports, deliveries)).toEqual([]);
  });

  it('does not count a report that matched another delivery by id as a rival', () => {
    expect(summary([report('X', 1), report('Y', 2)], [unknownSend(7, 0), withId(8, 'Y')])).toEqual([
      ['X', 7, 'phone'],
      ['Y', 8, 'id'],
    ]);
  });

  it('gives each unknown send one message id: a second report for the number waits for another send', () => {
    // X settles send 7; Y, received after send 8 started and outside send 7's window, settles send 8.
    expect(summary([report('X', 1), report('Y', 30)], [unknownSend(7, 0), unknownSend(8, 29)])).toEqual([
      ['X', 7, 'phone'],
      ['Y', 8, 'phone'],
    ]);
  });
});
