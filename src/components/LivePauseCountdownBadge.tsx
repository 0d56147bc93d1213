import * as React from 'react';

import { countdown, toEpochMs } from '../time/countdown';
import { countdownLabel, type CountdownStrings } from '../time/format';
import { getSharedTicker } from '../time/shared';
import type { Ticker } from '../time/ticker';
import { useServerNow } from '../time/useServerNow';
import { PauseCountdownBadge, type PauseCountdownBadgeProps } from './PauseCountdownBadge';

export type LivePauseCountdownBadgeProps = Omit<PauseCountdownBadgeProps, 'now' | 'label'> & {
  /** Defaults to the page-wide shared ticker. */
  ticker?: Ticker;
};

/**
 * The ticking words alone: the only part of a badge that changes on most ticks. They are written straight
 * into a text node the component owns (React renders the span, never its content), so a tick that changes
 * 500 badges costs 500 string formats and text assignments, not 500 React renders.
 */
function LiveCountdownText({
  deadline,
  strings,
  locale,
  ticker,
}: {
  deadline: number;
  strings: CountdownStrings;
  locale?: string;
  ticker: Ticker;
}): React.ReactElement {
  const span = React.useRef<HTMLSpanElement>(null);
  // Layout effect: the words are in place before the browser paints (and before tests read them).
  React.useLayoutEffect(() => {
    const element = span.current;
    if (!element) return undefined;
    let shownKey = '';
    const paint = (now: number) => {
      const value = countdown(deadline, now);
      if (value.key === shownKey) return;
      shownKey = value.key;
      element.textContent = countdownLabel(value, strings, locale);
    };
    paint(ticker.now());
    return ticker.subscribe({
      onTick: paint,
      nextChangeAt: (now) => now + countdown(deadline, now).nextChangeInMs,
    });
  }, [deadline, strings, locale, ticker]);
  return <span ref={span} />;
}

/**
 * The badge connected to the shared ticker. The badge itself re-renders only when its look changes (the
 * 24-hour and 1-hour marks, the deadline); the text ticks in a child of its own.
 */
export function LivePauseCountdownBadge({
  ticker: given,
  ...props
}: LivePauseCountdownBadgeProps): React.ReactElement {
  const ticker = given ?? getSharedTicker();
  const deadline = toEpochMs(props.reassignAt);
  const now = useServerNow([deadline], ticker, 'look');
  const label = React.useMemo(
    () => (
      <LiveCountdownText deadline={deadline} strings={props.strings} locale={props.locale} ticker={ticker} />
    ),
    [deadline, props.strings, props.locale, ticker],
  );
  return <PauseCountdownBadge {...props} now={now} label={label} />;
}
