import * as fc from 'fast-check';
import { format } from 'date-fns';
import { TZDateMini } from '@date-fns/tz/date/mini';

import { enUS, es } from '../../src/time/dateFns';
import { localizedFormat } from '../../src/time/localizedFormat';

/**
 * The plugin writes date-fns's `PPp` and `p` itself (src/time/localizedFormat.ts) to keep date-fns's whole
 * formatter table out of its bundle: it must print exactly what date-fns's `format` prints, in both shipped
 * locales, in any zone, over the years a deadline can fall in.
 */
const ZONES = ['UTC', 'America/Los_Angeles', 'America/New_York', 'Europe/Madrid', 'Asia/Kolkata'];
const FROM = Date.UTC(2000, 0, 1);
const TO = Date.UTC(2100, 0, 1);

describe('localizedFormat', () => {
  it.each([
    ['en-US', enUS],
    ['es', es],
  ] as const)('prints what date-fns format prints for PPp and p (%s)', (_name, locale) => {
    fc.assert(
      fc.property(
        fc.integer({ min: FROM, max: TO }),
        fc.constantFrom(...ZONES),
        fc.constantFrom('PPp' as const, 'p' as const),
        (ms, zone, pattern) => {
          const date = new TZDateMini(ms, zone);
          expect(localizedFormat(date, pattern, locale)).toBe(format(date, pattern, { locale }));
        },
      ),
      { numRuns: 3000 },
    );
  });

  it('covers every hour and month edge: midnight, noon, single-digit days and minutes', () => {
    for (const [hour, minute] of [
      [0, 0],
      [0, 5],
      [9, 7],
      [11, 59],
      [12, 0],
      [12, 30],
      [23, 59],
    ]) {
      for (let month = 0; month < 12; month += 1) {
        const date = new TZDateMini(Date.UTC(2031, month, 3, hour, minute), 'UTC');
        for (const locale of [enUS, es]) {
          expect(localizedFormat(date, 'PPp', locale)).toBe(format(date, 'PPp', { locale }));
          expect(localizedFormat(date, 'p', locale)).toBe(format(date, 'p', { locale }));
        }
      }
    }
  });

  it('every token it writes prints as date-fns prints it, whatever pattern a locale brings', () => {
    // A locale whose short time is the pattern under test: the tokens, runs and quotes a future locale may use.
    const withPattern = (pattern: string) =>
      ({ ...enUS, formatLong: { ...enUS.formatLong, time: () => pattern } }) as typeof enUS;
    const patterns = [
      ...['y', 'yy', 'yyyy', 'yyyyy', 'M', 'MM', 'MMM', 'MMMM', 'MMMMM', 'd', 'dd', 'H', 'HH', 'h', 'hh'],
      ...['m', 'mm', 'a', 'aa', "'at'", "''", "'o''clock'", "h 'o''clock' a", "yyyy-MM-dd'T'HH:mm", "'at"],
    ];
    const moments = [
      new TZDateMini(Date.UTC(2031, 0, 3, 0, 5), 'UTC'),
      new TZDateMini(Date.UTC(2031, 11, 31, 12, 0), 'UTC'),
      new TZDateMini(Date.UTC(2031, 8, 9, 13, 59), 'UTC'),
    ];
    // Years before 100 and before year 1 (date-fns has no year 0: 1 BC is 1).
    for (const year of [5, 0, -41]) {
      const early = new TZDateMini(Date.UTC(2000, 4, 6, 7, 8), 'UTC');
      early.setUTCFullYear(year);
      moments.push(early);
    }
    for (const pattern of patterns) {
      for (const date of moments) {
        expect([pattern, localizedFormat(date, 'p', withPattern(pattern))]).toEqual([
          pattern,
          format(date, pattern, { locale: enUS }),
        ]);
      }
    }
    expect(localizedFormat(moments[0], 'p', withPattern(''))).toBe('');
  });

  it('a token it does not write is named in the error', () => {
    const strange = { ...enUS, formatLong: { ...enUS.formatLong, time: () => 'h:mm aaa' } };
    expect(() => localizedFormat(new Date(FROM), 'p', strange as typeof enUS)).toThrow(
      'Pattern token "aaa" is not supported by localizedFormat',
    );
  });

  it('refuses a token it does not write rather than printing it wrong', () => {
    const strange = { ...enUS, formatLong: { ...enUS.formatLong, time: () => 'h:mm a zzz' } };
    expect(() => localizedFormat(new Date(FROM), 'p', strange as typeof enUS)).toThrow(RangeError);
  });
});
