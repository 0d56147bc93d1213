import { template, type Strings } from '../strings';
import type { Countdown } from './countdown';

const formatters = new Map<string, Intl.DateTimeFormat>();

/**
 * Date and time in the agent's locale and time zone. Intl rather than date-fns: date-fns 2 cannot format in
 * another time zone without date-fns-tz, and Intl needs no locale data in the bundle. Formatters are cached
 * because building one costs far more than formatting with it, and 500 badges format on mount.
 */
export function formatDateTime(date: Date, locale?: string, timeZone?: string): string {
  const cacheKey = `${locale ?? ''}|${timeZone ?? ''}`;
  let formatter = formatters.get(cacheKey);
  if (!formatter) {
    try {
      formatter = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short', timeZone });
    } catch {
      // An unknown locale or zone from the agent's settings must not break the badge.
      formatter = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
    }
    formatters.set(cacheKey, formatter);
  }
  return Number.isNaN(date.getTime()) ? '' : formatter.format(date);
}

export type CountdownStrings = Pick<
  Strings,
  | 'LeavePauseCountdownDays'
  | 'LeavePauseCountdownHours'
  | 'LeavePauseCountdownMinutes'
  | 'LeavePauseCountdownMinutesSeconds'
  | 'LeavePauseCountdownSeconds'
  | 'LeavePauseCountdownDue'
  | 'LeavePauseCountdownWarning'
  | 'LeavePauseCountdownError'
  | 'LeavePauseCountdownTooltip'
  | 'LeavePauseCountdownWarningAnnouncement'
  | 'LeavePauseCountdownErrorAnnouncement'
  | 'LeavePauseCountdownDueAnnouncement'
>;

/** The bare countdown, e.g. "Reassigned in 5 h 12 min". */
export function countdownText({ parts }: Countdown, strings: CountdownStrings): string {
  switch (parts.scale) {
    case 'days':
      return template(strings.LeavePauseCountdownDays, { days: parts.days, hours: parts.hours });
    case 'hours':
      return template(strings.LeavePauseCountdownHours, { hours: parts.hours, minutes: parts.minutes });
    case 'minutes':
      return template(strings.LeavePauseCountdownMinutes, { minutes: parts.minutes });
    case 'seconds':
      return parts.minutes > 0
        ? template(strings.LeavePauseCountdownMinutesSeconds, {
            minutes: parts.minutes,
            seconds: parts.seconds,
          })
        : template(strings.LeavePauseCountdownSeconds, { seconds: parts.seconds });
    case 'due':
      return strings.LeavePauseCountdownDue;
  }
}

/** The countdown plus the words that carry the look ("… — soon"), so colour is never the only signal. */
export function countdownLabel(value: Countdown, strings: CountdownStrings): string {
  const text = countdownText(value, strings);
  if (value.parts.scale === 'due' || value.look === 'normal') return text;
  return template(
    value.look === 'warning' ? strings.LeavePauseCountdownWarning : strings.LeavePauseCountdownError,
    { countdown: text },
  );
}
