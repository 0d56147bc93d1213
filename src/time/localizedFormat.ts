import type { Locale } from './dateFns';
import type { WallClock } from './wallClock';

/**
 * date-fns's localized long formats `PPp` (medium date, short time) and `p` (short time), the only two
 * patterns the plugin shows, written from the date-fns locale's own patterns and words (`formatLong`,
 * `localize`) exactly as date-fns's `format` writes them. date-fns's `format` carries a formatter for
 * every token of every calendar (week years, quarters, eras, time zone names: about 4 KB gzipped of the
 * plugin's bundle) for the handful of tokens these two patterns use in the shipped locales (en-US "MMM d,
 * y, h:mm a", es "d MMM y, HH:mm"). A token outside that handful throws, as `format` does for a letter it
 * does not know, so a locale added later with another token fails its tests rather than printing wrong.
 */
export type LocalizedPattern = 'PPp' | 'p';

type FormatLong = {
  date(options: { width: string }): string;
  time(options: { width: string }): string;
  dateTime(options: { width: string }): string;
};
type Localize = {
  month(month: number, options: { width: string; context: string }): string;
  dayPeriod(period: string, options: { width: string; context: string }): string;
};

function pad(value: number, length: number): string {
  return String(value).padStart(length, '0');
}

/** One run of a pattern letter (date-fns's token), formatted; literal text is returned as it is. */
function formatToken(date: WallClock, token: string, localize: Localize): string {
  const letter = token[0];
  const length = token.length;
  switch (letter) {
    case 'y': {
      // date-fns: no year 0 (1 BC is year 1), "yy" is the last two digits, longer runs are zero-padded.
      const signedYear = date.getFullYear();
      const year = signedYear > 0 ? signedYear : 1 - signedYear;
      return length === 2 ? pad(year % 100, 2) : pad(year, length);
    }
    case 'M': {
      const month = date.getMonth();
      if (length <= 2) return pad(month + 1, length);
      const width = length === 3 ? 'abbreviated' : length === 4 ? 'wide' : 'narrow';
      return localize.month(month, { width, context: 'formatting' });
    }
    case 'd':
      return pad(date.getDate(), length);
    case 'H':
      return pad(date.getHours(), length);
    case 'h':
      return pad(date.getHours() % 12 || 12, length);
    case 'm':
      return pad(date.getMinutes(), length);
    case 'a':
      if (length <= 2) {
        return localize.dayPeriod(date.getHours() / 12 >= 1 ? 'pm' : 'am', {
          width: 'abbreviated',
          context: 'formatting',
        });
      }
      break;
  }
  throw new RangeError(`Pattern token "${token}" is not supported by localizedFormat`);
}

/** Splits a date-fns pattern into quoted literals, runs of one letter, and other characters. */
const PARTS = /'(?:[^']|'')*'?|([a-zA-Z])\1*|[^'a-zA-Z]+/g;

function formatPattern(date: WallClock, pattern: string, localize: Localize): string {
  return (pattern.match(PARTS) ?? [])
    .map((part) => {
      if (part === "''") return "'";
      if (part.startsWith("'")) return part.replace(/^'|'$/g, '').replace(/''/g, "'");
      return /^[a-zA-Z]/.test(part) ? formatToken(date, part, localize) : part;
    })
    .join('');
}

/** `format(date, pattern, { locale })` for `PPp` and `p`, from the locale's own patterns. */
export function localizedFormat(date: WallClock, pattern: LocalizedPattern, locale: Locale): string {
  // date-fns 2's Locale typings (brought by Flex UI's) mark these optional; every date-fns 4 locale has them.
  const formatLong = locale.formatLong as unknown as FormatLong;
  const localize = locale.localize as unknown as Localize;
  const time = formatLong.time({ width: 'short' });
  const full =
    pattern === 'p'
      ? time
      : formatLong
          .dateTime({ width: 'medium' })
          .replace('{{date}}', formatLong.date({ width: 'medium' }))
          .replace('{{time}}', time);
  return formatPattern(date, full, localize);
}
