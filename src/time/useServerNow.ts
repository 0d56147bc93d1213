import * as React from 'react';

import { countdown } from './countdown';
import { getSharedTicker } from './shared';
import type { Ticker } from './ticker';

/**
 * `display`: re-render whenever the text or the look changes. `look`: only when the look (or "due") does,
 * for a container whose ticking text lives in a child with its own `display` subscription.
 */
export type ServerNowGranularity = 'display' | 'look';

function keyFor(deadlines: readonly number[], nowMs: number, granularity: ServerNowGranularity): string {
  let key = '';
  for (const deadline of deadlines) {
    const value = countdown(deadline, nowMs);
    key += (granularity === 'display' ? value.key : `${value.look}:${value.parts.scale === 'due'}`) + '|';
  }
  return key;
}

/**
 * The server-corrected time, refreshed by the shared ticker only when the countdown to one of `deadlines`
 * (epoch ms) changes its text or look, so a tick re-renders only the badges whose display changed.
 */
export function useServerNow(
  deadlines: readonly number[],
  ticker: Ticker = getSharedTicker(),
  granularity: ServerNowGranularity = 'display',
): number {
  const [now, setNow] = React.useState(() => ticker.now());
  // Joined so that a new array with the same deadlines does not resubscribe on every render.
  const deadlinesKey = deadlines.join(',');
  // The key of what is on screen, kept so a tick computes only the new one.
  const shownKey = React.useRef('');
  shownKey.current = keyFor(deadlines, now, granularity);

  React.useEffect(() => {
    const list = deadlinesKey === '' ? [] : deadlinesKey.split(',').map(Number);
    const subscriber = {
      onTick(current: number) {
        const key = keyFor(list, current, granularity);
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
  }, [deadlinesKey, ticker, granularity]);

  return now;
}
