import * as React from 'react';
import { act, render } from '@testing-library/react';

import { createTicker, DAY_MS, HOUR_MS, MINUTE_MS, type Ticker } from '../../src/time';
import { nextLookChangeAt, useServerNow, type ServerNowGranularity } from '../../src/time/useServerNow';

/*
 * The shared ticker and the hook every countdown reads the time through (issue 20), on their own: when a
 * list of deadlines re-renders, when the one timer wakes, and what hiding the page or a subscriber leaving
 * does to the others. ticker.test.tsx measures them through 500 mounted badges.
 */

const START = Date.parse('2030-01-01T00:00:00.000Z');

let hidden = false;
const fakeDocument = {
  get hidden() {
    return hidden;
  },
  /** Listeners by event type: the ticker must add and remove its own under "visibilitychange". */
  listeners: new Map<string, Set<() => void>>(),
  addEventListener(type: string, listener: () => void) {
    this.listeners.set(type, (this.listeners.get(type) ?? new Set()).add(listener));
  },
  removeEventListener(type: string, listener: () => void) {
    this.listeners.get(type)?.delete(listener);
  },
  visibilityListeners(): number {
    return this.listeners.get('visibilitychange')?.size ?? 0;
  },
};
const setHidden = (value: boolean) => {
  hidden = value;
  for (const listener of fakeDocument.listeners.get('visibilitychange') ?? []) listener();
};

let ticker: Ticker;
beforeEach(() => {
  hidden = false;
  fakeDocument.listeners.clear();
  jest.useFakeTimers();
  jest.setSystemTime(START);
  ticker = createTicker({ document: fakeDocument as unknown as Document });
});
afterEach(() => {
  ticker.dispose();
  jest.useRealTimers();
});

/** Renders the hook and records every time it rendered with. */
function watch(deadlines: readonly number[], granularity?: ServerNowGranularity) {
  const seen: number[] = [];
  function Clock({ list }: { list: readonly number[] }) {
    // An undefined granularity takes the hook's default, as a call that leaves it out does.
    const now = useServerNow(list, ticker, granularity);
    seen.push(now);
    return <span>{now}</span>;
  }
  const view = render(<Clock list={deadlines} />);
  const distinct = () => [...new Set(seen)];
  const follow = (list: readonly number[]) => view.rerender(<Clock list={list} />);
  return { seen, distinct, view, follow };
}

/** Moves the clock without running the ticker's timer, then has it tick: as a changed server offset does. */
function tickAt(ms: number) {
  jest.setSystemTime(ms);
  act(() => ticker.tick());
}

const advance = (ms: number) => act(() => void jest.advanceTimersByTime(ms));

describe('useServerNow over several deadlines', () => {
  it('by display (the default), re-renders when either countdown’s text changes, at that moment', () => {
    // The first changes its minute text in 30 s; the second is days away.
    const { distinct } = watch([START + 2 * HOUR_MS + 30_000, START + 5 * DAY_MS]);
    expect(distinct()).toEqual([START]);
    advance(29_000);
    expect(distinct()).toEqual([START]);
    advance(1_100);
    expect(distinct()).toHaveLength(2);
    expect(distinct()[1]).toBeGreaterThanOrEqual(START + 30_000);
    expect(distinct()[1]).toBeLessThan(START + 30_200);
  });

  it('by display, the second deadline counts too: its text changing alone re-renders', () => {
    const { distinct } = watch([START + 5 * DAY_MS, START + 2 * HOUR_MS + 30_000], 'display');
    advance(30_100);
    expect(distinct()).toHaveLength(2);
  });

  it('by look, re-renders only when a look changes: the second deadline entering its last 24 hours', () => {
    const { distinct } = watch([START + 5 * DAY_MS, START + DAY_MS + 10_000], 'look');
    advance(9_000);
    expect(distinct()).toEqual([START]);
    advance(1_100);
    expect(distinct()).toHaveLength(2);
    expect(distinct()[1]).toBeLessThan(START + 10_200);
    // The minute text of the second changes every minute from here; the look does not until 1 hour is left.
    advance(30 * MINUTE_MS);
    expect(distinct()).toHaveLength(2);
  });

  it('one deadline by look wakes when its look changes, not a minute late', () => {
    const { distinct } = watch([START + DAY_MS + 10_000], 'look');
    advance(10_100);
    expect(distinct()).toHaveLength(2);
  });

  it('keeps the ticker asleep between changes of the text it shows', () => {
    const others = jest.fn();
    ticker.subscribe({ onTick: others, nextChangeAt: () => Infinity });
    watch([START + 2 * HOUR_MS + 30_000], 'display');
    advance(10_000);
    // Each tick notifies every subscriber: none came before the text's change.
    expect(others).not.toHaveBeenCalled();
  });
});

