import * as React from 'react';

import { toEpochMs } from '../time/countdown';
import type { Ticker } from '../time/ticker';
import { useServerNow } from '../time/useServerNow';
import { PauseCountdownBadge, type PauseCountdownBadgeProps } from './PauseCountdownBadge';

export type LivePauseCountdownBadgeProps = Omit<PauseCountdownBadgeProps, 'now'> & {
  /** Defaults to the page-wide shared ticker. */
  ticker?: Ticker;
};

/** The badge connected to the shared ticker: re-renders only when its own text or look changes. */
export function LivePauseCountdownBadge({
  ticker,
  ...props
}: LivePauseCountdownBadgeProps): React.ReactElement {
  const now = useServerNow([toEpochMs(props.reassignAt)], ticker);
  return <PauseCountdownBadge {...props} now={now} />;
}
