/**
 * Stands in, in the plugin bundle only (webpack.config.js), for date-fns locales' `_lib/match.js`: the
 * patterns date-fns's `parse` reads dates back with. The plugin formats dates and never parses one, so the
 * locales it bundles (en-US, es) carry an empty `match`; jest and the sandbox keep date-fns's full locales.
 */
export const match = {};
