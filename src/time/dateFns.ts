/**
 * The date-fns 4 functions the plugin uses, each imported from its own module so that webpack 4 (Flex's
 * plugin toolchain, which does not prune date-fns's `export *` index well) bundles only these.
 *
 * Flex UI's type declarations bring date-fns 2's ambient `declare module 'date-fns/…'` typings, which
 * shadow date-fns 4's own for the type checker: they describe a default export, while date-fns 4's
 * CommonJS build (jest) has only the named one. So the named export is read, typed with date-fns 2's
 * signatures — the calls in format.ts stay within what both versions share.
 */
import type * as DateFns from 'date-fns';
import * as formatDurationModule from 'date-fns/formatDuration';
import * as enUSModule from 'date-fns/locale/en-US';
import * as esModule from 'date-fns/locale/es';

export type Locale = DateFns.Locale;
export type Duration = DateFns.Duration;

export const formatDuration = (formatDurationModule as unknown as Pick<typeof DateFns, 'formatDuration'>)
  .formatDuration;

/** The only two date-fns locales loaded: the languages the plugin has strings for. */
export const enUS = (enUSModule as unknown as { enUS: Locale }).enUS;
export const es = (esModule as unknown as { es: Locale }).es;
