/** Types for tests/plugin/date-fns-locale-trim.test.ts: the loader as webpack calls it. */
declare function loader(
  this: { resourcePath: string; addDependency(file: string): void },
  source: string,
): string;
export = loader;
