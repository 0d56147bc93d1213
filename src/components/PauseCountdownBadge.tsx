import * as React from 'react';
import { Badge } from '@twilio-paste/core/badge';
import { Box } from '@twilio-paste/core/box';
import { ScreenReaderOnly } from '@twilio-paste/core/screen-reader-only';
import { Tooltip } from '@twilio-paste/core/tooltip';
import { HistoryIcon } from '@twilio-paste/icons/esm/HistoryIcon';

import { countdown, toEpochMs, type CountdownLook } from '../time/countdown';
import { countdownLabel, formatDateTime, type CountdownStrings } from '../time/format';
import { template } from '../strings';

export const COUNTDOWN_BADGE_ELEMENT = 'LEAVE_PAUSE_COUNTDOWN_BADGE';

export interface PauseCountdownBadgeProps {
  /** The absolute deadline from the task's leavePause.reassignAt. */
  reassignAt: Date | string | number;
  /** Server-corrected current time in ms. */
  now: number;
  locale?: string;
  timeZone?: string;
  strings: CountdownStrings;
  /**
   * Replaces the computed text (same words): the live badge passes a child that ticks on its own, so a tick
   * re-renders one text node per badge instead of the whole badge.
   */
  label?: React.ReactNode;
}

/** Paste Badge variants for each look: Flex's own pause timer is the error one. */
const VARIANTS: Record<CountdownLook, 'neutral' | 'warning' | 'error'> = {
  normal: 'neutral',
  warning: 'warning',
  error: 'error',
};

type Mark = CountdownLook | 'due';

function announcementFor(mark: Mark, strings: CountdownStrings): string {
  if (mark === 'warning') return strings.LeavePauseCountdownWarningAnnouncement;
  if (mark === 'error') return strings.LeavePauseCountdownErrorAnnouncement;
  if (mark === 'due') return strings.LeavePauseCountdownDueAnnouncement;
  return '';
}

/**
 * Time left before a paused conversation goes back to the queue, drawn like Flex's own pause timer: a
 * Paste Badge with a time icon. The look changes at exactly 24 h and 1 h before the deadline (neutral,
 * warning, error) and the words change with it ("— within a day", "— soon"), so colour is never the only
 * signal; the exact local time is in a Paste Tooltip. Crossing a mark while the badge is on screen is
 * announced once through a polite live region (the ticking text is not live, or every minute would be
 * read out).
 */
function PauseCountdownBadgeImpl({
  reassignAt,
  now,
  locale,
  timeZone,
  strings,
  label: liveLabel,
}: PauseCountdownBadgeProps): React.ReactElement {
  const deadline = toEpochMs(reassignAt);
  const value = countdown(deadline, now);
  const mark: Mark = value.parts.scale === 'due' ? 'due' : value.look;
  const tooltip = React.useMemo(
    () =>
      template(strings.LeavePauseCountdownTooltip, {
        time: formatDateTime(new Date(deadline), locale, timeZone),
      }),
    [deadline, locale, timeZone, strings.LeavePauseCountdownTooltip],
  );

  const text = liveLabel ?? countdownLabel(value, strings, locale);
  // Stable elements: Paste's Badge keys its children by identity, so a new element would remount the
  // live text (and its ticker subscription) at every look change.
  const icon = React.useMemo(
    () => <HistoryIcon decorative element={`${COUNTDOWN_BADGE_ELEMENT}_ICON`} />,
    [],
  );
  const words = React.useMemo(() => <span>{text}</span>, [text]);

  const [announcement, setAnnouncement] = React.useState('');
  const previousMark = React.useRef(mark);
  React.useEffect(() => {
    if (previousMark.current === mark) return;
    previousMark.current = mark;
    setAnnouncement(announcementFor(mark, strings));
  }, [mark, strings]);

  return (
    <Box as="span" display="inline-flex" element={`${COUNTDOWN_BADGE_ELEMENT}_WRAPPER`}>
      <Tooltip text={tooltip} element={`${COUNTDOWN_BADGE_ELEMENT}_TOOLTIP`}>
        {/* Focusable so keyboard users reach the tooltip; it is not an action, so it stays a span. */}
        <Badge
          as="span"
          variant={VARIANTS[value.look]}
          element={COUNTDOWN_BADGE_ELEMENT}
          data-look={value.look}
          tabIndex={0}
        >
          {icon}
          {words}
        </Badge>
      </Tooltip>
      <ScreenReaderOnly aria-live="polite" data-paste-element={`${COUNTDOWN_BADGE_ELEMENT}_ANNOUNCER`}>
        {announcement}
      </ScreenReaderOnly>
    </Box>
  );
}

/** Memoised: a host re-rendering for its own reasons (a task update) skips badges whose props are equal. */
export const PauseCountdownBadge = React.memo(PauseCountdownBadgeImpl);
