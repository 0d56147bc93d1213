/**
 * @jest-environment node
 */
import { getSharedTicker, resetSharedTicker } from '../../src/time';

// The plugin's modules are also loaded where there is no page (the sandbox's server-side tools, a
// bundler's prerender): the shared ticker must then run without a document, never reaching for one.
afterEach(() => resetSharedTicker());

it('creates the shared ticker where there is no document, and it still ticks', () => {
  jest.useFakeTimers();
  try {
    const ticker = getSharedTicker();
    const onTick = jest.fn();
    ticker.subscribe({ onTick, nextChangeAt: (now) => now + 1_000 });
    jest.advanceTimersByTime(1_100);
    expect(onTick).toHaveBeenCalledTimes(1);
  } finally {
    jest.useRealTimers();
  }
});
