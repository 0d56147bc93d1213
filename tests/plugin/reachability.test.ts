import { createReachability } from '../../src/backend/reachability';

describe('reachability (issue 19: a visible state while the service is down)', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('is down after an action got no answer, probes every few seconds, and is back at the first answer', async () => {
    const answers = [false, false, true];
    const probe = jest.fn(async () => answers.shift() ?? true);
    const reachability = createReachability({ probe, probeEveryMs: 1000 });
    const seen: boolean[] = [];
    reachability.subscribe((up) => seen.push(up));
    expect(reachability.isReachable()).toBe(true);
    reachability.report(false);
    expect(reachability.isReachable()).toBe(false);
    for (let i = 0; i < 3; i++) {
      await jest.advanceTimersByTimeAsync(1000);
    }
    expect(probe).toHaveBeenCalledTimes(3);
    expect(reachability.isReachable()).toBe(true);
    expect(seen).toEqual([false, true]);
    // Up again: no more probes.
    await jest.advanceTimersByTimeAsync(5000);
    expect(probe).toHaveBeenCalledTimes(3);
  });

  it('an action answering while down clears the state at once; repeated reports tell listeners once', () => {
    const reachability = createReachability({ probe: async () => false, probeEveryMs: 1000 });
    const seen: boolean[] = [];
    reachability.subscribe((up) => seen.push(up));
    reachability.report(false);
    reachability.report(false);
    reachability.report(true);
    reachability.report(true);
    expect(seen).toEqual([false, true]);
    reachability.stop();
  });
});
