import * as fc from 'fast-check';
import { TZDateMini } from '@date-fns/tz/date/mini';
import { join } from 'node:path';

import trimLocale from '../../tools/date-fns-locale-trim/loader';
import { enUS, es, formatDuration, type Duration, type Locale } from '../../src/time/dateFns';
import { localizedFormat } from '../../src/time/localizedFormat';

/**
 * The plugin bundle's date-fns locales keep only the words and patterns the plugin prints
 * (tools/date-fns-locale-trim/loader.js, run by webpack.config.js): `localize`'s abbreviated months and
 * am/pm, `formatLong`'s medium date and date-time and short time, `formatDistance`'s x-units. The modules
 * the loader emits, evaluated here, must print what the full locale prints for `PPp`, `p` and
 * formatDuration, and refuse the rest.
 */
const LOCALES = [
  ['en-US', enUS],
  ['es', es],
] as const;

type Part = 'localize' | 'formatDistance' | 'formatLong';

function trimmedPart(code: string, part: Part): unknown {
  const dependencies: string[] = [];
  const resourcePath = join(
    __dirname,
    '..',
    '..',
    'node_modules',
    'date-fns',
    'locale',
    code,
    '_lib',
    `${part}.js`,
  );
  const source = trimLocale.call(
    { resourcePath, addDependency: (file) => dependencies.push(file) },
    '/* date-fns source */',
  );
  expect(dependencies).toEqual([resourcePath.replace(/\.js$/, '.cjs')]);
  // The emitted module has one export; evaluated as a function body it hands that export back.
  const body = source.replace(`export const ${part} =`, `return`);
  expect(body).not.toContain('export');
  return new Function(body)();
}

function trimmedLocale(code: string, full: Locale): Locale {
  return {
    ...full,
    localize: trimmedPart(code, 'localize') as Locale['localize'],
    formatDistance: trimmedPart(code, 'formatDistance') as Locale['formatDistance'],
    formatLong: trimmedPart(code, 'formatLong') as Locale['formatLong'],
  };
}

describe('date-fns locales as the plugin bundle trims them', () => {
  it.each(LOCALES)('print PPp and p as the full locale does (%s)', (code, full) => {
    const trimmed = trimmedLocale(code, full);
    fc.assert(
      fc.property(
        fc.integer({ min: Date.UTC(2000, 0, 1), max: Date.UTC(2100, 0, 1) }),
        fc.constantFrom('UTC', 'America/Los_Angeles', 'Asia/Kolkata'),
        fc.constantFrom('PPp' as const, 'p' as const),
        (ms, zone, pattern) => {
          const date = new TZDateMini(ms, zone);
          expect(localizedFormat(date, pattern, trimmed)).toBe(localizedFormat(date, pattern, full));
        },
      ),
      { numRuns: 1000 },
    );
    // Every month and both halves of the day, whatever the random draw.
    for (let month = 0; month < 12; month += 1) {
      for (const hour of [0, 12]) {
        const date = new TZDateMini(Date.UTC(2031, month, 3, hour, 5), 'UTC');
        expect(localizedFormat(date, 'PPp', trimmed)).toBe(localizedFormat(date, 'PPp', full));
      }
    }
  });

  it.each(LOCALES)('write durations as the full locale does (%s)', (code, full) => {
    const trimmed = trimmedLocale(code, full);
    const count = fc.option(fc.integer({ min: 0, max: 400 }), { nil: undefined });
    fc.assert(
      fc.property(
        fc.record({
          years: count,
          months: count,
          weeks: count,
          days: count,
          hours: count,
          minutes: count,
          seconds: count,
        }),
        fc.boolean(),
        (duration: Duration, zero) => {
          expect(formatDuration(duration, { locale: trimmed, zero })).toBe(
            formatDuration(duration, { locale: full, zero }),
          );
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('refuses the words and patterns it left out rather than print something else', () => {
    const { localize, formatDistance, formatLong } = trimmedLocale('en-US', enUS) as unknown as {
      localize: {
        month(month: number, options: { width: string; context: string }): string;
        dayPeriod(period: string, options: { width: string; context: string }): string;
      };
      formatDistance(token: string, count: number, options?: { addSuffix?: boolean }): string;
      formatLong: { date(options: { width: string }): string };
    };
    expect(localize.month(0, { width: 'abbreviated', context: 'formatting' })).toBe('Jan');
    expect(() => localize.month(0, { width: 'wide', context: 'formatting' })).toThrow(RangeError);
    expect(() => localize.month(0, { width: 'abbreviated', context: 'standalone' })).toThrow(RangeError);
    expect(() => localize.month(12, { width: 'abbreviated', context: 'formatting' })).toThrow(RangeError);
    expect(() => localize.dayPeriod('noon', { width: 'abbreviated', context: 'formatting' })).toThrow(
      RangeError,
    );
    expect(formatDistance('xHours', 2)).toBe('2 hours');
    expect(() => formatDistance('aboutXHours', 2)).toThrow(RangeError);
    expect(() => formatDistance('xHours', 2, { addSuffix: true })).toThrow(RangeError);
    expect(formatLong.date({ width: 'medium' })).toBe('MMM d, y');
    expect(() => formatLong.date({ width: 'full' })).toThrow(RangeError);
  });
});
