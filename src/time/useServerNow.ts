import * as React from 'react';

import { countdown, ERROR_BEFORE_MS, WARNING_BEFORE_MS } from './countdown';
import { getSharedTicker } from './shared';
import type { Ticker } from './ticker';

/**
 * `display`: re-render whenever the text or the look changes. `look`: only when the look (or "due") does,
 * for a container whose ticking text lives in a child with its own `display` subscription.
 */
export type ServerNowGranularity = 'display' | 'look';

/** 0 normal, 1 warning, 2 error, 3 due: the look and "due", without building a countdown. */
function lookCode(deadline: number, nowMs: number): number {
  const remaining = deadline - nowMs;
  if (!(remaining > 0)) return 3;
  if (remaining <= ERROR_BEFORE_MS) return 2;
  return remaining <= WARNING_BEFORE_MS ? 1 : 0;
}

/** The next moment the look (or "due") of a countdown to `deadline` changes; Infinity once due. */
export function nextLookChangeAt(deadline: number, nowMs: number): number {
  const remaining = deadline - nowMs;
  if (!(remaining > 0)) return Infinity;
  if (remaining > WARNING_BEFORE_MS) return deadline - WARNING_BEFORE_MS;
  if (remaining > ERROR_BEFORE_MS) return deadline - ERROR_BEFORE_MS;
  return deadline;
}

function keyFor(deadlines: readonly number[], nowMs: number, granularity: ServerNowGranularity): string {
  // One badge's look is the common case, run for every badge on every tick: no countdown, one short key.
  if (granularity === 'look' && deadlines.length === 1) return String(lookCode(deadlines[0], nowMs));
  let key = '';
  for (const deadline of deadlines) {
    key += (granularity === 'display' ? countdown(deadline, nowMs).key : lookCode(deadline, nowMs)) + '|';
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
          const at =
            granularity === 'look'
              ? nextLookChangeAt(deadline, current)
              : current + countdown(deadline, current).nextChangeInMs;
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
