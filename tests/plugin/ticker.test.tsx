import * as React from 'react';
import { act } from '@testing-library/react';
import { renderThemed as render } from './theme';

import { LivePauseCountdownBadge } from '../../src/components';
import { en } from '../../src/strings';
import {
  createTicker,
  getSharedTicker,
  resetSharedTicker,
  setServerTimeOffsetProvider,
  DAY_MS,
  HOUR_MS,
  MINUTE_MS,
} from '../../src/time';

const START = Date.parse('2030-01-01T00:00:00.000Z');

let hidden = false;
beforeAll(() => {
  Object.defineProperty(document, 'hidden', { configurable: true, get: () => hidden });
});
beforeEach(() => {
  hidden = false;
  jest.useFakeTimers();
  jest.setSystemTime(START);
});
afterEach(() => {
  resetSharedTicker();
  jest.useRealTimers();
  jest.restoreAllMocks();
});

function setHidden(value: boolean) {
  hidden = value;
  act(() => void document.dispatchEvent(new Event('visibilitychange')));
}

describe('shared ticker', () => {
  it('drives 500 mounted badges with one timer, scheduled once', () => {
    const ticker = getSharedTicker();
    const setTimeoutSpy = jest.spyOn(global, 'setTimeout');
    const setIntervalSpy = jest.spyOn(global, 'setInterval');
    // Deadlines spread from 2 days to 40 days out: every badge needs minute-or-slower updates.
    const deadlines = Array.from(
      { length: 500 },
      (_, i) => START + 2 * DAY_MS + i * 2 * HOUR_MS + 17 * MINUTE_MS,
    );
    const { container } = render(
      <div>
        {deadlines.map((deadline) => (
          <LivePauseCountdownBadge key={deadline} reassignAt={new Date(deadline)} strings={en} />
        ))}
      </div>,
    );
    expect(container.querySelectorAll('[data-paste-element="LEAVE_PAUSE_COUNTDOWN_BADGE"]')).toHaveLength(
      500,
    );
    // Each badge listens twice on the one ticker: for its look, and (in a child) for its ticking text.
    expect(ticker.size()).toBe(1000);
    const tickerTimers = setTimeoutSpy.mock.calls.filter(
      ([, delay]) => typeof delay === 'number' && delay > 0,
    );
    expect(tickerTimers).toHaveLength(1);
    expect(setIntervalSpy).not.toHaveBeenCalled();
    // React's own scheduler may leave a zero-delay timer behind; once it has run, only the ticker's is left.
    act(() => void jest.advanceTimersByTime(1));
    expect(jest.getTimerCount()).toBe(1);

    // The earliest badge changes in 17 minutes, but the ticker never sleeps longer than a minute.
    expect(tickerTimers[0][1]).toBeLessThanOrEqual(60_000);
    const first = container.querySelector(
      '[data-paste-element="LEAVE_PAUSE_COUNTDOWN_BADGE"]',
    ) as HTMLElement;
    expect(first).toHaveTextContent('Reassigned in 2 days 1 hour');
    act(() => void jest.advanceTimersByTime(17 * MINUTE_MS + 100));
    expect(first).toHaveTextContent(/^Reassigned in 2 days$/);
    expect(jest.getTimerCount()).toBe(1);
  });

  it('stops its timer when the last subscriber leaves', () => {
    const ticker = getSharedTicker();
    const { unmount } = render(
      <LivePauseCountdownBadge reassignAt={new Date(START + DAY_MS * 3)} strings={en} />,
    );
    expect(ticker.isScheduled()).toBe(true);
    unmount();
    expect(ticker.size()).toBe(0);
    expect(ticker.isScheduled()).toBe(false);
    expect(jest.getTimerCount()).toBe(0);
  });

  it('pauses while the page is hidden and catches up when it is shown again', () => {
    const ticker = getSharedTicker();
    const onTick = jest.fn();
    ticker.subscribe({ onTick, nextChangeAt: (now) => now + 1000 });
    act(() => void jest.advanceTimersByTime(1100));
    expect(onTick).toHaveBeenCalledTimes(1);

    setHidden(true);
    expect(ticker.isScheduled()).toBe(false);
    expect(jest.getTimerCount()).toBe(0);
    act(() => void jest.advanceTimersByTime(10 * MINUTE_MS));
    expect(onTick).toHaveBeenCalledTimes(1);

    setHidden(false);
    expect(onTick).toHaveBeenCalledTimes(2);
    expect(onTick).toHaveBeenLastCalledWith(START + 1100 + 10 * MINUTE_MS);
    expect(ticker.isScheduled()).toBe(true);
  });

  it('does not start a timer for a subscriber added while hidden', () => {
    hidden = true;
    const ticker = getSharedTicker();
    ticker.subscribe({ onTick: jest.fn(), nextChangeAt: (now) => now + 1000 });
    expect(ticker.isScheduled()).toBe(false);
    setHidden(false);
    expect(ticker.isScheduled()).toBe(true);
  });

  it('adds the server offset and reads it at every tick', () => {
    let offset = 0;
    setServerTimeOffsetProvider(() => offset);
    const ticker = getSharedTicker();
    expect(ticker.now()).toBe(START);
    offset = -10 * MINUTE_MS;
    expect(ticker.now()).toBe(START - 10 * MINUTE_MS);
    const onTick = jest.fn();
    ticker.subscribe({ onTick, nextChangeAt: () => Infinity });
    act(() => void jest.advanceTimersByTime(60_000 + 10));
    expect(onTick).toHaveBeenCalledWith(START + 60_000 - 10 * MINUTE_MS);
  });

  it('wakes up for the earliest subscriber even when it subscribed last', () => {
    const ticker = createTicker({ maxDelayMs: 60_000 });
    const late = jest.fn();
    const soon = jest.fn();
    ticker.subscribe({ onTick: late, nextChangeAt: (now) => now + 50_000 });
    ticker.subscribe({ onTick: soon, nextChangeAt: (now) => now + 2_000 });
    expect(jest.getTimerCount()).toBe(1);
    act(() => void jest.advanceTimersByTime(2_010));
    expect(soon).toHaveBeenCalledTimes(1);
    expect(late).toHaveBeenCalledTimes(1);
    ticker.dispose();
  });
});
