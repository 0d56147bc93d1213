/**
 * webpack loader for date-fns locales' `_lib/localize.js`, `_lib/formatDistance.js` and `_lib/formatLong.js`,
 * in the plugin bundle only (webpack.config.js).
 *
 * A locale carries every word and pattern date-fns's functions can print; the plugin calls two of them:
 * `formatDuration` (which asks `formatDistance` for "1 hour", "5 hours": the x-units only, no "about", no
 * "ago") and its own `PPp`/`p` writer (src/time/localizedFormat.ts: `formatLong`'s medium date and
 * date-time and short time, `localize`'s abbreviated months and am/pm). This loader runs the locale's own
 * module (date-fns's CommonJS build of the same file, `<name>.cjs` beside it) at build time and emits just
 * those words and patterns, so they stay date-fns's own, in every bundled language. Anything else asked for
 * throws, as localizedFormat does for a token it does not know; tests/plugin/date-fns-locale-trim.test.ts
 * holds the trimmed locales to the full ones for everything the plugin prints.
 */
const path = require('path');

const FORMATTING = { width: 'abbreviated', context: 'formatting' };
const DURATION_TOKENS = ['xSeconds', 'xMinutes', 'xHours', 'xDays', 'xWeeks', 'xMonths', 'xYears'];
/** A count no locale spells out: where it shows in the answer is where `{{count}}` goes. */
const SENTINEL = 7919;

/** `localize`: abbreviated month names and am/pm, formatting context. */
function trimLocalize({ localize }) {
  const words = {
    months: Array.from({ length: 12 }, (_, month) => localize.month(month, FORMATTING)),
    dayPeriods: { am: localize.dayPeriod('am', FORMATTING), pm: localize.dayPeriod('pm', FORMATTING) },
  };
  return `const words = ${JSON.stringify(words)};
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

/**
 * The trimmed `formatDistance` as emitted, over a `units` table of [one, other]: the build-time check below
 * runs this very text.
 */
const DISTANCE_SOURCE = `(token, count, options) => {
  const unit = units[token];
  if (!unit || (options && options.addSuffix)) {
    throw new RangeError("date-fns formatDistance: only formatDuration's units are bundled");
  }
  return count === 1 ? unit[0] : unit[1].replace('{{count}}', count.toString());
}`;

/** `formatDistance`: formatDuration's x-units, one and other, checked here against the locale's own. */
function trimFormatDistance({ formatDistance }, file) {
  const units = {};
  for (const token of DURATION_TOKENS) {
    const other = formatDistance(token, SENTINEL);
    if (other.split(String(SENTINEL)).length !== 2) throw new Error(`${file}: ${token} has no count`);
    units[token] = [formatDistance(token, 1), other.replace(String(SENTINEL), '{{count}}')];
  }
  const trimmed = new Function('units', `return ${DISTANCE_SOURCE};`)(units);
  for (const token of DURATION_TOKENS) {
    for (const count of [0, 1, 2, 3, 5, 11, 21, 59, 100, 1000, 1.5, -1]) {
      if (trimmed(token, count) !== formatDistance(token, count)) {
        throw new Error(`${file}: ${token} for ${count} is not one/other; trim it by hand or not at all`);
      }
    }
  }
  return `const units = ${JSON.stringify(units)};
export const formatDistance = ${DISTANCE_SOURCE};
`;
}

/** `formatLong`: the medium date and date-time and the short time. */
function trimFormatLong({ formatLong }) {
  const patterns = {
    date: { medium: formatLong.date({ width: 'medium' }) },
    time: { short: formatLong.time({ width: 'short' }) },
    dateTime: { medium: formatLong.dateTime({ width: 'medium' }) },
  };
  return `const patterns = ${JSON.stringify(patterns)};
function kept(kind) {
  return (options) => {
    const pattern = patterns[kind][options.width];
    if (pattern === undefined) throw new RangeError('date-fns formatLong: only PPp and p are bundled');
    return pattern;
  };
}
export const formatLong = { date: kept('date'), time: kept('time'), dateTime: kept('dateTime') };
`;
}

const TRIMS = { localize: trimLocalize, formatDistance: trimFormatDistance, formatLong: trimFormatLong };

function loader(source) {
  const name = path.basename(this.resourcePath, '.js');
  const trim = TRIMS[name];
  if (!trim) return source;
  const commonJs = this.resourcePath.replace(/\.js$/, '.cjs');
  this.addDependency(commonJs);
  const file = path
    .relative(path.join(commonJs, '..', '..', '..', '..'), this.resourcePath)
    .split(path.sep)
    .join('/');
  return `// Generated from date-fns's ${file} by tools/date-fns-locale-trim/loader.js.\n${trim(require(commonJs), file)}`;
}

module.exports = loader;
