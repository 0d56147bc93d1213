import * as React from 'react';
import { Box } from '@twilio-paste/box';
import { BadgeTooltip } from './BadgeTooltip';

import { countdown, toEpochMs } from '../time/countdown';
import { countdownLabel, type CountdownStrings } from '../time/format';
import { getSharedTicker } from '../time/shared';
import type { Ticker } from '../time/ticker';
import { useServerNow } from '../time/useServerNow';
import {
  COUNTDOWN_BADGE_ELEMENT,
  CountdownAnnouncer,
  CountdownBadgeFace,
  markAt,
  useCountdownTooltip,
  type CountdownMark,
  type PauseCountdownBadgeProps,
} from './PauseCountdownBadge';

export type LivePauseCountdownBadgeProps = Omit<PauseCountdownBadgeProps, 'now' | 'label'> & {
  /** Defaults to the page-wide shared ticker. */
  ticker?: Ticker;
};

interface LiveProps {
  deadline: number;
  strings: CountdownStrings;
  locale?: string;
  ticker: Ticker;
}

/**
 * The ticking words alone: the only part of a badge that changes on most ticks. They are written straight
 * into a text node the component owns (React renders the span, never its content), so a tick that changes
 * 500 badges costs 500 cached label look-ups and text assignments, not 500 React renders.
 */
function LiveCountdownText({ deadline, strings, locale, ticker }: LiveProps): React.ReactElement {
  const span = React.useRef<HTMLSpanElement>(null);
  // Layout effect: the words are in place before the browser paints (and before tests read them).
  React.useLayoutEffect(() => {
    const element = span.current;
    if (!element) return undefined;
    let shownKey = '';
    // When the shown text next changes: the ticker asks after every tick, and mostly nothing changed.
    let changesAt = -Infinity;
    const paint = (now: number) => {
      if (now < changesAt) return;
      const value = countdown(deadline, now);
      changesAt = now + value.nextChangeInMs;
      if (value.key === shownKey) return;
      shownKey = value.key;
      element.textContent = countdownLabel(value, strings, locale);
    };
    paint(ticker.now());
    return ticker.subscribe({
      onTick: paint,
      nextChangeAt: (now) => (now < changesAt ? changesAt : now + countdown(deadline, now).nextChangeInMs),
    });
  }, [deadline, strings, locale, ticker]);
  return <span ref={span} />;
}

type MarkListener = (mark: CountdownMark) => void;

/**
 * The Paste Badge, re-rendered by itself when its look changes, so the Tooltip around it is not. It tells
 * the announcer (outside the badge, so not part of its name) about each mark through `onMark`.
 */
const LiveFace = React.forwardRef<
  HTMLSpanElement,
  LiveProps & { onMark: React.MutableRefObject<MarkListener | undefined> } & Record<string, unknown>
>(function LiveFace({ deadline, strings, locale, ticker, onMark, ...reference }, ref) {
  const now = useServerNow([deadline], ticker, 'look');
  const mark = markAt(deadline, now);
  React.useEffect(() => onMark.current?.(mark), [mark, onMark]);
  const text = React.useMemo(
    () => <LiveCountdownText deadline={deadline} strings={strings} locale={locale} ticker={ticker} />,
    [deadline, strings, locale, ticker],
  );
  return <CountdownBadgeFace {...reference} ref={ref} look={countdown(deadline, now).look} text={text} />;
});

/** The badge's polite announcer, re-rendered only when the face reports a new mark. */
function LiveAnnouncer({
  initialMark,
  strings,
  onMark,
}: {
  initialMark: CountdownMark;
  strings: CountdownStrings;
  onMark: React.MutableRefObject<MarkListener | undefined>;
}): React.ReactElement {
  const [mark, setMark] = React.useState(initialMark);
  React.useEffect(() => {
    onMark.current = setMark;
    return () => {
      onMark.current = undefined;
    };
  }, [onMark]);
  return <CountdownAnnouncer mark={mark} strings={strings} />;
}

/**
 * The badge connected to the shared ticker, in parts so that a tick touches only what changed: the text
 * (written in place, its own subscription), the badge's look (24-hour and 1-hour marks, the deadline: a
 * second subscription) and the announcer (told by the face). The Tooltip and the wrapper render once.
 */
export function LivePauseCountdownBadge({
  ticker: given,
  reassignAt,
  strings,
  locale,
  timeZone,
  estimated,
}: LivePauseCountdownBadgeProps): React.ReactElement {
  const ticker = given ?? getSharedTicker();
  const deadline = toEpochMs(reassignAt);
  const tooltip = useCountdownTooltip(deadline, strings, locale, timeZone, estimated);
  const onMark = React.useRef<MarkListener>();
  const face = React.useMemo(
    () => <LiveFace deadline={deadline} strings={strings} locale={locale} ticker={ticker} onMark={onMark} />,
    [deadline, strings, locale, ticker],
  );
  // Read once: later marks come from the face.
  const [initialMark] = React.useState(() => markAt(deadline, ticker.now()));
  return (
    <Box as="span" display="inline-flex" element={`${COUNTDOWN_BADGE_ELEMENT}_WRAPPER`}>
      <BadgeTooltip text={tooltip} element={`${COUNTDOWN_BADGE_ELEMENT}_TOOLTIP`}>
        {face}
      </BadgeTooltip>
      <LiveAnnouncer initialMark={initialMark} strings={strings} onMark={onMark} />
    </Box>
  );
}
