import { template, type Strings } from '../strings';
import { ERROR_BEFORE_MS, type Countdown } from './countdown';
import { enUS, es, formatDuration, type Duration, type Locale } from './dateFns';
import { localizedFormat, type LocalizedPattern } from './localizedFormat';
import { calendarDay, wallClock } from './wallClock';

/**
 * Every date, time and duration the plugin shows is formatted by date-fns in the agent's language. Only the
 * languages the plugin ships strings for are loaded (importing a locale by name keeps the others out of
 * the bundle); anything else gets English, like the strings. Time zones go through Intl (wallClock.ts):
 * date-fns has no zone data of its own.
 */
const DATE_LOCALES: Record<string, Locale> = { en: enUS, es };

export function dateLocaleFor(locale?: string): Locale {
  const language = (locale ?? 'en').toLowerCase().split(/[-_]/)[0];
  return DATE_LOCALES[language] ?? enUS;
}

function formatIn(date: Date, pattern: LocalizedPattern, locale?: string, timeZone?: string): string {
  if (Number.isNaN(date.getTime())) return '';
  return localizedFormat(wallClock(date, timeZone), pattern, dateLocaleFor(locale));
}

/** Date and time, e.g. "Jan 15, 2030, 10:00 AM" / "15 ene 2030, 10:00". */
export function formatDateTime(date: Date, locale?: string, timeZone?: string): string {
  return formatIn(date, 'PPp', locale, timeZone);
}

/** Time of day alone, e.g. "3:00 PM" / "15:00". */
export function formatTime(date: Date, locale?: string, timeZone?: string): string {
  return formatIn(date, 'p', locale, timeZone);
}

export type RelativeStrings = Pick<
  Strings,
  | 'LeavePauseReassignToday'
  | 'LeavePauseReassignTomorrow'
  | 'LeavePauseReassignOn'
  | 'LeavePauseReassignSoon'
  | 'LeavePauseCountdownDue'
>;

/**
 * When a paused conversation goes back to the queue, in the words of Flex's own paused list: "Reassigning
 * soon" inside the last hour, "today at …", "tomorrow at …", else "on …". Today and tomorrow are the
 * agent's calendar days (in `timeZone`), seen from the server-corrected `now`.
 */
export function reassignRelative(
  deadline: Date,
  now: number,
  strings: RelativeStrings,
  locale?: string,
  timeZone?: string,
): string {
  const remaining = deadline.getTime() - now;
  if (Number.isNaN(remaining)) return '';
  if (remaining <= 0) return strings.LeavePauseCountdownDue;
  if (remaining <= ERROR_BEFORE_MS) return strings.LeavePauseReassignSoon;
  const daysAhead = calendarDay(wallClock(deadline, timeZone)) - calendarDay(wallClock(now, timeZone));
  if (daysAhead === 0) {
    return template(strings.LeavePauseReassignToday, { time: formatTime(deadline, locale, timeZone) });
  }
  if (daysAhead === 1) {
    return template(strings.LeavePauseReassignTomorrow, { time: formatTime(deadline, locale, timeZone) });
  }
  return template(strings.LeavePauseReassignOn, { date: formatDateTime(deadline, locale, timeZone) });
}

export type CountdownStrings = Pick<
  Strings,
  | 'LeavePauseCountdownIn'
  | 'LeavePauseCountdownDue'
  | 'LeavePauseCountdownWarning'
  | 'LeavePauseCountdownError'
  | 'LeavePauseCountdownTooltip'
  | 'LeavePauseCountdownTooltipEstimated'
  | 'LeavePauseCountdownWarningAnnouncement'
  | 'LeavePauseCountdownErrorAnnouncement'
  | 'LeavePauseCountdownDueAnnouncement'
>;

const DURATION_UNITS: Record<Exclude<Countdown['parts']['scale'], 'due'>, Array<keyof Duration>> = {
  days: ['days', 'hours'],
  hours: ['hours', 'minutes'],
  minutes: ['minutes'],
  seconds: ['minutes', 'seconds'],
};

/**
 * The bare countdown, e.g. "Reassigned in 5 hours 12 minutes". The units are the countdown's (rounded up,
 * see countdown.ts); date-fns words and pluralises them.
 */
export function countdownText({ parts }: Countdown, strings: CountdownStrings, locale?: string): string {
  if (parts.scale === 'due') return strings.LeavePauseCountdownDue;
  const duration = formatDuration(parts, {
    format: DURATION_UNITS[parts.scale],
    locale: dateLocaleFor(locale),
  });
  return template(strings.LeavePauseCountdownIn, { duration });
}

function formatLabel(value: Countdown, strings: CountdownStrings, locale?: string): string {
  const text = countdownText(value, strings, locale);
  if (value.parts.scale === 'due' || value.look === 'normal') return text;
  return template(
    value.look === 'warning' ? strings.LeavePauseCountdownWarning : strings.LeavePauseCountdownError,
    { countdown: text },
  );
}

/**
 * Labels already made, per set of wordings and language, by countdown key. A key is the remaining time at
 * the display's granularity ("error:1000:245" is 245 s left), the same for every badge, so there are at
 * most a few thousand over a 14-day pause (336 hour steps, 1380 minute steps, 300 seconds): each label
 * is formatted once per page, however many badges pass through it. The wordings are compared on every
 * call, so an admin rewording a string in manager.strings is seen at once.
 */
interface LabelCache {
  texts: readonly string[];
  locale?: string;
  labels: Map<string, string>;
}
const MAX_CACHED_LABELS = 10_000;
let labelCache: LabelCache | undefined;

function wordingsOf(strings: CountdownStrings): readonly string[] {
  return [
    strings.LeavePauseCountdownIn,
    strings.LeavePauseCountdownDue,
    strings.LeavePauseCountdownWarning,
    strings.LeavePauseCountdownError,
  ];
}

function sameWordings(cache: LabelCache, strings: CountdownStrings, locale?: string): boolean {
  return (
    cache.locale === locale &&
    cache.texts[0] === strings.LeavePauseCountdownIn &&
    cache.texts[1] === strings.LeavePauseCountdownDue &&
    cache.texts[2] === strings.LeavePauseCountdownWarning &&
    cache.texts[3] === strings.LeavePauseCountdownError
  );
}

/**
 * The countdown plus the words that carry the look ("… — soon"), so colour is never the only signal.
 * Runs on every tick for every badge whose text changed, hence the cache.
 */
export function countdownLabel(value: Countdown, strings: CountdownStrings, locale?: string): string {
  if (!labelCache || !sameWordings(labelCache, strings, locale)) {
    labelCache = { texts: wordingsOf(strings), locale, labels: new Map() };
  }
  const labels = labelCache.labels;
  let label = labels.get(value.key);
  if (label === undefined) {
    label = formatLabel(value, strings, locale);
    if (labels.size >= MAX_CACHED_LABELS) labels.clear();
    labels.set(value.key, label);
  }
  return label;
}
