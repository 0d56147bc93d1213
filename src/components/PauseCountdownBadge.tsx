import * as React from 'react';
import { Box } from '@twilio-paste/box';
import { BadgeTooltip } from './BadgeTooltip';
import { Badge, ScreenReaderOnly } from './paste';
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
  /**
   * The deadline is an estimate (Twilio's answer had no `status_timeout`: pausedAt + the admin's limit): the
   * tooltip says "about" and where it comes from.
   */
  estimated?: boolean;
}

/** Paste Badge variants for each look: Flex's own pause timer is the error one. */
const VARIANTS: Record<CountdownLook, 'neutral' | 'warning' | 'error'> = {
  normal: 'neutral',
  warning: 'warning',
  error: 'error',
};

export type CountdownMark = CountdownLook | 'due';

export function markAt(deadline: number, now: number): CountdownMark {
  const value = countdown(deadline, now);
  return value.parts.scale === 'due' ? 'due' : value.look;
}

function announcementFor(mark: CountdownMark, strings: CountdownStrings): string {
  if (mark === 'warning') return strings.LeavePauseCountdownWarningAnnouncement;
  if (mark === 'error') return strings.LeavePauseCountdownErrorAnnouncement;
  if (mark === 'due') return strings.LeavePauseCountdownDueAnnouncement;
  return '';
}

/**
 * Says a mark crossing once, politely: nothing on mount (the badge already shows it), then the words of
 * each new mark. The ticking text is not live, or every minute would be read out.
 */
export function CountdownAnnouncer({
  mark,
  strings,
}: {
  mark: CountdownMark;
  strings: CountdownStrings;
}): React.ReactElement {
  const [announcement, setAnnouncement] = React.useState('');
  const previousMark = React.useRef(mark);
  React.useEffect(() => {
    if (previousMark.current === mark) return;
    previousMark.current = mark;
    setAnnouncement(announcementFor(mark, strings));
  }, [mark, strings]);
  return (
    <ScreenReaderOnly aria-live="polite" data-paste-element={`${COUNTDOWN_BADGE_ELEMENT}_ANNOUNCER`}>
      {announcement}
    </ScreenReaderOnly>
  );
}

type FaceProps = { look: CountdownLook; text: React.ReactNode } & Record<string, unknown>;

/**
 * The badge itself, drawn like Flex's own pause timer: a Paste Badge with a time icon (Paste's icons 9
 * have no clock; HistoryIcon is their time icon). Extra props are the tooltip's reference props.
 */
export const CountdownBadgeFace = React.forwardRef<HTMLSpanElement, FaceProps>(function CountdownBadgeFace(
  { look, text, ...reference },
  ref,
) {
  // Stable elements: the live badge's words are a span that writes its own text, which must not remount.
  const icon = React.useMemo(
    () => <HistoryIcon decorative element={`${COUNTDOWN_BADGE_ELEMENT}_ICON`} size="sizeIcon10" />,
    [],
  );
  const words = React.useMemo(() => <span>{text}</span>, [text]);
  return (
    // Focusable so keyboard users reach the tooltip; it is not an action, so it stays a span.
    <Badge
      {...reference}
      ref={ref}
      as="span"
      variant={VARIANTS[look]}
      element={COUNTDOWN_BADGE_ELEMENT}
      data-look={look}
      tabIndex={0}
    >
      {icon}
      {words}
    </Badge>
  );
});

/**
 * "Goes back to the queue at …", the exact local time, for the badge's tooltip; "at about … (estimated from the
 * admin's limit)" when Twilio did not give the deadline.
 */
export function useCountdownTooltip(
  deadline: number,
  strings: CountdownStrings,
  locale?: string,
  timeZone?: string,
  estimated = false,
): string {
  const wording = estimated
    ? strings.LeavePauseCountdownTooltipEstimated
    : strings.LeavePauseCountdownTooltip;
  return React.useMemo(
    () => template(wording, { time: formatDateTime(new Date(deadline), locale, timeZone) }),
    [deadline, locale, timeZone, wording],
  );
}

/**
 * Time left before a paused conversation goes back to the queue. The look changes at exactly 24 h and 1 h
 * before the deadline (Paste's neutral, warning and error badges) and the words change with it ("— within
 * a day", "— soon"), so colour is never the only signal; the exact local time is in a tooltip (BadgeTooltip).
 * Crossing a mark while the badge is on screen is announced once through a polite live region.
 */
function PauseCountdownBadgeImpl({
  reassignAt,
  now,
  locale,
  timeZone,
  strings,
  label: liveLabel,
  estimated,
}: PauseCountdownBadgeProps): React.ReactElement {
  const deadline = toEpochMs(reassignAt);
  const value = countdown(deadline, now);
  const tooltip = useCountdownTooltip(deadline, strings, locale, timeZone, estimated);
  return (
    <Box as="span" display="inline-flex" element={`${COUNTDOWN_BADGE_ELEMENT}_WRAPPER`}>
      <BadgeTooltip text={tooltip} element={`${COUNTDOWN_BADGE_ELEMENT}_TOOLTIP`}>
        <CountdownBadgeFace look={value.look} text={liveLabel ?? countdownLabel(value, strings, locale)} />
      </BadgeTooltip>
      <CountdownAnnouncer mark={markAt(deadline, now)} strings={strings} />
    </Box>
  );
}

/** Memoised: a host re-rendering for its own reasons (a task update) skips badges whose props are equal. */
export const PauseCountdownBadge = React.memo(PauseCountdownBadgeImpl);
