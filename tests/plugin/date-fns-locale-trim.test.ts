import * as fc from 'fast-check';
import { TZDateMini } from '@date-fns/tz/date/mini';
import { join } from 'node:path';

import trimLocalize from '../../tools/date-fns-locale-trim/localize-loader';
import { enUS, es, type Locale } from '../../src/time/dateFns';
import { localizedFormat } from '../../src/time/localizedFormat';

/**
 * The plugin bundle's date-fns locales keep only the `localize` words localizedFormat prints (the
 * abbreviated months and am/pm: tools/date-fns-locale-trim/localize-loader.js, run by webpack.config.js).
 * The module the loader emits, evaluated here, must print what the full locale prints for `PPp` and `p`.
 */
const LOCALES = [
  ['en-US', enUS],
  ['es', es],
] as const;

function trimmedLocale(code: string, full: Locale): Locale {
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
    'localize.js',
  );
  const source = trimLocalize.call({ resourcePath, addDependency: (file) => dependencies.push(file) });
  expect(dependencies).toEqual([resourcePath.replace(/\.js$/, '.cjs')]);
  // The emitted module has one export; evaluated as a function body it hands that export back.
  const body = source.replace('export const localize =', 'return');
  const localize = new Function(body)() as Locale['localize'];
  return { ...full, localize };
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

  it('refuses the words it left out rather than print something else', () => {
    const localize = trimmedLocale('en-US', enUS).localize as unknown as {
      month(month: number, options: { width: string; context: string }): string;
      dayPeriod(period: string, options: { width: string; context: string }): string;
    };
    expect(localize.month(0, { width: 'abbreviated', context: 'formatting' })).toBe('Jan');
    expect(() => localize.month(0, { width: 'wide', context: 'formatting' })).toThrow(RangeError);
    expect(() => localize.month(0, { width: 'abbreviated', context: 'standalone' })).toThrow(RangeError);
    expect(() => localize.month(12, { width: 'abbreviated', context: 'formatting' })).toThrow(RangeError);
    expect(() => localize.dayPeriod('noon', { width: 'abbreviated', context: 'formatting' })).toThrow(
      RangeError,
    );
  });
});
