import { createWakeUps } from '../wake-ups';

const settle = () => new Promise((resolve) => setImmediate(resolve));

/** Passes that record when they start and end when the test says so. */
function controlledPasses() {
  const log: string[] = [];
  const finishers: (() => void)[] = [];
  let started = 0;
  const pass = () =>
    new Promise<void>((resolve) => {
      log.push(`pass ${(started += 1)}`);
      finishers.push(resolve);
    });
  const finishNext = async () => {
    finishers.shift()?.();
    await settle();
  };
  return { log, pass, finishNext, running: () => finishers.length };
}

describe('wake-ups', () => {
  it('starts a pass at once when idle, and folds every wake-up during it into one more pass', async () => {
    const { log, pass, finishNext, running } = controlledPasses();
    const wakeUps = createWakeUps({ pass, onError: jest.fn(), now: Date.now });
    expect(wakeUps.wake()).toBe('started');
    await settle();
    expect(log).toEqual(['pass 1']);
    // A burst while the first pass runs: none starts now, and all of them together make one pass.
    const answers = Array.from({ length: 1000 }, () => wakeUps.wake());
    expect(answers[0]).toBe('next');
    expect(answers.slice(1).every((answer) => answer === 'joined')).toBe(true);
    await finishNext();
    expect(log).toEqual(['pass 1', 'pass 2']);
    await finishNext();
    expect(running()).toBe(0);
    expect(log).toHaveLength(2);
  });

  it('runs a pass woken after the waiting one started: its rows may have come after that pass claimed', async () => {
    const { log, pass, finishNext } = controlledPasses();
    const wakeUps = createWakeUps({ pass, onError: jest.fn(), now: Date.now });
    wakeUps.wake();
    await settle();
    wakeUps.wake();
    await finishNext(); // pass 2 starts
    wakeUps.wake();
    await finishNext();
    await finishNext();
    expect(log).toEqual(['pass 1', 'pass 2', 'pass 3']);
  });

  it("never runs the tick's dispatch beside a woken pass, and counts it as busy", async () => {
    const { log, pass, finishNext } = controlledPasses();
    const wakeUps = createWakeUps({ pass, onError: jest.fn(), now: Date.now });
    wakeUps.wake();
    await settle();
    let tickDone: () => void = () => undefined;
    const tick = wakeUps.exclusive(async () => {
      log.push('tick');
      await new Promise<void>((resolve) => (tickDone = resolve));
      return 'report';
    });
    await settle();
    expect(log).toEqual(['pass 1']);
    await finishNext();
    expect(log).toEqual(['pass 1', 'tick']);
    expect(wakeUps.wake()).toBe('next');
    await settle();
    expect(log).toEqual(['pass 1', 'tick']);
    tickDone();
    await expect(tick).resolves.toBe('report');
    await settle();
    expect(log).toEqual(['pass 1', 'tick', 'pass 2']);
    await finishNext();
  });

  it('reports a failed pass and goes on waking', async () => {
    const onError = jest.fn();
    let calls = 0;
    const wakeUps = createWakeUps({
      pass: async () => {
        calls += 1;
        if (calls === 1) throw new Error('database gone');
      },
      onError,
      now: Date.now,
    });
    wakeUps.wake();
    await settle();
    expect(onError).toHaveBeenCalledWith(new Error('database gone'));
    expect(wakeUps.wake()).toBe('started');
    await settle();
    expect(calls).toBe(2);
  });

  describe('timers', () => {
    beforeEach(() => jest.useFakeTimers({ now: new Date('2026-12-03T10:00:00Z') }));
    afterEach(() => jest.useRealTimers());

    it('wakes at the earliest time asked for, once', async () => {
      const pass = jest.fn(async () => undefined);
      const wakeUps = createWakeUps({ pass, onError: jest.fn(), now: Date.now });
      const at = (seconds: number) => Date.now() + seconds * 1000;
      wakeUps.wakeAt(at(30));
      wakeUps.wakeAt(at(10));
      wakeUps.wakeAt(at(20)); // later than the timer set: nothing changes
      await jest.advanceTimersByTimeAsync(9_999);
      expect(pass).not.toHaveBeenCalled();
      await jest.advanceTimersByTimeAsync(1);
      expect(pass).toHaveBeenCalledTimes(1);
      await jest.advanceTimersByTimeAsync(60_000);
      expect(pass).toHaveBeenCalledTimes(1);
    });

    it('forgets its timer when closed, and wakes no more', async () => {
      const pass = jest.fn(async () => undefined);
      const wakeUps = createWakeUps({ pass, onError: jest.fn(), now: Date.now });
      wakeUps.wakeAt(Date.now() + 5_000);
      await wakeUps.close();
      await jest.advanceTimersByTimeAsync(10_000);
      expect(wakeUps.wake()).toBe('joined');
      await jest.advanceTimersByTimeAsync(10);
      expect(pass).not.toHaveBeenCalled();
    });
  });
});
