/**
 * Stands in, in the plugin bundle only (webpack.config.js), for date-fns locales' `_lib/formatRelative.js`:
 * the phrases date-fns's `formatRelative` ("yesterday at …") picks from. The plugin never calls
 * `formatRelative` (its "today/tomorrow at …" wording is its own strings), so the bundled locales carry one
 * that says so if anything ever does; jest and the sandbox keep date-fns's full locales.
 */
export const formatRelative = () => {
  throw new RangeError('date-fns formatRelative is not bundled in the Leave/Pause plugin');
};
