import * as React from 'react';

import { countdown } from './countdown';
import { getSharedTicker } from './shared';
import type { Ticker } from './ticker';

function keyFor(deadlines: readonly number[], nowMs: number): string {
  let key = '';
  for (const deadline of deadlines) key += countdown(deadline, nowMs).key + '|';
  return key;
}

/**
 * The server-corrected time, refreshed by the shared ticker only when the countdown to one of `deadlines`
 * (epoch ms) changes its text or look, so a tick re-renders only the badges whose display changed.
 */
export function useServerNow(deadlines: readonly number[], ticker: Ticker = getSharedTicker()): number {
  const [now, setNow] = React.useState(() => ticker.now());
  // Joined so that a new array with the same deadlines does not resubscribe on every render.
  const deadlinesKey = deadlines.join(',');
  // The key of what is on screen, kept so a tick computes only the new one.
  const shownKey = React.useRef('');
  shownKey.current = keyFor(deadlines, now);

  React.useEffect(() => {
    const list = deadlinesKey === '' ? [] : deadlinesKey.split(',').map(Number);
    const subscriber = {
      onTick(current: number) {
        const key = keyFor(list, current);
        if (key === shownKey.current) return;
        // Set here as well: several ticks may arrive before React renders (batched or hidden updates).
        shownKey.current = key;
        setNow(current);
      },
      nextChangeAt(current: number) {
        let earliest = Infinity;
        for (const deadline of list) {
          const at = current + countdown(deadline, current).nextChangeInMs;
          if (at < earliest) earliest = at;
        }
        return earliest;
      },
    };
    const unsubscribe = ticker.subscribe(subscriber);
    // Time passed between the first render and the subscription (or the offset changed): catch up.
    subscriber.onTick(ticker.now());
    return unsubscribe;
  }, [deadlinesKey, ticker]);

  return now;
}
