import { createRecentKeptReports } from '../recent-kept-reports';

describe('createRecentKeptReports', () => {
  const now = new Date('2026-03-02T06:00:00Z');
  const HORIZON = 240_000;
  let wall = 1_000_000;
  let stored: string[] = [];
  const reads: Date[] = [];
  const recent = () =>
    createRecentKeptReports(
      async (since) => {
        reads.push(since);
        return stored;
      },
      () => HORIZON
    );

  beforeEach(() => {
    jest.spyOn(Date, 'now').mockImplementation(() => wall);
    stored = [];
    reads.length = 0;
  });
  afterEach(() => jest.restoreAllMocks());

  it('reads what other instances kept at most once a second, over the horizon before now', async () => {
    const watch = recent();
    stored = ['X'];
    expect(await watch.among(['X', 'Y'], now)).toEqual(['X']);
    expect(reads).toEqual([new Date(now.getTime() - HORIZON)]);
    stored = ['X', 'Y'];
    wall += 999;
    expect(await watch.among(['X', 'Y'], now)).toEqual(['X']); // a stale read: Y is the tick's
    wall += 1;
    expect(await watch.among(['X', 'Y'], now)).toEqual(['X', 'Y']);
    expect(reads).toHaveLength(2);
  });

  it('knows its own at once, until they are older than the horizon', async () => {
    const watch = recent();
    await watch.among([], now);
    watch.kept('Z');
    expect(await watch.among(['Z'], now)).toEqual(['Z']);
    wall += HORIZON + 1;
    expect(await watch.among(['Z'], now)).toEqual([]);
  });

  it('does not start a read for each of several concurrent writes', async () => {
    const watch = recent();
    await Promise.all([watch.among(['A'], now), watch.among(['B'], now), watch.among(['C'], now)]);
    expect(reads).toHaveLength(1);
  });
});
