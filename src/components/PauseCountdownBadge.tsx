import * as React from 'react';

import { countdown, toEpochMs, type CountdownLook } from '../time/countdown';
import { countdownLabel, formatDateTime, type CountdownStrings } from '../time/format';
import { template } from '../strings';
import { ensureStyles, Icon, Tooltip, type IconName } from './ui';

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

const ICONS: Record<CountdownLook, IconName> = { normal: 'pause', warning: 'warning', error: 'error' };

type Mark = CountdownLook | 'due';

function announcementFor(mark: Mark, strings: CountdownStrings): string {
  if (mark === 'warning') return strings.LeavePauseCountdownWarningAnnouncement;
  if (mark === 'error') return strings.LeavePauseCountdownErrorAnnouncement;
  if (mark === 'due') return strings.LeavePauseCountdownDueAnnouncement;
  return '';
}

/**
 * Time left before a paused conversation goes back to the queue. The look changes at exactly 24 h and 1 h
 * before the deadline, each with its own icon and words; the exact local time is in a tooltip. Crossing a
 * mark while the badge is on screen is announced once through a polite live region (the ticking text is
 * not live, or every minute would be read out).
 */
function PauseCountdownBadgeImpl({
  reassignAt,
  now,
  locale,
  timeZone,
  strings,
  label: liveLabel,
}: PauseCountdownBadgeProps): React.ReactElement {
  ensureStyles();
  const deadline = toEpochMs(reassignAt);
  const value = countdown(deadline, now);
  const mark: Mark = value.parts.scale === 'due' ? 'due' : value.look;
  const label = countdownLabel(value, strings);
  const tooltip = React.useMemo(
    () =>
      template(strings.LeavePauseCountdownTooltip, {
        time: formatDateTime(new Date(deadline), locale, timeZone),
      }),
    [deadline, locale, timeZone, strings.LeavePauseCountdownTooltip],
  );

  const [announcement, setAnnouncement] = React.useState('');
  const previousMark = React.useRef(mark);
  React.useEffect(() => {
    if (previousMark.current === mark) return;
    previousMark.current = mark;
    setAnnouncement(announcementFor(mark, strings));
  }, [mark, strings]);

  return (
    <span data-paste-element={`${COUNTDOWN_BADGE_ELEMENT}_WRAPPER`}>
      <Tooltip text={tooltip} element={`${COUNTDOWN_BADGE_ELEMENT}_TOOLTIP`}>
        {/* Focusable so keyboard users can reach the tooltip; it is not an action, so no role. */}
        <span
          className={`lp-badge lp-badge--${value.look}`}
          data-paste-element={COUNTDOWN_BADGE_ELEMENT}
          data-look={value.look}
          tabIndex={0}
        >
          <Icon name={ICONS[value.look]} element={`${COUNTDOWN_BADGE_ELEMENT}_ICON`} />
          <span>{liveLabel ?? label}</span>
        </span>
      </Tooltip>
      <span className="lp-sr" aria-live="polite" data-paste-element={`${COUNTDOWN_BADGE_ELEMENT}_ANNOUNCER`}>
        {announcement}
      </span>
    </span>
  );
}

/** Memoised: a host re-rendering for its own reasons (a task update) skips badges whose props are equal. */
export const PauseCountdownBadge = React.memo(PauseCountdownBadgeImpl);