describe('when a look changes', () => {
  // The look of a countdown changes 24 hours before its deadline (warning), 1 hour before (error), and at it.
  it('wakes at the next change of look, whatever is left', () => {
    const deadline = START + 10 * DAY_MS;
    expect(nextLookChangeAt(deadline, deadline - 3 * DAY_MS)).toBe(deadline - DAY_MS);
    expect(nextLookChangeAt(deadline, deadline - DAY_MS)).toBe(deadline - HOUR_MS);
    expect(nextLookChangeAt(deadline, deadline - 2 * HOUR_MS)).toBe(deadline - HOUR_MS);
    expect(nextLookChangeAt(deadline, deadline - HOUR_MS)).toBe(deadline);
    expect(nextLookChangeAt(deadline, deadline - 1)).toBe(deadline);
    expect(nextLookChangeAt(deadline, deadline)).toBe(Infinity);
    expect(nextLookChangeAt(deadline, deadline + 1)).toBe(Infinity);
  });

  // Mounted exactly at a boundary, the look is already the new one: a tick a moment later changes nothing.
  it.each([
    ['24 hours before: warning', DAY_MS],
    ['1 hour before: error', HOUR_MS],
    ['at the deadline: due', 0],
  ])('counts the boundary itself in the new look (%s)', (_name, before) => {
    const deadline = START + before;
    const { seen } = watch([deadline, START + 5 * DAY_MS], 'look');
    const renders = seen.length;
    tickAt(START + 1);
    expect(seen).toHaveLength(renders);
  });

  it('one deadline by display re-renders when its text changes, though its look does not', () => {
    const { distinct } = watch([START + 2 * HOUR_MS + 30_000], 'display');
    advance(30_100);
    expect(distinct()).toHaveLength(2);
  });

  it('by look, sleeps through changes of the text: nobody is woken before the look or the longest sleep', () => {
    const others = jest.fn();
    ticker.subscribe({ onTick: others, nextChangeAt: () => Infinity });
    // The minute text changes in 30 s; the look in 1 hour 30 s.
    watch([START + 2 * HOUR_MS + 30_000], 'look');
    advance(40_000);
    expect(others).not.toHaveBeenCalled();
  });

  it('follows a new list of deadlines', () => {
    const { distinct, follow } = watch([START + 5 * DAY_MS], 'look');
    follow([START + DAY_MS + 10_000]);
    const before = distinct().length;
    advance(10_100);
    expect(distinct()).toHaveLength(before + 1);
  });

  it('an empty list renders once and never again', () => {
    const { seen } = watch([], 'display');
    advance(5 * MINUTE_MS);
    expect(seen).toHaveLength(1);
  });
});

describe('the ticker', () => {
  it('keeps waking the others when one subscriber leaves', () => {
    const stays = jest.fn();
    const leaves = jest.fn();
    ticker.subscribe({ onTick: stays, nextChangeAt: (now) => now + 1_000 });
    const unsubscribe = ticker.subscribe({ onTick: leaves, nextChangeAt: (now) => now + 1_000 });
    unsubscribe();
    expect(ticker.isScheduled()).toBe(true);
    advance(1_100);
    expect(stays).toHaveBeenCalledTimes(1);
    expect(leaves).not.toHaveBeenCalled();
  });

  it('wakes a hair after the change, never before it', () => {
    const onTick = jest.fn();
    ticker.subscribe({ onTick, nextChangeAt: (now) => now + 1_000 });
    advance(999);
    expect(onTick).not.toHaveBeenCalled();
    advance(10);
    expect(onTick).toHaveBeenCalledTimes(1);
    expect(onTick.mock.calls[0][0]).toBeGreaterThanOrEqual(START + 1_000);
  });

  it('sets no timer for a subscriber that comes while the page is hidden, nor for nobody', () => {
    act(() => ticker.tick());
    expect(ticker.isScheduled()).toBe(false);
    setHidden(true);
    ticker.subscribe({ onTick: jest.fn(), nextChangeAt: (now) => now + 1_000 });
    expect(ticker.isScheduled()).toBe(false);
  });

  it('once disposed, has no timer, no subscriber and no listener on the page', () => {
    ticker.subscribe({ onTick: jest.fn(), nextChangeAt: (now) => now + 1_000 });
    expect(fakeDocument.visibilityListeners()).toBe(1);
    ticker.dispose();
    expect(ticker.isScheduled()).toBe(false);
    expect(ticker.size()).toBe(0);
    expect(fakeDocument.visibilityListeners()).toBe(0);
  });

  it('notifies nobody when asked to tick while the page is hidden', () => {
    const onTick = jest.fn();
    ticker.subscribe({ onTick, nextChangeAt: (now) => now + 1_000 });
    setHidden(true);
    ticker.tick();
    expect(onTick).not.toHaveBeenCalled();
    expect(ticker.isScheduled()).toBe(false);
    setHidden(false);
    expect(onTick).toHaveBeenCalledTimes(1);
  });
});
