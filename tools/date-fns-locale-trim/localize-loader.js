/**
 * webpack loader for date-fns locales' `_lib/localize.js`, in the plugin bundle only (webpack.config.js).
 *
 * A locale's `localize` holds every word date-fns's `format` can print: eras, quarters, months and weekdays
 * in four widths and two contexts, day periods (midnight, noon, morning…), ordinal numbers. The plugin
 * prints two patterns, `PPp` and `p` (src/time/localizedFormat.ts), which read only the abbreviated month
 * names and the abbreviated am/pm. This loader runs the locale's own `localize` (date-fns's CommonJS build
 * of the same file, `localize.cjs` beside it) at build time and emits just those words, so they stay
 * date-fns's own, in every bundled language. Any other word asked for throws, as localizedFormat does for a
 * token it does not know: tests/plugin/date-fns-locale-trim.test.ts formats with the trimmed locales and
 * the full ones and expects the same text, so a locale whose patterns need more fails there, not in Flex.
 */
const path = require('path');

const FORMATTING = { width: 'abbreviated', context: 'formatting' };

/** The words kept from a locale's `localize`: abbreviated month names and am/pm, formatting context. */
function keptWords(localize) {
  return {
    months: Array.from({ length: 12 }, (_, month) => localize.month(month, FORMATTING)),
    dayPeriods: { am: localize.dayPeriod('am', FORMATTING), pm: localize.dayPeriod('pm', FORMATTING) },
  };
}

/** The module source that replaces `localize.js`: the kept words, read the way localizedFormat asks. */
function trimmedSource(words, file) {
  return `// Generated from date-fns's ${file} by tools/date-fns-locale-trim/localize-loader.js.
const words = ${JSON.stringify(words)};
function kept(list, key, options) {
  if (options.width !== 'abbreviated' || options.context !== 'formatting' || !(key in list)) {
    throw new RangeError('date-fns localize: only abbreviated months and am/pm are bundled');
  }
  return list[key];
}
export const localize = {
  month: (month, options) => kept(words.months, month, options),
  dayPeriod: (period, options) => kept(words.dayPeriods, period, options),
};
`;
}

function loader() {
  const commonJs = this.resourcePath.replace(/\.js$/, '.cjs');
  this.addDependency(commonJs);
  const { localize } = require(commonJs);
  const file = path.relative(path.join(commonJs, '..', '..', '..', '..'), this.resourcePath);
  return trimmedSource(keptWords(localize), file.split(path.sep).join('/'));
}

module.exports = loader;
module.exports.keptWords = keptWords;
module.exports.trimmedSource = trimmedSource;
