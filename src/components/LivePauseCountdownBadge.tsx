import * as React from 'react';

import { countdown, toEpochMs } from '../time/countdown';
import { countdownLabel, type CountdownStrings } from '../time/format';
import type { Ticker } from '../time/ticker';
import { useServerNow } from '../time/useServerNow';
import { PauseCountdownBadge, type PauseCountdownBadgeProps } from './PauseCountdownBadge';

export type LivePauseCountdownBadgeProps = Omit<PauseCountdownBadgeProps, 'now' | 'label'> & {
  /** Defaults to the page-wide shared ticker. */
  ticker?: Ticker;
};

/** The ticking words alone: the only part of a badge that changes on most ticks. */
function LiveCountdownText({
  deadline,
  strings,
  ticker,
}: {
  deadline: number;
  strings: CountdownStrings;
  ticker?: Ticker;
}): React.ReactElement {
  const now = useServerNow([deadline], ticker);
  return <>{countdownLabel(countdown(deadline, now), strings)}</>;
}

/**
 * The badge connected to the shared ticker. The badge itself re-renders only when its look changes (the
 * 24-hour and 1-hour marks, the deadline); the text ticks in a child of its own.
 */
export function LivePauseCountdownBadge({
  ticker,
  ...props
}: LivePauseCountdownBadgeProps): React.ReactElement {
  const deadline = toEpochMs(props.reassignAt);
  const now = useServerNow([deadline], ticker, 'look');
  const label = React.useMemo(
    () => <LiveCountdownText deadline={deadline} strings={props.strings} ticker={ticker} />,
    [deadline, props.strings, ticker],
  );
  return <PauseCountdownBadge {...props} now={now} label={label} />;
}
