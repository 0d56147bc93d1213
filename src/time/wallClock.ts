/**
 * A moment's calendar fields as a clock on the wall of `timeZone` shows them: all the plugin reads of a
 * date (localizedFormat's year, month, day, hours and minutes; "today" and "tomorrow"). Intl's formatter for
 * the zone gives them, from the browser's own zone data — what @date-fns/tz's TZDateMini asks Intl for
 * too, without its whole Date subclass (1.2 KB gzipped of the plugin bundle) and date-fns's day arithmetic
 * (tests/plugin/wall-clock.test.ts holds the two to the same fields). A Date is a wall clock of the
 * browser's zone.
 */
export interface WallClock {
  getFullYear(): number;
  /** 0 for January, as Date's. */
  getMonth(): number;
  getDate(): number;
  getHours(): number;
  getMinutes(): number;
}

/** One formatter per zone (building one is the slow part); null for a zone Intl does not know. */
const formatters = new Map<string, Intl.DateTimeFormat | null>();

function formatterFor(timeZone: string): Intl.DateTimeFormat | null {
  let formatter = formatters.get(timeZone);
  if (formatter === undefined) {
    try {
      formatter = new Intl.DateTimeFormat('en-US', {
        timeZone,
        hourCycle: 'h23',
        year: 'numeric',
        month: 'numeric',
        day: 'numeric',
        hour: 'numeric',
        minute: 'numeric',
      });
    } catch {
      formatter = null;
    }
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/**
 * The moment's wall clock in `timeZone`; without a zone, or with one Intl does not know (a typo in the
 * agent's settings), the browser's own zone, as a Date.
 */
export function wallClock(at: Date | number, timeZone?: string): WallClock {
  const ms = typeof at === 'number' ? at : at.getTime();
  const formatter = timeZone ? formatterFor(timeZone) : null;
  if (!formatter) return new Date(ms);
  const fields: Partial<Record<Intl.DateTimeFormatPartTypes, number>> = {};
  for (const part of formatter.formatToParts(ms)) fields[part.type] = Number(part.value);
  const { year = NaN, month = NaN, day = NaN, hour = NaN, minute = NaN } = fields;
  return {
    getFullYear: () => year,
    getMonth: () => month - 1,
    getDate: () => day,
    // Some engines wrote midnight as hour 24 under `hour12: false`; h23 asks for 0, and % 24 makes sure.
    getHours: () => hour % 24,
    getMinutes: () => minute,
  };
}

/** Days from 1970-01-01 to the clock's calendar day: days differ by exactly 1 across months and years. */
export function calendarDay(clock: WallClock): number {
  const day = new Date(0);
  // setUTCFullYear, not Date.UTC, which reads years 0–99 as 1900–1999.
  day.setUTCFullYear(clock.getFullYear(), clock.getMonth(), clock.getDate());
  return Math.round(day.getTime() / 86_400_000);
}
